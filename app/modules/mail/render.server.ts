import { render, toPlainText } from "@react-email/render";
import { createElement } from "react";
import type { ComposedEmail } from "./compose.server";

/**
 * One render for both parts of every email: the HTML, and the plain text made from that HTML
 * (what `render(…, { plainText: true })` does after rendering the component a second time).
 */
export async function renderEmail(email: Pick<ComposedEmail, "component" | "props">): Promise<{ html: string; text: string }> {
  const html = await render(createElement(email.component, email.props));
  return { html, text: toPlainText(html) };
}
