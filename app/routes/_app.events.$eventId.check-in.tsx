import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useCallback, useEffect, useState } from "react";
import { newClientId } from "~/components/registrations/check-in-queue";
import { NeedsAttention } from "~/components/registrations/needs-attention";
import { keepCheckInPageOffline } from "~/components/registrations/offline-check-in";
import { QrScanner } from "~/components/registrations/qr-scanner";
import { useCheckInSync } from "~/components/registrations/use-check-in-sync";
import { WalkInForm } from "~/components/registrations/walk-in-form";
import { RouteError } from "~/components/route-error";
import { submitOnce } from "~/modules/audit/form-once.server";
import { requireUser } from "~/modules/auth/session.server";
import { formatMalaysia, malaysiaDateKey } from "~/modules/calendar/malaysia-time";
import { parseCategories } from "~/modules/events/event-rules";
import { useLanguage, useT } from "~/modules/i18n/i18n";
import { checkIn, checkInFirstScreen, undoCheckIn, walkIn } from "~/modules/registrations/attendance.server";
import {
  CHECK_IN_SHOWN,
  checkInTotals,
  matchesSearch,
  normaliseCode,
  type CheckInList,
  type CheckInPerson,
} from "~/modules/registrations/check-in-sync";
import { checkInWindow, type CheckInWindow } from "~/modules/registrations/check-in-window";
import { eventCheckInWindow } from "~/modules/registrations/check-in-window.server";
import { StaffRegistrationSchema, type StaffRegistrationInput } from "~/modules/registrations/registration-schema";
import { env } from "~/utils/env.server";
import { readFormData } from "~/utils/form-data.server";
import { pageTitle } from "~/utils/meta";
import { redirectWithToast } from "~/utils/toast.server";
import { labels } from "~/modules/i18n/labels";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const q = new URL(request.url).searchParams.get("q")?.slice(0, 100) ?? "";
  const { event, people, matched, totals } = await checkInFirstScreen(user, params.eventId!, q);
  // The first screenful only: the whole list comes from the list route, compressed, and stays on
  // the phone. Its empty version makes the screen ask for all of it.
  const firstScreen: CheckInList = {
    eventId: event.id,
    people,
    categories: parseCategories(event.registrationCategories),
    version: "",
    fetchedAt: new Date().toISOString(),
  };
  const window = eventCheckInWindow(event);
  return {
    event: { id: event.id, title: event.title, startsAt: event.startsAt, status: event.status },
    // The screen works the window out again on the phone (see CheckInClosed), with the same opening time.
    opensAtTime: env.CHECK_IN_OPENS_AT,
    closed: window.open ? null : window,
    firstScreen,
    // Without JavaScript the server does the searching: how many match, and the totals, from the server.
    matched,
    totals,
    serverQuery: q,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  const back = `/events/${params.eventId}/check-in${formData.get("q") ? `?q=${encodeURIComponent(String(formData.get("q")))}` : ""}`;
  if (intent === "check-in") {
    const result = await checkIn(user, params.eventId!, {
      registrationId: String(formData.get("registrationId") ?? "") || undefined,
      code: String(formData.get("code") ?? "") || undefined,
    });
    return redirectWithToast(
      back,
      result.ok ? { key: "toast.checkedIn", params: { name: result.name } } : { kind: "error", key: result.error },
    );
  }
  if (intent === "undo") {
    await undoCheckIn(user, params.eventId!, String(formData.get("registrationId") ?? ""));
    return redirectWithToast(back, { key: "toast.checkInUndone" });
  }
  // A walk-in without JavaScript: a refused one comes back with its messages and what was typed.
  // (With JavaScript walk-ins are queued with an id made on the phone, which does the same job.)
  const submission = parseWithZod(formData, { schema: StaffRegistrationSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const done = () => redirectWithToast(back, { key: "toast.walkInAdded", params: { name: submission.value.fullName } });
  return submitOnce(
    formData,
    async () => {
      const added = await walkIn(user, params.eventId!, { ...submission.value, status: "ATTENDED" });
      if (!added.ok) return data({ result: submission.reply({ formErrors: [added.error] }) }, { status: 409 });
      return done();
    },
    done,
  );
}

export default function CheckInPage() {
  const { event } = useLoaderData<typeof loader>();
  // A fresh screen (queue, timers, list) per event.
  return <CheckInScreen key={event.id} />;
}

function CheckInScreen() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { event, serverQuery } = loaderData;
  const closed = useClosedWindow(event, loaderData.opensAtTime, loaderData.closed);
  const t = useT();
  const language = useLanguage();
  const [params] = useSearchParams();
  const [query, setQuery] = useState(serverQuery);
  const [scanning, setScanning] = useState(false);
  const [message, setMessage] = useState<{ kind: "success" | "error"; text: string } | null>(null);
  const [offlineReady, setOfflineReady] = useState(false);
  // A refused walk-in being corrected: the form opens again with what was typed and the reason.
  const [correction, setCorrection] = useState<{ key: string; result: SubmissionResult<string[]> } | null>(null);
  const sync = useCheckInSync(loaderData.firstScreen, {
    onRejected: (rejected) => setMessage({ kind: "error", text: t("checkIn.rejectedNotice", { count: rejected.length }) }),
  });
  const { hydrated, complete, people, pendingIds, categories, enqueue } = sync;

  useEffect(() => {
    let cancelled = false;
    void keepCheckInPageOffline().then((ok) => {
      if (!cancelled) setOfflineReady(ok);
    });
    return () => {
      cancelled = true;
    };
  }, []);

  const now = () => new Date().toISOString();
  const about = (person: CheckInPerson) =>
    person.id.startsWith("walk-in-") ? { walkInClientId: person.id.slice("walk-in-".length) } : { registrationId: person.id };
  const checkInPerson = (person: CheckInPerson) => {
    enqueue({ kind: "check-in", clientId: newClientId(), ...about(person), at: now() });
    setMessage({ kind: "success", text: t("toast.checkedIn", { name: person.name }) });
  };
  const undo = (person: CheckInPerson) => {
    enqueue({ kind: "undo", clientId: newClientId(), ...about(person), at: now() });
    setMessage({ kind: "success", text: t("toast.checkInUndone") });
  };
  const checkInCode = useCallback(
    (raw: string) => {
      const code = normaliseCode(raw);
      const person = people.find((p) => p.code === code);
      if (!person) {
        setMessage({ kind: "error", text: t(complete ? "errors.checkIn.notFound" : "checkIn.loadingList") });
        return;
      }
      if (person.status === "ATTENDED") {
        setMessage({ kind: "success", text: t("checkIn.already", { name: person.name }) });
        return;
      }
      enqueue({
        kind: "check-in",
        clientId: newClientId(),
        registrationId: person.id.startsWith("walk-in-") ? undefined : person.id,
        code,
        at: new Date().toISOString(),
      });
      setMessage({ kind: "success", text: t("toast.checkedIn", { name: person.name }) });
    },
    [people, complete, enqueue, t],
  );
  const addWalkIn = (walkIn: StaffRegistrationInput) => {
    enqueue({
      kind: "walk-in",
      clientId: newClientId(),
      fullName: walkIn.fullName,
      phone: walkIn.phone,
      category: walkIn.category,
      organisation: walkIn.organisation,
      at: now(),
    });
    setCorrection(null);
    setMessage({ kind: "success", text: t("toast.walkInAdded", { name: walkIn.fullName }) });
  };
  const fixRejected = (clientId: string) => {
    const entry = sync.takeRejected(clientId);
    if (!entry || entry.op.kind !== "walk-in") return;
    const { fullName, phone, category, organisation } = entry.op;
    setCorrection({
      key: clientId,
      result: {
        status: "error",
        initialValue: { fullName, phone: phone ?? "", category, organisation: organisation ?? "", language: "ms", consent: "on" },
        error: {
          [entry.field && ["fullName", "phone", "category", "organisation"].includes(entry.field) ? entry.field : ""]: [entry.error],
        },
      },
    });
    setMessage({ kind: "error", text: t("checkIn.correctWalkIn", { name: fullName }) });
    // To the field the server refused, once the form has opened again with it.
    window.setTimeout(
      () =>
        (
          document.querySelector<HTMLElement>('#walk-in [aria-invalid="true"]') ??
          document.querySelector<HTMLElement>('#walk-in input[name="fullName"]')
        )?.focus(),
      0,
    );
  };

  // Until the whole list is here, the page's first screenful (already searched by the server) and the server's counts.
  const firstScreen = !complete && query === serverQuery;
  const shown = firstScreen ? people : query.trim() ? people.filter((p) => matchesSearch(p, query)) : people;
  const matched = firstScreen ? loaderData.matched : shown.length;
  const totals = complete ? checkInTotals(people, categories) : loaderData.totals;
  const attendedAll = totals.reduce((s, x) => s + x.attended, 0);

  return (
    <div className="check-in">
      <div className="page-header">
        <div>
          <p className="eyebrow">
            <Link to={`/events/${event.id}`}>{event.title}</Link>
          </p>
          <h1>{t("checkIn.title")}</h1>
        </div>
      </div>

      {closed ? (
        <section className="panel panel--notice" aria-labelledby="closed-heading">
          <h2 id="closed-heading">{t("checkIn.closedTitle")}</h2>
          <p>
            {closed.reason === "notYet"
              ? t("checkIn.opensAt", {
                  date: formatMalaysia(closed.opensAt, "weekdayDate", language),
                  time: formatMalaysia(closed.opensAt, "time", language),
                })
              : t(
                  closed.reason === "draft"
                    ? "errors.checkIn.draft"
                    : closed.reason === "postponed"
                      ? "errors.checkIn.postponed"
                      : "errors.checkIn.eventCancelled",
                )}
          </p>
        </section>
      ) : null}

      <section aria-labelledby="totals-heading" className="check-in__totals">
        <h2 id="totals-heading" className="visually-hidden">
          {t("checkIn.totals")}
        </h2>
        <p className="check-in__total" aria-live="polite">
          {t("checkIn.attendedTotal", { count: attendedAll })}
        </p>
        <ul className="stat-list" aria-label={t("checkIn.byCategory")}>
          {totals.map((x) => (
            <li key={x.category}>
              <span className="stat-list__value">{x.attended}</span>/{x.expected} {labels.registrationCategory(t, x.category)}
            </li>
          ))}
        </ul>
        {hydrated ? <SyncState sync={sync} /> : null}
        {hydrated && !complete ? <p className="muted small">{t("checkIn.loadingList")}</p> : null}
      </section>
      {hydrated ? <SyncDetails sync={sync} offlineReady={offlineReady} eventId={event.id} /> : null}

      {message ? (
        <p className={`toast toast--${message.kind}`} role={message.kind === "error" ? "alert" : "status"}>
          {message.text}
        </p>
      ) : null}

      <NeedsAttention
        rejected={sync.rejected}
        people={people}
        onFix={fixRejected}
        onDiscard={(clientId) => void sync.takeRejected(clientId)}
      />

      <Form method="get" className="check-in__search" role="search" onSubmit={(e) => hydrated && e.preventDefault()}>
        <label htmlFor="search">{t("checkIn.search")}</label>
        <input
          id="search"
          name="q"
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          autoComplete="off"
          inputMode="search"
        />
        {!hydrated ? (
          <button type="submit" className="button button--secondary">
            {t("common.search")}
          </button>
        ) : null}
      </Form>

      {closed ? null : (
        <div className="actions">
          {hydrated ? (
            <button type="button" className="button button--secondary" onClick={() => setScanning((s) => !s)}>
              {t("checkIn.scan")}
            </button>
          ) : null}
          <Form
            method="post"
            className="inline-code"
            onSubmit={(e) => {
              if (!hydrated) return;
              e.preventDefault();
              const input = e.currentTarget.elements.namedItem("code") as HTMLInputElement;
              checkInCode(input.value);
              input.value = "";
            }}
          >
            <label htmlFor="code">{t("checkIn.typeCode")}</label>
            <input id="code" name="code" autoCapitalize="characters" autoComplete="off" maxLength={12} />
            <button type="submit" name="intent" value="check-in" className="button button--secondary">
              {t("checkIn.checkInCode")}
            </button>
          </Form>
        </div>
      )}
      {scanning && !closed ? <QrScanner onCode={checkInCode} onClose={() => setScanning(false)} /> : null}

      <ul className="people" aria-label={t("checkIn.people")}>
        {shown.slice(0, CHECK_IN_SHOWN).map((person) => (
          <li key={person.id} className={`person person--${person.status.toLowerCase()}`}>
            <div className="person__who">
              <strong>{person.name}</strong>
              <span className="muted small">
                {labels.registrationCategory(t, person.category)}
                {person.organisation ? ` · ${person.organisation}` : ""}
                {person.phone ? ` · ${person.phone}` : ""}
              </span>
              <span className="small">
                {labels.registrationStatus(t, person.status)}
                {pendingIds.has(person.id) ? <span className="person__pending"> · {t("checkIn.notSentYet")}</span> : null}
              </span>
            </div>
            {closed ? null : hydrated ? (
              person.status === "ATTENDED" ? (
                <button type="button" className="button button--quiet" onClick={() => undo(person)}>
                  {t("checkIn.undo")} <span className="visually-hidden">{person.name}</span>
                </button>
              ) : (
                <button type="button" className="button button--primary" onClick={() => checkInPerson(person)}>
                  {t("checkIn.checkIn")} <span className="visually-hidden">{person.name}</span>
                </button>
              )
            ) : (
              <Form method="post">
                <input type="hidden" name="registrationId" value={person.id} />
                <input type="hidden" name="q" value={params.get("q") ?? ""} />
                <button
                  type="submit"
                  name="intent"
                  value={person.status === "ATTENDED" ? "undo" : "check-in"}
                  className={`button ${person.status === "ATTENDED" ? "button--quiet" : "button--primary"}`}
                >
                  {person.status === "ATTENDED" ? t("checkIn.undo") : t("checkIn.checkIn")}{" "}
                  <span className="visually-hidden">{person.name}</span>
                </button>
              </Form>
            )}
          </li>
        ))}
      </ul>
      {matched > CHECK_IN_SHOWN ? (
        <p className="muted small">{t("checkIn.refineSearch", { count: matched, shown: CHECK_IN_SHOWN })}</p>
      ) : null}
      {shown.length === 0 && (complete || firstScreen) ? <p className="empty">{t("checkIn.noMatch")}</p> : null}

      {closed ? null : (
        <WalkInForm
          key={correction?.key ?? "new"}
          categories={categories}
          lastResult={correction?.result ?? actionData?.result}
          onQueue={addWalkIn}
        />
      )}
    </div>
  );
}

/**
 * The check-in window as the phone sees it: worked out again every half minute, so a screen opened
 * the evening before (to keep the list on the phone) unlocks itself when check-in opens.
 */
function useClosedWindow(
  event: { status: string; startsAt: Date | string },
  opensAtTime: string,
  closedOnServer: CheckInWindow | null,
): Exclude<CheckInWindow, { open: true }> | null {
  const [window, setWindow] = useState<CheckInWindow>(() =>
    closedOnServer
      ? { ...closedOnServer, ...("opensAt" in closedOnServer ? { opensAt: new Date(closedOnServer.opensAt) } : {}) }
      : { open: true },
  );
  useEffect(() => {
    const update = () => setWindow(checkInWindow(event, opensAtTime, new Date()));
    update();
    const timer = setInterval(update, 30_000);
    return () => clearInterval(timer);
  }, [event, opensAtTime]);
  return window.open ? null : window;
}

/** What the phone has not sent and whether it can reach the server (kept in view while scrolling). */
function SyncState({ sync }: { sync: ReturnType<typeof useCheckInSync> }) {
  const t = useT();
  const { queue, connection } = sync;
  const count = queue.length;
  const text =
    connection === "signedOut"
      ? t("checkIn.signedOut", { count })
      : connection === "refused"
        ? t("checkIn.refused", { count })
        : connection === "serverError"
          ? t("checkIn.serverError", { count })
          : connection === "offline"
            ? count
              ? t("checkIn.offlinePending", { count })
              : t("checkIn.offlineNothingPending")
            : count
              ? t("checkIn.sending", { count })
              : t("checkIn.allSent");
  return (
    <p role="status" className={`sync sync--${connection !== "online" ? "problem" : count ? "pending" : "ok"}`}>
      {text}
    </p>
  );
}

/** How fresh the list is, whether the page opens without signal, and a way to try again now. */
function SyncDetails({ sync, offlineReady, eventId }: { sync: ReturnType<typeof useCheckInSync>; offlineReady: boolean; eventId: string }) {
  const t = useT();
  const language = useLanguage();
  const { queue, connection, fetchedAt, storageFailed } = sync;
  const updated = new Date(fetchedAt);
  const sameDay = malaysiaDateKey(updated) === malaysiaDateKey(new Date());
  return (
    <div className="sync-details">
      {storageFailed ? (
        <p role="alert" className="sync-details__warning">
          {t("checkIn.storageFailed")}
        </p>
      ) : null}
      <p className="muted small">
        {t("checkIn.lastUpdated", { time: formatMalaysia(updated, sameDay ? "time" : "dateTime", language) })}
        {offlineReady ? ` ${t("checkIn.offlineReady")}` : ""}
      </p>
      {connection !== "online" || queue.length ? (
        <div className="actions">
          <button type="button" className="button button--secondary" onClick={sync.syncNow}>
            {t("checkIn.retryNow")}
          </button>
          {connection === "signedOut" ? (
            <a href={`/sign-in?${new URLSearchParams({ redirectTo: `/events/${eventId}/check-in` })}`}>{t("checkIn.signInAgain")}</a>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "checkIn.title");

export function ErrorBoundary() {
  return <RouteError />;
}
