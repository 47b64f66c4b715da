import { parsePlan, payoutCurves } from '@attain/rules';
import { describe, expect, it } from 'vitest';
import { boundaryRules, curveDomain, curvePlot } from '../../src/editor/curve-points';

const plan = `plan "Test"
  period quarter
  currency USD
  target incentive: annual, not prorated

component "Quota" weight 100% for individual pays curve on 1%:
  below 50%: 0%
  from 50% up to 100%: 50% to 100%
  from 100% up to and including 150%: 100% to 200%
  above 150%: 200%
`;
const [curve] = payoutCurves(parsePlan(plan).ast!, plan);
if (curve?.kind !== 'curve') throw new Error('not a curve');

describe('the points of a payout curve plot', () => {
  it('draws from a quarter span below the lowest bound to a quarter above the highest, not below 0', () => {
    // Bounds 50% to 150%: span 100%, so 25% to 175%.
    expect(curveDomain(curve.segments)).toEqual([0.25, 1.75]);
    // Bounds 10% to 20%: span 10%, so 7.5% to 22.5%; a bound at 0 stays the edge.
    const at = (x0: number | null, x1: number | null) => ({
      band: 1,
      text: '',
      x0,
      x0Included: true,
      x1,
      x1Included: false,
      y0: 0,
      y1: 0,
      linear: false,
    });
    expect(curveDomain([at(null, 0.1), at(0.1, 0.2)]).map((x) => Number(x.toFixed(6)))).toEqual([
      0.075, 0.225,
    ]);
    expect(curveDomain([at(0, 1)])).toEqual([0, 1.25]);
  });

  it('draws the unbounded first and last bands to the edges, and an end at each finite bound', () => {
    const { lines, ends } = curvePlot(curve.segments);
    expect(lines[0]).toMatchObject({ x1: 0.25, y1: 0, x2: 0.5, y2: 0 });
    expect(lines[1]).toMatchObject({ x1: 0.5, y1: 0.5, x2: 1, y2: 1 });
    expect(lines[3]).toMatchObject({ x1: 1.5, y1: 2, x2: 1.75, y2: 2 });
    // At 100%: band 2's end is open (up to 100%), band 3's start is filled (from 100%).
    expect(ends.filter((end) => end.x === 1)).toEqual([
      { band: 2, x: 1, y: 1, included: false },
      { band: 3, x: 1, y: 1, included: true },
    ]);
  });

  it('says which band pays exactly at each bound', () => {
    expect(boundaryRules(curve)).toEqual([
      'At 50%: band 2 (from 50% up to 100%) applies.',
      'At 100%: band 3 (from 100% up to and including 150%) applies.',
      'At 150%: band 3 (from 100% up to and including 150%) applies.',
    ]);
  });
});
