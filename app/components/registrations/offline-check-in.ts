import { forgetCheckInLists } from "./check-in-queue";

const WORKER = "/check-in-sw.js";
const CACHE_PREFIX = "kasih-check-in-";

/**
 * Asks the check-in service worker (public/check-in-sw.js) to keep this page and its files, so a
 * reload without signal still opens it. Resolves true once it can. Without service workers (or
 * with them blocked) it resolves false and the page works as before: the list kept in
 * localStorage still covers a dropped connection while the page stays open.
 */
export async function keepCheckInPageOffline(): Promise<boolean> {
  if (!("serviceWorker" in navigator) || !("caches" in window)) return false;
  try {
    // Served through the worker: it kept the page on the way in.
    const fresh = Boolean(navigator.serviceWorker.controller);
    await navigator.serviceWorker.register(WORKER, { scope: "/events/" });
    const registration = await navigator.serviceWorker.ready;
    const worker = registration.active;
    if (!worker) return false;
    return await new Promise<boolean>((resolve) => {
      const channel = new MessageChannel();
      const timer = window.setTimeout(() => resolve(false), 60_000);
      channel.port1.onmessage = (event: MessageEvent<{ ok?: boolean }>) => {
        window.clearTimeout(timer);
        resolve(Boolean(event.data?.ok));
      };
      // The worker reads the files the page needs from the page itself.
      worker.postMessage({ type: "keep-check-in-page", page: window.location.pathname, fresh }, [channel.port2]);
    });
  } catch {
    return false;
  }
}

/** At sign-out: forget the participant lists kept on this phone (pages and localStorage). */
export function forgetOfflineCheckIn() {
  forgetCheckInLists();
  if (typeof caches === "undefined") return;
  void caches
    .keys()
    .then((names) => Promise.all(names.filter((name) => name.startsWith(CACHE_PREFIX)).map((name) => caches.delete(name))))
    .catch(() => undefined);
}
