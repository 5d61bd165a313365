import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { translate } from "../../app/modules/i18n/translate";
import {
  submittedBody,
  templatesForSubmission,
  WHATSAPP_FOOTER,
  WHATSAPP_TEMPLATES,
  type WhatsAppTemplate,
} from "../../app/modules/whatsapp/whatsapp-templates";
import { ROOT } from "../support/test-database";

describe("the WhatsApp templates submitted to Meta", () => {
  it("docs/whatsapp-templates.md is what the catalogues make (npm run whatsapp:templates -- --write)", () => {
    expect(fs.readFileSync(path.join(ROOT, "docs/whatsapp-templates.md"), "utf8")).toBe(templatesForSubmission());
  });

  it("keep Meta's rules in both languages: parameters numbered in order, none at the start or end, within the lengths", () => {
    for (const name of Object.keys(WHATSAPP_TEMPLATES) as WhatsAppTemplate[]) {
      for (const language of ["ms", "en"] as const) {
        const body = submittedBody(name, language);
        const numbers = [...body.matchAll(/\{\{(\d+)\}\}/g)].map((m) => Number(m[1]));
        expect(numbers, `${name} ${language}`).toEqual(WHATSAPP_TEMPLATES[name].params.map((_, i) => i + 1));
        // Every catalogue parameter became a number: nothing like {name} is left.
        expect(body).not.toMatch(/\{[a-z]+\}/);
        expect(body.trim()).not.toMatch(/^\{\{|\}\}$/);
        expect(body.length).toBeLessThanOrEqual(1024);
        expect(name).toMatch(/^[a-z0-9_]{1,512}$/);
      }
    }
    for (const language of ["ms", "en"] as const) expect(translate(language, WHATSAPP_FOOTER).length).toBeLessThanOrEqual(60);
  });
});
