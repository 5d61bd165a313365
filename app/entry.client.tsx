import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { LANGUAGES, loadCatalogue, type Language } from "~/modules/i18n/i18n";

// The page's own language only (root.tsx writes it as <html lang="ms-MY">): the other catalogue
// would be tens of kilobytes a phone never uses. It is loaded before the page hydrates, so the
// first render in the browser has every message the server's had.
const language = (LANGUAGES.find((l) => document.documentElement.lang.startsWith(l)) ?? "ms") satisfies Language;

loadCatalogue(language).then(() =>
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <RemixBrowser />
      </StrictMode>,
    );
  }),
);
