/**
 * Made-up participants with the mix of names found in a Negeri Sembilan school hall. Phone numbers
 * are in one made-up block (+60 11-1000 xxxx), emails on contoh.my (example domain).
 */
const MALAY_GIVEN = [
  "Nur Aisyah",
  "Muhammad Hafiz",
  "Siti Nurhaliza",
  "Ahmad Faris",
  "Nurul Izzah",
  "Mohd Azlan",
  "Farah Adibah",
  "Amirul Hakim",
  "Siti Khadijah",
  "Hazwan",
  "Norazlina",
  "Zulkifli",
  "Rosmah",
  "Syafiq",
  "Aminah",
  "Khairul Anuar",
];
const MALAY_FATHER = ["Abdullah", "Ismail", "Hassan", "Osman", "Yusof", "Rahman", "Salleh", "Ibrahim", "Kamarudin", "Harun"];
const CHINESE = [
  "Tan Mei Ling",
  "Lim Wei Jie",
  "Wong Siew Lan",
  "Lee Chong Wei",
  "Chan Kah Yee",
  "Ng Boon Hock",
  "Ong Li Ting",
  "Teoh Kar Wai",
];
const INDIAN = [
  "Kavitha a/p Raman",
  "Suresh a/l Muthu",
  "Priya a/p Subramaniam",
  "Ganesh a/l Krishnan",
  "Devi a/p Arumugam",
  "Ravi a/l Shanmugam",
];

let state = 20240423;
/** A fixed sequence, so every demo seed tells the same story. */
function next(): number {
  state = (state * 1103515245 + 12345) % 2 ** 31;
  return state / 2 ** 31;
}
const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];

let serial = 0;
export function demoPerson(): { fullName: string; phoneE164: string; email: string } {
  serial += 1;
  const roll = next();
  const fullName =
    roll < 0.7
      ? (() => {
          const given = pick(MALAY_GIVEN);
          const female = /Nur|Siti|Farah|Norazlina|Rosmah|Aminah/.test(given);
          return `${given} ${female ? "binti" : "bin"} ${pick(MALAY_FATHER)}`;
        })()
      : roll < 0.85
        ? pick(CHINESE)
        : pick(INDIAN);
  const handle = fullName
    .toLowerCase()
    .replace(/\b(bin|binti|a\/l|a\/p)\b/g, "")
    .replace(/[^a-z]+/g, ".")
    .replace(/^\.|\.$/g, "");
  return { fullName, phoneE164: `+601110${String(serial).padStart(6, "0")}`, email: `${handle}.${serial}@contoh.my` };
}

export const PIBG_ROLES = ["Yang Dipertua PIBG", "Naib Yang Dipertua", "Setiausaha PIBG", "Bendahari", "AJK PIBG"];
