import { useEffect, useRef, useState } from "react";
import { useT } from "~/modules/i18n/i18n";

/**
 * Lets the receiver sign with a finger on the phone. The strokes are kept as SVG path data (move
 * and line commands only) in a hidden field; without JavaScript the field stays empty and the
 * typed name is the acknowledgement.
 */
export function SignaturePad({ name }: { name: string }) {
  const t = useT();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [path, setPath] = useState("");
  const [ready, setReady] = useState(false);
  const drawing = useRef(false);

  useEffect(() => setReady(true), []);

  const point = (event: React.PointerEvent<HTMLCanvasElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    const x = Math.round(((event.clientX - rect.left) / rect.width) * 600);
    const y = Math.round(((event.clientY - rect.top) / rect.height) * 200);
    return { x: Math.max(0, Math.min(600, x)), y: Math.max(0, Math.min(200, y)) };
  };
  const draw = (from: { x: number; y: number } | null, to: { x: number; y: number }) => {
    const context = canvasRef.current?.getContext("2d");
    if (!context) return;
    context.lineWidth = 3;
    context.lineCap = "round";
    context.strokeStyle = "#1c2430";
    context.beginPath();
    context.moveTo((from ?? to).x, (from ?? to).y);
    context.lineTo(to.x, to.y);
    context.stroke();
  };
  const last = useRef<{ x: number; y: number } | null>(null);

  if (!ready) return null;
  return (
    <div className="signature">
      <p className="field__help" id="signature-help">
        {t("delivery.signatureHelp")}
      </p>
      <canvas
        ref={canvasRef}
        width={600}
        height={200}
        className="signature__canvas"
        aria-label={t("delivery.signature")}
        aria-describedby="signature-help"
        role="img"
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          drawing.current = true;
          const p = point(e);
          last.current = p;
          draw(null, p);
          setPath((current) => `${current}M${p.x} ${p.y} `);
        }}
        onPointerMove={(e) => {
          if (!drawing.current) return;
          const p = point(e);
          draw(last.current, p);
          last.current = p;
          setPath((current) => (current.length < 19_000 ? `${current}L${p.x} ${p.y} ` : current));
        }}
        onPointerUp={() => {
          drawing.current = false;
        }}
      />
      <input type="hidden" name={name} value={path.trim()} />
      <button
        type="button"
        className="button button--quiet"
        onClick={() => {
          const canvas = canvasRef.current;
          canvas?.getContext("2d")?.clearRect(0, 0, canvas.width, canvas.height);
          setPath("");
        }}
      >
        {t("delivery.clearSignature")}
      </button>
    </div>
  );
}

/** Draws a stored signature back (the path was validated to hold only move/line commands). */
export function SignatureImage({ path, label }: { path: string; label: string }) {
  return (
    <svg viewBox="0 0 600 200" className="signature__image" role="img" aria-label={label}>
      <path d={path} fill="none" stroke="#1c2430" strokeWidth={3} strokeLinecap="round" />
    </svg>
  );
}
