/**
 * Prints the WhatsApp templates to submit to Meta for approval, made from the catalogues:
 *   npm run whatsapp:templates              (to the screen)
 *   npm run whatsapp:templates -- --write   (to docs/whatsapp-templates.md)
 */
import fs from "node:fs";
import { templatesForSubmission } from "../app/modules/whatsapp/whatsapp-templates";

const text = templatesForSubmission(process.env.WHATSAPP_TEMPLATE_PREFIX ?? "kasih_");
if (process.argv.includes("--write")) {
  fs.writeFileSync("docs/whatsapp-templates.md", text);
  console.log("Wrote docs/whatsapp-templates.md");
} else process.stdout.write(text);
