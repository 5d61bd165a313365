import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { SubmitButton } from "~/components/forms";
import { RouteError } from "~/components/route-error";
import { useT } from "~/modules/i18n/i18n";
import { EXAMPLE_UNSUBSCRIBE_TOKEN, personFromUnsubscribeToken, unsubscribe } from "~/modules/mail/unsubscribe.server";
import { invariantResponse } from "~/utils/invariant";
import { pageTitle } from "~/utils/meta";

export async function loader({ params }: LoaderFunctionArgs) {
  // The link in a test email: the page says what the real one does.
  if (params.token === EXAMPLE_UNSUBSCRIBE_TOKEN) return { example: true };
  invariantResponse(personFromUnsubscribeToken(params.token ?? ""), "Not found");
  // Looking at the page changes nothing: mail scanners open links too.
  return { example: false };
}

/** The button on the page, and mail programs' one-click unsubscribe (RFC 8058), both POST here. */
export async function action({ params }: ActionFunctionArgs) {
  const personId = personFromUnsubscribeToken(params.token ?? "");
  invariantResponse(personId, "Not found");
  await unsubscribe(personId);
  return { done: true };
}

export default function UnsubscribePage() {
  const { example } = useLoaderData<typeof loader>();
  const done = useActionData<typeof action>()?.done;
  const t = useT();
  return (
    <section className="public-page panel">
      <h1>{t("unsubscribe.title")}</h1>
      {example ? (
        <p>{t("unsubscribe.example")}</p>
      ) : done ? (
        <p role="status">{t("unsubscribe.done")}</p>
      ) : (
        <Form method="post" className="stack">
          <p>{t("unsubscribe.explain")}</p>
          <SubmitButton>{t("unsubscribe.confirm")}</SubmitButton>
        </Form>
      )}
    </section>
  );
}

export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, "unsubscribe.title"), { name: "robots", content: "noindex" }];

export function ErrorBoundary() {
  return <RouteError />;
}
