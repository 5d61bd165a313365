import { useRouteLoaderData } from "@remix-run/react";
import { FORM_TOKEN_FIELD } from "~/modules/audit/form-token";

/**
 * The page's one-time form token (docs/decisions/009). The root loader makes a new one whenever
 * it runs, and it runs again after every submission, so a token changes once it has been used.
 * A form keyed on it (`key={useFormToken()}`) starts empty again after a successful submission.
 */
export function useFormToken(): string {
  return useRouteLoaderData<{ formToken: string }>("root")?.formToken ?? "";
}

/** Put inside every form that creates something: a repeat submission is then answered, not repeated. */
export function FormToken() {
  return <input type="hidden" name={FORM_TOKEN_FIELD} value={useFormToken()} />;
}
