// KASIH Outreach: lets a liaison teacher reload the check-in page in a hall without signal.
// Registered only by the check-in page (scope /events/). See docs/decisions/006-check-in-offline.md.
//
// - A check-in page (/events/<id>/check-in) is fetched from the network first; when there is no
//   answer (or none within 6 seconds) the copy kept from the last visit is shown instead. The page
//   then lays the newer list kept in localStorage over it and says it is offline.
// - /build/ files are fingerprinted, so a kept copy is always right: served from the cache first.
// - Everything else (the JSON the page polls, forms, other pages) goes to the network untouched.
// - Kept pages hold participants' names: they are dropped after 7 days, at sign-out, and files
//   no kept page needs are dropped with them.

const CACHE = "kasih-check-in-v1";
const CHECK_IN_PAGE = /^\/events\/[^/]+\/check-in$/;
const PAGE_TIMEOUT_MS = 6000;
const MAX_PAGE_AGE_MS = 7 * 24 * 60 * 60 * 1000;
const MATCH = { ignoreVary: true, ignoreSearch: false };

self.addEventListener("install", (event) => {
  event.waitUntil(self.skipWaiting());
});

self.addEventListener("activate", (event) => {
  event.waitUntil(tidy());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && CHECK_IN_PAGE.test(url.pathname)) event.respondWith(page(event));
  else if (url.pathname.startsWith("/build/")) event.respondWith(asset(request));
});

// The page asks to be kept once it has loaded (its first visit is not yet served through the
// worker), and hears back when it can be opened without signal.
self.addEventListener("message", (event) => {
  const data = event.data;
  if (!data || data.type !== "keep-check-in-page") return;
  const reply = (ok) => event.ports[0] && event.ports[0].postMessage({ ok });
  event.waitUntil(
    keep(data).then(
      () => reply(true),
      () => reply(false),
    ),
  );
});

/** The page's address without its search, so /check-in?q=… shares one copy. */
function pageKey(href) {
  const url = new URL(href, self.location.origin);
  return url.origin + url.pathname;
}

async function page(event) {
  const cache = await caches.open(CACHE);
  const key = pageKey(event.request.url);
  const network = fetch(event.request).then(async (response) => {
    // A redirect (signed out) or an error page is never kept.
    if (response.ok && response.type === "basic") await cache.put(key, response.clone());
    return response;
  });
  event.waitUntil(network.catch(() => undefined));
  const timeout = new Promise((resolve) => setTimeout(resolve, PAGE_TIMEOUT_MS, null));
  try {
    const first = await Promise.race([network, timeout]);
    if (first) return first;
  } catch {
    // No network: the copy below.
  }
  const kept = await cache.match(key, MATCH);
  return kept || network;
}

async function asset(request) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request, MATCH);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok && response.type === "basic") await cache.put(request, response.clone());
  return response;
}

async function keep({ page: path, fresh }) {
  const key = pageKey(path);
  if (!CHECK_IN_PAGE.test(new URL(key).pathname)) throw new Error("not a check-in page");
  const cache = await caches.open(CACHE);
  // A visit served through the worker has already kept the page.
  let kept = fresh ? await cache.match(key, MATCH) : undefined;
  if (!kept) {
    const response = await fetch(key, { credentials: "same-origin", redirect: "manual" });
    if (!response.ok || response.type !== "basic") throw new Error("page not available");
    await cache.put(key, response.clone());
    kept = response;
  }
  // The files the page loads, read from the page itself (fingerprinted, so each name is one version).
  for (const href of filesOf(await kept.text())) {
    if (await cache.match(href, MATCH)) continue;
    const response = await fetch(href);
    if (!response.ok) throw new Error("file not available");
    await cache.put(href, response);
  }
  await tidy();
}

function filesOf(html) {
  return new Set([...html.matchAll(/\/build\/[^"'\s)\\]+/g)].map((match) => new URL(match[0], self.location.origin).href));
}

/** Drops old caches, pages older than 7 days, and files no kept page refers to. */
async function tidy() {
  for (const name of await caches.keys()) {
    if (name.startsWith("kasih-check-in-") && name !== CACHE) await caches.delete(name);
  }
  const cache = await caches.open(CACHE);
  const requests = await cache.keys();
  const needed = new Set();
  for (const request of requests) {
    if (!CHECK_IN_PAGE.test(new URL(request.url).pathname)) continue;
    const response = await cache.match(request, MATCH);
    const date = response ? Date.parse(response.headers.get("Date") || "") : NaN;
    if (!response || !(date > Date.now() - MAX_PAGE_AGE_MS)) {
      await cache.delete(request, MATCH);
      continue;
    }
    for (const href of filesOf(await response.text())) needed.add(href);
  }
  for (const request of requests) {
    const url = new URL(request.url);
    if (url.pathname.startsWith("/build/") && !needed.has(url.href)) await cache.delete(request, MATCH);
  }
}
