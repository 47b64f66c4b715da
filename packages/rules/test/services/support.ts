/** Helpers for the services' tests: a cursor marker in plan text, and applying edits. */
import { type LspPosition, PlanDocument, type TextEdit } from '../../src/index.js';

/** The cursor marker in test texts (plans use '|' in tables, so not that). */
export const CURSOR = '‸';

/** The document without the marker, and the marker's position. */
export function withCursor(text: string): { doc: PlanDocument; position: LspPosition } {
  const offset = text.indexOf(CURSOR);
  if (offset < 0) throw new Error('no cursor marker');
  const doc = new PlanDocument(text.slice(0, offset) + text.slice(offset + CURSOR.length));
  return { doc, position: doc.positionAt(offset) };
}

/** The position of the `nth` occurrence of `needle` (0-based), `delta` characters into it. */
export function positionOf(doc: PlanDocument, needle: string, delta = 0, nth = 0): LspPosition {
  let offset = -1;
  for (let i = 0; i <= nth; i++) {
    offset = doc.text.indexOf(needle, offset + 1);
    if (offset < 0) throw new Error(`'${needle}' not found`);
  }
  return doc.positionAt(offset + delta);
}

/** The text after applying non-overlapping edits. */
export function applyEdits(doc: PlanDocument, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => doc.offsetAt(b.range.start) - doc.offsetAt(a.range.start));
  let text = doc.text;
  for (const edit of sorted) {
    text =
      text.slice(0, doc.offsetAt(edit.range.start)) + edit.newText + text.slice(doc.offsetAt(edit.range.end));
  }
  return text;
}

/** The text a range covers. */
export function textAt(doc: PlanDocument, range: { start: LspPosition; end: LspPosition }): string {
  return doc.text.slice(doc.offsetAt(range.start), doc.offsetAt(range.end));
}

/** A plan header for snippets: quarterly, in USD. */
export const header =
  'plan "Test"\n  period quarter\n  currency USD\n  target incentive: annual, not prorated\n\n';
