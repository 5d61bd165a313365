import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { FieldErrors, SubmitButton } from "~/components/forms";

/** What both imports accept: an Excel workbook or a CSV file. */
const SPREADSHEETS = ".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv";

/**
 * The first step of an import (registrations, schools): one spreadsheet file, and the message that
 * explains why it was refused (a translated key from the action), beside the field.
 */
export function SpreadsheetUploadForm({ label, submit, error }: { label: ReactNode; submit: ReactNode; error?: string }) {
  return (
    <Form method="post" encType="multipart/form-data" className="stack">
      <div className="field">
        <label htmlFor="file">{label}</label>
        <input
          id="file"
          name="file"
          type="file"
          accept={SPREADSHEETS}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "file-error" : undefined}
        />
        <FieldErrors id="file-error" errors={error ? [error] : undefined} />
      </div>
      <div>
        <SubmitButton>{submit}</SubmitButton>
      </div>
    </Form>
  );
}
