import { Body, Container, Heading, Hr, Html, Link, Preview, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";
import { translator, type Language, type MessageKey } from "../../app/modules/i18n/translate";

/**
 * Every KASIH Outreach email: the programme's name, the message, and a footer with the helpline
 * and why the person is receiving it. Plain colours with strong contrast read well in light and
 * dark mode and in clients that strip styles.
 *
 * The markup is valid HTML (the suite runs the Nu HTML Checker on every template) and fits a
 * 320 px phone screen: nothing inside the card has a side margin on a full-width table (margins
 * add to the 100 % width and push it past the card), and the helpline numbers never wrap.
 */
export function EmailLayout({
  language,
  heading,
  preview,
  reason,
  unsubscribeUrl,
  test,
  children,
}: {
  language: Language;
  /** The email's heading, also its <title> */
  heading: string;
  preview: string;
  reason: MessageKey;
  unsubscribeUrl?: string;
  /** A test sent to staff: says so at the top */
  test?: boolean;
  children: ReactNode;
}) {
  const t = translator(language);
  return (
    <Html lang={language === "ms" ? "ms" : "en"}>
      {/* Our own <head> rather than react-email's, whose Apple meta tag has no content (invalid HTML). */}
      <head>
        <meta httpEquiv="Content-Type" content="text/html; charset=UTF-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <meta name="supported-color-schemes" content="light dark" />
        <title>{heading}</title>
      </head>
      <Body style={styles.body}>
        {/* Inside <body>: the inbox preview line is content, and nothing may stand between </head> and <body>. */}
        <Preview>{preview}</Preview>
        <Container style={styles.container}>
          <Section style={styles.header}>
            <Text style={styles.brand}>♥ KASIH Kanak-Kanak</Text>
            <Text style={styles.tagline}>{t("email.programme")}</Text>
          </Section>
          {test ? (
            <Section style={styles.inset}>
              <Text style={styles.testNotice}>{t("email.testNotice")}</Text>
            </Section>
          ) : null}
          <Section style={styles.content}>
            <Heading style={styles.heading}>{heading}</Heading>
            {children}
          </Section>
          <Section style={styles.inset}>
            <Section style={styles.helpline}>
              <Text style={styles.helplineTitle}>{t("email.helplineTitle")}</Text>
              <Text style={styles.helplineText}>
                <Link href="tel:15999" style={styles.helplineLink}>
                  Talian Kasih 15999
                </Link>
                {" · "}
                <Link href="https://wa.me/60192615999" style={styles.helplineLink}>
                  WhatsApp 019-2615999
                </Link>
              </Text>
            </Section>
            <Hr style={styles.rule} />
          </Section>
          <Text style={styles.footer}>
            {t(reason)}
            {unsubscribeUrl ? (
              <span>
                {" "}
                <Link href={unsubscribeUrl} style={styles.footerLink}>
                  {t("email.unsubscribe")}
                </Link>
              </span>
            ) : null}
          </Text>
          <Text style={styles.footer}>{t("email.sender")}</Text>
        </Container>
      </Body>
    </Html>
  );
}

export function Paragraph({ children }: { children: ReactNode }) {
  return <Text style={styles.paragraph}>{children}</Text>;
}

export function Facts({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <Section style={styles.facts}>
      {rows.map(([label, value]) => (
        <Text key={label} style={styles.fact}>
          <strong>{label}:</strong> {value}
        </Text>
      ))}
    </Section>
  );
}

export function ActionLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Text style={styles.paragraph}>
      <Link href={href} style={styles.button}>
        {children}
      </Link>
    </Text>
  );
}

export const styles = {
  // Long words (addresses, links) wrap rather than widen the card on a narrow phone.
  body: {
    backgroundColor: "#f4f6f9",
    fontFamily: "Arial, Helvetica, sans-serif",
    color: "#1c2430",
    margin: 0,
    padding: "16px 0",
    overflowWrap: "break-word",
  },
  container: { backgroundColor: "#ffffff", maxWidth: "560px", margin: "0 auto", border: "1px solid #d5dbe3", borderRadius: "8px" },
  header: { backgroundColor: "#0b5d5b", padding: "16px 24px", borderRadius: "8px 8px 0 0" },
  brand: { color: "#ffffff", fontSize: "20px", fontWeight: 700, margin: 0 },
  tagline: { color: "#e6f2f1", fontSize: "13px", margin: "4px 0 0" },
  content: { padding: "8px 24px" },
  /** Side space for what sits inside the card's edges: padding on the wrapper, never margin on the box. */
  inset: { padding: "8px 24px" },
  heading: { fontSize: "22px", lineHeight: "28px", margin: "16px 0 8px", color: "#1c2430" },
  paragraph: { fontSize: "16px", lineHeight: "24px", margin: "12px 0" },
  facts: { backgroundColor: "#f4f6f9", borderRadius: "6px", padding: "4px 16px", margin: "12px 0" },
  fact: { fontSize: "15px", lineHeight: "22px", margin: "8px 0" },
  button: {
    backgroundColor: "#0b5d5b",
    color: "#ffffff",
    padding: "12px 18px",
    borderRadius: "6px",
    textDecoration: "none",
    fontWeight: 700,
    display: "inline-block",
  },
  code: { fontFamily: "Courier New, monospace", fontSize: "22px", letterSpacing: "3px", fontWeight: 700 },
  testNotice: {
    fontSize: "14px",
    lineHeight: "20px",
    margin: "8px 0 0",
    padding: "8px 12px",
    backgroundColor: "#fff4d6",
    border: "1px solid #b07d00",
    borderRadius: "6px",
  },
  helpline: { backgroundColor: "#fdebf1", borderLeft: "4px solid #b4235a", padding: "8px 16px" },
  helplineTitle: { fontSize: "14px", margin: "6px 0 2px", color: "#1c2430" },
  helplineText: { fontSize: "18px", fontWeight: 700, margin: "2px 0 8px" },
  // A number is read and dialled whole: never split at its hyphen or spaces.
  helplineLink: { color: "#8c1743", textDecoration: "underline", whiteSpace: "nowrap" },
  rule: { borderColor: "#d5dbe3", margin: "8px 0 0" },
  footer: { fontSize: "12px", lineHeight: "18px", color: "#55606e", margin: "8px 24px" },
  footerLink: { color: "#55606e", textDecoration: "underline" },
} as const;
