/**
 * The baseline the benchmark compares against: a straightforward implementation that filters
 * the whole fact array (objects) for every participant and every measure. Same semantics as the
 * columnar measures, so both must give the same cents.
 */
import type { FactAggregate, FactFilter, FactList } from '@attain/rules';
import type {
  FactListEntries,
  MeasureError,
  MeasureSource,
  MeasureSubject,
} from '../src/measures/measure-context.js';
import { type Fact, MONEY_FIELDS } from '../src/model/fact.js';
import type { OrgSnapshot } from '../src/model/org.js';
import { type FxRates, rateOn } from '../src/money/fx.js';
import { currencyDigits, roundMinor, splitByShares } from '../src/money/money.js';
import type { DayRange } from '../src/periods/day.js';
import { formatDay } from '../src/periods/day.js';

type Row = Fact & Record<string, unknown>;

/** Creates the naive measure source over an array of facts. */
export function createNaiveMeasures(facts: readonly Fact[], org: OrgSnapshot, fx: FxRates): MeasureSource {
  const accountById = new Map(org.accounts.map((a) => [a.id, a]));
  const errors: MeasureError[] = [];
  const teamValues = new Map<string, Map<string, { value: number | null; facts: number }>>();

  const passes = (fact: Row, filters: readonly FactFilter[]) =>
    filters.every((f) => {
      const v = fact[f.attribute];
      const negated = f.operator === 'is not' || f.operator === 'not in';
      if (v === undefined || v === null) return negated;
      switch (f.operator) {
        case 'is':
        case 'in':
          return f.values.includes(v as never);
        case 'is not':
        case 'not in':
          return !f.values.includes(v as never);
        case '<':
          return (v as number) < Number(f.values[0]);
        case '<=':
          return (v as number) <= Number(f.values[0]);
        case '>':
          return (v as number) > Number(f.values[0]);
        case '>=':
          return (v as number) >= Number(f.values[0]);
        default:
          return false;
      }
    });

  const readValue = (fact: Row, field: string | null, currency: string): number => {
    if (field === null) return 1;
    const v = fact[field];
    if (typeof v !== 'number') return Number.NaN;
    if (!MONEY_FIELDS.has(field) || fact.currency === currency) return v;
    const rate = rateOn(fx, `${fact.currency}/${currency}`, String(fact.date))?.rate;
    if (rate === undefined) return Number.NaN;
    return roundMinor(
      v * rate * 10 ** (currencyDigits(currency) - currencyDigits(fact.currency ?? '')),
      'half-even',
    );
  };

  const window = (range: DayRange) => ({ from: formatDay(range.start), to: formatDay(range.end) });

  /** 'full' when the fact counts whole for the subject, a number for a credited split, null when it does not count. */
  const contribution = (
    fact: Row,
    scope: FactAggregate['scope'],
    match: readonly string[] | undefined,
    value: number,
    field: string | null,
    subject: MeasureSubject,
    teamId: string | null,
  ): number | 'full' | null => {
    const account = accountById.get(fact.accountId);
    if (scope !== 'individual') return account && account.teamId === teamId ? 'full' : null;
    const m = match ?? ['credited'];
    const onTeam = account !== undefined && account.teamId === subject.teamId;
    if (
      onTeam &&
      ((m.includes('geography') && account.geography === subject.geography) ||
        (m.includes('vertical') && account.vertical === subject.vertical))
    )
      return 'full';
    if (!m.includes('credited') || !fact.credits) return null;
    const index = fact.credits.findIndex((c) => c.participantId === subject.participantId);
    if (index < 0) return null;
    if (fact.credits.length === 1 || field === null) return value;
    const shares = fact.credits.map((c) => c.share);
    if (MONEY_FIELDS.has(field)) return splitByShares(value, shares)[index] as number;
    const total = shares.reduce((a, b) => a + b, 0);
    return (value * (shares[index] as number)) / total;
  };

  const aggregateFor = (
    aggregate: FactAggregate,
    range: DayRange,
    currency: string,
    subject: MeasureSubject,
    teamId: string | null,
  ): { value: number | null; facts: number } => {
    let sum = 0;
    let fullSum = 0;
    let count = 0;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    const { from, to } = window(range);
    for (const fact of facts as readonly Row[]) {
      if (fact.kind !== aggregate.factKind || fact.date < from || fact.date > to) continue;
      if (!passes(fact, aggregate.filters)) continue;
      const value = readValue(fact, aggregate.field, currency);
      if (Number.isNaN(value)) continue;
      const part = contribution(
        fact,
        aggregate.scope,
        aggregate.individualMatch,
        value,
        aggregate.field,
        subject,
        teamId,
      );
      if (part === null) continue;
      sum += part === 'full' ? value : part;
      fullSum += value;
      count++;
      min = Math.min(min, value);
      max = Math.max(max, value);
    }
    const value = (() => {
      switch (aggregate.aggregation) {
        case 'sum':
          return sum;
        case 'count':
          return count;
        case 'average':
          return count === 0 ? null : fullSum / count;
        case 'min':
          return count === 0 ? null : min;
        case 'max':
          return count === 0 ? null : max;
      }
    })();
    return { value, facts: count };
  };

  return {
    errors,
    aggregate(aggregate, range, currency, subject) {
      return aggregateFor(aggregate, range, currency, subject, subject.teamId).value;
    },
    teamAggregate(aggregate, range, currency, teamId) {
      // One scan per aggregate and window for all teams, as the old population measures did.
      const key = `${aggregate.key}|${range.start}|${range.end}|${currency}`;
      let byTeam = teamValues.get(key);
      if (!byTeam) {
        byTeam = new Map();
        const { from, to } = window(range);
        const stats = new Map<string, { sum: number; count: number; min: number; max: number }>();
        for (const fact of facts as readonly Row[]) {
          if (fact.kind !== aggregate.factKind || fact.date < from || fact.date > to) continue;
          if (!passes(fact, aggregate.filters)) continue;
          const value = readValue(fact, aggregate.field, currency);
          const team = accountById.get(fact.accountId)?.teamId;
          if (Number.isNaN(value) || team === undefined) continue;
          const s = stats.get(team) ?? { sum: 0, count: 0, min: Infinity, max: -Infinity };
          s.sum += value;
          s.count++;
          s.min = Math.min(s.min, value);
          s.max = Math.max(s.max, value);
          stats.set(team, s);
        }
        for (const [team, s] of stats) {
          const value = { sum: s.sum, count: s.count, average: s.sum / s.count, min: s.min, max: s.max }[
            aggregate.aggregation
          ];
          byTeam.set(team, { value, facts: s.count });
        }
        teamValues.set(key, byTeam);
      }
      const none = aggregate.aggregation === 'sum' || aggregate.aggregation === 'count' ? 0 : null;
      return byTeam.get(teamId) ?? { value: none, facts: 0 };
    },
    accountAggregate(aggregate, range, currency, accountId) {
      // A scan per account: the naive baseline, to compare with the columns' per-account partials.
      const { from, to } = window(range);
      const values: number[] = [];
      for (const fact of facts as readonly Row[]) {
        if (fact.accountId !== accountId || fact.kind !== aggregate.factKind) continue;
        if (fact.date < from || fact.date > to || !passes(fact, aggregate.filters)) continue;
        const value = readValue(fact, aggregate.field, currency);
        if (!Number.isNaN(value)) values.push(value);
      }
      const sum = values.reduce((a, b) => a + b, 0);
      const empty = values.length === 0;
      const value = {
        sum,
        count: values.length,
        average: empty ? null : sum / values.length,
        min: empty ? null : Math.min(...values),
        max: empty ? null : Math.max(...values),
      }[aggregate.aggregation];
      return { value, facts: values.length };
    },
    factEntries(list: FactList, range, currency, subject): FactListEntries {
      const out: FactListEntries = { factIds: [], values: [] };
      const { from, to } = window(range);
      for (const fact of facts as readonly Row[]) {
        if (fact.kind !== list.factKind || fact.date < from || fact.date > to) continue;
        if (!passes(fact, list.filters)) continue;
        const value = readValue(fact, list.field, currency);
        if (Number.isNaN(value)) continue;
        const part = contribution(
          fact,
          list.scope,
          list.individualMatch,
          value,
          list.field,
          subject,
          subject.teamId,
        );
        if (part === null) continue;
        out.factIds.push(fact.id);
        out.values.push(part === 'full' ? value : part);
      }
      return out;
    },
  };
}
