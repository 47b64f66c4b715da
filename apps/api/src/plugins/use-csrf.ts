import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import type { Plugin } from 'graphql-yoga';

/**
 * CSRF prevention: a request a browser could send cross-site without a preflight (a GET, or a
 * POST as a form) must carry this header; JSON POSTs, as every client sends, pass.
 */
export const CSRF_HEADER = 'x-graphql-yoga-csrf';

export function useCsrf(): Plugin {
  return useCSRFPrevention({ requestHeaders: [CSRF_HEADER] });
}
