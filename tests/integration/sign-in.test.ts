import { beforeAll, describe, expect, it } from "vitest";
import { getSessionUser } from "../../app/modules/auth/session.server";
import * as languageRoute from "../../app/routes/language";
import * as signInRoute from "../../app/routes/sign-in";
import * as signOutRoute from "../../app/routes/sign-out";
import { db } from "../../app/utils/db.server";
import { makeUser, TEST_PASSWORD } from "../support/factories";
import { callAction } from "../support/route-calls";

let user: Awaited<ReturnType<typeof makeUser>>;
beforeAll(async () => {
  user = await makeUser(db, { role: "COORDINATOR", stateCode: "05", email: "rohana@kasih.test", language: "en" });
});

function cookieFrom(setCookie: string | null, name: string) {
  return setCookie
    ?.split(/,(?=\s*\w+=)/)
    .map((c) => c.trim())
    .find((c) => c.startsWith(`${name}=`));
}

describe("signing in", () => {
  it("a right password starts a session in a secure cookie and goes to the page asked for", async () => {
    const result = await callAction(signInRoute.action, {
      url: "/sign-in",
      form: { email: "  Rohana@KASIH.test ", password: TEST_PASSWORD, redirectTo: "/events?when=past" },
    });
    expect(result.status).toBe(302);
    expect(result.location).toBe("/events?when=past");
    const setCookie = result.headers.get("Set-Cookie");
    const session = cookieFrom(setCookie, "kasih_session")!;
    expect(setCookie).toMatch(/kasih_session=[^;]+;.*HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    // The user's language becomes the interface language.
    expect(cookieFrom(setCookie, "kasih_lang")).toBeDefined();
    const request = new Request("http://localhost/", { headers: { Cookie: session.split(";")[0] } });
    expect((await getSessionUser(request))?.id).toBe(user.id);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).lastSignInAt).not.toBeNull();
  });

  it("a wrong password gets one clear message and keeps the email, not the password", async () => {
    const result = await callAction(signInRoute.action, {
      url: "/sign-in",
      form: { email: "rohana@kasih.test", password: "salah-sama-sekali" },
    });
    expect(result.status).toBe(400);
    expect(result.data.result.error[""]).toEqual(["errors.signIn.invalid"]);
    expect(result.data.result.initialValue.email).toBe("rohana@kasih.test");
    expect(result.data.result.initialValue.password).toBeUndefined();
  });

  it("an unknown email gets the same message as a wrong password", async () => {
    const result = await callAction(signInRoute.action, {
      url: "/sign-in",
      form: { email: "tiada@kasih.test", password: "apa-apa-sahaja" },
    });
    expect(result.data.result.error[""]).toEqual(["errors.signIn.invalid"]);
  });

  it("refuses to redirect to another site after signing in", async () => {
    const result = await callAction(signInRoute.action, {
      url: "/sign-in",
      form: { email: "rohana@kasih.test", password: TEST_PASSWORD, redirectTo: "//evil.example/phish" },
    });
    expect(result.location).toBe("/dashboard");
  });

  it("slows down many attempts from one address, whatever the accounts", async () => {
    let last;
    for (let i = 0; i < 31; i++) {
      last = await callAction(signInRoute.action, {
        url: "/sign-in",
        clientIp: "203.0.113.9",
        form: { email: `orang${i}@kasih.test`, password: "cuba-cuba-lagi" },
      });
    }
    expect(last!.status).toBe(429);
    expect(last!.data.result.error[""][0]).toMatch(/^errors.signIn.rateLimited/);
    const elsewhere = await callAction(signInRoute.action, {
      url: "/sign-in",
      clientIp: "203.0.113.10",
      form: { email: "rohana@kasih.test", password: TEST_PASSWORD },
    });
    expect(elsewhere.status).toBe(302);
  });

  it("missing fields are reported per field", async () => {
    const result = await callAction(signInRoute.action, { url: "/sign-in", form: { email: "", password: "" } });
    expect(result.status).toBe(400);
    expect(result.data.result.error).toMatchObject({ email: ["errors.required"], password: ["errors.required"] });
  });
});

describe("signing out", () => {
  it("ends the session on the server, not just in the browser", async () => {
    const signedIn = await callAction(signInRoute.action, {
      url: "/sign-in",
      form: { email: "rohana@kasih.test", password: TEST_PASSWORD },
    });
    const cookie = cookieFrom(signedIn.headers.get("Set-Cookie"), "kasih_session")!.split(";")[0];
    const result = await callAction(signOutRoute.action, { url: "/sign-out", cookie, form: {} });
    expect(result.location).toBe("/sign-in");
    const request = new Request("http://localhost/", { headers: { Cookie: cookie } });
    expect(await getSessionUser(request)).toBeNull();
  });
});

describe("choosing the language", () => {
  it("remembers it in a cookie and on the account", async () => {
    const signedIn = await callAction(signInRoute.action, {
      url: "/sign-in",
      form: { email: "rohana@kasih.test", password: TEST_PASSWORD },
    });
    const cookie = cookieFrom(signedIn.headers.get("Set-Cookie"), "kasih_session")!.split(";")[0];
    const result = await callAction(languageRoute.action, { url: "/language", cookie, form: { language: "ms", redirectTo: "/events" } });
    expect(result.location).toBe("/events");
    expect(result.headers.get("Set-Cookie")).toMatch(/^kasih_lang=/);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).language).toBe("ms");
  });

  it("ignores unknown languages and outside redirects", async () => {
    const result = await callAction(languageRoute.action, {
      url: "/language",
      form: { language: "fr", redirectTo: "https://evil.example" },
    });
    expect(result.location).toBe("/");
    expect(result.headers.get("Set-Cookie")).toBeNull();
  });
});
