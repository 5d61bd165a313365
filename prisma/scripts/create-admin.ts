/**
 * The first administrator of a new installation (the demo seed's accounts share a published
 * password and do not belong in production):
 *   npm run user:create-admin -- pentadbir@jkm.gov.my "Nama Pentadbir"
 * The password comes from ADMIN_PASSWORD, or a random one is printed once; it can be changed
 * after signing in (Akaun saya).
 */
import crypto from "node:crypto";
import { createAdministrator } from "../../app/modules/users/users.server";
import { db } from "../../app/utils/db.server";

const [email, name] = process.argv.slice(2).map((a) => a.trim());
if (!email || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email) || !name) {
  console.error('Usage: npm run user:create-admin -- email@example.gov.my "Full name"');
  process.exit(1);
}

const password = process.env.ADMIN_PASSWORD || crypto.randomBytes(12).toString("base64url");
try {
  const created = await createAdministrator({ email, name, password }, "user:create-admin");
  if (!created.ok) {
    console.error(`${email} already has an account.`);
    process.exitCode = 1;
  } else {
    console.log(`Administrator ${email} created.${process.env.ADMIN_PASSWORD ? "" : ` Password (shown once): ${password}`}`);
  }
} finally {
  await db.$disconnect();
}
