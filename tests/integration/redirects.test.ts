/**
 * Open redirects: every target from input goes through safeRedirect. The hostile list goes through
 * both routes that take one, sign-in and the language switch; each must end on this site, on the
 * route's own fallback page. (tests/e2e/security.e2e.ts sends the same list over HTTP.)
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as languageRoute from "../../app/routes/language";
import * as signInRoute from "../../app/routes/sign-in";
import { db } from "../../app/utils/db.server";
import { safeRedirect } from "../../app/utils/safe-redirect";
import { makeUser, TEST_PASSWORD } from "../support/factories";
import { HOSTILE_REDIRECTS, LOCAL_REDIRECTS, staysOn } from "../support/hostile-redirects";
import { callAction } from "../support/route-calls";

beforeAll(async () => {
  await makeUser(db, { role: "VIEWER", email: "arah@kasih.test" });
});

let address = 1;
const signIn = (redirectTo: string) =>
  callAction(signInRoute.action, {
    url: "/sign-in",
    clientIp: `198.51.100.${address++ % 250}`,
    form: { email: "arah@kasih.test", password: TEST_PASSWORD, redirectTo },
  });
const switchLanguage = (redirectTo: string) => callAction(languageRoute.action, { url: "/language", form: { language: "en", redirectTo } });

describe("redirect targets from input", () => {
  it.each(HOSTILE_REDIRECTS.map((target) => [JSON.stringify(target).slice(0, 60), target]))(
    "%s ends on this site after signing in and after switching language",
    async (_label, target) => {
      expect(safeRedirect(target, "/fallback")).toBe("/fallback");
      const signedIn = await signIn(target);
      expect(signedIn.status).toBe(302);
      expect(signedIn.location).toBe("/dashboard");
      const switched = await switchLanguage(target);
      expect(switched.status).toBe(302);
      expect(switched.location).toBe("/");
    },
  );

  it.each(LOCAL_REDIRECTS)("%s, a page on this site, is kept (as %s)", async (target, expected) => {
    expect((await signIn(target)).location).toBe(expected);
    expect((await switchLanguage(target)).location).toBe(expected);
    expect(staysOn("http://kasih.test", expected)).toBe(true);
  });

  it("the check that the tests rely on can fail", () => {
    expect(staysOn("http://kasih.test", "//evil.test")).toBe(false);
    expect(staysOn("http://kasih.test", "/\\evil.test")).toBe(false);
    expect(staysOn("http://kasih.test", "https://evil.test/")).toBe(false);
  });
});
