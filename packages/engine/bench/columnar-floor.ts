/**
 * The floor for engine_vs_columnar_floor: the plan's aggregates for every participant and
 * period, computed by a hand-written loop straight from the typed columns, with no plan, no
 * statement and no explanation. One pass per aggregate and window over the kind's rows in the
 * window (rows of a kind are in date order), summing per account and per credited participant;
 * then each participant reads their team's accounts or their own credits.
 */
import type { CompiledPlan } from '@attain/rules';
import type { FactColumns } from '../src/facts/fact-columns.js';
import { compileFilters } from '../src/measures/filters.js';
import type { OrgSnapshot } from '../src/model/org.js';
import { type Period, parsePeriod, windowRange } from '../src/periods/period.js';

/** The floor's numbers: per period, participant and aggregate key, and a checksum to keep the work alive. */
export interface FloorResult {
  values: Map<string, number>;
  checksum: number;
}

export function columnarFloor(
  plan: CompiledPlan,
  periodIds: readonly string[],
  org: OrgSnapshot,
  columns: FactColumns,
  keep = false,
): FloorResult {
  const teamOf = new Map<string, string>();
  for (const m of org.memberships) teamOf.set(m.participantId, m.teamId);
  const teamAccounts = new Map<string, number[]>();
  for (const account of org.accounts) {
    const code = columns.accountCode(account.id);
    if (code < 0) continue;
    const list = teamAccounts.get(account.teamId) ?? [];
    list.push(code);
    teamAccounts.set(account.teamId, list);
  }
  const assigned = [
    ...new Set(org.assignments.filter((a) => a.plan === plan.name).map((a) => a.participantId)),
  ];
  const people = assigned.map((id) => ({
    code: columns.participantCode(id),
    accounts: teamAccounts.get(teamOf.get(id) ?? '') ?? [],
    id,
  }));
  const accountSum = new Float64Array(columns.accountDictionary.length);
  const accountCount = new Float64Array(columns.accountDictionary.length);
  const creditSum = new Float64Array(columns.participantDictionary.length);
  const creditCount = new Float64Array(columns.participantDictionary.length);
  const values = new Map<string, number>();
  let checksum = 0;
  for (const periodId of periodIds) {
    const period = parsePeriod(periodId) as Period;
    for (const aggregate of plan.requirements.aggregates) {
      accountSum.fill(0);
      accountCount.fill(0);
      creditSum.fill(0);
      creditCount.fill(0);
      const kind = columns.kindCode(aggregate.factKind);
      if (kind < 0) continue;
      const range = windowRange(period, aggregate.window);
      const rows = columns.rowsByKind[kind] as Int32Array;
      let from = 0;
      let to = rows.length;
      // Binary search for the window's first row and the first row after it.
      for (let lo = 0, hi = rows.length; lo < hi; ) {
        const mid = (lo + hi) >>> 1;
        if ((columns.dates[rows[mid] as number] as number) < range.start) lo = mid + 1;
        else hi = mid;
        from = lo;
      }
      for (let lo = from, hi = rows.length; lo < hi; ) {
        const mid = (lo + hi) >>> 1;
        if ((columns.dates[rows[mid] as number] as number) <= range.end) lo = mid + 1;
        else hi = mid;
        to = lo;
      }
      const column = aggregate.field === null ? undefined : columns.attributes.get(aggregate.field);
      const field = column?.type === 'number' ? column.values : null;
      const filter = compileFilters(columns, aggregate.filters);
      for (let i = from; i < to; i++) {
        const row = rows[i] as number;
        if (filter !== null && !filter(row)) continue;
        const value = field === null ? 1 : (field[row] as number);
        if (Number.isNaN(value)) continue;
        const account = columns.accounts[row] as number;
        accountSum[account]! += value;
        accountCount[account]! += 1;
        const last = columns.creditStart[row + 1] as number;
        for (let e = columns.creditStart[row] as number; e < last; e++) {
          const participant = columns.creditParticipant[e] as number;
          creditSum[participant]! += value * (columns.creditShare[e] as number);
          creditCount[participant]! += 1;
        }
      }
      const average = aggregate.aggregation === 'average';
      const count = aggregate.aggregation === 'count';
      for (const person of people) {
        let sum = 0;
        let n = 0;
        if (aggregate.scope === 'individual') {
          if (person.code >= 0) {
            sum = creditSum[person.code] as number;
            n = creditCount[person.code] as number;
          }
        } else {
          for (const account of person.accounts) {
            sum += accountSum[account] as number;
            n += accountCount[account] as number;
          }
        }
        const result = count ? n : average ? (n === 0 ? 0 : sum / n) : sum;
        checksum += result;
        if (keep) values.set(`${periodId}|${person.id}|${aggregate.key}`, result);
      }
    }
  }
  return { values, checksum };
}
