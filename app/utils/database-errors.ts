// Database errors recognised by their shape, not by class: the SQLite and PostgreSQL clients each
// carry their own copy of Prisma's runtime, so `instanceof Prisma.PrismaClientKnownRequestError`
// would hold for one of them only.

type ErrorShape = { name?: unknown; code?: unknown; cause?: { kind?: unknown; code?: unknown; originalCode?: unknown } };

function prismaCode(error: unknown): string | null {
  const e = error as ErrorShape | null;
  return e?.name === "PrismaClientKnownRequestError" && typeof e.code === "string" ? e.code : null;
}

/** A unique constraint refused the write (P2002). */
export function isUniqueViolation(error: unknown): boolean {
  return prismaCode(error) === "P2002";
}

// PostgreSQL's serialization_failure and deadlock_detected: the transaction was rolled back and
// running it again is the documented remedy.
const RETRYABLE_POSTGRESQL_CODES = new Set(["40001", "40P01"]);

/**
 * A transaction lost to a concurrent one and can simply run again: a write conflict (P2034) or a
 * PostgreSQL deadlock, which the driver adapter reports as a raw DriverAdapterError.
 */
export function isTransientConflict(error: unknown): boolean {
  if (prismaCode(error) === "P2034") return true;
  const e = error as ErrorShape | null;
  if (e?.name !== "DriverAdapterError" || !e.cause) return false;
  if (e.cause.kind === "TransactionWriteConflict") return true;
  return e.cause.kind === "postgres" && RETRYABLE_POSTGRESQL_CODES.has(String(e.cause.code ?? e.cause.originalCode));
}

/** Runs `work` again (a few times, with a short random pause) while it fails on a transient conflict. */
export async function retryOnConflict<T>(work: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !isTransientConflict(error)) throw error;
      // Random, growing pauses so the transactions that collided do not collide again in step.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * 2 ** attempt));
    }
  }
}
