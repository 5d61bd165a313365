import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ClientLoaderFunctionArgs } from "@remix-run/react";
import { data } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { AppHeader } from "~/components/app-header";
import { HelplineFooter } from "~/components/helpline-footer";
import { ToastMessage } from "~/components/toast-message";
import { newFormToken } from "~/modules/audit/form-once.server";
import { getSessionUser } from "~/modules/auth/session.server";
import { DEFAULT_LANGUAGE, loadCatalogue, translate, type Language } from "~/modules/i18n/i18n";
import { getLanguage } from "~/modules/i18n/language.server";
import { useCspNonce } from "~/utils/csp-nonce";
import { readToast } from "~/utils/toast.server";
import styles from "~/styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const [language, user, { toast, setCookie }] = await Promise.all([getLanguage(request), getSessionUser(request), readToast(request)]);
  return data(
    // A fresh one-time token for the page's forms each time this runs (after every submission too).
    { language, user, toast, cspNonce: context?.cspNonce ?? "", formToken: newFormToken() },
    { headers: setCookie ? { "Set-Cookie": setCookie } : undefined },
  );
}

/**
 * In the browser, the page's language can change without a new document (signing in brings the
 * account's language, the language button): its catalogue is loaded before the page renders in it.
 * The first render uses the server's answer and the catalogue entry.client.tsx loaded.
 */
export async function clientLoader({ serverLoader }: ClientLoaderFunctionArgs) {
  const data = await serverLoader<typeof loader>();
  await loadCatalogue(data.language);
  return data;
}

export function Layout({ children }: { children: React.ReactNode }) {
  const rootData = useRouteLoaderData<typeof loader>("root");
  const serverNonce = useCspNonce();
  const language: Language = rootData?.language ?? DEFAULT_LANGUAGE;
  // In the browser only the loader's copy exists; on the server the provider covers pages without it.
  const nonce = rootData?.cspNonce ?? serverNonce;
  // A page that works as plain HTML and is opened on phones (the public registration form) says
  // `handle = { hydrate: false }` and is sent without any script. See docs/decisions/015.
  const hydrate = !useMatches().some((match) => (match.handle as { hydrate?: boolean } | undefined)?.hydrate === false);
  return (
    <html lang={language === "ms" ? "ms-MY" : "en-MY"}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          {translate(language, "nav.skipToContent")}
        </a>
        {children}
        {hydrate ? (
          <>
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
          </>
        ) : null}
      </body>
    </html>
  );
}

export default function App() {
  const { user, toast } = useLoaderData<typeof loader>();
  return (
    <>
      <AppHeader user={user} />
      {toast ? <ToastMessage toast={toast} /> : null}
      <main id="main" className="page">
        <Outlet />
      </main>
      <HelplineFooter />
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "KASIH Outreach" }];

export function ErrorBoundary() {
  const error = useRouteError();
  const rootData = useRouteLoaderData<typeof loader>("root");
  const language: Language = rootData?.language ?? DEFAULT_LANGUAGE;
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const key = status === 404 ? "errors.page.notFound" : status === 403 ? "errors.page.forbidden" : "errors.page.unexpected";
  return (
    <main id="main" className="page">
      <title>{`${translate(language, key)} · KASIH Outreach`}</title>
      <h1>{translate(language, key)}</h1>
      <p>
        <a href="/">{translate(language, "nav.home")}</a>
      </p>
      <HelplineFooter />
    </main>
  );
}
