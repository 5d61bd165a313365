// A node-postgres pool for Prisma's CLI (migrate deploy, migrate status, db pull) on PostgreSQL.
//
// With @prisma/adapter-pg 6.19 the schema engine's catalog queries fail with "Column type 'name'
// could not be deserialized from the database": the adapter knows no column type for PostgreSQL's
// `name` (the type of catalog identifiers). Its values arrive as plain strings anyway, so the
// columns are presented as text. Only the CLI uses this pool; the app's own queries never read
// catalog columns (see prisma.config.ts and docs/decisions/005-postgresql-derived-schema.md).
import pg from "pg";

const NAME = 19;
const NAME_ARRAY = 1003;
const TEXT = 25;
const TEXT_ARRAY = 1009;

function catalogNamesAsText(result) {
  for (const one of Array.isArray(result) ? result : [result]) {
    for (const field of one?.fields ?? []) {
      if (field.dataTypeID === NAME) field.dataTypeID = TEXT;
      else if (field.dataTypeID === NAME_ARRAY) field.dataTypeID = TEXT_ARRAY;
    }
  }
  return result;
}

class CatalogClient extends pg.Client {
  query(...args) {
    const callback = typeof args.at(-1) === "function" ? args.pop() : null;
    if (callback) return super.query(...args, (error, result) => callback(error, error ? result : catalogNamesAsText(result)));
    const pending = super.query(...args);
    return typeof pending?.then === "function" ? pending.then(catalogNamesAsText) : pending;
  }
}

/** @param {string} connectionString */
export function createCatalogPool(connectionString) {
  // allowExitOnIdle: the CLI does not close its adapter, and idle connections would hold it open.
  return new pg.Pool({ connectionString, Client: CatalogClient, max: 1, allowExitOnIdle: true });
}
