import { useT } from "~/modules/i18n/i18n";

/** Every page carries the helpline: it is the programme's message. */
export function HelplineFooter() {
  const t = useT();
  return (
    <footer className="helpline-footer">
      <p>
        <strong>{t("helpline.title")}</strong> {t("helpline.body")} <a href="tel:15999">Talian Kasih 15999</a> ·{" "}
        <a href="https://wa.me/60192615999">WhatsApp 019-2615999</a>
      </p>
      <p className="muted">{t("helpline.programme")}</p>
    </footer>
  );
}
