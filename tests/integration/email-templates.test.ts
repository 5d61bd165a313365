import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { renderEmail } from "../../app/modules/mail/render.server";
import { TEMPLATE_NAMES } from "../../app/modules/mail/template-names";
import EventReminder from "../../emails/templates/event-reminder";
import RegistrationConfirmation from "../../emails/templates/registration-confirmation";
import { samples } from "../../emails/sample-data";
import { templateComponents as components } from "../support/email-samples";

describe("every template in both languages", () => {
  it("has a sample and a component for every template the outbox knows", () => {
    expect(Object.keys(components).sort()).toEqual([...TEMPLATE_NAMES].sort());
    expect(Object.keys(samples).sort()).toEqual([...TEMPLATE_NAMES].sort());
    // `npm run email` shows each of them in both languages.
    const previews = path.resolve(import.meta.dirname, "../../emails/previews");
    for (const name of TEMPLATE_NAMES)
      for (const language of ["ms", "en"])
        expect(fs.existsSync(path.join(previews, `${name}.${language}.tsx`)), `${name}.${language}`).toBe(true);
  });

  for (const name of TEMPLATE_NAMES) {
    for (const language of ["ms", "en"] as const) {
      it(`${name} (${language}) renders HTML and text with the helpline and nothing missing`, async () => {
        const props = samples[name](language) as Record<string, unknown>;
        const { html, text } = await renderEmail({ component: components[name], props });
        for (const part of [html, text]) {
          expect(part).not.toMatch(/undefined|NaN|\[object Object\]/);
          // An unfilled placeholder or a raw catalogue key would show as {name} or email.xxx.
          expect(part).not.toMatch(/\{[a-zA-Z]+\}/);
          expect(part).not.toMatch(/\bemail\.[a-z]+\.[a-zA-Z]+/);
          expect(part).toContain("15999");
          expect(part).toContain("019-2615999");
        }
        expect(html).toContain("https://wa.me/60192615999");
        expect(html).toContain(`lang="${language}"`);
        expect(text.length).toBeGreaterThan(200);
        const reason =
          language === "ms"
            ? /Anda menerima e-mel ini|Sekolah anda menerima e-mel ini/
            : /You are receiving this email|Your school is receiving this email/;
        expect(text).toMatch(reason);
      });
    }
  }

  it("the Malay and English versions differ (the language is really applied)", async () => {
    const ms = await renderEmail({ component: RegistrationConfirmation, props: samples["registration-confirmation"]("ms") });
    const en = await renderEmail({ component: RegistrationConfirmation, props: samples["registration-confirmation"]("en") });
    expect(ms.text.toLowerCase()).toContain("pendaftaran anda disahkan");
    expect(en.text.toLowerCase()).toContain("your registration is confirmed");
    // Times in Malaysian time, in each language's way of writing them.
    expect(ms.text).toContain("Selasa, 8 Disember 2026, 9.00 pagi – 12.00 tengah hari");
    expect(en.text).toContain("Tuesday, 8 December 2026, 9:00 AM – 12:00 PM");
  });

  it("reminders and follow-ups carry an unsubscribe link; confirmations do not", async () => {
    const reminder = await renderEmail({ component: EventReminder, props: samples["event-reminder"]("ms") });
    expect(reminder.html).toContain("/unsubscribe/");
    const confirmation = await renderEmail({ component: RegistrationConfirmation, props: samples["registration-confirmation"]("ms") });
    expect(confirmation.html).not.toContain("/unsubscribe/");
  });
});
