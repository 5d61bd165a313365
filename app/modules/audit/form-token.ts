/** The hidden field that carries a form's one-time token (docs/decisions/009), read by submitOnce. */
export const FORM_TOKEN_FIELD = "formToken";
