import crypto from "node:crypto";
import { createCookie } from "@remix-run/node";
import { z } from "zod";
import { cookieOptions } from "~/utils/cookies.server";
import { env } from "~/utils/env.server";

const DEVICE_DAYS = 365;
/** Accounts remembered per browser: a shared office computer may serve a few people. */
const MAX_ACCOUNTS = 5;

/**
 * A browser in which an account has signed in before: a signed, long-lived cookie listing the
 * accounts that did, each with an id of its own for this browser. It is no credential (the password
 * is still needed); it lets the right password through when strangers have slowed the account
 * down for everyone else, and gives the device a failure count of its own (docs/decisions/010).
 */
const deviceCookie = createCookie("kasih_device", cookieOptions({ secrets: env.sessionSecrets, maxAge: DEVICE_DAYS * 24 * 60 * 60 }));

const DeviceListSchema = z
  .array(z.object({ u: z.string().min(1).max(40), d: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/) }))
  .max(MAX_ACCOUNTS);
type DeviceList = z.infer<typeof DeviceListSchema>;

async function readDevices(request: Request): Promise<DeviceList> {
  const parsed = DeviceListSchema.safeParse(await deviceCookie.parse(request.headers.get("Cookie")));
  return parsed.success ? parsed.data : [];
}

/** This browser's id for the account, if the account has signed in here before (a cookie that verifies). */
export async function knownDeviceId(request: Request, userId: string): Promise<string | null> {
  return (await readDevices(request)).find((entry) => entry.u === userId)?.d ?? null;
}

/** The cookie after a successful sign-in: this account first, keeping its id, at most a few accounts. */
export async function rememberDevice(request: Request, userId: string): Promise<string> {
  const devices = await readDevices(request);
  const id = devices.find((entry) => entry.u === userId)?.d ?? crypto.randomBytes(18).toString("base64url");
  const next = [{ u: userId, d: id }, ...devices.filter((entry) => entry.u !== userId)].slice(0, MAX_ACCOUNTS);
  return deviceCookie.serialize(next);
}
