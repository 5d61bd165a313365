/**
 * A campaign's emails are rendered once per template and shared values, with each person's own
 * values put in afterwards (render.server.ts): the result must be exactly what rendering each
 * email whole gives, whatever the values hold.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { renderEmail } from "../../app/modules/mail/render.server";
import FollowUp, { type FollowUpProps } from "../../emails/templates/follow-up";

const base: FollowUpProps = {
  language: "ms",
  name: "Siti",
  eventTitle: "Sesi KASIH di SK Taman Rasah",
  attended: true,
  materials: [{ title: "Risalah <Talian Kasih>", url: "https://kasih.example/materials/m1/file" }],
  feedbackUrl: "https://kasih.example/feedback/abc?r=token1",
  unsubscribeUrl: "https://kasih.example/unsubscribe/one",
};
const personal = ["name", "feedbackUrl", "unsubscribeUrl"];

async function both(props: FollowUpProps) {
  const once = await renderEmail({ component: FollowUp, props, personal });
  const whole = await renderEmail({ component: FollowUp, props });
  return { once, whole };
}

describe("rendering a campaign's email once", () => {
  it("gives each person exactly the email a whole render gives, names with markup and quotes included", async () => {
    for (const name of ["Siti", `<b>Ali</b> & "Abu" 'Aminah'`, "Nur Ain binti Hj. Ahmad", "陈美玲", "&amp; x", "!  !", "Ali\tAbu"]) {
      const { once, whole } = await both({ ...base, name, feedbackUrl: `https://kasih.example/feedback/abc?r=${name.length}&x="1"` });
      expect(once.html).toBe(whole.html);
      expect(once.text).toBe(whole.text);
      expect(once.html).not.toContain("<b>Ali</b>");
    }
  });

  it("keeps apart what changes the email's shape: attended or not, a missing link, the language", async () => {
    for (const props of [
      { ...base, attended: false },
      { ...base, feedbackUrl: null },
      { ...base, language: "en" as const },
    ]) {
      const { once, whole } = await both(props);
      expect(once.html).toBe(whole.html);
      expect(once.text).toBe(whole.text);
    }
  });

  it("matches a whole render for any name", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 40 }), async (name) => {
        const { once, whole } = await both({ ...base, name: name.trim() || "x" });
        expect(once.html).toBe(whole.html);
        expect(once.text).toBe(whole.text);
      }),
      { numRuns: 60 },
    );
  });
});
