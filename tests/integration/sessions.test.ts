/**
 * Session fixation and rotation: a session id known before sign-in is worth nothing after it, and
 * changing the password ends every session, a stolen one included.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { getSessionUser } from "../../app/modules/auth/session.server";
import * as account from "../../app/routes/_app.account";
import * as signInRoute from "../../app/routes/sign-in";
import { db } from "../../app/utils/db.server";
import { makeUser, TEST_PASSWORD } from "../support/factories";
import { callAction, cookieFor, type RouteResult } from "../support/route-calls";

let victim: Awaited<ReturnType<typeof makeUser>>;
let attacker: Awaited<ReturnType<typeof makeUser>>;
beforeAll(async () => {
  victim = await makeUser(db, { role: "COORDINATOR", stateCode: "05", email: "mangsa@kasih.test" });
  attacker = await makeUser(db, { role: "VIEWER", email: "penyerang@kasih.test" });
});

function sessionCookie(result: RouteResult): string {
  const cookie = result.headers
    .get("Set-Cookie")
    ?.split(/,(?=\s*\w+=)/)
    .map((c) => c.trim())
    .find((c) => c.startsWith("kasih_session="));
  expect(cookie, "a new session cookie").toBeDefined();
  return cookie!.split(";")[0];
}

const userOf = async (cookie: string) =>
  (await getSessionUser(new Request("http://localhost/", { headers: { Cookie: cookie } })))?.id ?? null;
const signIn = (email: string, cookie?: string) =>
  callAction(signInRoute.action, { url: "/sign-in", cookie, clientIp: "192.0.2.80", form: { email, password: TEST_PASSWORD } });

describe("signing in", () => {
  it("issues a new session id even when the browser already carries one planted by someone else", async () => {
    // The attacker signs in, then plants their own valid cookie in the victim's browser.
    const planted = await cookieFor(attacker.id);
    expect(await userOf(planted)).toBe(attacker.id);
    const sessionsBefore = await db.session.count({ where: { userId: victim.id } });

    const result = await signIn("mangsa@kasih.test", planted);
    expect(result.status).toBe(302);
    const fresh = sessionCookie(result);
    expect(fresh).not.toBe(planted);
    expect(await userOf(fresh)).toBe(victim.id);
    // The planted id was ended, not promoted: the attacker's copy opens nothing, least of all the victim's account.
    expect(await userOf(planted)).toBeNull();
    expect(await db.session.count({ where: { userId: victim.id } })).toBe(sessionsBefore + 1);
  });

  it("a made-up or tampered session cookie is ignored and replaced", async () => {
    const real = await cookieFor(victim.id);
    const [name, value] = real.split("=");
    const tampered = `${name}=${value.slice(0, -2)}${value.endsWith("AA") ? "BB" : "AA"}`;
    expect(await userOf(tampered)).toBeNull();
    expect(await userOf("kasih_session=ckxxxxxxxxxxxxxxxxxxxxxxx")).toBeNull();
    const result = await signIn("mangsa@kasih.test", tampered);
    expect(sessionCookie(result)).not.toBe(tampered);
  });

  it("every sign-in gets its own id", async () => {
    const first = sessionCookie(await signIn("mangsa@kasih.test"));
    const second = sessionCookie(await signIn("mangsa@kasih.test", first));
    expect(second).not.toBe(first);
    expect(await userOf(first)).toBeNull();
    expect(await userOf(second)).toBe(victim.id);
  });

  it("an expired session opens nothing", async () => {
    const cookie = await cookieFor(victim.id);
    await db.session.updateMany({ where: { userId: victim.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await userOf(cookie)).toBeNull();
  });
});

describe("changing the password", () => {
  it("ends every session, a stolen one included, and gives this browser a new one", async () => {
    const owner = await makeUser(db, { role: "COORDINATOR", stateCode: "05", email: "tukar@kasih.test" });
    const here = await cookieFor(owner.id);
    const stolen = await cookieFor(owner.id);
    const result = await callAction(account.action, {
      url: "/account",
      cookie: here,
      form: { currentPassword: TEST_PASSWORD, newPassword: "kata-laluan-baharu-2026", confirmPassword: "kata-laluan-baharu-2026" },
    });
    expect(result.status).toBe(302);
    const fresh = sessionCookie(result);
    expect(await userOf(stolen)).toBeNull();
    expect(await userOf(here)).toBeNull();
    expect(await userOf(fresh)).toBe(owner.id);
    expect(await db.session.count({ where: { userId: owner.id } })).toBe(1);
  });

  it("with a wrong current password changes nothing and ends nothing", async () => {
    const owner = await makeUser(db, { role: "COORDINATOR", stateCode: "05", email: "salah@kasih.test" });
    const here = await cookieFor(owner.id);
    const result = await callAction(account.action, {
      url: "/account",
      cookie: here,
      form: { currentPassword: "bukan-kata-laluan", newPassword: "kata-laluan-baharu-2026", confirmPassword: "kata-laluan-baharu-2026" },
    });
    expect(result.status).toBe(400);
    expect(await userOf(here)).toBe(owner.id);
  });
});

describe("a session's user", () => {
  it("is the account with its scope while the session lasts, and nobody once it has expired or the account is closed", async () => {
    const owner = await makeUser(db, { role: "COORDINATOR", stateCode: "05", email: "tamat@kasih.test", language: "en" });
    const cookie = await cookieFor(owner.id);
    const request = () => new Request("http://localhost/", { headers: { Cookie: cookie } });
    expect(await getSessionUser(request())).toEqual({
      id: owner.id,
      name: owner.name,
      email: "tamat@kasih.test",
      role: "COORDINATOR",
      stateCode: "05",
      schoolId: null,
      language: "en",
    });
    await db.session.updateMany({ where: { userId: owner.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await getSessionUser(request())).toBeNull();
    await db.session.updateMany({ where: { userId: owner.id }, data: { expiresAt: new Date(Date.now() + 3_600_000) } });
    expect(await getSessionUser(request())).not.toBeNull();
    await db.user.update({ where: { id: owner.id }, data: { active: false } });
    expect(await getSessionUser(request())).toBeNull();
  });
});
