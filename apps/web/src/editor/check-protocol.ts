import type { Diagnostic, PayoutRange } from '@attain/rules';
import type { ExampleOutcome } from './examples';

/** What the page asks the checker worker. */
export type CheckRequest =
  | { id: number; kind: 'check'; text: string }
  | { id: number; kind: 'format'; text: string };

/** What the worker answers, by the request's id. */
export type CheckReply =
  | {
      id: number;
      kind: 'check';
      diagnostics: Diagnostic[];
      valid: boolean;
      payoutRange: PayoutRange | null;
      examples: ExampleOutcome[];
    }
  | { id: number; kind: 'format'; text: string; formatted: boolean; diagnostics: Diagnostic[] };
