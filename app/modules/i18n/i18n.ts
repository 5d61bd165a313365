import { useRouteLoaderData } from "@remix-run/react";
import { DEFAULT_LANGUAGE, translator, type Language, type Translate } from "./translate";

export * from "./translate";

/** The language of the current page, as chosen in the root loader. */
export function useLanguage(): Language {
  const data = useRouteLoaderData<{ language: Language }>("root");
  return data?.language ?? DEFAULT_LANGUAGE;
}

export function useT(): Translate {
  return translator(useLanguage());
}
