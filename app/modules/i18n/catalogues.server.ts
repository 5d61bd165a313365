/**
 * Both catalogues, for everything that runs on the server (pages, emails, exports, the worker).
 * A `.server` module is left out of the browser build, where each page loads only its own
 * language's catalogue (i18n.ts, entry.client.tsx). See docs/decisions/015-what-a-phone-downloads.md.
 */
import { en } from "./catalogue.en";
import { ms } from "./catalogue.ms";

export const serverCatalogues = { ms, en };
