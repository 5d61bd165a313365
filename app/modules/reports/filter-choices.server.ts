import { programmeScopeSql, type ScopedUser } from "~/modules/auth/scope.server";
import { sqlAnd, sqlReads } from "~/utils/driver-sql.server";

type ChoiceRow = { list: "district" | "programme" | "state"; id: string; label: string; stateCode: string | null; year: number | null };

/**
 * The lists the report filters offer (dashboard, exports): the programmes the user may see, every
 * state, and the districts of `stateCode` (every district without one). They are the same as
 * programmeChoices, stateChoices and districtChoices give, in the same order, read in one plain
 * statement on every visit (docs/decisions/019): as three model queries they cost some 6 ms of
 * server time, nearly all of it Prisma compiling them.
 */
export async function reportFilterChoices(user: ScopedUser, stateCode?: string) {
  const programmes = sqlAnd([programmeScopeSql(user)]);
  // Sorted as the three lists are: programmes newest year first, then by title; states by code;
  // districts by state, then name. `list` keeps the three apart.
  const rows = await sqlReads((sql) =>
    sql.all<ChoiceRow>(
      `SELECT CAST('programme' AS TEXT) AS "list", p."id", p."title" AS "label", p."stateCode", CAST(p."year" AS INTEGER) AS "year",
          -p."year" AS "first", CAST('' AS TEXT) AS "second"
        FROM "Programme" p WHERE ${programmes.sql}
       UNION ALL
       SELECT 'state', st."code", st."name", NULL, NULL, 0, st."code" FROM "State" st
       UNION ALL
       SELECT 'district', d."id", d."name", d."stateCode", NULL, 0, d."stateCode" FROM "District" d
         ${stateCode ? `WHERE d."stateCode" = ?` : ""}
       ORDER BY "list", "first", "second", "label"`,
      [...programmes.params, ...(stateCode ? [stateCode] : [])],
    ),
  );
  return {
    programmes: rows
      .filter((r) => r.list === "programme")
      .map((r) => ({ id: r.id, title: r.label, year: Number(r.year), stateCode: r.stateCode })),
    states: rows.filter((r) => r.list === "state").map((r) => ({ code: r.id, name: r.label })),
    districts: rows.filter((r) => r.list === "district").map((r) => ({ id: r.id, name: r.label, stateCode: r.stateCode! })),
  };
}
