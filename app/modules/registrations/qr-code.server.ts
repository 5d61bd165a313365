import QRCode from "qrcode";

/** An SVG QR code (inline in pages, downloadable for posters). */
export function qrSvg(text: string, label?: string): Promise<string> {
  return QRCode.toString(text, { type: "svg", margin: 2, errorCorrectionLevel: "M" }).then((svg) =>
    label ? svg.replace("<svg ", `<svg role="img" aria-label="${label.replace(/[<>&"]/g, "")}" `) : svg,
  );
}

/** A PNG QR code large enough to print sharply on an A4 poster. */
export function qrPng(text: string): Promise<Buffer> {
  return QRCode.toBuffer(text, { type: "png", margin: 2, width: 1024, errorCorrectionLevel: "M" });
}

/** What a check-in QR holds: a prefix so the scanner can tell our codes from any other QR. */
export function checkInPayload(code: string): string {
  return `KASIH:${code}`;
}
