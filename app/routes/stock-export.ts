import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/modules/auth/session.server";
import { downloadResponse, toCsv, toXlsx } from "~/modules/exports/tabular.server";
import { getLanguage } from "~/modules/i18n/language.server";
import { ledgerFiltersFromSearch, stockLedgerTable } from "~/modules/materials/stock.server";

/** The stock ledger as CSV or Excel (?format=csv|xlsx) with the page's filters. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const table = await stockLedgerTable(user, ledgerFiltersFromSearch(url.searchParams), await getLanguage(request));
  const format = url.searchParams.get("format") === "xlsx" ? "xlsx" : "csv";
  return downloadResponse(format === "csv" ? toCsv(table) : await toXlsx(table), `stok.${format}`, format);
}
