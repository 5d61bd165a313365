import { useEffect, useState } from "react";
import { useT } from "~/modules/i18n/i18n";
import { whatsAppShareUrl } from "~/modules/events/share";

/**
 * The public registration link, ready to pass on from a phone: the address (a link, to open or
 * long-press and copy), a copy button once JavaScript is there, and a WhatsApp share with the
 * invitation in both languages.
 */
export function ShareLink({ url, text, id }: { url: string; text: string; id: string }) {
  const t = useT();
  const [ready, setReady] = useState(false);
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);
  useEffect(() => setReady(true), []);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied("yes");
    } catch {
      // Clipboard refused (an old browser, an http page): the address is selected to copy by hand.
      const link = document.getElementById(id);
      if (link) window.getSelection()?.selectAllChildren(link);
      setCopied("no");
    }
  };
  return (
    <div className="share">
      <a id={id} className="share__url" href={url}>
        {url}
      </a>
      <div className="actions">
        {ready ? (
          <button type="button" className="button button--secondary" onClick={() => void copy()}>
            {t("share.copy")}
          </button>
        ) : null}
        <a className="button button--secondary" href={whatsAppShareUrl(text)} target="_blank" rel="noopener noreferrer">
          {t("share.whatsApp")}
        </a>
      </div>
      <p className="muted small" role="status">
        {copied === "yes" ? t("share.copied") : copied === "no" ? t("share.copyByHand") : ""}
      </p>
    </div>
  );
}
