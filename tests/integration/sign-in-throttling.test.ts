/**
 * Sign-in that an attacker cannot turn against a user (docs/decisions/010-sign-in-throttling.md).
 * Wrong passwords used to lock any account, the administrator's included, for 15 minutes, from
 * anywhere. Now they slow the guesser down (per account and address, per account, per address),
 * with waits that grow, and the owner still gets in: from another network, and from a device the
 * account has signed in on before even while the account is slowed down for everyone else.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { accountHash } from "../../app/modules/auth/sign-in-throttle.server";
import { translateError } from "../../app/modules/i18n/i18n";
import * as editUser from "../../app/routes/_app.admin.users.$userId";
import * as usersPage from "../../app/routes/_app.admin.users._index";
import * as signInRoute from "../../app/routes/sign-in";
import { db } from "../../app/utils/db.server";
import { makeUser, TEST_PASSWORD } from "../support/factories";
import { callAction, callLoader, cookieFor, type RouteResult } from "../support/route-calls";

let admin: Awaited<ReturnType<typeof makeUser>>;
beforeAll(async () => {
  admin = await makeUser(db, { role: "ADMIN", email: "pentadbir@kasih.test" });
});

let address = 1;
const newAddress = () => `203.0.113.${address++}`;

function attempt(email: string, password: string, from: string, device?: string) {
  return callAction(signInRoute.action, { url: "/sign-in", clientIp: from, cookie: device, form: { email, password } });
}
const message = (result: RouteResult): string => result.data?.result?.error?.[""]?.[0] ?? `(${result.status})`;
const deviceCookieOf = (result: RouteResult) =>
  result.headers
    .getSetCookie()
    .find((c) => c.startsWith("kasih_device="))
    ?.split(";")[0];

/** Lets every wait on the account run out, as if the guesser had waited. */
async function waitItOut(email: string) {
  await db.signInThrottle.updateMany({
    where: { accountKey: accountHash(email), blockedUntil: { not: null } },
    data: { blockedUntil: new Date(Date.now() - 1000) },
  });
}

/** The right password once from `from`: the browser's known-device cookie. */
async function knownDevice(email: string, from = newAddress()) {
  const result = await attempt(email, TEST_PASSWORD, from);
  expect(result.status).toBe(302);
  return deviceCookieOf(result)!;
}

describe("a stranger guessing one account from one network", () => {
  it("hears five wrong passwords, then waits a minute, two, four… with a clear, translated message; the owner elsewhere is not held up", async () => {
    const owner = await makeUser(db, { role: "COORDINATOR", stateCode: "05", email: "sasaran.satu@kasih.test" });
    const attacker = newAddress();
    for (let i = 0; i < 5; i++) expect(message(await attempt(owner.email, `salah-${i}-xxxx`, attacker))).toBe("errors.signIn.invalid");
    const held = await attempt(owner.email, TEST_PASSWORD, attacker);
    expect(held.status).toBe(429);
    expect(message(held)).toBe("errors.signIn.throttled|minutes=1");
    expect(translateError("ms", message(held))).toBe(
      "Terlalu banyak cubaan log masuk ke akaun ini. Cuba lagi dalam 1 minit, atau log masuk pada peranti yang pernah anda gunakan untuk akaun ini.",
    );
    expect(translateError("en", message(held))).toMatch(/^Too many attempts to sign in to this account\. Try again in 1 min/);

    // The real owner, on another network and a browser never used before, signs in at once.
    expect((await attempt(owner.email, TEST_PASSWORD, newAddress())).status).toBe(302);

    // Each further wrong guess from there makes the next wait twice as long.
    for (const minutes of [2, 4, 8, 16]) {
      await waitItOut(owner.email);
      expect(message(await attempt(owner.email, "masih-salah-xx", attacker))).toBe("errors.signIn.invalid");
      expect(message(await attempt(owner.email, "masih-salah-xx", attacker))).toBe(`errors.signIn.throttled|minutes=${minutes}`);
    }
  });

  it("forty guesses sent at once are heard five at most, not forty", async () => {
    const owner = await makeUser(db, { role: "VIEWER", email: "serentak@kasih.test" });
    const attacker = newAddress();
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => attempt(owner.email, `serentak-${i}-xx`, attacker)));
    const heard = results.filter((r) => message(r) === "errors.signIn.invalid").length;
    expect(heard).toBeLessThanOrEqual(5);
    expect(heard).toBeGreaterThan(0);
    expect(results.every((r) => r.status === 400 || r.status === 429)).toBe(true);
  });
});

describe("strangers guessing one account from many networks", () => {
  it("slow the account down for new devices, but the owner's known device still gets in with the right password", async () => {
    const owner = await makeUser(db, { role: "ADMIN", email: "pentadbir.sasaran@kasih.test" });
    const laptop = await knownDevice(owner.email);
    // Ten networks, one guess each: no network is slowed, the account is.
    for (let i = 0; i < 10; i++)
      expect(message(await attempt(owner.email, `rangkaian-${i}-x`, newAddress()))).toBe("errors.signIn.invalid");
    const newPhone = await attempt(owner.email, TEST_PASSWORD, newAddress());
    expect(message(newPhone)).toBe("errors.signIn.throttled|minutes=1");
    expect(newPhone.headers.getSetCookie()).toEqual([]);

    const fromLaptop = await attempt(owner.email, TEST_PASSWORD, newAddress(), laptop);
    expect(fromLaptop.status).toBe(302);
    // And the same from the very network the guesses came from.
    const fromAttackersNetwork = await attempt(owner.email, TEST_PASSWORD, "203.0.113.250", laptop);
    expect(fromAttackersNetwork.status).toBe(302);

    // The owner's success forgives nobody else's failures: new devices still wait.
    expect(message(await attempt(owner.email, TEST_PASSWORD, newAddress()))).toMatch(/^errors.signIn.throttled/);
  });

  it("a forged, tampered or other account's device cookie is no known device", async () => {
    const owner = await makeUser(db, { role: "COORDINATOR", stateCode: "10", email: "palsu@kasih.test" });
    const other = await makeUser(db, { role: "VIEWER", email: "lain.akaun@kasih.test" });
    const otherDevice = await knownDevice(other.email);
    for (let i = 0; i < 10; i++) await attempt(owner.email, `palsu-${i}-xxx`, newAddress());
    const [name, value] = otherDevice.split("=");
    const forged = `${name}=${Buffer.from(JSON.stringify([{ u: owner.id, d: "a".repeat(24) }])).toString("base64")}.${value.split(".")[1]}`;
    const tampered = `${name}=${value.slice(0, -3)}abc`;
    for (const cookie of [otherDevice, forged, tampered, `kasih_device=${value.split(".")[0]}`]) {
      expect(message(await attempt(owner.email, TEST_PASSWORD, newAddress(), cookie))).toMatch(/^errors.signIn.throttled/);
    }
  });

  it("a known device has a count of its own: a stolen device cookie buys five guesses, then waits", async () => {
    const owner = await makeUser(db, { role: "LIAISON", email: "peranti.dicuri@kasih.test" });
    const stolen = await knownDevice(owner.email);
    for (let i = 0; i < 5; i++)
      expect(message(await attempt(owner.email, `curi-${i}-xxx`, newAddress(), stolen))).toBe("errors.signIn.invalid");
    expect(message(await attempt(owner.email, TEST_PASSWORD, newAddress(), stolen))).toBe("errors.signIn.throttled|minutes=1");
    // The owner's other browsers are not affected by that device's failures.
    expect((await attempt(owner.email, TEST_PASSWORD, newAddress())).status).toBe(302);
  });
});

describe("no answer tells whether an email has an account", () => {
  it("an unknown email gets the same answers, in the same order, as a real one", async () => {
    const real = await makeUser(db, { role: "VIEWER", email: "wujud@kasih.test" });
    const answers = async (email: string) => {
      const from = newAddress();
      const seen: string[] = [];
      for (let i = 0; i < 7; i++) {
        const result = await attempt(email, `teka-${i}-xxxx`, from);
        seen.push(`${result.status} ${message(result)}`);
      }
      for (let i = 0; i < 6; i++) {
        const result = await attempt(email, `teka-lagi-${i}-xx`, newAddress());
        seen.push(`${result.status} ${message(result)}`);
      }
      return seen;
    };
    const forReal = await answers(real.email);
    expect(forReal).toContain("429 errors.signIn.throttled|minutes=1");
    expect(await answers("tiada.akaun@kasih.test")).toEqual(forReal);
    // Nothing that would identify the email or the address is stored.
    const keys = (await db.signInThrottle.findMany({ select: { key: true, accountKey: true } })).flatMap((r) => [r.key, r.accountKey]);
    expect(keys.join(" ")).not.toMatch(/kasih\.test|wujud|tiada|203\.0\.113/);
  });
});

describe("the administrator", () => {
  it("sees which accounts are slowed down, on the users list and the user's page, and clears it (audited)", async () => {
    const owner = await makeUser(db, { role: "COORDINATOR", stateCode: "05", name: "Encik Diperlahan", email: "diperlahan@kasih.test" });
    for (let i = 0; i < 10; i++) await attempt(owner.email, `perlahan-${i}-xx`, newAddress());
    const cookie = await cookieFor(admin.id);
    const list = await callLoader(usersPage.loader, { url: "/admin/users", cookie });
    expect(list.data.slowed.map((s: { id: string }) => s.id)).toContain(owner.id);
    const row = list.data.users.items.find((u: { id: string }) => u.id === owner.id);
    expect(row.signInSlowedUntil).toBeInstanceOf(Date);
    const page = await callLoader(editUser.loader, { url: "/", cookie, params: { userId: owner.id } });
    expect(page.data.signIn).toMatchObject({ failures: 10, accountBlockedUntil: expect.any(Date) });

    // A coordinator cannot clear it.
    const coordinator = await cookieFor((await makeUser(db, { role: "COORDINATOR", stateCode: "05" })).id);
    const refused = await callAction(editUser.action, {
      url: "/",
      cookie: coordinator,
      params: { userId: owner.id },
      form: { intent: "clear-sign-in-throttle" },
    });
    expect(refused.status).toBe(403);
    expect(message(await attempt(owner.email, TEST_PASSWORD, newAddress()))).toMatch(/^errors.signIn.throttled/);

    const cleared = await callAction(editUser.action, {
      url: "/",
      cookie,
      params: { userId: owner.id },
      form: { intent: "clear-sign-in-throttle" },
    });
    expect(cleared.status).toBe(302);
    expect(cleared.location).toBe(`/admin/users/${owner.id}`);
    expect(await db.auditEntry.count({ where: { entityType: "User", entityId: owner.id, actorId: admin.id } })).toBe(1);
    expect((await callLoader(usersPage.loader, { url: "/admin/users", cookie })).data.slowed).not.toContainEqual(
      expect.objectContaining({ id: owner.id }),
    );
    expect((await attempt(owner.email, TEST_PASSWORD, newAddress())).status).toBe(302);
  });

  it("setting a new password for the account clears its waits too", async () => {
    const owner = await makeUser(db, { role: "VIEWER", name: "Puan Lupa", email: "lupa@kasih.test" });
    for (let i = 0; i < 10; i++) await attempt(owner.email, `lupa-${i}-xxxx`, newAddress());
    const reset = await callAction(editUser.action, {
      url: "/",
      cookie: await cookieFor(admin.id),
      params: { userId: owner.id },
      form: { name: owner.name, email: owner.email, role: "VIEWER", active: "on", password: "kata-laluan-baharu-1" },
    });
    expect(reset.status).toBe(302);
    expect((await attempt(owner.email, "kata-laluan-baharu-1", newAddress())).status).toBe(302);
  });
});
