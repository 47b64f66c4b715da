import type { Diagnostic, PayoutCurve, PayoutRange } from '@attain/rules';
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
      /** Each component's payout curve, table or rates, to plot; empty when the text has syntax errors. */
      curves: PayoutCurve[];
    }
  | { id: number; kind: 'format'; text: string; formatted: boolean; diagnostics: Diagnostic[] };
