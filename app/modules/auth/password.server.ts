import bcrypt from "bcryptjs";

// Cost 12 in production; tests and the seed use fewer rounds so the suite stays quick.
const ROUNDS = process.env.NODE_ENV === "test" ? 4 : 12;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, ROUNDS);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

// A hash of the same cost to compare against when the email is unknown, so response time does
// not reveal which emails have accounts.
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= bcrypt.hash("no-such-account", ROUNDS);
  await bcrypt.compare(password, await dummyHash);
}
