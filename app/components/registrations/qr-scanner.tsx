import { useEffect, useRef, useState } from "react";
import { useT } from "~/modules/i18n/i18n";

type Detector = { detect: (source: CanvasImageSource) => Promise<{ rawValue: string }[]> };

/**
 * Reads a check-in QR with the phone's camera: the browser's BarcodeDetector where it exists,
 * otherwise jsQR on video frames (iPhones). Calls onCode with the code inside "KASIH:…".
 */
export function QrScanner({ onCode, onClose }: { onCode: (code: string) => void; onClose: () => void }) {
  const t = useT();
  const videoRef = useRef<HTMLVideoElement>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let stream: MediaStream | null = null;
    let stopped = false;
    let lastCode = "";
    const canvas = document.createElement("canvas");
    const context = canvas.getContext("2d", { willReadFrequently: true });

    async function start() {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
      } catch {
        setProblem(t("checkIn.cameraDenied"));
        return;
      }
      const video = videoRef.current;
      if (!video) return;
      video.srcObject = stream;
      await video.play().catch(() => undefined);
      const BarcodeDetectorClass = (window as unknown as { BarcodeDetector?: new (o: { formats: string[] }) => Detector }).BarcodeDetector;
      const detector = BarcodeDetectorClass ? new BarcodeDetectorClass({ formats: ["qr_code"] }) : null;
      const jsQR = detector ? null : (await import("jsqr")).default;

      const tick = async () => {
        if (stopped || !video.videoWidth) {
          if (!stopped) requestAnimationFrame(tick);
          return;
        }
        let text: string | undefined;
        if (detector) {
          text = (await detector.detect(video).catch(() => []))[0]?.rawValue;
        } else if (jsQR && context) {
          canvas.width = video.videoWidth;
          canvas.height = video.videoHeight;
          context.drawImage(video, 0, 0);
          text = jsQR(context.getImageData(0, 0, canvas.width, canvas.height).data, canvas.width, canvas.height)?.data;
        }
        const match = text?.match(/^KASIH:([2-9A-HJ-NP-Z]{8})$/);
        if (match && match[1] !== lastCode) {
          lastCode = match[1];
          onCode(match[1]);
        }
        setTimeout(() => requestAnimationFrame(tick), 150);
      };
      requestAnimationFrame(tick);
    }
    void start();
    return () => {
      stopped = true;
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, [onCode, t]);

  return (
    <div className="scanner" role="dialog" aria-label={t("checkIn.scan")}>
      {problem ? (
        <p role="alert">{problem}</p>
      ) : (
        <video ref={videoRef} muted playsInline className="scanner__video" aria-label={t("checkIn.cameraView")} />
      )}
      <button type="button" className="button button--secondary" onClick={onClose}>
        {t("common.close")}
      </button>
    </div>
  );
}
