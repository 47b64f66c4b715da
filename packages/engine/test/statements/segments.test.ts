import { describe, expect, it } from 'vitest';
import { formatRange, parsePeriod } from '../../src/periods/period.js';
import { segmentsOf } from '../../src/statements/segments.js';
import type { PlanVersion } from '../../src/statements/statement.js';
import { participant } from '../helpers/org.js';
import { createTestPlan } from '../helpers/test-plan.js';

const q1 = parsePeriod('2025-Q1')!;
const version: PlanVersion = { plan: createTestPlan({ name: 'Plan', components: [] }) };
const assigned = [{ participantId: 'p1', plan: 'Plan', from: '2020-01-01' }];
const onTeam = (teamId: string, from: string, to?: string) => ({
  participantId: 'p1',
  teamId,
  role: 'KAM',
  from,
  to,
});
const describeSegments = (segments: ReturnType<typeof segmentsOf>) =>
  segments.map((s) => `${formatRange(s)} ${s.teamId ?? 'no team'} ${s.version.version ?? '-'}`);

describe('segmentsOf', () => {
  it('gives one stretch for a quarter with nothing changing', () => {
    expect(
      describeSegments(segmentsOf(q1, participant('p1'), assigned, [version], [onTeam('T1', '2020-01-01')])),
    ).toEqual(['2025-01-01..2025-03-31 T1 -']);
  });

  it('starts at the hire date and ends at the termination date', () => {
    const p = participant('p1', { hireDate: '2025-02-15', terminationDate: '2025-03-10' });
    expect(describeSegments(segmentsOf(q1, p, assigned, [version], [onTeam('T1', '2025-02-15')]))).toEqual([
      '2025-02-15..2025-03-10 T1 -',
    ]);
  });

  it('cuts at a team change and at a plan version change', () => {
    const v1 = { ...version, effectiveTo: '2025-03-01', version: 'v1' };
    const v2 = { ...version, effectiveFrom: '2025-03-02', version: 'v2' };
    const memberships = [onTeam('T1', '2020-01-01', '2025-01-31'), onTeam('T2', '2025-02-01')];
    expect(describeSegments(segmentsOf(q1, participant('p1'), assigned, [v1, v2], memberships))).toEqual([
      '2025-01-01..2025-01-31 T1 v1',
      '2025-02-01..2025-03-01 T2 v1',
      '2025-03-02..2025-03-31 T2 v2',
    ]);
  });

  it('keeps a stretch without a team when the participant is between teams', () => {
    const memberships = [onTeam('T1', '2020-01-01', '2025-01-31'), onTeam('T2', '2025-03-01')];
    expect(describeSegments(segmentsOf(q1, participant('p1'), assigned, [version], memberships))).toEqual([
      '2025-01-01..2025-01-31 T1 -',
      '2025-02-01..2025-02-28 no team -',
      '2025-03-01..2025-03-31 T2 -',
    ]);
  });

  it('gives nothing when the assignment starts after the period', () => {
    const later = [{ participantId: 'p1', plan: 'Plan', from: '2025-04-01' }];
    expect(segmentsOf(q1, participant('p1'), later, [version], [onTeam('T1', '2020-01-01')])).toEqual([]);
  });
});
