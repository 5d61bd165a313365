/**
 * A national year's worth of data on top of the seeded demo, for the page benchmarks: 2,000 more
 * schools in every state, 48 programmes, 1,000 events (most held, some coming up, some cancelled
 * or draft), one national launch with 10,000 registrations, 100,000 registrations in all (one
 * person each, with consent and a confirmation email), children counted, materials delivered,
 * follow-up emails and feedback at the sessions held. Written with createMany in transactions;
 * a fixed pseudo-random sequence makes every run the same data.
 *
 * Run on a copy of the seeded database: DATABASE_URL=file:… tsx tests/bench/support/generate-large.ts
 */
import { STATES } from "../../../app/modules/geography/states";
import { nameKey } from "../../../app/modules/people/contact";
import { contactSearchText } from "../../../app/modules/people/people.server";
import { schoolSearchText } from "../../../app/modules/schools/schools.server";
import { db } from "../../../app/utils/db.server";
import { searchKey } from "../../../app/utils/text";

const SCHOOLS = 2000;
const EVENTS = 1000;
const REGISTRATIONS = 100_000;
const LAUNCH_REGISTRATIONS = 10_000;
const DISTRICTS_PER_STATE = 8;
const DAY = 86_400_000;

// mulberry32: a small, good pseudo-random sequence from a fixed seed
let seed = 20260101;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
let serial = 0;
const newId = (prefix: string) =>
  `${prefix}${(++serial).toString(36).padStart(7, "0")}${Math.floor(random() * 36 ** 5)
    .toString(36)
    .padStart(5, "0")}`;

const GIVEN = [
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
  "Aina",
  "Hakimi",
  "Nabilah",
  "Faizal",
];
const FATHER = ["Abdullah", "Ismail", "Hassan", "Osman", "Yusof", "Rahman", "Salleh", "Ibrahim", "Kamarudin", "Harun", "Razak", "Mokhtar"];
const CHINESE = [
  "Tan Mei Ling",
  "Lim Wei Jie",
  "Wong Siew Lan",
  "Lee Chong Wei",
  "Chan Kah Yee",
  "Ng Boon Hock",
  "Ong Li Ting",
  "Teoh Kar Wai",
  "Goh Pei Shan",
  "Yap Kok Leong",
];
const INDIAN = [
  "Kavitha a/p Raman",
  "Suresh a/l Muthu",
  "Priya a/p Subramaniam",
  "Ganesh a/l Krishnan",
  "Devi a/p Arumugam",
  "Ravi a/l Shanmugam",
  "Malar a/p Velu",
];
const SCHOOL_NAMES = ["SERI", "BUKIT", "TAMAN", "KAMPUNG", "BANDAR", "SUNGAI", "PADANG", "JALAN", "PEKAN", "LADANG"];
const PLACES = ["INDAH", "JAYA", "BARU", "PERMAI", "MAJU", "DAMAI", "MUTIARA", "CEMPAKA", "MELATI", "KENANGA", "SETIA", "BAHAGIA"];
const TYPES = [
  ["SK", "RENDAH"],
  ["SK", "RENDAH"],
  ["SK", "RENDAH"],
  ["SJKC", "RENDAH"],
  ["SJKT", "RENDAH"],
  ["SMK", "MENENGAH"],
  ["SMK", "MENENGAH"],
  ["SMKA", "MENENGAH"],
] as const;

function personName(): string {
  const roll = random();
  if (roll < 0.7) {
    const given = pick(GIVEN);
    return `${given} ${/Nur|Siti|Farah|Norazlina|Rosmah|Aminah|Aina|Nabilah/.test(given) ? "binti" : "bin"} ${pick(FATHER)}`;
  }
  return roll < 0.85 ? pick(CHINESE) : pick(INDIAN);
}

async function insert<T>(
  label: string,
  rows: T[],
  write: (chunk: T[], tx: Parameters<Parameters<typeof db.$transaction>[0]>[0]) => Promise<unknown>,
) {
  const started = Date.now();
  for (let i = 0; i < rows.length; i += 20_000) {
    await db.$transaction(
      async (tx) => {
        for (let j = i; j < Math.min(rows.length, i + 20_000); j += 2_000)
          await write(rows.slice(j, Math.min(rows.length, i + 20_000, j + 2_000)), tx);
      },
      { timeout: 600_000, maxWait: 60_000 },
    );
  }
  console.error(`  ${label}: ${rows.length} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const now = Date.now();
const materials = await db.material.findMany({ select: { id: true, kind: true } });
const printMaterials = materials.filter((m) => !["PDF", "VIDEO", "LINK"].includes(m.kind));
const notice = await db.privacyNotice.findFirstOrThrow({ orderBy: { publishedAt: "desc" }, select: { version: true } });

// ---------------------------------------------------------------- districts and schools
const districts = STATES.flatMap((state) =>
  Array.from({ length: DISTRICTS_PER_STATE }, (_, i) => ({
    id: newId("d"),
    stateCode: state.code,
    name: `DAERAH ${state.name.toUpperCase()} ${i + 1}`,
  })),
);
await insert("districts", districts, (chunk, tx) => tx.district.createMany({ data: chunk }));

const schools = Array.from({ length: SCHOOLS }, (_, i) => {
  const state = STATES[i % STATES.length];
  const district = districts[STATES.indexOf(state) * DISTRICTS_PER_STATE + Math.floor(random() * DISTRICTS_PER_STATE)];
  const [type, level] = pick(TYPES);
  const code = `${state.schoolCodePrefix}X${String(i).padStart(5, "0")}`;
  const name = `${type} ${pick(SCHOOL_NAMES)} ${pick(PLACES)} ${Math.floor(i / 16) + 1}`;
  const town = `${pick(PLACES)} ${pick(["TIMUR", "BARAT", "UTARA", "SELATAN", "TENGAH"])}`;
  return {
    id: newId("s"),
    code,
    name,
    type,
    level,
    stateCode: state.code,
    districtId: district.id,
    town,
    address: `Jalan ${pick(PLACES).toLowerCase()} ${i}`,
    postcode: String(10000 + Math.floor(random() * 89999)),
    enrolment: 150 + Math.floor(random() * 1500),
    teachers: 15 + Math.floor(random() * 90),
    searchText: schoolSearchText({ code, name, town }),
  };
});
await insert("schools", schools, (chunk, tx) => tx.school.createMany({ data: chunk }));

// ---------------------------------------------------------------- programmes and events
const programmes = STATES.flatMap((state) =>
  [2024, 2025, 2026].map((year) => ({
    id: newId("p"),
    title: `KASIH Kanak-Kanak Peringkat ${state.name} ${year}`,
    year,
    stateCode: state.code,
    targetSchools: 60,
    targetParticipants: 6000,
    targetChildren: 15000,
    targetMaterials: 20000,
  })),
);
await insert("programmes", programmes, (chunk, tx) => tx.programme.createMany({ data: chunk }));

const PUBLIC = "23456789abcdefghjkmnpqrstuvwxyz";
/** Unique, and in the alphabet of real public codes: "bench" and the number in base 31. */
const publicCode = (n: number) =>
  `bench${Array.from({ length: 4 }, (_, k) => PUBLIC[Math.floor(n / PUBLIC.length ** k) % PUBLIC.length]).join("")}`;
type EventRow = {
  id: string;
  programmeId: string;
  type: string;
  title: string;
  schoolId: string | null;
  stateCode: string;
  districtId: string | null;
  venue: string;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  status: string;
  publicCode: string;
  searchText: string;
};
const events: EventRow[] = [];
const first = new Date("2024-01-15T01:00:00Z").getTime();
for (let i = 0; i < EVENTS; i++) {
  const school = schools[(i * 37) % SCHOOLS];
  const roll = random();
  // 70% held, 18% coming up, 6% cancelled, 6% draft
  const status = roll < 0.7 ? "COMPLETED" : roll < 0.88 ? "SCHEDULED" : roll < 0.94 ? "CANCELLED" : "DRAFT";
  const startsAt =
    status === "COMPLETED"
      ? first + random() * (now - 2 * DAY - first)
      : status === "CANCELLED"
        ? first + random() * (now + 90 * DAY - first)
        : now + DAY + random() * 120 * DAY;
  const year = new Date(startsAt).getUTCFullYear();
  const programme = programmes.find((p) => p.stateCode === school.stateCode && p.year === Math.min(2026, Math.max(2024, year)))!;
  const title = `Sesi Advokasi KASIH Kanak-Kanak: ${school.name}`;
  events.push({
    id: newId("e"),
    programmeId: programme.id,
    type: "SCHOOL_SESSION",
    title,
    schoolId: school.id,
    stateCode: school.stateCode,
    districtId: school.districtId,
    venue: "Dewan sekolah",
    startsAt: new Date(startsAt),
    endsAt: new Date(startsAt + 3 * 3600_000),
    capacity: 200,
    status,
    publicCode: publicCode(i),
    searchText: searchKey([title, "Dewan sekolah", school.name, school.code].join(" ")),
  });
}
const launchSchool = schools.find((s) => s.stateCode === "14")!;
const launch: EventRow = {
  id: newId("e"),
  programmeId: programmes.find((p) => p.stateCode === "14" && p.year === 2026)!.id,
  type: "LAUNCH",
  title: "Pelancaran Kebangsaan KASIH Kanak-Kanak",
  schoolId: launchSchool.id,
  stateCode: "14",
  districtId: launchSchool.districtId,
  venue: "Dewan Merdeka",
  startsAt: new Date(now + 20 * DAY),
  endsAt: new Date(now + 20 * DAY + 5 * 3600_000),
  capacity: 20_000,
  status: "SCHEDULED",
  publicCode: "benchlaunch",
  searchText: searchKey("Pelancaran Kebangsaan KASIH Kanak-Kanak Dewan Merdeka"),
};
events.push(launch);
await insert("events", events, (chunk, tx) => tx.event.createMany({ data: chunk }));

// ---------------------------------------------------------------- people, registrations, consents, emails
const open = events.filter((e) => e !== launch && (e.status === "COMPLETED" || e.status === "SCHEDULED" || e.status === "CANCELLED"));
const perEvent = (REGISTRATIONS - LAUNCH_REGISTRATIONS) / open.length;
type Reg = {
  id: string;
  eventId: string;
  personId: string;
  category: string;
  status: string;
  source: string;
  fullName: string;
  phoneE164: string;
  email: string | null;
  language: string;
  searchText: string;
  organisation: string | null;
  checkInCode: string;
  manageToken: string;
  waitlistedAt: Date | null;
  checkedInAt: Date | null;
  cancelledAt: Date | null;
  createdAt: Date;
};
const people: {
  id: string;
  fullName: string;
  nameKey: string;
  phoneE164: string;
  email: string | null;
  searchText: string;
  createdAt: Date;
}[] = [];
const registrations: Reg[] = [];
const CODE = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const code = (length: number) => Array.from({ length }, () => CODE[Math.floor(random() * CODE.length)]).join("");

function addRegistration(event: EventRow) {
  const n = people.length + 1;
  const fullName = personName();
  const phoneE164 = `+6013${String(1_000_000 + n).padStart(7, "0")}`;
  const email = random() < 0.85 ? `peserta${n}@contoh.my` : null;
  const createdAt = new Date(event.startsAt.getTime() - (1 + random() * 20) * DAY);
  const category = random() < 0.45 ? "TEACHER" : random() < 0.6 ? "PIBG" : "COMMUNITY";
  const roll = random();
  const status =
    event.status === "COMPLETED"
      ? roll < 0.78
        ? "ATTENDED"
        : roll < 0.95
          ? "NO_SHOW"
          : "CANCELLED"
      : event.status === "CANCELLED"
        ? "CANCELLED"
        : roll < 0.92
          ? "REGISTERED"
          : roll < 0.96
            ? "WAITLISTED"
            : "CANCELLED";
  const person = {
    id: newId("u"),
    fullName,
    nameKey: nameKey(fullName),
    phoneE164,
    email,
    searchText: contactSearchText({ fullName, phoneE164, email }),
    createdAt,
  };
  people.push(person);
  registrations.push({
    id: newId("r"),
    eventId: event.id,
    personId: person.id,
    category,
    status,
    source: random() < 0.8 ? "ONLINE" : random() < 0.5 ? "WALK_IN" : "IMPORT",
    fullName,
    phoneE164,
    email,
    language: random() < 0.8 ? "ms" : "en",
    searchText: person.searchText,
    organisation: category === "TEACHER" ? "Sekolah" : null,
    // unique by the serial at its end, unguessable enough for a benchmark by the rest
    checkInCode: `${code(5)}${Array.from({ length: 4 }, (_, k) => CODE[Math.floor(n / CODE.length ** k) % CODE.length]).join("")}`,
    manageToken: `${code(12)}${newId("t")}`,
    waitlistedAt: status === "WAITLISTED" ? createdAt : null,
    checkedInAt: status === "ATTENDED" ? event.startsAt : null,
    cancelledAt: status === "CANCELLED" ? new Date(createdAt.getTime() + DAY) : null,
    createdAt,
  });
}
open.forEach((event, i) => {
  const target = Math.round((i + 1) * perEvent) - Math.round(i * perEvent);
  for (let j = 0; j < target; j++) addRegistration(event);
});
for (let j = 0; j < LAUNCH_REGISTRATIONS; j++) addRegistration(launch);

await insert("people", people, (chunk, tx) => tx.person.createMany({ data: chunk }));
await insert("registrations", registrations, (chunk, tx) => tx.registration.createMany({ data: chunk }));
await insert(
  "consents",
  registrations.map((r) => ({
    id: newId("c"),
    personId: r.personId,
    noticeVersion: notice.version,
    method: r.source === "IMPORT" ? "IMPORT" : "ONLINE_FORM",
    eventId: r.eventId,
    acceptedAt: r.createdAt,
  })),
  (chunk, tx) => tx.consent.createMany({ data: chunk }),
);

const eventById = new Map(events.map((e) => [e.id, e]));
const messages = registrations.flatMap((r) => {
  if (!r.email || r.source === "WALK_IN") return [];
  const base = {
    toEmail: r.email,
    toName: r.fullName,
    language: r.language,
    personId: r.personId,
    eventId: r.eventId,
    status: "SENT",
    attempts: 1,
  };
  const rows = [
    {
      ...base,
      id: newId("m"),
      idempotencyKey: `registration-confirmation:${r.id}:${r.createdAt.getTime()}`,
      template: "registration-confirmation",
      payload: JSON.stringify({ registrationId: r.id }),
      messageIdHeader: `<${newId("h")}@kasih.local>`,
      createdAt: r.createdAt,
      sentAt: r.createdAt,
      nextAttemptAt: r.createdAt,
    },
  ];
  const event = eventById.get(r.eventId)!;
  if (r.status === "ATTENDED" && event.status === "COMPLETED") {
    const at = new Date(event.startsAt.getTime() + DAY);
    rows.push({
      ...base,
      id: newId("m"),
      idempotencyKey: `follow-up:bench-${event.id}:${r.id}`,
      template: "follow-up",
      payload: JSON.stringify({ registrationId: r.id }),
      messageIdHeader: `<${newId("h")}@kasih.local>`,
      createdAt: at,
      sentAt: at,
      nextAttemptAt: at,
    });
  }
  return rows;
});
await insert("messages", messages, (chunk, tx) => tx.message.createMany({ data: chunk }));

// ---------------------------------------------------------------- children, materials, feedback at the sessions held
const held = events.filter((e) => e.status === "COMPLETED");
const GRADES = ["T1", "T2", "T3", "T4", "T5", "T6"];
await insert(
  "pupil counts",
  held.flatMap((e) =>
    GRADES.flatMap((grade) =>
      ["L", "P"].map((sex) => ({ id: newId("k"), eventId: e.id, grade, sex, count: 10 + Math.floor(random() * 30) })),
    ),
  ),
  (chunk, tx) => tx.pupilCount.createMany({ data: chunk }),
);
await insert(
  "deliveries",
  held.flatMap((e) =>
    [0, 1].map(() => ({
      id: newId("v"),
      eventId: e.id,
      materialId: pick(printMaterials).id,
      stateCode: e.stateCode,
      quantity: 50 + Math.floor(random() * 400),
      recipientType: "SCHOOL",
      recipientSchoolId: e.schoolId,
      deliveredAt: e.startsAt,
    })),
  ),
  (chunk, tx) => tx.delivery.createMany({ data: chunk }),
);
const heldIds = new Set(held.map((e) => e.id));
await insert(
  "feedback",
  registrations
    .filter((r) => r.status === "ATTENDED" && heldIds.has(r.eventId) && random() < 0.3)
    .map((r) => {
      const answers = [random() < 0.8 ? "ALL" : "SOME", random() < 0.85 ? "REPORT" : "WAIT", random() < 0.9 ? "15999" : "999"];
      return {
        id: newId("f"),
        eventId: r.eventId,
        registrationId: r.id,
        rating: 3 + Math.floor(random() * 3),
        answerSigns: answers[0],
        answerReport: answers[1],
        answerHelpline: answers[2],
        score: [answers[0] === "ALL", answers[1] === "REPORT", answers[2] === "15999"].filter(Boolean).length,
        language: "ms",
        createdAt: new Date(eventById.get(r.eventId)!.startsAt.getTime() + 2 * 3600_000),
      };
    }),
  (chunk, tx) => tx.feedback.createMany({ data: chunk }),
);

// No ANALYZE: the app never runs it, so the query planner works without statistics, as in production.
await db.$disconnect();
console.log(JSON.stringify({ schools: SCHOOLS, events: events.length, registrations: registrations.length, messages: messages.length }));
