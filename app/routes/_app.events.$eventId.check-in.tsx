import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData, useRevalidator, useSearchParams } from "@remix-run/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { loadQueue, newClientId, saveQueue, sendQueue, type QueuedOp } from "~/components/registrations/check-in-queue";
import { QrScanner } from "~/components/registrations/qr-scanner";
import { RouteError } from "~/components/route-error";
import { requireUser } from "~/modules/auth/session.server";
import { parseCategories } from "~/modules/events/event-rules";
import { translateError, useLanguage, useT, type MessageKey } from "~/modules/i18n/i18n";
import { checkIn, checkInList, undoCheckIn, walkIn } from "~/modules/registrations/attendance.server";
import { StaffRegistrationSchema } from "~/modules/registrations/registration-schema";
import { readFormData } from "~/utils/form-data.server";
import { searchKey } from "~/utils/text";
import { pageTitle } from "~/utils/meta";
import { redirectWithToast } from "~/utils/toast.server";

type Person = Awaited<ReturnType<typeof checkInList>>["people"][number];

function matches(person: Pick<Person, "name" | "phoneDigits" | "code" | "organisation">, query: string): boolean {
  const words = searchKey(query).split(" ").filter(Boolean);
  const haystack = searchKey(`${person.name} ${person.phoneDigits} ${person.code} ${person.organisation ?? ""}`);
  return words.every((w) => haystack.includes(w));
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { event, people } = await checkInList(user, params.eventId!);
  const q = new URL(request.url).searchParams.get("q")?.slice(0, 100) ?? "";
  return {
    event: { id: event.id, title: event.title, startsAt: event.startsAt },
    categories: parseCategories(event.registrationCategories),
    people,
    // Without JavaScript the server does the searching.
    serverQuery: q,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  const back = `/events/${params.eventId}/check-in${formData.get("q") ? `?q=${encodeURIComponent(String(formData.get("q")))}` : ""}`;
  if (intent === "check-in") {
    const result = await checkIn(user, params.eventId!, { registrationId: String(formData.get("registrationId") ?? "") || undefined, code: String(formData.get("code") ?? "") || undefined });
    return redirectWithToast(back, result.ok ? { key: "toast.checkedIn", params: { name: result.name } } : { kind: "error", key: result.error });
  }
  if (intent === "undo") {
    await undoCheckIn(user, params.eventId!, String(formData.get("registrationId") ?? ""));
    return redirectWithToast(back, { key: "toast.checkInUndone" });
  }
  const submission = parseWithZod(formData, { schema: StaffRegistrationSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  await walkIn(user, params.eventId!, { ...submission.value, status: "ATTENDED" });
  return redirectWithToast(back, { key: "toast.walkInAdded", params: { name: submission.value.fullName } });
}

export default function CheckInPage() {
  const loaderData = useLoaderData<typeof loader>();
  const { event, categories, serverQuery } = loaderData;
  const t = useT();
  const language = useLanguage();
  const revalidator = useRevalidator();
  const [params] = useSearchParams();
  const [hydrated, setHydrated] = useState(false);
  const [query, setQuery] = useState(serverQuery);
  const [queue, setQueue] = useState<QueuedOp[]>([]);
  const [online, setOnline] = useState(true);
  const [scanning, setScanning] = useState(false);
  const [message, setMessage] = useState<{ kind: "success" | "error"; text: string } | null>(null);
  const [walkIns, setWalkIns] = useState<Person[]>([]);
  const sending = useRef(false);

  useEffect(() => {
    setHydrated(true);
    setQueue(loadQueue(event.id));
    setOnline(navigator.onLine);
  }, [event.id]);

  // The server's list with this phone's unsent changes laid over it.
  const people = useMemo(() => {
    const byId = new Map<string, Person>(loaderData.people.map((p) => [p.id, { ...p }]));
    for (const w of walkIns) if (!byId.has(w.id)) byId.set(w.id, w);
    for (const op of queue) {
      if (op.kind === "check-in") {
        const person = op.registrationId ? byId.get(op.registrationId) : [...byId.values()].find((p) => p.code === op.code);
        if (person) person.status = "ATTENDED";
      } else if (op.kind === "undo") {
        const person = byId.get(op.registrationId);
        if (person) person.status = "REGISTERED";
      }
    }
    return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
  }, [loaderData.people, queue, walkIns]);

  const enqueue = useCallback(
    (op: QueuedOp) => {
      setQueue((current) => {
        const next = [...current, op];
        saveQueue(event.id, next);
        return next;
      });
    },
    [event.id],
  );

  const flush = useCallback(async () => {
    if (sending.current) return;
    const pending = loadQueue(event.id);
    if (pending.length === 0) return;
    sending.current = true;
    const results = await sendQueue(event.id, pending);
    sending.current = false;
    if (!results) {
      setOnline(false);
      return;
    }
    setOnline(true);
    const done = new Set(results.map((r) => r.clientId));
    const failed = results.filter((r) => !r.ok);
    const remaining = loadQueue(event.id).filter((op) => !done.has(op.clientId));
    saveQueue(event.id, remaining);
    setQueue(remaining);
    if (failed.length) setMessage({ kind: "error", text: translateError(language, failed[0].error ?? "errors.invalid") });
    revalidator.revalidate();
    setWalkIns([]);
  }, [event.id, language, revalidator]);

  useEffect(() => {
    if (!hydrated) return;
    const retry = window.setInterval(() => void flush(), 5_000);
    const refresh = window.setInterval(() => {
      if (navigator.onLine && loadQueue(event.id).length === 0 && revalidator.state === "idle") revalidator.revalidate();
    }, 20_000);
    const onOnline = () => {
      setOnline(true);
      void flush();
    };
    const onOffline = () => setOnline(false);
    window.addEventListener("online", onOnline);
    window.addEventListener("offline", onOffline);
    return () => {
      window.clearInterval(retry);
      window.clearInterval(refresh);
      window.removeEventListener("online", onOnline);
      window.removeEventListener("offline", onOffline);
    };
  }, [hydrated, flush, event.id, revalidator]);

  const checkInPerson = (person: Person) => {
    enqueue({ kind: "check-in", clientId: newClientId(), registrationId: person.id, at: new Date().toISOString() });
    setMessage({ kind: "success", text: t("toast.checkedIn", { name: person.name }) });
    void flush();
  };
  const undo = (person: Person) => {
    enqueue({ kind: "undo", clientId: newClientId(), registrationId: person.id, at: new Date().toISOString() });
    setMessage({ kind: "success", text: t("toast.checkInUndone") });
    void flush();
  };
  const checkInCode = useCallback(
    (raw: string) => {
      const code = raw.trim().toUpperCase().replace(/[^A-Z0-9]/g, "");
      const person = people.find((p) => p.code === code);
      if (!person) {
        setMessage({ kind: "error", text: t("errors.checkIn.notFound") });
        return;
      }
      if (person.status === "ATTENDED") {
        setMessage({ kind: "success", text: t("checkIn.already", { name: person.name }) });
        return;
      }
      enqueue({ kind: "check-in", clientId: newClientId(), code, at: new Date().toISOString() });
      setMessage({ kind: "success", text: t("toast.checkedIn", { name: person.name }) });
      void flush();
    },
    [people, enqueue, flush, t],
  );

  const shown = hydrated ? (query.trim() ? people.filter((p) => matches(p, query)) : people) : serverQuery ? loaderData.people.filter((p) => matches(p, serverQuery)) : loaderData.people;
  const totals = categories.map((c) => ({
    category: c,
    attended: people.filter((p) => p.category === c && p.status === "ATTENDED").length,
    expected: people.filter((p) => p.category === c && p.status !== "NO_SHOW").length,
  }));
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

      <section aria-labelledby="totals-heading" className="check-in__totals">
        <h2 id="totals-heading" className="visually-hidden">
          {t("checkIn.totals")}
        </h2>
        <p className="check-in__total" aria-live="polite">
          {t("checkIn.attendedTotal", { count: attendedAll })}
        </p>
        <ul className="stat-list">
          {totals.map((x) => (
            <li key={x.category}>
              <span className="stat-list__value">{x.attended}</span>/{x.expected} {t(`registration.category.${x.category}` as MessageKey)}
            </li>
          ))}
        </ul>
        {hydrated ? (
          <p className={`sync sync--${queue.length ? "pending" : "ok"}`} role="status">
            {queue.length ? t(online ? "checkIn.sending" : "checkIn.offlinePending", { count: queue.length }) : t("checkIn.allSent")}
          </p>
        ) : null}
      </section>

      {message ? (
        <p className={`toast toast--${message.kind}`} role={message.kind === "error" ? "alert" : "status"}>
          {message.text}
        </p>
      ) : null}

      <Form method="get" className="check-in__search" role="search" onSubmit={(e) => hydrated && e.preventDefault()}>
        <label htmlFor="search">{t("checkIn.search")}</label>
        <input id="search" name="q" type="search" value={query} onChange={(e) => setQuery(e.target.value)} autoComplete="off" inputMode="search" />
        {!hydrated ? <button type="submit" className="button button--secondary">{t("common.search")}</button> : null}
      </Form>

      <div className="actions">
        {hydrated ? (
          <button type="button" className="button button--secondary" onClick={() => setScanning((s) => !s)}>
            {t("checkIn.scan")}
          </button>
        ) : null}
        <Form method="post" className="inline-code" onSubmit={(e) => {
          if (!hydrated) return;
          e.preventDefault();
          const input = e.currentTarget.elements.namedItem("code") as HTMLInputElement;
          checkInCode(input.value);
          input.value = "";
        }}>
          <label htmlFor="code">{t("checkIn.typeCode")}</label>
          <input id="code" name="code" autoCapitalize="characters" autoComplete="off" maxLength={12} />
          <button type="submit" name="intent" value="check-in" className="button button--secondary">
            {t("checkIn.checkInCode")}
          </button>
        </Form>
      </div>
      {scanning ? <QrScanner onCode={checkInCode} onClose={() => setScanning(false)} /> : null}

      <ul className="people" aria-label={t("checkIn.people")}>
        {shown.slice(0, 300).map((person) => (
          <li key={person.id} className={`person person--${person.status.toLowerCase()}`}>
            <div className="person__who">
              <strong>{person.name}</strong>
              <span className="muted small">
                {t(`registration.category.${person.category}` as MessageKey)}
                {person.organisation ? ` · ${person.organisation}` : ""}
                {person.phone ? ` · ${person.phone}` : ""}
              </span>
              <span className="small">{t(`registration.status.${person.status}` as MessageKey)}</span>
            </div>
            {hydrated ? (
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
                <button type="submit" name="intent" value={person.status === "ATTENDED" ? "undo" : "check-in"} className={`button ${person.status === "ATTENDED" ? "button--quiet" : "button--primary"}`}>
                  {person.status === "ATTENDED" ? t("checkIn.undo") : t("checkIn.checkIn")} <span className="visually-hidden">{person.name}</span>
                </button>
              </Form>
            )}
          </li>
        ))}
      </ul>
      {shown.length === 0 ? <p className="empty">{t("checkIn.noMatch")}</p> : null}

      <WalkInForm
        categories={categories}
        hydrated={hydrated}
        onQueued={(person, op) => {
          setWalkIns((current) => [...current, person]);
          enqueue(op);
          setMessage({ kind: "success", text: t("toast.walkInAdded", { name: person.name }) });
          void flush();
        }}
      />
    </div>
  );
}

function WalkInForm({ categories, hydrated, onQueued }: { categories: string[]; hydrated: boolean; onQueued: (person: Person, op: QueuedOp) => void }) {
  const t = useT();
  return (
    <section className="panel" aria-labelledby="walk-in-heading">
      <h2 id="walk-in-heading">{t("checkIn.walkIn")}</h2>
      <Form
        method="post"
        className="stack"
        onSubmit={(e) => {
          if (!hydrated) return;
          e.preventDefault();
          const form = e.currentTarget;
          const data = new FormData(form);
          const fullName = String(data.get("fullName") ?? "").trim();
          if (fullName.length < 2) {
            (form.elements.namedItem("fullName") as HTMLInputElement).focus();
            return;
          }
          const clientId = newClientId();
          const category = String(data.get("category"));
          onQueued(
            { id: `walk-in-${clientId}`, name: fullName, phone: String(data.get("phone") ?? ""), phoneDigits: "", category, status: "ATTENDED", organisation: String(data.get("organisation") ?? "") || null, code: "", checkedInAt: new Date() },
            {
              kind: "walk-in",
              clientId,
              fullName,
              phone: String(data.get("phone") ?? "") || undefined,
              category: category as "TEACHER",
              organisation: String(data.get("organisation") ?? "") || undefined,
              at: new Date().toISOString(),
            },
          );
          form.reset();
        }}
      >
        <div className="row">
          <div className="field">
            <label htmlFor="walk-in-name">{t("register.fullName")}</label>
            <input id="walk-in-name" name="fullName" required minLength={2} maxLength={120} autoComplete="off" />
          </div>
          <div className="field">
            <label htmlFor="walk-in-phone">{t("register.phone")}</label>
            <input id="walk-in-phone" name="phone" type="tel" inputMode="tel" autoComplete="off" />
          </div>
          <div className="field">
            <label htmlFor="walk-in-category">{t("registrations.category")}</label>
            <select id="walk-in-category" name="category" defaultValue={categories[0]}>
              {categories.map((c) => (
                <option key={c} value={c}>
                  {t(`registration.category.${c}` as MessageKey)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="walk-in-organisation">{t("register.organisation")}</label>
            <input id="walk-in-organisation" name="organisation" autoComplete="off" />
          </div>
        </div>
        <input type="hidden" name="language" value="ms" />
        <input type="hidden" name="consent" value="on" />
        <p className="muted small">{t("checkIn.walkInNotice")}</p>
        <button type="submit" name="intent" value="walk-in" className="button button--primary">
          {t("checkIn.addWalkIn")}
        </button>
      </Form>
    </section>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "checkIn.title");

export function ErrorBoundary() {
  return <RouteError />;
}
