import { describe, expect, it } from 'vitest';
import { problemsAtLines, refusedVariablesAtLines } from '../../src/imports/import-problems';

describe('import problems at the lines of the file', () => {
  it("puts each record error at the line its record came from, not at the record's position", () => {
    // A header on line 1 and a blank line 3: the records are on lines 2, 4 and 5.
    const lines = [2, 4, 5];
    expect(problemsAtLines([{ index: 2, field: 'amount', reason: 'must be a whole number' }], lines)).toEqual(
      [{ line: 5, field: 'amount', reason: 'must be a whole number' }],
    );
  });

  it('reads the record and field out of a variable the schema refused', () => {
    const message =
      'Variable "$records" got invalid value "12x" at "records[1].amount"; Expected value of type "MinorUnits!", found "12x".';
    expect(refusedVariablesAtLines([message], [2, 3])).toEqual([
      {
        line: 3,
        field: 'amount',
        reason: 'invalid value "12x": Expected value of type "MinorUnits!", found "12x".',
      },
    ]);
  });

  it('keeps a refusal that names no record as a problem of the whole file (line 0)', () => {
    expect(refusedVariablesAtLines(['The request is too large.'], [2])).toEqual([
      { line: 0, field: '', reason: 'The request is too large.' },
    ]);
  });
});
