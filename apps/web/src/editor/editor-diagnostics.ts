import type { Diagnostic as EditorDiagnostic } from '@codemirror/lint';
import type { CheckOutcome } from './plan-checker';

/** Turns the checker's diagnostics (1-based lines, 0-based offsets) into CodeMirror's. */
export function toEditorDiagnostics(outcome: CheckOutcome, length: number): EditorDiagnostic[] {
  return outcome.diagnostics.map((diagnostic) => {
    const from = Math.min(diagnostic.range.start.offset, length);
    let to = Math.min(Math.max(diagnostic.range.end.offset, from), length);
    // An empty range (a missing word at the end of a line) still needs a character to underline.
    if (to === from && from < length) to = from + 1;
    return {
      from,
      to,
      severity: diagnostic.severity,
      source: diagnostic.code,
      message: diagnostic.message,
    };
  });
}
