import { createContext, useContext } from "react";

/**
 * The Content-Security-Policy nonce of the response being rendered (server/index.js makes one per
 * request). Given by entry.server around the whole document, so pages rendered without the root
 * loader's data, such as a 404 for an address no route matches, still get working scripts.
 */
const CspNonceContext = createContext<string | undefined>(undefined);
export const CspNonceProvider = CspNonceContext.Provider;

export function useCspNonce(): string | undefined {
  return useContext(CspNonceContext);
}
