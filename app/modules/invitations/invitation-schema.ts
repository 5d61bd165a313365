import { z } from "zod";
import { isDateKey } from "~/modules/calendar/malaysia-time";
import { checkboxList, optionalText, requiredChoice, requiredInt } from "~/utils/zod";

export const INVITATION_STATUSES = ["INVITED", "ACCEPTED", "DECLINED", "NO_RESPONSE"] as const;

export const InviteSchema = z.object({
  intent: z.literal("invite"),
  schoolIds: checkboxList(z.array(z.string().max(40)).min(1, "errors.invitation.chooseSchools").max(500)),
  proposedDates: optionalText(300),
});

export const RespondSchema = z
  .object({
    intent: z.literal("respond"),
    invitationId: z.string().min(1).max(40),
    status: requiredChoice(INVITATION_STATUSES),
    chosenDate: z.preprocess((v) => (v === "" ? undefined : v), z.string().refine(isDateKey, "errors.date").optional()),
    declineReason: optionalText(300),
  })
  .superRefine((r, ctx) => {
    if (r.status === "ACCEPTED" && !r.chosenDate)
      ctx.addIssue({ code: "custom", path: ["chosenDate"], message: "errors.invitation.chooseDate" });
    if (r.status === "DECLINED" && !r.declineReason)
      ctx.addIssue({ code: "custom", path: ["declineReason"], message: "errors.event.reasonRequired" });
  });
export type RespondInput = z.infer<typeof RespondSchema>;

export const RemindSchema = z.object({
  intent: z.literal("remind"),
  olderThanDays: requiredInt(0, 365),
});
