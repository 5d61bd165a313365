import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import type { z } from "zod";
import { FilterBar, FilterDates, FilterSelect } from "~/components/filter-bar";
import { FormErrors, SelectField, SubmitButton, TextField, type AnyField } from "~/components/forms";
import { Pagination } from "~/components/pagination";
import { FormToken, useFormToken } from "~/components/form-token";
import { RouteError } from "~/components/route-error";
import { can } from "~/modules/auth/permissions";
import { submitOnce } from "~/modules/audit/form-once.server";
import { requireUser, type SessionUser } from "~/modules/auth/session.server";
import { formatMalaysia } from "~/modules/calendar/malaysia-time";
import { errorMessage, useLanguage, useT } from "~/modules/i18n/i18n";
import { ADJUSTMENT_REASONS, AdjustmentSchema, ReceiptSchema, ThresholdSchema, TransferSchema } from "~/modules/materials/material-schema";
import { materialChoices } from "~/modules/materials/materials.server";
import {
  adjustStock,
  InsufficientStock,
  NotStockable,
  ledgerFiltersFromSearch,
  receiveStock,
  setThreshold,
  stockBalances,
  stockLedger,
  transferStock,
} from "~/modules/materials/stock.server";
import { stateChoices } from "~/modules/schools/schools.server";
import { readFormData } from "~/utils/form-data.server";
import { pageTitle } from "~/utils/meta";
import { pageFromSearch } from "~/utils/pagination";
import { redirectWithToast } from "~/utils/toast.server";
import { labels } from "~/modules/i18n/labels";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const filters = ledgerFiltersFromSearch(url.searchParams);
  const [balances, ledger, materials, states] = await Promise.all([
    stockBalances(user, { state: filters.state }),
    stockLedger(user, filters, pageFromSearch(url.searchParams)),
    materialChoices({ print: true }),
    stateChoices(),
  ]);
  const ownStates = user.role === "ADMIN" || !user.stateCode ? states : states.filter((s) => s.code === user.stateCode);
  return {
    balances,
    ledger,
    materials,
    states,
    ownStates,
    canWrite: can(user, "write:stock"),
    defaultState: user.stateCode ?? ownStates[0]?.code,
  };
}

const SCHEMAS = { receive: ReceiptSchema, adjust: AdjustmentSchema, transfer: TransferSchema, threshold: ThresholdSchema } as const;
type Intent = keyof typeof SCHEMAS;

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await readFormData(request);
  const intent = String(formData.get("intent")) as Intent;
  if (!Object.hasOwn(SCHEMAS, intent)) throw new Response("Unknown action", { status: 400 });
  const done = () => redirectWithToast("/stock", { key: `toast.stock.${intent}` as "toast.stock.receive" });
  // Stock received, adjusted or moved once per form, however often it is sent.
  return submitOnce(formData, () => recordMovement(user, intent, formData, done), done);
}

async function recordMovement(user: SessionUser, intent: Intent, formData: FormData, done: () => Promise<Response>) {
  const schema = SCHEMAS[intent];
  const submission = parseWithZod(formData, { schema });
  if (submission.status !== "success") return data({ intent, result: submission.reply() }, { status: 400 });
  try {
    if (intent === "receive") await receiveStock(user, submission.value as z.infer<typeof ReceiptSchema>);
    if (intent === "adjust") await adjustStock(user, submission.value as z.infer<typeof AdjustmentSchema>);
    if (intent === "transfer") await transferStock(user, submission.value as z.infer<typeof TransferSchema>);
    if (intent === "threshold") await setThreshold(user, submission.value as z.infer<typeof ThresholdSchema>);
  } catch (error) {
    if (error instanceof NotStockable)
      return data({ intent, result: submission.reply({ fieldErrors: { materialId: ["errors.choose"] } }) }, { status: 400 });
    if (error instanceof InsufficientStock) {
      return data(
        {
          intent,
          result: submission.reply({
            fieldErrors: { quantity: [errorMessage("errors.stock.insufficient", { available: error.available })] },
          }),
        },
        { status: 400 },
      );
    }
    throw error;
  }
  return done();
}

function StockForm({
  intent,
  title,
  children,
}: {
  intent: Intent;
  title: string;
  children: (fields: Record<string, AnyField>) => React.ReactNode;
}) {
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm<Record<string, string>>({
    id: `stock-${intent}`,
    lastResult: actionData?.intent === intent ? actionData.result : undefined,
    shouldValidate: "onSubmit",
  });
  return (
    <details className="panel" open={actionData?.intent === intent}>
      <summary>
        <h3>{title}</h3>
      </summary>
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={form.errors} />
        <FormToken />
        <input type="hidden" name="intent" value={intent} />
        {children(fields)}
        <SubmitButton>{title}</SubmitButton>
      </Form>
    </details>
  );
}

export default function StockPage() {
  const { balances, ledger, materials, states, ownStates, canWrite, defaultState } = useLoaderData<typeof loader>();
  const t = useT();
  const formToken = useFormToken();
  const language = useLanguage();
  const [params] = useSearchParams();
  const title = (m: { titleMs: string; titleEn: string }) => (language === "en" ? m.titleEn : m.titleMs);
  const materialOptions = materials.map((m) => ({ value: m.id, label: `${m.code} · ${title(m)}` }));
  const stateOptions = ownStates.map((s) => ({ value: s.code, label: s.name }));
  const exportQuery = new URLSearchParams(params);
  exportQuery.delete("page");
  return (
    <>
      <div className="page-header">
        <h1>{t("stock.title")}</h1>
        <Link to="/materials" className="button button--secondary">
          {t("material.listTitle")}
        </Link>
      </div>

      <section>
        <h2 id="balances-heading">{t("stock.balances")}</h2>
        {balances.length === 0 ? (
          <p className="empty">{t("stock.noBalances")}</p>
        ) : (
          <div className="table-wrap" role="region" aria-label={t("stock.balances")} tabIndex={0}>
            <table className="table--stack">
              <caption className="visually-hidden">{t("stock.balances")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("stock.office")}</th>
                  <th scope="col">{t("material.field.title")}</th>
                  <th scope="col" className="num">
                    {t("stock.balance")}
                  </th>
                  <th scope="col" className="num">
                    {t("stock.lowAt")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {balances.map((b) => (
                  <tr key={`${b.stateCode}-${b.materialId}`} className={b.low ? "row--problem" : undefined}>
                    <td data-label={t("stock.office")}>{b.state.name}</td>
                    <td data-label={t("material.field.title")}>
                      <code>{b.material.code}</code> {title(b.material)}
                    </td>
                    <td className="num" data-label={t("stock.balance")}>
                      <strong>{b.quantity.toLocaleString("en-MY")}</strong> {b.material.unit}
                      {b.low ? <span className="badge badge--cancelled">{t("stock.low")}</span> : null}
                    </td>
                    <td className="num" data-label={t("stock.lowAt")}>
                      {b.lowAt ?? "—"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {canWrite ? (
        <section aria-labelledby="movements-heading">
          <h2 id="movements-heading">{t("stock.record")}</h2>
          <StockForm key={formToken} intent="receive" title={t("stock.receive")}>
            {(fields) => (
              <div className="row">
                <SelectField meta={fields.stateCode} label={t("stock.office")} options={stateOptions} defaultValue={defaultState} />
                <SelectField
                  meta={fields.materialId}
                  label={t("material.field.title")}
                  placeholder={t("common.choose")}
                  options={materialOptions}
                />
                <TextField meta={fields.quantity} label={t("stock.quantity")} type="number" inputMode="numeric" min={1} />
                <TextField meta={fields.reference} label={t("stock.reference")} help={t("stock.referenceHelp")} />
              </div>
            )}
          </StockForm>
          <StockForm key={formToken} intent="adjust" title={t("stock.adjust")}>
            {(fields) => (
              <div className="row">
                <SelectField meta={fields.stateCode} label={t("stock.office")} options={stateOptions} defaultValue={defaultState} />
                <SelectField
                  meta={fields.materialId}
                  label={t("material.field.title")}
                  placeholder={t("common.choose")}
                  options={materialOptions}
                />
                <TextField
                  meta={fields.quantity}
                  label={t("stock.adjustQuantity")}
                  type="number"
                  inputMode="numeric"
                  help={t("stock.adjustHelp")}
                />
                <SelectField
                  meta={fields.reason}
                  label={t("stock.reason")}
                  placeholder={t("common.choose")}
                  options={ADJUSTMENT_REASONS.map((r) => ({ value: r, label: labels.stockReason(t, r) }))}
                />
                <TextField meta={fields.note} label={t("stock.note")} />
              </div>
            )}
          </StockForm>
          <StockForm key={formToken} intent="transfer" title={t("stock.transfer")}>
            {(fields) => (
              <div className="row">
                <SelectField meta={fields.stateCode} label={t("stock.fromOffice")} options={stateOptions} defaultValue={defaultState} />
                <SelectField
                  meta={fields.toStateCode}
                  label={t("stock.toOffice")}
                  placeholder={t("common.choose")}
                  options={states.map((s) => ({ value: s.code, label: s.name }))}
                />
                <SelectField
                  meta={fields.materialId}
                  label={t("material.field.title")}
                  placeholder={t("common.choose")}
                  options={materialOptions}
                />
                <TextField meta={fields.quantity} label={t("stock.quantity")} type="number" inputMode="numeric" min={1} />
                <TextField meta={fields.reference} label={t("stock.reference")} />
              </div>
            )}
          </StockForm>
          <StockForm key={formToken} intent="threshold" title={t("stock.setThreshold")}>
            {(fields) => (
              <div className="row">
                <SelectField meta={fields.stateCode} label={t("stock.office")} options={stateOptions} defaultValue={defaultState} />
                <SelectField
                  meta={fields.materialId}
                  label={t("material.field.title")}
                  placeholder={t("common.choose")}
                  options={materialOptions}
                />
                <TextField meta={fields.lowAt} label={t("stock.lowAt")} type="number" inputMode="numeric" min={0} />
              </div>
            )}
          </StockForm>
        </section>
      ) : null}

      <section>
        <h2 id="ledger-heading">{t("stock.ledger")}</h2>
        <FilterBar>
          <FilterSelect name="state" label={t("stock.office")} value={params.get("state")} options={stateOptions} />
          <FilterSelect name="material" label={t("material.field.title")} value={params.get("material")} options={materialOptions} />
          <FilterSelect name="type" label={t("stock.movement")} value={params.get("type")} options={labels.stockMovementType.options(t)} />
          <FilterDates from={params.get("from")} to={params.get("to")} />
        </FilterBar>
        <div className="table-wrap" role="region" aria-label={t("stock.ledger")} tabIndex={0}>
          <table className="table--stack">
            <caption className="visually-hidden">{t("stock.ledger")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("stock.when")}</th>
                <th scope="col">{t("stock.movement")}</th>
                <th scope="col">{t("material.field.title")}</th>
                <th scope="col" className="num">
                  {t("stock.quantity")}
                </th>
                <th scope="col">{t("stock.reference")}</th>
              </tr>
            </thead>
            <tbody>
              {ledger.items.map((m) => (
                <tr key={m.id}>
                  <td data-label={t("stock.when")}>
                    {formatMalaysia(m.createdAt, "dateTime", language)}
                    <div className="muted small">
                      {m.state.name}
                      {m.createdBy ? ` · ${m.createdBy.name}` : ""}
                    </div>
                  </td>
                  <td data-label={t("stock.movement")}>
                    {labels.stockMovementType(t, m.type)}
                    {m.reason ? <div className="muted small">{labels.stockReason(t, m.reason)}</div> : null}
                  </td>
                  <td data-label={t("material.field.title")}>
                    <code>{m.material.code}</code> {title(m.material)}
                  </td>
                  <td className="num" data-label={t("stock.quantity")}>
                    {m.quantity > 0 ? `+${m.quantity}` : m.quantity}
                  </td>
                  <td data-label={t("stock.reference")}>
                    {m.delivery ? <Link to={`/events/${m.delivery.eventId}/materials`}>{m.delivery.event.title}</Link> : m.reference}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <Pagination page={ledger.page} pageCount={ledger.pageCount} total={ledger.total} />
        <p className="actions">
          <a className="button button--secondary" href={`/stock-export?${exportQuery}${exportQuery.size ? "&" : ""}format=csv`} download>
            {t("registrations.exportCsv")}
          </a>
          <a className="button button--secondary" href={`/stock-export?${exportQuery}${exportQuery.size ? "&" : ""}format=xlsx`} download>
            {t("registrations.exportXlsx")}
          </a>
        </p>
      </section>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "stock.title");

export function ErrorBoundary() {
  return <RouteError />;
}
