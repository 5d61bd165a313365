import { getFormProps, type FormMetadata } from "@conform-to/react";
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { FormToken } from "~/components/form-token";
import { FormErrors, SubmitButton } from "~/components/forms";

/**
 * The shell of a form anyone may send without signing in (registration, feedback): the form's own
 * errors, its one-time token (docs/decisions/009), the fields, the honeypot and the button.
 */
export function PublicForm({
  form,
  submit,
  children,
}: {
  // Any schema's form: the shell reads only its id and errors.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  form: FormMetadata<any, string[]>;
  submit: ReactNode;
  children: ReactNode;
}) {
  return (
    <Form method="post" {...getFormProps(form)} className="stack register-form">
      <FormErrors id={form.errorId} errors={form.errors} />
      <FormToken />
      {children}
      {/* Honeypot: hidden from people and screen readers; bots fill it in, and the action refuses them. */}
      <div className="honeypot" aria-hidden="true">
        <label htmlFor="website">Website</label>
        <input id="website" name="website" type="text" tabIndex={-1} autoComplete="off" />
      </div>
      <SubmitButton>{submit}</SubmitButton>
    </Form>
  );
}
