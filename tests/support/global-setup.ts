import { ensureBaseDatabase } from "./test-database";

export default async function setup() {
  await ensureBaseDatabase();
}
