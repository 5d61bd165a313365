import { AsyncLocalStorage } from "node:async_hooks";
import crypto from "node:crypto";
import { isUniqueViolation } from "~/utils/database-errors";
import { db, type Db } from "~/utils/db.server";
import { FORM_TOKEN_FIELD } from "./form-token";

/**
 * One-time form tokens (docs/decisions/009-one-time-form-tokens.md). Every form that creates
 * something carries a token made for that page (`formToken` in the root loader, <FormToken />).
 * The action runs the creation inside `submitOnce`, and the first audit entry the creation writes,
 * in its own transaction, carries the token in a unique column. A second submission of the same
 * form (a double tap, a retry after a lost answer, the back button and submit again) finds the
 * token already recorded and is answered with the first result instead of making a second row.
 * Nothing is passed through the domain modules: recordAudit picks the token up from here.
 */

const TOKEN = /^[A-Za-z0-9_-]{16,64}$/;

export function newFormToken(): string {
  return crypto.randomBytes(16).toString("base64url");
}

/** What the first submission of a form made: the entity of its first audit entry. */
export type FirstSubmission = { entityType: string; entityId: string; action: string };

type Scope = {
  token: string;
  /** The transaction that carries the token in this attempt (one entry per transaction). */
  tokenTx: Db | null;
  /** Audit entries this submission wrote with the token (so a later transaction knows it was us). */
  ownEntries: Set<string>;
};

const scope = new AsyncLocalStorage<Scope>();

/** Thrown inside the work when another submission of the same form got there first. */
class AlreadySubmitted extends Error {
  constructor() {
    super("This form was already submitted");
  }
}

/** The form's one-time token, when it carries a well-formed one. */
export function formTokenOf(formData: FormData): string | null {
  const value = formData.get(FORM_TOKEN_FIELD);
  return typeof value === "string" && TOKEN.test(value) ? value : null;
}

async function firstSubmission(token: string): Promise<(FirstSubmission & { id: string }) | null> {
  return db.auditEntry.findUnique({ where: { formToken: token }, select: { id: true, entityType: true, entityId: true, action: true } });
}

/**
 * Runs `work` once per form token. A repeat is answered by `replay` with what the first submission
 * made; a form without a token (an old page, a script) simply runs. Validation failures and other
 * answers that change nothing leave the token unused, so the person can correct and submit again.
 */
export async function submitOnce<T>(
  formData: FormData,
  work: () => Promise<T>,
  replay: (first: FirstSubmission) => T | Promise<T>,
): Promise<T> {
  const token = formTokenOf(formData);
  if (!token) return work();
  const earlier = await firstSubmission(token);
  if (earlier) return replay(earlier);
  const current: Scope = { token, tokenTx: null, ownEntries: new Set() };
  try {
    const result = await scope.run(current, work);
    // A concurrent submission with the same token may have made the thing meanwhile, and this one
    // then found it there (say "already registered") without recording anything: answer as it did.
    const first = await firstSubmission(token);
    if (first && !current.ownEntries.has(first.id)) return replay(first);
    return result;
  } catch (error) {
    if (error instanceof AlreadySubmitted || isUniqueViolation(error)) {
      const first = await firstSubmission(token);
      if (first) return replay(first);
    }
    throw error;
  }
}

/**
 * For recordAudit: the token to store on this entry, or null. The first entry of each transaction
 * in a submission carries it; a transaction that finds it already stored by another submission
 * stops the work (its transaction rolls back and the first result is given instead).
 */
export async function formTokenForEntry(tx: Db): Promise<string | null> {
  const current = scope.getStore();
  if (!current || current.tokenTx === tx) return null;
  const stored = await tx.auditEntry.findUnique({ where: { formToken: current.token }, select: { id: true } });
  if (stored) {
    // Stored by an earlier transaction of this same submission (it committed): nothing more to mark.
    if (current.ownEntries.has(stored.id)) return null;
    throw new AlreadySubmitted();
  }
  current.tokenTx = tx;
  return current.token;
}

/** For recordAudit: the entry that carries the token was written (by this submission). */
export function rememberTokenEntry(entryId: string): void {
  scope.getStore()?.ownEntries.add(entryId);
}
