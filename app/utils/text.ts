/**
 * Input hygiene shared by every form and import: trims, collapses runs of whitespace and strips
 * control characters (including bidi overrides) that hostile or badly exported data carries.
 */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;

// A surrogate pair, or half of one. JSON bodies and spreadsheets can carry a lone half, which the
// database driver cannot encode; forms never do (browsers replace it).
const SURROGATES = /([\uD800-\uDBFF][\uDC00-\uDFFF])|[\uD800-\uDFFF]/g;

/**
 * Text either database can store and compare: each lone surrogate becomes U+FFFD (as a browser
 * does when it submits a form) and NUL characters go (PostgreSQL text cannot hold them).
 */
export function storable(value: string): string {
  return value.replace(SURROGATES, (match, pair: string | undefined) => pair ?? "\uFFFD").replace(/\u0000/g, "");
}

export function cleanText(value: unknown): string {
  if (value === null || value === undefined) return "";
  return storable(String(value))
    .replace(CONTROL, "")
    .replace(/[ \t\r\n]+/g, " ")
    .trim();
}

/** Like cleanText but keeps line breaks (notes, addresses). */
export function cleanMultiline(value: unknown): string {
  if (value === null || value === undefined) return "";
  return storable(String(value))
    .replace(/\r\n?/g, "\n")
    .replace(CONTROL, "")
    .split("\n")
    .map((line) => line.replace(/[ \t]+/g, " ").trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** Case- and accent-insensitive form for search, portable across databases. */
export function searchKey(value: string): string {
  return cleanText(value)
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
}
