/** The quick masking of Malaysian mobiles (no parsing) says exactly what the general, parsing path says. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatMobile, maskMobile, normaliseMobile } from "~/modules/people/contact";

/** The general path: the national form's first four characters and last three digits. */
function maskedByParsing(e164: string): string {
  const shown = formatMobile(e164);
  return shown.replace(/\D/g, "").length < 7 ? "•••" : `${shown.slice(0, 4)}••••${shown.slice(-3)}`;
}

describe("maskMobile", () => {
  it("masks every valid Malaysian mobile as the parsing path does", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9 }), fc.stringMatching(/^\d{7,8}$/), (second, rest) => {
        const e164 = normaliseMobile(`+601${second}${rest}`);
        if (!e164) return;
        expect(maskMobile(e164)).toBe(maskedByParsing(e164));
      }),
      { numRuns: 3000 },
    );
  });

  it("masks foreign numbers and nothing at all through the general path", () => {
    expect(maskMobile("+6591234567")).toBe(maskedByParsing("+6591234567"));
    expect(maskMobile("+60159123456")).toBe(maskedByParsing("+60159123456"));
    expect(maskMobile(null)).toBe("");
  });
});
