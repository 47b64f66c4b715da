import { describe, expect, it } from 'vitest';
import { versionsInForce } from '../../src/plans/version-ranges.js';
import type { PlanVersion } from '../../src/repositories/plans.js';

const version = (number: number, effectiveFrom: string, effectiveTo: string | null = null): PlanVersion => ({
  id: `simple@${number}`,
  planId: 'simple',
  version: number,
  text: '',
  effectiveFrom,
  effectiveTo,
  publishedAt: new Date(0),
  publishedBy: null,
});

describe('versions in force after a correction', () => {
  it('lets a version republished from the same day replace the older one entirely', () => {
    // Found by the hostile-plan test: the older open-ended version left a one-day piece at the
    // open end, which crashed every payout run of the plan.
    const pieces = versionsInForce([version(1, '2025-01-01'), version(2, '2025-01-01')]);
    expect(pieces.map(({ version: v, from, to }) => [v.version, from, to])).toEqual([
      [2, '2025-01-01', null],
    ]);
  });

  it('keeps the days before a later open-ended version for the older one', () => {
    const pieces = versionsInForce([version(1, '2025-01-01'), version(2, '2025-04-01')]);
    expect(pieces.map(({ version: v, from, to }) => [v.version, from, to])).toEqual([
      [1, '2025-01-01', '2025-03-31'],
      [2, '2025-04-01', null],
    ]);
  });
});
