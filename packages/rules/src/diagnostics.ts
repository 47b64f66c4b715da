/** Bad input is data: every problem found in a plan is one of these, never an exception. */
import type { Range } from './parser/ast.js';

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  severity: Severity;
  /** Stable, e.g. 'UNKNOWN_MEASURE'; front ends and tests key on it. */
  code: string;
  /** What is wrong and how to fix it, in the admin's words. */
  message: string;
  range: Range;
}

/** A range covering the whole of a short text, for problems that belong to no node. */
export function startRange(): Range {
  return { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
