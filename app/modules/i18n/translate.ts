/**
 * Translation without React: used by server modules, email templates and the React hooks in
 * i18n.ts alike. Messages live in catalogue.ms.ts (the reference) and catalogue.en.ts. The server
 * has both; a browser has the catalogue of the page's language only, loaded before the page
 * hydrates (entry.client.tsx), or both on the few bilingual printouts (both-catalogues.ts).
 */
import type { MessageKey } from "./catalogue.ms";
// Empty in the browser build (a .server module): there, catalogues come through provideCatalogue.
import { serverCatalogues } from "./catalogues.server";

export type { MessageKey };
export const LANGUAGES = ["ms", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = "ms";

type Catalogue = Record<MessageKey, string>;
const catalogues: Partial<Record<Language, Catalogue>> = { ...serverCatalogues };

/** Makes a language's messages available (in the browser; the server has both from the start). */
export function provideCatalogue(language: Language, messages: Catalogue) {
  catalogues[language] = messages;
}

/** Whether a language's messages are here already. */
export function hasCatalogue(language: Language): boolean {
  return catalogues[language] !== undefined;
}

/** Loads the messages of one language, each a script of its own, so a browser fetches only its page's language. */
export async function loadCatalogue(language: Language): Promise<void> {
  if (hasCatalogue(language)) return;
  provideCatalogue(language, language === "en" ? (await import("./catalogue.en")).en : (await import("./catalogue.ms")).ms);
}

export type MessageParams = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: MessageParams) => string;

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

export function isMessageKey(value: unknown): value is MessageKey {
  const known = catalogues[DEFAULT_LANGUAGE] ?? Object.values(catalogues)[0];
  return typeof value === "string" && known !== undefined && Object.prototype.hasOwnProperty.call(known, value);
}

// `{count, plural, one {# record is} other {# records are}}`: the ICU form, its plural part only.
const PLURAL = /\{(\w+), plural,((?:\s*(?:=\d+|zero|one|two|few|many|other)\s*\{[^{}]*\})+)\s*\}/g;
const PLURAL_BRANCH = /(=\d+|zero|one|two|few|many|other)\s*\{([^{}]*)\}/g;
const pluralRules = Object.fromEntries(LANGUAGES.map((l) => [l, new Intl.PluralRules(l)])) as Record<Language, Intl.PluralRules>;

/** The branch of a plural for a number: an exact `=N` first, then the language's own category, then `other`. */
function pluralBranch(language: Language, branches: string, value: number): string {
  const forms = new Map([...branches.matchAll(PLURAL_BRANCH)].map((m) => [m[1], m[2]]));
  const chosen = forms.get(`=${value}`) ?? forms.get(pluralRules[language].select(value)) ?? forms.get("other") ?? "";
  return chosen.replace(/#/g, String(value));
}

/**
 * Looks a message up and fills `{name}` placeholders, and `{name, plural, one {…} other {…}}` by
 * the language's plural rules (Intl.PluralRules: English says "1 record", Malay has one form).
 */
export function translate(language: Language, key: MessageKey, params?: MessageParams): string {
  const template = catalogues[language]?.[key] ?? key;
  if (!params) return template;
  return template
    .replace(PLURAL, (whole, name: string, branches: string) =>
      name in params ? pluralBranch(language, branches, Number(params[name])) : whole,
    )
    .replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function translator(language: Language): Translate {
  return (key, params) => translate(language, key, params);
}

/**
 * Translates a validation message. Schemas carry message keys (so one schema serves server and
 * browser in both languages); anything else is shown as a generic error rather than leaking text.
 */
export function translateError(language: Language, message: string): string {
  const [key, rawParams] = message.split("|");
  if (!isMessageKey(key)) return translate(language, "errors.invalid");
  const params = rawParams ? (Object.fromEntries(new URLSearchParams(rawParams)) as MessageParams) : undefined;
  return translate(language, key, params);
}

/** Builds an error message with parameters, e.g. errorMessage("errors.tooLong", { max: 200 }). */
export function errorMessage(key: MessageKey, params?: MessageParams): string {
  if (!params) return key;
  return `${key}|${new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]))}`;
}
