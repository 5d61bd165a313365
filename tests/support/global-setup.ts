import { ensureBaseDatabase } from "./test-database";

export default function setup() {
  ensureBaseDatabase();
}
