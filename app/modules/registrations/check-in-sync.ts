import { z } from "zod";
import { REGISTRATION_CATEGORIES } from "~/modules/events/event-rules";

/**
 * What the check-in screen queues on the phone and sends when there is signal. Each operation has
 * an id made on the phone, so sending the queue twice changes nothing.
 */
export const CheckInOpSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("check-in"), clientId: z.string().min(8).max(64), registrationId: z.string().max(40).optional(), code: z.string().max(40).optional() }),
  z.object({ kind: z.literal("undo"), clientId: z.string().min(8).max(64), registrationId: z.string().max(40) }),
  z.object({
    kind: z.literal("walk-in"),
    clientId: z.string().min(8).max(64),
    fullName: z.string().max(200),
    phone: z.string().max(40).optional(),
    category: z.enum(REGISTRATION_CATEGORIES),
    organisation: z.string().max(200).optional(),
  }),
]);
export type CheckInOp = z.infer<typeof CheckInOpSchema>;

export const CheckInBatchSchema = z.object({ ops: z.array(CheckInOpSchema).max(500) });

export type CheckInOpResult = { clientId: string; ok: boolean; registrationId?: string; error?: string };
