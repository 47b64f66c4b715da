import { checkPlan } from '@attain/rules';
import { describe, expect, it } from 'vitest';
import { toEditorDiagnostics } from '../../src/editor/editor-diagnostics';

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
      { ...outcome, valid: false, examples: [], curves: [] },
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
