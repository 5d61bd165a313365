import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { useT } from "~/modules/i18n/i18n";

/**
 * An administrator's table of rows with a Delete button on each: a frame that scrolls on a phone
 * (named, and reachable by keyboard), the caption, the headers (the last, for the buttons, named
 * for screen readers only) and the rows.
 */
export function AdminTable({ label, headers, children }: { label: string; headers: ReactNode[]; children: ReactNode }) {
  const t = useT();
  return (
    <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>
      <table>
        <caption className="visually-hidden">{label}</caption>
        <thead>
          <tr>
            {headers}
            <th scope="col">
              <span className="visually-hidden">{t("common.actions")}</span>
            </th>
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** The last cell of a row: a Delete button posting `intent` and the row's id, naming the row for screen readers. */
export function DeleteRowCell({ intent, id, name }: { intent: string; id: string; name: string }) {
  const t = useT();
  return (
    <td>
      <Form method="post">
        <input type="hidden" name="id" value={id} />
        <button type="submit" name="intent" value={intent} className="button button--quiet">
          {t("common.delete")} <span className="visually-hidden">{name}</span>
        </button>
      </Form>
    </td>
  );
}
