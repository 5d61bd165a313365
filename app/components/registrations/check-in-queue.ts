import type { CheckInOp, CheckInOpResult } from "~/modules/registrations/check-in-sync";

/**
 * The phone's queue of check-ins not yet confirmed by the server, kept in localStorage so a
 * reload or a dead battery's restart does not lose them.
 */
export type QueuedOp = CheckInOp & { at: string; tempId?: string };

const key = (eventId: string) => `kasih-check-in:${eventId}`;

export function loadQueue(eventId: string): QueuedOp[] {
  try {
    const raw = window.localStorage.getItem(key(eventId));
    return raw ? (JSON.parse(raw) as QueuedOp[]) : [];
  } catch {
    return [];
  }
}

export function saveQueue(eventId: string, queue: QueuedOp[]) {
  try {
    window.localStorage.setItem(key(eventId), JSON.stringify(queue));
  } catch {
    // Storage full or blocked: the queue still lives in memory for this page.
  }
}

export function newClientId(): string {
  return typeof crypto !== "undefined" && "randomUUID" in crypto
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

/** Sends the queue; null when the network or the session failed (keep everything and retry). */
export async function sendQueue(eventId: string, ops: QueuedOp[]): Promise<CheckInOpResult[] | null> {
  try {
    const response = await fetch(`/api/events/${eventId}/check-in`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ ops: ops.map(({ at: _at, tempId: _tempId, ...op }) => op) }),
      credentials: "same-origin",
      redirect: "manual",
    });
    if (!response.ok || !response.headers.get("Content-Type")?.includes("json")) return null;
    const body = (await response.json()) as { results: CheckInOpResult[] };
    return body.results;
  } catch {
    return null;
  }
}
