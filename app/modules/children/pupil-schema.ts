import { z } from "zod";
import { checkbox, optionalInt } from "~/utils/zod";

/** Years as schools name them: prasekolah and Tahun 1–6 (primary), Tingkatan 1–6 (secondary). */
export const PRIMARY_GRADES = ["P", "T1", "T2", "T3", "T4", "T5", "T6"] as const;
export const SECONDARY_GRADES = ["F1", "F2", "F3", "F4", "F5", "F6"] as const;
export const GRADES = [...PRIMARY_GRADES, ...SECONDARY_GRADES] as const;
export const SEXES = ["L", "P"] as const;
export type Grade = (typeof GRADES)[number];

export function gradesForLevel(level: string | null | undefined): readonly Grade[] {
  if (level === "RENDAH") return PRIMARY_GRADES;
  if (level === "MENENGAH") return SECONDARY_GRADES;
  return GRADES;
}

export const fieldName = (grade: string, sex: string) => `n_${grade}_${sex}`;

/** One whole number per grade and sex (empty means none), the special-needs count, and the acknowledgement of a warning. */
const countFields: Record<string, ReturnType<typeof optionalInt>> = Object.fromEntries(
  GRADES.flatMap((g) => SEXES.map((s) => [fieldName(g, s), optionalInt(0, 5000)])),
);
export const PupilCountSchema = z
  .object({
    ...countFields,
    specialNeeds: optionalInt(0, 5000),
    acknowledgeWarnings: checkbox(),
  })
  // Pupils with special needs are among those counted, never more.
  .refine((v) => (v.specialNeeds ?? 0) <= pupilTotal(v), { message: "errors.pupils.specialNeedsAboveTotal", path: ["specialNeeds"] });

function pupilTotal(values: Record<string, unknown>): number {
  return GRADES.flatMap((g) => SEXES.map((s) => values[fieldName(g, s)])).reduce<number>(
    (sum, n) => sum + (typeof n === "number" ? n : 0),
    0,
  );
}
