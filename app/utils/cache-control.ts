/**
 * For every answer that may carry personal data or belongs to one signed-in user: no browser, proxy
 * or shared computer keeps a copy (a participant's page opened on a school's computer, a staff page
 * with names, a download). Pages and their data get it by default (entry.server.tsx); resource
 * routes that answer with personal data set it themselves.
 */
export const PRIVATE_NO_STORE = "private, no-store";
