import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import {
  applyResults,
  MAX_OPS_PER_BATCH,
  normaliseCode,
  overlayQueue,
  REFRESH_MS,
  resolveWalkIns,
  retryDelay,
  walkInPersonId,
  type CheckInList,
  type CheckInOpResult,
  type QueuedOp,
  type RejectedOp,
} from "~/modules/registrations/check-in-sync";
import { fetchList, loadList, loadQueue, loadRejected, saveList, saveQueue, saveRejected, sendOps, type Failure } from "./check-in-queue";

export type Connection = "online" | Failure;

/**
 * The check-in screen's link with the server, built to survive a hall with poor signal:
 *
 * - every change goes into a queue on the phone first and is sent from there, in order, with ids
 *   that make a repeat harmless, so nothing is lost or counted twice;
 * - the list is polled through a small JSON route every 20 seconds (only "unchanged" comes back
 *   when nothing changed) and kept on the phone, so a failed request never takes the screen away;
 * - a failure of any kind (no network, wifi without internet, no answer in time, signed out, a
 *   server error) leaves the last good list on screen, says so, and tries again after 2, 4, 8, 16,
 *   then every 30 seconds; a new check-in, the "online" event or the page becoming visible again
 *   tries at once;
 * - operations the server refuses (a walk-in whose phone number it rejects) are kept under
 *   "needs attention" with the reason, never dropped.
 */
export function useCheckInSync(firstScreen: CheckInList, options: { onRejected?: (rejected: RejectedOp[]) => void } = {}) {
  const eventId = firstScreen.eventId;
  const [hydrated, setHydrated] = useState(false);
  const [list, setListState] = useState<CheckInList>(firstScreen);
  // The page brings only its first screenful of names; the whole list comes from the list route
  // (or from the phone, kept from before). Only a whole list is kept on the phone.
  const [complete, setComplete] = useState(false);
  const completeRef = useRef(false);
  const [queue, setQueueState] = useState<QueuedOp[]>([]);
  const [rejected, setRejectedState] = useState<RejectedOp[]>([]);
  const [connection, setConnection] = useState<Connection>("online");
  const [sending, setSending] = useState(false);
  const [storageFailed, setStorageFailed] = useState(false);

  // The source of truth while the page is open; localStorage is written through on every change.
  const listRef = useRef(firstScreen);
  const queueRef = useRef<QueuedOp[]>([]);
  const rejectedRef = useRef<RejectedOp[]>([]);
  const failures = useRef(0);
  const running = useRef(false);
  const again = useRef(false);
  const timer = useRef<number | undefined>(undefined);
  const active = useRef(false);
  const onRejected = useRef(options.onRejected);
  onRejected.current = options.onRejected;

  const setList = useCallback((next: CheckInList, whole = completeRef.current) => {
    listRef.current = next;
    setListState(next);
    if (!whole) return;
    completeRef.current = true;
    setComplete(true);
    saveList(next);
  }, []);
  const setQueue = useCallback(
    (next: QueuedOp[]) => {
      queueRef.current = next;
      setQueueState(next);
      if (!saveQueue(eventId, next)) setStorageFailed(true);
    },
    [eventId],
  );
  const setRejected = useCallback(
    (next: RejectedOp[]) => {
      rejectedRef.current = next;
      setRejectedState(next);
      if (!saveRejected(eventId, next)) setStorageFailed(true);
    },
    [eventId],
  );

  /** Takes the server's answers to a batch: confirmed ones leave the queue, refused ones go to "needs attention". */
  const takeResults = useCallback(
    (batch: QueuedOp[], results: CheckInOpResult[]) => {
      const byClientId = new Map(results.map((r) => [r.clientId, r]));
      const answered = batch.filter((op) => byClientId.has(op.clientId));
      const refused = answered.filter((op) => !byClientId.get(op.clientId)!.ok);
      // A check-in or undo of a walk-in the server refused cannot happen; the walk-in's own entry says why.
      const refusedWalkIns = new Set(refused.filter((op) => op.kind === "walk-in").map((op) => op.clientId));
      const aboutRefusedWalkIn = (op: QueuedOp) => op.kind !== "walk-in" && !!op.walkInClientId && refusedWalkIns.has(op.walkInClientId);
      const now = new Date().toISOString();
      const newlyRejected: RejectedOp[] = refused
        .filter((op) => !aboutRefusedWalkIn(op))
        .map((op) => {
          const result = byClientId.get(op.clientId)!;
          return { op, error: result.error ?? "errors.invalid", field: result.field, rejectedAt: now };
        });
      const done = new Set(answered.map((op) => op.clientId));
      setQueue(
        resolveWalkIns(
          queueRef.current.filter((op) => !done.has(op.clientId) && !aboutRefusedWalkIn(op)),
          results,
        ),
      );
      setList({ ...listRef.current, people: applyResults(listRef.current.people, batch, results) });
      if (newlyRejected.length) {
        setRejected([...rejectedRef.current, ...newlyRejected]);
        onRejected.current?.(newlyRejected);
      }
    },
    [setList, setQueue, setRejected],
  );

  const schedule = useCallback((delay: number, run: () => void) => {
    window.clearTimeout(timer.current);
    if (active.current) timer.current = window.setTimeout(run, delay);
  }, []);

  const sync = useCallback(async (): Promise<void> => {
    if (running.current) {
      again.current = true;
      return;
    }
    running.current = true;
    window.clearTimeout(timer.current);
    let failure: Failure | null = null;
    try {
      do {
        again.current = false;
        failure = null;
        // First what this phone has to say, in order, in batches.
        while (queueRef.current.length && !failure) {
          const batch = queueRef.current.slice(0, MAX_OPS_PER_BATCH);
          setSending(true);
          const outcome = await sendOps(eventId, batch);
          if (!outcome.ok) failure = outcome.failure;
          else takeResults(batch, outcome.value);
        }
        setSending(false);
        // Then what others changed (another phone at the door, the coordinator's office).
        if (!failure) {
          const current = listRef.current;
          const outcome = await fetchList(eventId, current.version);
          if (!outcome.ok) failure = outcome.failure;
          else if ("unchanged" in outcome.value)
            setList({ ...listRef.current, version: outcome.value.version, fetchedAt: outcome.value.fetchedAt });
          // Something queued while the list was on its way is laid over it on screen, not lost.
          else setList(outcome.value, true);
        }
        failures.current = failure ? failures.current + 1 : 0;
        setConnection(failure ?? "online");
      } while (again.current && !failure);
    } finally {
      running.current = false;
      setSending(false);
      schedule(failure ? retryDelay(failures.current) : REFRESH_MS, () => void sync());
    }
  }, [eventId, schedule, setList, takeResults]);

  /** Try now, whatever the back-off says: something new to send, or the signal is back. */
  const syncNow = useCallback(() => {
    failures.current = 0;
    void sync();
  }, [sync]);

  useEffect(() => {
    active.current = true;
    // The list kept on the phone, if any, is whole (the page's is not): shown at once, even
    // without signal, and brought up to date by the first poll.
    const kept = loadList(eventId);
    if (kept) setList(kept, true);
    queueRef.current = loadQueue(eventId);
    setQueueState(queueRef.current);
    rejectedRef.current = loadRejected(eventId);
    setRejectedState(rejectedRef.current);
    setConnection(navigator.onLine ? "online" : "offline");
    setHydrated(true);
    void sync();

    const onOnline = () => syncNow();
    const onOffline = () => setConnection("offline");
    const onVisible = () => {
      if (document.visibilityState === "visible") syncNow();
    };
    window.addEventListener("online", onOnline);
    window.addEventListener("offline", onOffline);
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      active.current = false;
      window.clearTimeout(timer.current);
      window.removeEventListener("online", onOnline);
      window.removeEventListener("offline", onOffline);
      document.removeEventListener("visibilitychange", onVisible);
    };
    // `firstScreen` is the page's first screenful; later loader data is not used (the poll keeps the list fresh).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [eventId]);

  const enqueue = useCallback(
    (op: QueuedOp) => {
      setQueue([...queueRef.current, op]);
      syncNow();
    },
    [setQueue, syncNow],
  );

  /** Removes an entry from "needs attention" and gives it back (to correct a walk-in and add it again). */
  const takeRejected = useCallback(
    (clientId: string): RejectedOp | undefined => {
      const entry = rejectedRef.current.find((r) => r.op.clientId === clientId);
      setRejected(rejectedRef.current.filter((r) => r.op.clientId !== clientId));
      return entry;
    },
    [setRejected],
  );

  const people = useMemo(() => overlayQueue(list.people, queue), [list.people, queue]);
  // Who has a change on this phone the server has not confirmed yet.
  const pendingIds = useMemo(() => {
    const ids = new Set<string>();
    for (const op of queue) {
      if (op.kind === "walk-in") ids.add(walkInPersonId(op.clientId));
      else if (op.registrationId) ids.add(op.registrationId);
      else if (op.walkInClientId) ids.add(walkInPersonId(op.walkInClientId));
      else if (op.kind === "check-in" && op.code) {
        const code = normaliseCode(op.code);
        const person = people.find((p) => p.code === code);
        if (person) ids.add(person.id);
      }
    }
    return ids;
  }, [queue, people]);

  return {
    hydrated,
    complete,
    people,
    pendingIds,
    categories: list.categories,
    fetchedAt: list.fetchedAt,
    queue,
    rejected,
    connection,
    sending,
    storageFailed,
    enqueue,
    syncNow,
    takeRejected,
  };
}
