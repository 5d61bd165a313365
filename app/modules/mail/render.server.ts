import crypto from "node:crypto";
import { render, toPlainText } from "@react-email/render";
import { createElement } from "react";
import type { ComposedEmail } from "./compose.server";

/**
 * react-email writes the XHTML 1.0 Transitional doctype, which puts browsers and webmail in
 * "almost standards" mode; the templates are HTML5, so they get HTML5's doctype.
 */
const XHTML_DOCTYPE = /^<!DOCTYPE html PUBLIC "-\/\/W3C\/\/DTD XHTML 1\.0 Transitional\/\/EN" "[^"]*">/;

type Rendered = { html: string; text: string };
type Component = ComposedEmail["component"];

/**
 * One render for both parts of every email: the HTML, and the plain text made from that HTML
 * (what `render(…, { plainText: true })` does after rendering the component a second time).
 * An email whose composer names its `personal` props (a campaign's: the name, the person's own
 * links) is rendered once per template and everything else, and each person's values are then
 * put in, escaped as React escapes them; the result is the same as rendering it for them.
 */
export async function renderEmail(email: Pick<ComposedEmail, "component" | "props" | "personal">): Promise<Rendered> {
  if (!email.personal?.length) return renderWhole(email.component, email.props);
  const personal = email.personal.filter((name) => typeof email.props[name] === "string" && email.props[name] !== "");
  // The plain text collapses runs of whitespace around and inside a value; a value the collapsing
  // would change is rare enough to be rendered whole rather than imitated.
  if (personal.some((name) => CHANGED_BY_PLAIN_TEXT.test(email.props[name] as string))) return renderWhole(email.component, email.props);
  const shared = Object.fromEntries(Object.entries(email.props).map(([k, v]) => [k, personal.includes(k) ? null : v]));
  // Which personal values are there belongs to the key: a template may leave out what is missing.
  const key = JSON.stringify([personal, shared]);
  let forComponent = templates.get(email.component);
  if (!forComponent) templates.set(email.component, (forComponent = new Map()));
  let template = forComponent.get(key);
  if (template === undefined) {
    if (forComponent.size >= MAX_TEMPLATES_PER_COMPONENT) forComponent.clear();
    template = await renderTemplate(email.component, email.props, personal);
    forComponent.set(key, template);
  }
  if (!template) return renderWhole(email.component, email.props);
  const values = personal.map((name) => email.props[name] as string);
  return { html: template.html.fill(values.map(escapeLikeReact)), text: template.text.fill(values) };
}

async function renderWhole(component: Component, props: Record<string, unknown>): Promise<Rendered> {
  const rendered = await render(createElement(component, props));
  const html = rendered.replace(XHTML_DOCTYPE, "<!DOCTYPE html>");
  return { html, text: toPlainText(html) };
}

/** What the plain text's whitespace collapsing changes: whitespace at an end, in a run, or other than a space. */
const CHANGED_BY_PLAIN_TEXT = /^[ \t\r\n\f\u200b]|[ \t\r\n\f\u200b]$|[ \t\r\n\f\u200b]{2}|[\t\r\n\f\u200b]/;

/** A rendered email cut where each personal value goes. */
type Template = { html: Slotted; text: Slotted } | null;
type Slotted = { fill: (values: string[]) => string };

const templates = new WeakMap<Component, Map<string, Template>>();
// A campaign has a handful (languages × attended or not); the bound only stops a slow leak.
const MAX_TEMPLATES_PER_COMPONENT = 200;

/**
 * Renders with a marker in place of each personal value (letters and digits only, so no escaping
 * changes it, with a random part no real value contains). Null when a marker does not come out
 * as it went in (the template changed the value): such an email is rendered whole for each person.
 */
async function renderTemplate(component: Component, props: Record<string, unknown>, personal: string[]): Promise<Template> {
  const nonce = crypto.randomBytes(8).toString("hex");
  const markers = personal.map((_, i) => `kasih${nonce}slot${i}x`);
  const rendered = await renderWhole(component, { ...props, ...Object.fromEntries(personal.map((name, i) => [name, markers[i]])) });
  const html = slotted(rendered.html, markers, nonce);
  const text = slotted(rendered.text, markers, nonce);
  return html && text ? { html, text } : null;
}

function slotted(rendered: string, markers: string[], nonce: string): Slotted | null {
  const pattern = new RegExp(`kasih${nonce}slot(\\d+)x`, "g");
  const parts: string[] = [];
  const slots: number[] = [];
  let last = 0;
  for (const match of rendered.matchAll(pattern)) {
    parts.push(rendered.slice(last, match.index));
    slots.push(Number(match[1]));
    last = match.index! + match[0].length;
  }
  parts.push(rendered.slice(last));
  if (markers.some((_, i) => !slots.includes(i))) return null;
  return {
    fill: (values) => {
      let out = parts[0];
      for (let i = 0; i < slots.length; i++) out += values[slots[i]] + parts[i + 1];
      return out;
    },
  };
}

/** As React escapes text and attribute values. */
function escapeLikeReact(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;" })[c]!);
}
