import bcrypt from "bcryptjs";

// Cost 12 in production; tests and the seed use fewer rounds so the suite stays quick.
const ROUNDS = process.env.NODE_ENV === "test" ? 4 : 12;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, ROUNDS);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

// A real hash to compare against when the email is unknown, so response time does not reveal
// which emails have accounts.
const DUMMY_HASH = "$2b$12$C6UzMDM.H6dfI/f/IKcEeO5bS3o2mfz/5bD8DXIXlPYs7jvK3Vv9a";
export async function burnPasswordCheck(password: string): Promise<void> {
  await bcrypt.compare(password, DUMMY_HASH);
}
