import { Text } from "@react-email/components";
import { translator, type Language } from "../../app/modules/i18n/translate";
import { EmailLayout, Facts, Paragraph, styles } from "../components/email-layout";

export type MaterialsReceiptProps = {
  language: Language;
  recipientName: string;
  eventTitle: string;
  items: { title: string; quantity: number; unit: string }[];
  acknowledgedBy?: string | null;
  acknowledgedAt?: string | null;
};

/** A record for the school or PIBG of the advocacy materials it received. */
export default function MaterialsReceipt({
  language,
  recipientName,
  eventTitle,
  items,
  acknowledgedBy,
  acknowledgedAt,
}: MaterialsReceiptProps) {
  const t = translator(language);
  return (
    <EmailLayout
      heading={t("email.receipt.heading")}
      language={language}
      preview={t("email.receipt.preview", { event: eventTitle })}
      reason="email.reason.materials"
    >
      <Paragraph>{t("email.greeting", { name: recipientName })}</Paragraph>
      <Paragraph>{t("email.receipt.body", { event: eventTitle })}</Paragraph>
      <Facts rows={items.map((item) => [item.title, `${item.quantity.toLocaleString("en-MY")} ${item.unit}`])} />
      {acknowledgedBy ? (
        <Text style={styles.paragraph}>{t("email.receipt.acknowledged", { name: acknowledgedBy, at: acknowledgedAt ?? "" })}</Text>
      ) : null}
      <Paragraph>{t("email.receipt.passOn")}</Paragraph>
    </EmailLayout>
  );
}
