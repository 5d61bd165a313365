/**
 * Under an https APP_URL every cookie the app sets is Secure: the session, the language, the
 * flash message, the known-device cookie, and the ones that clear them. The language cookie once
 * went without. (tests/e2e/security.e2e.ts checks the same over HTTP behind a proxy.)
 */
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.APP_URL = "https://kasih.example";
});

const { db } = await import("../../app/utils/db.server");
const signInRoute = await import("../../app/routes/sign-in");
const signOutRoute = await import("../../app/routes/sign-out");
const languageRoute = await import("../../app/routes/language");
const editUser = await import("../../app/routes/_app.admin.users.$userId");
const rootRoute = await import("../../app/root");
const { makeUser, TEST_PASSWORD } = await import("../support/factories");
const { callAction, callLoader } = await import("../support/route-calls");

let admin: Awaited<ReturnType<typeof makeUser>>;
beforeAll(async () => {
  admin = await makeUser(db, { role: "ADMIN", email: "selamat@kasih.test", language: "en" });
});

function setCookies(headers: Headers): string[] {
  return headers.getSetCookie();
}

describe("cookies under https", () => {
  it("every cookie set on the way through sign-in, a change, a flash message, a language switch and sign-out is Secure", async () => {
    const seen: string[] = [];
    const signedIn = await callAction(signInRoute.action, {
      url: "/sign-in",
      clientIp: "192.0.2.90",
      form: { email: "selamat@kasih.test", password: TEST_PASSWORD },
    });
    expect(signedIn.status).toBe(302);
    seen.push(...setCookies(signedIn.headers));
    const session = setCookies(signedIn.headers)
      .find((c) => c.startsWith("kasih_session="))!
      .split(";")[0];

    const saved = await callAction(editUser.action, {
      url: "/",
      cookie: session,
      params: { userId: admin.id },
      form: { name: "Admin Selamat", email: "selamat@kasih.test", role: "ADMIN", active: "on" },
    });
    expect(saved.status).toBe(302);
    seen.push(...setCookies(saved.headers));
    const toast = setCookies(saved.headers)
      .find((c) => c.startsWith("kasih_toast="))!
      .split(";")[0];
    // The next page reads the flash message and clears it.
    const page = await callLoader(rootRoute.loader, { url: "/admin/users", cookie: `${session}; ${toast}` });
    seen.push(...setCookies(page.headers));

    const switched = await callAction(languageRoute.action, {
      url: "/language",
      cookie: session,
      form: { language: "ms", redirectTo: "/" },
    });
    seen.push(...setCookies(switched.headers));
    const signedOut = await callAction(signOutRoute.action, { url: "/sign-out", cookie: session, form: {} });
    seen.push(...setCookies(signedOut.headers));

    const names = new Set(seen.map((c) => c.split("=")[0]));
    for (const name of ["kasih_session", "kasih_lang", "kasih_toast"]) expect(names, name).toContain(name);
    for (const cookie of seen) {
      expect(cookie, cookie.split("=")[0]).toMatch(/;\s*Secure(;|$)/i);
      expect(cookie, cookie.split("=")[0]).toMatch(/;\s*HttpOnly(;|$)/i);
      expect(cookie, cookie.split("=")[0]).toMatch(/;\s*SameSite=Lax(;|$)/i);
    }
  });

  it("every cookie in the app is made with the shared options, so a new one cannot forget Secure", () => {
    const root = path.resolve(import.meta.dirname, "../../app");
    const files = fs.readdirSync(root, { recursive: true, encoding: "utf8" }).filter((f) => /\.tsx?$/.test(f));
    const makers = files.filter((f) => /createCookie(SessionStorage)?\(/.test(fs.readFileSync(path.join(root, f), "utf8")));
    expect(makers.length).toBeGreaterThan(2);
    for (const file of makers) {
      const source = fs.readFileSync(path.join(root, file), "utf8");
      const calls = source.match(/createCookie(SessionStorage)?\([^;]*?\);/gs) ?? [];
      for (const call of calls) expect(call, file).toContain("cookieOptions(");
    }
  });
});
