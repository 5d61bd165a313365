import type { MetaDescriptor } from "@remix-run/node";
import { DEFAULT_LANGUAGE, isLanguage, translate, type MessageKey, type MessageParams } from "~/modules/i18n/i18n";

type MatchLike = { id: string; data: unknown };

/** `<title>` for a route: the translated page name, then the product name. */
export function pageTitle(matches: MatchLike[], key: MessageKey, params?: MessageParams): MetaDescriptor[] {
  const root = matches.find((m) => m.id === "root")?.data as { language?: unknown } | undefined;
  const language = isLanguage(root?.language) ? root.language : DEFAULT_LANGUAGE;
  return [{ title: `${translate(language, key, params)} · KASIH Outreach` }];
}

/** `<title>` built from a name the loader returned (an event's or programme's title). */
export function namedTitle(name: string | undefined): MetaDescriptor[] {
  return [{ title: name ? `${name} · KASIH Outreach` : "KASIH Outreach" }];
}
