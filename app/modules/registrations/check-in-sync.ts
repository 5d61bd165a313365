import { z } from "zod";
import { REGISTRATION_CATEGORIES } from "~/modules/events/event-rules";
import { storable } from "~/utils/text";

// The queue arrives as JSON, which can carry text the database cannot store (see storable).
const text = (min: number, max: number) => z.string().min(min).max(max).transform(storable);

/**
 * What the check-in screen queues on the phone and sends when there is signal. Each operation has
 * an id made on the phone, so sending the queue twice changes nothing.
 */
export const CheckInOpSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("check-in"), clientId: text(8, 64), registrationId: text(0, 40).optional(), code: text(0, 40).optional() }),
  z.object({ kind: z.literal("undo"), clientId: text(8, 64), registrationId: text(0, 40) }),
  z.object({
    kind: z.literal("walk-in"),
    clientId: text(8, 64),
    fullName: text(0, 200),
    phone: text(0, 40).optional(),
    category: z.enum(REGISTRATION_CATEGORIES),
    organisation: text(0, 200).optional(),
  }),
]);
export type CheckInOp = z.infer<typeof CheckInOpSchema>;

export const CheckInBatchSchema = z.object({ ops: z.array(CheckInOpSchema).max(500) });

export type CheckInOpResult = { clientId: string; ok: boolean; registrationId?: string; error?: string };
