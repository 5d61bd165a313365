import { createCookie } from "@remix-run/node";
import { cookieOptions } from "~/utils/cookies.server";
import { DEFAULT_LANGUAGE, isLanguage, type Language } from "./i18n";

const languageCookie = createCookie("kasih_lang", cookieOptions({ maxAge: 60 * 60 * 24 * 365 }));

/**
 * The visitor's chosen language, else Bahasa Melayu. The browser's language is deliberately not
 * used: the programme speaks BM first, and English is one tap away in the header.
 */
export async function getLanguage(request: Request): Promise<Language> {
  const chosen = await languageCookie.parse(request.headers.get("Cookie"));
  return isLanguage(chosen) ? chosen : DEFAULT_LANGUAGE;
}

export function serializeLanguage(language: Language): Promise<string> {
  return languageCookie.serialize(language);
}
