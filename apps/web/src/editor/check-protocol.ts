import type {
  CodeAction,
  CompletionItem,
  Diagnostic,
  Hover,
  LspPosition,
  LspRange,
  PayoutCurve,
  PayoutRange,
} from '@attain/rules';
import type { ExampleOutcome } from './examples';

/**
 * What the page asks the checker worker. The language-service requests carry the editor's
 * document version, which the answer repeats, so the editor can drop an answer about text it no
 * longer shows; positions and ranges are LSP's (0-based line, UTF-16 character).
 */
export type CheckRequest =
  | { id: number; kind: 'check'; text: string }
  | { id: number; kind: 'format'; text: string }
  | { id: number; kind: 'complete'; version: number; text: string; position: LspPosition }
  | { id: number; kind: 'hover'; version: number; text: string; position: LspPosition }
  | { id: number; kind: 'codeActions'; version: number; text: string; range: LspRange };

/** What the worker answers, by the request's id. */
export type CheckReply =
  | {
      id: number;
      kind: 'check';
      diagnostics: Diagnostic[];
      /** The quick fixes of each diagnostic, by the diagnostic's index: empty where there is none. */
      fixes: CodeAction[][];
      valid: boolean;
      payoutRange: PayoutRange | null;
      examples: ExampleOutcome[];
      /** Each component's payout curve, table or rates, to plot; empty when the text has syntax errors. */
      curves: PayoutCurve[];
    }
  | { id: number; kind: 'format'; text: string; formatted: boolean; diagnostics: Diagnostic[] }
  | { id: number; kind: 'complete'; version: number; items: CompletionItem[] }
  | { id: number; kind: 'hover'; version: number; hover: Hover | null }
  | { id: number; kind: 'codeActions'; version: number; actions: CodeAction[] };
