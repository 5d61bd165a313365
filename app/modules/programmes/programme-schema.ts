import { z } from "zod";
import { STATE_CODES } from "~/modules/schools/school-schema";
import { checkbox, checkboxList, optionalInt, optionalMultiline, requiredInt, requiredText } from "~/utils/zod";

export const ProgrammeSchema = z.object({
  title: requiredText(200),
  year: requiredInt(2020, 2100),
  /** Empty means a national programme */
  stateCode: z.preprocess((v) => (v === "" || v === undefined ? null : v), z.enum(STATE_CODES, { error: "errors.choose" }).nullable()),
  description: optionalMultiline(4000),
  targetSchools: optionalInt(0, 20_000),
  targetParticipants: optionalInt(0, 10_000_000),
  targetMaterials: optionalInt(0, 100_000_000),
  targetChildren: optionalInt(0, 10_000_000),
  approvalRequired: checkbox(),
  coordinatorIds: checkboxList(z.array(z.string().max(40)).max(50)),
});
export type ProgrammeInput = z.infer<typeof ProgrammeSchema>;

export const ProgrammeFilterSchema = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional().catch(undefined),
  state: z.enum(STATE_CODES).optional().catch(undefined),
});
