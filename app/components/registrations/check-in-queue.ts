import type { CheckInList, CheckInListResponse, CheckInOpResult, QueuedOp, RejectedOp } from "~/modules/registrations/check-in-sync";

/**
 * What the check-in screen keeps on the phone, per event, in localStorage: the queue of
 * operations the server has not confirmed (a reload or a flat battery does not lose them), the
 * last list the server sent (so the screen, and a reload without signal, still has everyone) and
 * the operations the server refused (shown under "needs attention" until someone deals with them).
 */
const QUEUE = "kasih-check-in:";
const LIST = "kasih-check-in-list:";
const REJECTED = "kasih-check-in-rejected:";

function read<T>(key: string, fallback: T): T {
  try {
    const raw = window.localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : fallback;
  } catch {
    return fallback;
  }
}

function write(key: string, value: unknown): boolean {
  try {
    window.localStorage.setItem(key, JSON.stringify(value));
    return true;
  } catch {
    // Storage full or blocked: the screen still holds everything in memory for this page.
    return false;
  }
}

export function loadQueue(eventId: string): QueuedOp[] {
  const queue = read<unknown>(QUEUE + eventId, []);
  return Array.isArray(queue) ? (queue as QueuedOp[]) : [];
}

export function saveQueue(eventId: string, queue: QueuedOp[]): boolean {
  return write(QUEUE + eventId, queue);
}

export function loadList(eventId: string): CheckInList | null {
  const list = read<CheckInList | null>(LIST + eventId, null);
  return list && list.eventId === eventId && Array.isArray(list.people) ? list : null;
}

export function saveList(list: CheckInList): boolean {
  return write(LIST + list.eventId, list);
}

export function loadRejected(eventId: string): RejectedOp[] {
  const rejected = read<unknown>(REJECTED + eventId, []);
  return Array.isArray(rejected) ? (rejected as RejectedOp[]) : [];
}

export function saveRejected(eventId: string, rejected: RejectedOp[]): boolean {
  return write(REJECTED + eventId, rejected);
}

/**
 * Forgets the lists kept for offline use (names of participants) when the user signs out. Unsent
 * check-ins stay: they are the programme's records and go out at the next sign-in on this phone.
 */
export function forgetCheckInLists() {
  try {
    for (let i = window.localStorage.length - 1; i >= 0; i--) {
      const key = window.localStorage.key(i);
      if (key?.startsWith(LIST)) window.localStorage.removeItem(key);
    }
  } catch {
    // Storage blocked: nothing was kept.
  }
}

export function newClientId(): string {
  return typeof crypto !== "undefined" && "randomUUID" in crypto
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

/**
 * Why a request did not work: no network or no answer in time ("offline", including a hall's
 * wifi without internet), signed out, refused (no access to the event any more), or a server
 * error. In every case the phone keeps what it has and tries again later.
 */
export type Failure = "offline" | "signedOut" | "refused" | "serverError";
export type Outcome<T> = { ok: true; value: T } | { ok: false; failure: Failure };

async function request<T>(url: string, init: RequestInit, timeoutMs: number): Promise<Outcome<T>> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetch(url, {
      ...init,
      headers: { Accept: "application/json", ...init.headers },
      credentials: "same-origin",
      cache: "no-store",
      // A captive portal's redirect is not an answer from our server.
      redirect: "manual",
      signal: controller.signal,
    });
    // A redirect (a captive portal's sign-in page) or a page that is not ours is no answer.
    if (response.type === "opaqueredirect") return { ok: false, failure: "offline" };
    if (response.status === 401) return { ok: false, failure: "signedOut" };
    if (response.status === 403 || response.status === 404) return { ok: false, failure: "refused" };
    if (!response.ok) return { ok: false, failure: "serverError" };
    if (!response.headers.get("Content-Type")?.includes("json")) return { ok: false, failure: "offline" };
    return { ok: true, value: (await response.json()) as T };
  } catch {
    return { ok: false, failure: "offline" };
  } finally {
    clearTimeout(timer);
  }
}

/** Sends operations; the server answers each one. Safe to repeat: every operation has its id. */
export function sendOps(eventId: string, ops: QueuedOp[]): Promise<Outcome<CheckInOpResult[]>> {
  return request<{ results: CheckInOpResult[] }>(
    `/api/events/${encodeURIComponent(eventId)}/check-in`,
    { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ ops: ops.map(({ at: _at, ...op }) => op) }) },
    20_000,
  ).then((outcome) =>
    outcome.ok
      ? Array.isArray(outcome.value.results)
        ? { ok: true, value: outcome.value.results }
        : { ok: false, failure: "serverError" }
      : outcome,
  );
}

/** The list, or only "unchanged" when it has not changed since `version`. */
export function fetchList(eventId: string, version: string | null): Promise<Outcome<CheckInListResponse>> {
  const query = version ? `?${new URLSearchParams({ since: version })}` : "";
  return request<CheckInListResponse>(`/api/events/${encodeURIComponent(eventId)}/check-in${query}`, { method: "GET" }, 15_000).then(
    (outcome) => {
      if (!outcome.ok) return outcome;
      const list = outcome.value as Partial<CheckInList> & { unchanged?: boolean };
      const readable =
        list.eventId === eventId &&
        typeof list.version === "string" &&
        typeof list.fetchedAt === "string" &&
        (list.unchanged === true || (Array.isArray(list.people) && Array.isArray(list.categories)));
      return readable ? outcome : { ok: false, failure: "serverError" };
    },
  );
}
