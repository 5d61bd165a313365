import { z } from "zod";
import { ROLES } from "~/modules/auth/permissions";
import { STATE_CODES } from "~/modules/schools/school-schema";
import { checkbox, requiredChoice, requiredText } from "~/utils/zod";
import { cleanText } from "~/utils/text";

export const PASSWORD_MIN = 10;

const password = z.string({ error: "errors.required" }).min(PASSWORD_MIN, "errors.passwordTooShort").max(200, "errors.passwordTooLong");

const email = z.preprocess(
  (v) => (typeof v === "string" ? cleanText(v).toLowerCase() : v),
  z
    .string({ error: (issue) => (issue.input === undefined ? "errors.required" : "errors.email") })
    .min(1, "errors.required")
    .max(254, "errors.email")
    .email("errors.email"),
);

const userFields = {
  name: requiredText(120),
  email,
  role: requiredChoice(ROLES),
  stateCode: z.preprocess((v) => (v === "" || v === undefined ? null : v), z.enum(STATE_CODES).nullable()),
  schoolCode: z.preprocess(
    (v) => (typeof v === "string" ? v.trim().split(/\s|—/)[0].toUpperCase() || undefined : v),
    z
      .string()
      .regex(/^[A-Z]{3}\d{4}$/, "errors.schoolCode")
      .optional(),
  ),
  active: checkbox(),
};

function liaisonNeedsSchool(user: { role: string; schoolCode?: string }, ctx: z.RefinementCtx) {
  if (user.role === "LIAISON" && !user.schoolCode) {
    ctx.addIssue({ code: "custom", path: ["schoolCode"], message: "errors.user.schoolRequired" });
  }
}

export const NewUserSchema = z.object({ ...userFields, password }).superRefine(liaisonNeedsSchool);
export const EditUserSchema = z
  .object({ ...userFields, password: z.preprocess((v) => (v === "" ? undefined : v), password.optional()) })
  .superRefine(liaisonNeedsSchool);
export type UserInput = z.infer<typeof EditUserSchema>;

export const SignInSchema = z.object({
  email,
  password: z.string({ error: "errors.required" }).min(1, "errors.required").max(200, "errors.passwordTooLong"),
  // A hidden field: a bad value falls back to the dashboard rather than blocking sign-in.
  redirectTo: z.string().max(2000).optional().catch(undefined),
});

export const ChangePasswordSchema = z
  .object({
    currentPassword: z.string({ error: "errors.required" }).min(1, "errors.required").max(200),
    newPassword: password,
    confirmPassword: z.string({ error: "errors.required" }).min(1, "errors.required").max(200),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], message: "errors.passwordMismatch" });
