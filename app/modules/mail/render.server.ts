import { render } from "@react-email/render";
import { createElement } from "react";
import type { ComposedEmail } from "./compose.server";

/** One render for both parts of every email: HTML and plain text. */
export async function renderEmail(email: Pick<ComposedEmail, "component" | "props">): Promise<{ html: string; text: string }> {
  const element = createElement(email.component, email.props);
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { html, text };
}
