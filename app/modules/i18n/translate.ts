/**
 * Translation without React: used by server modules, email templates and the React hooks in
 * i18n.ts alike. Messages live in catalogue.ms.ts (the reference) and catalogue.en.ts.
 */
import { en } from "./catalogue.en";
import { ms, type MessageKey } from "./catalogue.ms";

export type { MessageKey };
export const LANGUAGES = ["ms", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = "ms";

const catalogues: Record<Language, Record<MessageKey, string>> = { ms, en };

export type MessageParams = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: MessageParams) => string;

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

export function isMessageKey(value: unknown): value is MessageKey {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(ms, value);
}

/** Looks a message up and fills `{name}` placeholders. */
export function translate(language: Language, key: MessageKey, params?: MessageParams): string {
  const template = catalogues[language][key] ?? ms[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
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
