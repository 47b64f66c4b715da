import { type CodeAction, checkPlan } from '@attain/rules';
import { EditorState, Text } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import { changesOf, offsetOf, positionOf, toEditorDiagnostics } from '../../src/editor/editor-diagnostics';

const PLAN = `plan "Try"
  period quarter
  currency USD
  target incentive: annual, not prorated

measure revenue = sum of order.amount

component "Revenue" weight 100% for team
  pays 5% of revenu
`;

describe('diagnostics in the editor', () => {
  it("underlines exactly the checker's range: the misspelt name on line 9", () => {
    const outcome = checkPlan(PLAN);
    const unknown = outcome.diagnostics.find((d) => d.severity === 'error');
    expect(unknown?.range.start.line).toBe(9);
    const [mark] = toEditorDiagnostics(
      { ...outcome, fixes: [], valid: false, examples: [], curves: [] },
      PLAN.length,
    ).filter((d) => d.severity === 'error');
    expect(PLAN.slice(mark!.from, mark!.to)).toBe('revenu');
    expect(mark!.source).toBe(unknown!.code);
  });

  it('gives an empty range one character, and keeps ranges inside the text', () => {
    const at = (start: number, end: number) => ({
      diagnostics: [
        {
          severity: 'error' as const,
          code: 'SYNTAX_ERROR' as const,
          message: 'm',
          range: {
            start: { line: 1, column: start + 1, offset: start },
            end: { line: 1, column: end + 1, offset: end },
          },
        },
      ],
      fixes: [],
      valid: false,
      payoutRange: null,
      examples: [],
      curves: [],
    });
    expect(toEditorDiagnostics(at(3, 3), 10)[0]).toMatchObject({ from: 3, to: 4 });
    // At the very end there is no character to take: the mark stays empty rather than outside.
    expect(toEditorDiagnostics(at(10, 10), 10)[0]).toMatchObject({ from: 10, to: 10 });
    expect(toEditorDiagnostics(at(8, 50), 10)[0]).toMatchObject({ from: 8, to: 10 });
  });
});

describe('LSP positions in the editor', () => {
  // Line 2 holds a character outside the Basic Multilingual Plane: two UTF-16 code units, as LSP counts.
  const doc = Text.of(['plan "Try"', 'measure 💶 = 1', '']);

  it('reads a line and UTF-16 character as the offset CodeMirror counts', () => {
    // Line 1 is 10 characters and a line break, so line 2 starts at 11; "measure " is 8 more.
    expect(offsetOf(doc, { line: 1, character: 8 })).toBe(19);
    // After the emoji (2 code units): 19 + 2 = 21, the space before '='.
    expect(offsetOf(doc, { line: 1, character: 10 })).toBe(21);
    expect(doc.sliceString(21, 22)).toBe(' ');
    expect(positionOf(doc, 21)).toEqual({ line: 1, character: 10 });
  });

  it("clamps a character past its line's end to the end of that line, and a line past the end to the text's end", () => {
    // Line 2 is 14 code units long ("measure " 8, the emoji 2, " = 1" 4): it ends at 11 + 14 = 25, before its line break.
    expect(offsetOf(doc, { line: 1, character: 99 })).toBe(25);
    expect(offsetOf(doc, { line: 7, character: 0 })).toBe(doc.length);
    expect(positionOf(doc, 500)).toEqual({ line: 2, character: 0 });
  });

  it('applies several edits made against one text as one change, whatever their order', () => {
    const state = EditorState.create({ doc: 'weight 30%\nweight 70%' });
    const edits = [
      { range: { start: { line: 1, character: 7 }, end: { line: 1, character: 10 } }, newText: '60%' },
      { range: { start: { line: 0, character: 7 }, end: { line: 0, character: 10 } }, newText: '40%' },
    ];
    const changed = state.update({ changes: changesOf(state.doc, edits) }).state;
    expect(changed.doc.toString()).toBe('weight 40%\nweight 60%');
  });
});

describe('quick fixes on diagnostics', () => {
  it("offers a diagnostic's fixes as its actions, and none to a diagnostic without fixes", () => {
    const outcome = checkPlan(PLAN);
    const errorIndex = outcome.diagnostics.findIndex((d) => d.severity === 'error');
    const fix: CodeAction = {
      title: "Replace with 'revenue'",
      kind: 'quickfix',
      edits: [
        { range: { start: { line: 8, character: 12 }, end: { line: 8, character: 18 } }, newText: 'revenue' },
      ],
    };
    const fixes = outcome.diagnostics.map((_, i) => (i === errorIndex ? [fix] : []));
    const marks = toEditorDiagnostics(
      { ...outcome, fixes, valid: false, examples: [], curves: [] },
      PLAN.length,
      (list) => list.map((f) => ({ name: f.title, apply: () => undefined })),
    );
    expect(marks[errorIndex]?.actions?.map((a) => a.name)).toEqual(["Replace with 'revenue'"]);
    expect(marks.filter((m) => m.actions).length).toBe(1);
  });
});
