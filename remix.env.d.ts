/// <reference types="@remix-run/dev" />
/// <reference types="@remix-run/node" />

import "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client's address as seen by the web server (rate limits only; never stored). */
    clientIp: string;
    /** Nonce for inline scripts allowed by the Content-Security-Policy. */
    cspNonce: string;
    /** When the web server took the request (ms since the epoch): the public form's wait bound starts here. */
    receivedAt?: number;
  }
}

declare module "@remix-run/server-runtime" {
  interface Future {
    v3_singleFetch: true;
  }
}
