import type { CodeAction, LspPosition, TextEdit } from '@attain/rules';
import type { Action, Diagnostic as EditorDiagnostic } from '@codemirror/lint';
import type { ChangeSpec, Text } from '@codemirror/state';
import type { CheckOutcome } from './plan-checker';

/**
 * An LSP position (0-based line, UTF-16 character, as the language services give it) as an
 * offset of CodeMirror's document, which counts UTF-16 code units too. A line past the end is
 * the end of the text; a character past the end of its line is the line's end (LSP's rule).
 */
export function offsetOf(doc: Text, position: LspPosition): number {
  if (position.line < 0) return 0;
  if (position.line >= doc.lines) return doc.length;
  const line = doc.line(position.line + 1);
  return line.from + Math.min(Math.max(position.character, 0), line.length);
}

/** A CodeMirror offset as an LSP position, clamped to the text. */
export function positionOf(doc: Text, offset: number): LspPosition {
  const line = doc.lineAt(Math.min(Math.max(offset, 0), doc.length));
  return { line: line.number - 1, character: Math.min(Math.max(offset, 0), doc.length) - line.from };
}

/** LSP text edits, all against `doc`, as one CodeMirror change in text order. */
export function changesOf(doc: Text, edits: readonly TextEdit[]): ChangeSpec[] {
  return edits
    .map((edit) => ({
      from: offsetOf(doc, edit.range.start),
      to: offsetOf(doc, edit.range.end),
      insert: edit.newText,
    }))
    .sort((a, b) => a.from - b.from || a.to - b.to);
}

/**
 * Turns the checker's diagnostics (1-based lines, 0-based offsets) into CodeMirror's; `actionsOf`
 * makes the buttons of a diagnostic's quick fixes, when the editor offers them.
 */
export function toEditorDiagnostics(
  outcome: CheckOutcome,
  length: number,
  actionsOf?: (fixes: CodeAction[]) => Action[],
): EditorDiagnostic[] {
  return outcome.diagnostics.map((diagnostic, index) => {
    const from = Math.min(diagnostic.range.start.offset, length);
    let to = Math.min(Math.max(diagnostic.range.end.offset, from), length);
    // An empty range (a missing word at the end of a line) still needs a character to underline.
    if (to === from && from < length) to = from + 1;
    const fixes = outcome.fixes[index] ?? [];
    return {
      from,
      to,
      severity: diagnostic.severity,
      source: diagnostic.code,
      message: diagnostic.message,
      ...(actionsOf && fixes.length > 0 ? { actions: actionsOf(fixes) } : {}),
    };
  });
}
