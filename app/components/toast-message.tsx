import { useEffect, useState } from "react";
import { isMessageKey, useT } from "~/modules/i18n/i18n";

type ToastData = { kind: "success" | "error" | "info"; key: string; params?: Record<string, string | number> };

export function ToastMessage({ toast }: { toast: ToastData }) {
  const t = useT();
  const [visible, setVisible] = useState(true);
  useEffect(() => setVisible(true), [toast]);
  if (!visible || !isMessageKey(toast.key)) return null;
  return (
    <div className={`toast toast--${toast.kind}`} role={toast.kind === "error" ? "alert" : "status"}>
      <span>{t(toast.key, toast.params)}</span>
      <button type="button" className="toast__close" onClick={() => setVisible(false)} aria-label={t("common.close")}>
        ×
      </button>
    </div>
  );
}
