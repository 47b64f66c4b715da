import { describe, expect, it } from 'vitest';
import { checkPlan, parsePlan, payoutCurves } from '../../src/index.js';
import { header } from '../helpers.js';

const curvesOf = (text: string) => {
  const { ast } = parsePlan(text);
  return payoutCurves(ast!, text, checkPlan(text).payoutRange?.components);
};

describe('payout curves', () => {
  it("gives a curve's bands as segments with their ends, slopes and boundary rule", () => {
    const text = `${header}component "Quota" weight 60% for individual pays curve on 1%:
  below 50%: 0%
  from 50% up to 100%: 50% to 100%
  from 100% up to and including 150%: 100% to 200%
  above 150%: 200%
  capped at 180%
`;
    const [curve] = curvesOf(text);
    expect(curve).toMatchObject({
      kind: 'curve',
      component: 'Quota',
      weight: 0.6,
      input: '1%',
      inputUnit: 'percent',
      valueUnit: 'percent',
      perDeal: false,
      // Capped at 180% of its 60%: 0%..108% of the target incentive.
      range: { min: 0, max: 1.08 },
      limits: [{ kind: 'cap', value: 1.8, unit: 'percent', text: 'capped at 180%' }],
    });
    if (curve?.kind !== 'curve') throw new Error('not a curve');
    // "from 50% up to 100%" holds 50% and not 100%: 100% belongs to the next band, which
    // holds 150% itself ("up to and including"); "above 150%" starts just past it.
    expect(curve.segments).toEqual([
      {
        band: 1,
        text: 'below 50%: 0%',
        x0: null,
        x0Included: false,
        x1: 0.5,
        x1Included: false,
        y0: 0,
        y1: 0,
        linear: false,
      },
      {
        band: 2,
        text: 'from 50% up to 100%: 50% to 100%',
        x0: 0.5,
        x0Included: true,
        x1: 1,
        x1Included: false,
        y0: 0.5,
        y1: 1,
        linear: true,
      },
      {
        band: 3,
        text: 'from 100% up to and including 150%: 100% to 200%',
        x0: 1,
        x0Included: true,
        x1: 1.5,
        x1Included: true,
        y0: 1,
        y1: 2,
        linear: true,
      },
      {
        band: 4,
        text: 'above 150%: 200%',
        x0: 1.5,
        x0Included: false,
        x1: null,
        x1Included: false,
        y0: 2,
        y1: 2,
        linear: false,
      },
    ]);
  });

  it("gives a table's row and column bands and its cells as shares", () => {
    const text = `${header}measure margin = 30%
component "Grid" weight 100% for team pays table of 1% by margin:
  columns: below 25% | from 25%
  below 100%: 0% | 50%
  from 100%: 100% | 125%
`;
    const [table] = curvesOf(text);
    expect(table).toMatchObject({
      kind: 'table',
      rowInput: '1%',
      columnInput: 'margin',
      valueUnit: 'percent',
      cells: [
        [0, 0.5],
        [1, 1.25],
      ],
      rows: [
        { text: 'below 100%', x0: null, x1: 1, x1Included: false },
        { text: 'from 100%', x0: 1, x0Included: true, x1: null },
      ],
      columns: [
        { text: 'below 25%', x1: 0.25 },
        { text: 'from 25%', x0: 0.25, x0Included: true },
      ],
    });
  });

  it('gives rate steps in the input unit with their mode, and the plan lines that change a component', () => {
    const text = `${header}component "Team" weight 100% for team pays curve on 1%:
  below 100%: 40%
  from 100%: 100%
measure sales = sum of order.amount for individual
component "C" for individual pays rates on sales, retroactive, on the period total:
  below 50,000: 2%
  from 50,000: 3%
when average of survey.score is below 4: team components pay 50%
`;
    expect(checkPlan(text).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const [team, rates] = curvesOf(text);
    expect(team?.planLines).toEqual(['when average of survey.score is below 4: team components pay 50%']);
    expect(rates).toMatchObject({
      kind: 'rates',
      mode: 'retroactive',
      inputUnit: 'number',
      planLines: [],
      segments: [
        { band: 1, x0: null, x1: 50_000, x1Included: false, y0: 0.02, y1: 0.02 },
        { band: 2, x0: 50_000, x0Included: true, x1: null, y0: 0.03, y1: 0.03 },
      ],
    });
  });

  it('reads a band written with a single open bound as flat, as the evaluator pays it', () => {
    // "from 150%: 150% to 200%" has no upper bound to run to: bandValue pays its first value.
    const text = `${header}component "Open" weight 100% for team pays curve on 1%:
  below 150%: 0%
  from 150%: 150% to 200%
`;
    const [curve] = curvesOf(text);
    if (curve?.kind !== 'curve') throw new Error('not a curve');
    expect(curve.segments[1]).toMatchObject({ x0: 1.5, x1: null, y0: 1.5, y1: 1.5, linear: false });
  });
});
