import { render, toPlainText } from "@react-email/render";
import { createElement } from "react";
import type { ComposedEmail } from "./compose.server";

/**
 * react-email writes the XHTML 1.0 Transitional doctype, which puts browsers and webmail in
 * "almost standards" mode; the templates are HTML5, so they get HTML5's doctype.
 */
const XHTML_DOCTYPE = /^<!DOCTYPE html PUBLIC "-\/\/W3C\/\/DTD XHTML 1\.0 Transitional\/\/EN" "[^"]*">/;

/**
 * One render for both parts of every email: the HTML, and the plain text made from that HTML
 * (what `render(…, { plainText: true })` does after rendering the component a second time).
 */
export async function renderEmail(email: Pick<ComposedEmail, "component" | "props">): Promise<{ html: string; text: string }> {
  const rendered = await render(createElement(email.component, email.props));
  const html = rendered.replace(XHTML_DOCTYPE, "<!DOCTYPE html>");
  return { html, text: toPlainText(html) };
}
