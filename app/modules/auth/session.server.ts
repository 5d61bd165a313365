import { createCookie, redirect } from "@remix-run/node";
import { db } from "~/utils/db.server";
import { sqlInstant, sqlReads } from "~/utils/driver-sql.server";
import { cookieOptions } from "~/utils/cookies.server";
import { env } from "~/utils/env.server";
import type { Role } from "./permissions";

const SESSION_DAYS = 30;

// The cookie holds only the id of a Session row; signing it stops guessing, the row makes
// sign-out and expiry real.
const sessionCookie = createCookie("kasih_session", cookieOptions({ secrets: env.sessionSecrets, maxAge: SESSION_DAYS * 24 * 60 * 60 }));

export type SessionUser = {
  id: string;
  name: string;
  email: string;
  role: Role;
  stateCode: string | null;
  schoolId: string | null;
  language: string;
};

async function readSessionId(request: Request): Promise<string | null> {
  const value = await sessionCookie.parse(request.headers.get("Cookie"));
  return typeof value === "string" ? value : null;
}

/**
 * The root loader and the page's loader both ask who is signed in: the session is read once per
 * request (each read is a Prisma query, a few milliseconds of server time to compile). Loaders
 * after an action get a request of their own, so a sign-in or sign-out is never answered from here.
 */
const userOfRequest = new WeakMap<Request, Promise<SessionUser | null>>();

export function getSessionUser(request: Request): Promise<SessionUser | null> {
  let user = userOfRequest.get(request);
  if (!user) {
    user = readSessionUser(request);
    userOfRequest.set(request, user);
  }
  return user;
}

/**
 * The session's user, if the session is live and the account active. One plain statement on the
 * driver (docs/decisions/019): every page reads it, and as a model query it cost a few
 * milliseconds of server time, nearly all of it Prisma compiling it.
 */
async function readSessionUser(request: Request): Promise<SessionUser | null> {
  const sessionId = await readSessionId(request);
  if (!sessionId) return null;
  const user = await sqlReads((sql) =>
    sql.get<SessionUser>(
      `SELECT u."id", u."name", u."email", u."role", u."stateCode", u."schoolId", u."language"
       FROM "Session" s JOIN "User" u ON u."id" = s."userId"
       WHERE s."id" = ? AND s."expiresAt" >= ? AND u."active"`,
      [sessionId, sqlInstant(new Date())],
    ),
  );
  return user ?? null;
}

/** Loads the signed-in user or sends the visitor to sign in, coming back here afterwards. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getSessionUser(request);
  if (!user) {
    const url = new URL(request.url);
    const redirectTo = url.pathname + url.search;
    throw redirect(`/sign-in?${new URLSearchParams({ redirectTo })}`);
  }
  return user;
}

/**
 * Starts a new session (a fresh id on every sign-in, so a session fixed before sign-in is
 * useless) and returns the Set-Cookie header value.
 */
export async function startSession(userId: string, previousRequest?: Request): Promise<string> {
  const previousId = previousRequest ? await readSessionId(previousRequest) : null;
  const session = await db.$transaction(async (tx) => {
    if (previousId) await tx.session.deleteMany({ where: { id: previousId } });
    await tx.session.deleteMany({ where: { userId, expiresAt: { lt: new Date() } } });
    return tx.session.create({
      data: { userId, expiresAt: new Date(Date.now() + SESSION_DAYS * 24 * 60 * 60 * 1000) },
      select: { id: true },
    });
  });
  return sessionCookie.serialize(session.id);
}

export async function endSession(request: Request): Promise<string> {
  const sessionId = await readSessionId(request);
  if (sessionId) await db.session.deleteMany({ where: { id: sessionId } });
  return sessionCookie.serialize("", { maxAge: 0 });
}
