/**
 * Every construct the checker accepts, the engine honours (issue 10, item 6): plans generated
 * over the grammar's constructs — measures with scopes and windows, goals with owners and
 * windows, per-deal rates, the target incentive — are checked and paid, and for every
 * requirement key the engine must have asked for exactly what the key says: the window's days,
 * the scope, the fact kind, the field and the filters, and the goals of the window's periods.
 */
import type { CompiledPlan, FactAggregate, FactList, PlanInput, TimeWindow } from '@attain/rules';
import { checkPlan } from '@attain/rules';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FactColumns } from '../../src/facts/fact-columns.js';
import {
  type FactListEntries,
  MeasureContext,
  type MeasureSource,
  type MeasureSubject,
} from '../../src/measures/measure-context.js';
import type { Fact } from '../../src/model/fact.js';
import type { Goal, OrgSnapshot } from '../../src/model/org.js';
import { type DayRange, formatDay } from '../../src/periods/day.js';
import { calculateStatements } from '../../src/statements/calculate-statements.js';
import { account, order, org, participant } from '../helpers/org.js';

const WINDOWS: readonly TimeWindow[] = ['period', 'prior period', 'same period last year', 'year to date'];

/** A measure as written, and what its requirement key must then say. */
interface MeasureSpec {
  text: string;
  aggregation: FactAggregate['aggregation'];
  kind: string;
  field: string | null;
  /** The key's filter words ('' for none); money bounds in minor units. */
  filters: string;
  unit: 'money' | 'count' | 'score';
}

const MEASURES: readonly MeasureSpec[] = [
  {
    text: 'sum of order.amount',
    aggregation: 'sum',
    kind: 'order',
    field: 'amount',
    filters: '',
    unit: 'money',
  },
  {
    text: 'sum of order.cost where productLine is "Cloud"',
    aggregation: 'sum',
    kind: 'order',
    field: 'cost',
    filters: 'productLine is "Cloud"',
    unit: 'money',
  },
  {
    text: 'sum of order.amount where not repeat and productLine is one of "Cloud", "Services"',
    aggregation: 'sum',
    kind: 'order',
    field: 'amount',
    filters: 'repeat is false and productLine in "Cloud", "Services"',
    unit: 'money',
  },
  {
    // 1,000 next to a money field is 1,000.00 USD: 100,000 cents.
    text: 'sum of order.amount where amount > 1,000',
    aggregation: 'sum',
    kind: 'order',
    field: 'amount',
    filters: 'amount > 100000',
    unit: 'money',
  },
  {
    text: 'maximum of renewal.valueAfter',
    aggregation: 'max',
    kind: 'renewal',
    field: 'valueAfter',
    filters: '',
    unit: 'money',
  },
  {
    text: 'count of opportunity where won and strategic',
    aggregation: 'count',
    kind: 'opportunity',
    field: null,
    filters: 'won is true and strategic is true',
    unit: 'count',
  },
  {
    text: 'average of survey.score',
    aggregation: 'average',
    kind: 'survey',
    field: 'score',
    filters: '',
    unit: 'score',
  },
  {
    text: 'minimum of objective.score where objective is "NPS"',
    aggregation: 'min',
    kind: 'objective',
    field: 'score',
    filters: 'objective is "NPS"',
    unit: 'score',
  },
];
/** The measures a per-deal rate table can read: plain sums of money. */
const DEAL_MEASURES = [0, 1, 2, 3];

/** A scope as written, and the words its key must then use ('' takes the component's). */
const SCOPES = [
  { text: '', words: null },
  { text: 'for team', words: 'team' },
  { text: 'for individual', words: 'individual' },
  { text: 'for individual plus geography', words: 'individual plus geography' },
  { text: 'for individual plus geography plus vertical', words: 'individual plus geography plus vertical' },
] as const;
const DEAL_SCOPES = [0, 1, 2, 3];

const GOALS_BY_UNIT: Record<MeasureSpec['unit'], readonly string[]> = {
  money: ['Quota', 'Stretch'],
  count: ['Wins'],
  score: ['CSAT'],
};
const GOAL_NAMES = ['Quota', 'Stretch', 'Wins', 'CSAT'];

type ComponentScope = 'team' | 'individual';

interface CurveSpec {
  measure: number;
  scope: number;
  window: TimeWindow;
  component: ComponentScope;
  goal: number;
  goalOwner: ComponentScope | 'all teams' | null;
  goalWindow: TimeWindow;
}

interface DealsSpec {
  measure: number;
  scope: number;
  window: TimeWindow;
  component: ComponentScope;
}

interface PlanSpec {
  kind: 'quarter' | 'month';
  paidIndex: number;
  curves: CurveSpec[];
  deals: DealsSpec | null;
  targetIncentive: boolean;
  goalSeed: number;
}

const windowText = (w: TimeWindow) => (w === 'period' ? '' : ` in ${w}`);
const scopeText = (i: number) => (SCOPES[i]!.text ? ` ${SCOPES[i]!.text}` : '');
const goalName = (c: CurveSpec) => {
  const names = GOALS_BY_UNIT[MEASURES[c.measure]!.unit];
  return names[c.goal % names.length]!;
};

function planText(spec: PlanSpec): string {
  const lines = [
    'plan "Generated"',
    `  period ${spec.kind}`,
    '  currency USD',
    '  target incentive: annual, not prorated',
    '',
    ...MEASURES.map((m, i) => `measure m${i} = ${m.text}`),
    '',
  ];
  spec.curves.forEach((c, i) => {
    const owner = c.goalOwner ? ` for ${c.goalOwner}` : '';
    lines.push(
      `component "C${i}" for ${c.component}`,
      `  pays curve on (m${c.measure}${scopeText(c.scope)}${windowText(c.window)}) / goal "${goalName(c)}"${owner}${windowText(c.goalWindow)}:`,
      '    below 0%: 0%',
      '    from 0% up to and including 200%: 0% to 200%',
      '    above 200%: 200%',
    );
  });
  if (spec.deals) {
    const d = spec.deals;
    lines.push(
      `component "Deals" for ${d.component}`,
      `  pays rates on (m${d.measure}${scopeText(d.scope)}${windowText(d.window)}), marginal, per deal:`,
      '    up to 10,000: 5%',
      '    from 10,000: 8%',
    );
  }
  if (spec.targetIncentive) lines.push('component "Target" for individual', '  pays 1% of target incentive');
  return `${lines.join('\n')}\n`;
}

const planSpec: fc.Arbitrary<PlanSpec> = fc.record({
  kind: fc.constantFrom('quarter' as const, 'month' as const),
  paidIndex: fc.nat(11),
  curves: fc.array(
    fc.record({
      measure: fc.nat(MEASURES.length - 1),
      scope: fc.nat(SCOPES.length - 1),
      window: fc.constantFrom(...WINDOWS),
      component: fc.constantFrom<ComponentScope>('team', 'individual'),
      goal: fc.nat(1),
      goalOwner: fc.constantFrom<CurveSpec['goalOwner']>(null, 'team', 'individual', 'all teams'),
      goalWindow: fc.constantFrom(...WINDOWS),
    }),
    { minLength: 1, maxLength: 4 },
  ),
  deals: fc.option(
    fc.record({
      measure: fc.constantFrom(...DEAL_MEASURES),
      scope: fc.constantFrom(...DEAL_SCOPES),
      window: fc.constantFrom(...WINDOWS),
      component: fc.constantFrom<ComponentScope>('team', 'individual'),
    }),
  ),
  targetIncentive: fc.boolean(),
  goalSeed: fc.integer({ min: 1, max: 2 ** 30 }),
});

// ------------------------------------------------------------------ periods, worked out here

const PER_YEAR = { quarter: 4, month: 12 } as const;

interface PeriodRef {
  year: number;
  index: number;
}

function periodId(kind: PlanSpec['kind'], p: PeriodRef): string {
  return kind === 'quarter' ? `${p.year}-Q${p.index}` : `${p.year}-${String(p.index).padStart(2, '0')}`;
}

/** The plan periods whose goals a window reads, counted by hand (not with the engine's helpers). */
function goalPeriods(kind: PlanSpec['kind'], paid: PeriodRef, window: TimeWindow): PeriodRef[] {
  const n = PER_YEAR[kind];
  switch (window) {
    case 'period':
      return [paid];
    case 'prior period':
      return [
        paid.index === 1 ? { year: paid.year - 1, index: n } : { year: paid.year, index: paid.index - 1 },
      ];
    case 'same period last year':
      return [{ year: paid.year - 1, index: paid.index }];
    case 'year to date':
      return Array.from({ length: paid.index }, (_, i) => ({ year: paid.year, index: i + 1 }));
  }
}

const iso = (date: Date) => date.toISOString().slice(0, 10);

/** First and last day a window covers, as ISO days. */
function windowDays(kind: PlanSpec['kind'], paid: PeriodRef, window: TimeWindow): [string, string] {
  const months = 12 / PER_YEAR[kind];
  const days = (p: PeriodRef): [string, string] => [
    iso(new Date(Date.UTC(p.year, (p.index - 1) * months, 1))),
    iso(new Date(Date.UTC(p.year, p.index * months, 0))),
  ];
  const periods = goalPeriods(kind, paid, window);
  return [days(periods[0]!)[0], days(periods[periods.length - 1]!)[1]];
}

// ------------------------------------------------------------------ keys, read back

interface AggregateKey {
  aggregation: string;
  kind: string;
  field: string | null;
  filters: string;
  scope: string;
  window: TimeWindow;
}

const WINDOW_WORDS = '(period|prior period|same period last year|year to date)';
const AGGREGATE_KEY = new RegExp(
  `^(sum|count|average|min|max) of (\\w+)(?:\\.(\\w+))?(?: where (.+?))? for (.+?) in ${WINDOW_WORDS}$`,
);
const LIST_KEY = new RegExp(`^each (\\w+)\\.(\\w+)(?: where (.+?))? for (.+?) in ${WINDOW_WORDS}$`);
const GOAL_KEY = new RegExp(`^goal "([^"]+)" of (team|participant)(?: in ${WINDOW_WORDS})?$`);

function readAggregateKey(key: string): AggregateKey {
  const m = AGGREGATE_KEY.exec(key);
  if (!m) throw new Error(`unreadable aggregate key: ${key}`);
  return {
    aggregation: m[1]!,
    kind: m[2]!,
    field: m[3] ?? null,
    filters: m[4] ?? '',
    scope: m[5]!,
    window: m[6] as TimeWindow,
  };
}

function readListKey(key: string): Omit<AggregateKey, 'aggregation'> {
  const m = LIST_KEY.exec(key);
  if (!m) throw new Error(`unreadable fact list key: ${key}`);
  return { kind: m[1]!, field: m[2]!, filters: m[3] ?? '', scope: m[4]!, window: m[5] as TimeWindow };
}

/** The words a requirement's scope fields stand for, to compare with its key. */
function scopeWords(r: FactAggregate | FactList): string {
  if (r.scope === 'individual') {
    return ['individual', ...(r.individualMatch ?? ['credited']).filter((m) => m !== 'credited')].join(
      ' plus ',
    );
  }
  return r.scope;
}

function filterWords(r: FactAggregate | FactList): string {
  return r.filters
    .map((f) => `${f.attribute} ${f.operator} ${f.values.map((v) => JSON.stringify(v)).join(', ')}`)
    .join(' and ');
}

// ------------------------------------------------------------------ data

const ORG_BASE: Omit<OrgSnapshot, 'goals'> = org({
  teams: [
    { id: 'T1', name: 'Team 1' },
    { id: 'T2', name: 'Team 2' },
  ],
  accounts: [account('a1', 'T1'), account('a2', 'T2', { geography: 'APAC', vertical: 'Energy' })],
  participants: [participant('p1'), participant('p2', { geography: 'APAC', vertical: 'Energy' })],
  memberships: [
    { participantId: 'p1', teamId: 'T1', role: 'KAM', from: '2020-01-01' },
    { participantId: 'p2', teamId: 'T2', role: 'KAM', from: '2020-01-01' },
  ],
  assignments: [
    { participantId: 'p1', plan: 'Generated', from: '2020-01-01' },
    { participantId: 'p2', plan: 'Generated', from: '2020-01-01' },
  ],
});
const TEAM_OF: Record<string, string> = { p1: 'T1', p2: 'T2' };

const FACTS: Fact[] = [
  order('o1', '2024-02-10', 'a1', 250_000, { credits: [{ participantId: 'p1', share: 1 }] }),
  order('o2', '2025-01-20', 'a1', 90_000, {
    productLine: 'Cloud',
    credits: [{ participantId: 'p1', share: 1 }],
  }),
  order('o3', '2025-05-05', 'a2', 1_200_000, {
    productLine: 'Services',
    credits: [{ participantId: 'p2', share: 1 }],
  }),
  order('o4', '2025-09-30', 'a1', 400_000, { repeat: true }),
  { id: 's1', kind: 'survey', date: '2025-03-01', accountId: 'a2', score: 4 } as Fact,
];

/** Goals for every owner, name and plan period of 2024-2025, about one in eight missing. */
function goalsFor(spec: PlanSpec): Goal[] {
  let state = spec.goalSeed;
  const next = () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) & 0x7fffffff;
    return state;
  };
  const goals: Goal[] = [];
  for (const ownerId of ['p1', 'p2', 'T1', 'T2']) {
    for (const name of GOAL_NAMES) {
      for (const year of [2024, 2025]) {
        for (let index = 1; index <= PER_YEAR[spec.kind]; index++) {
          const value = next();
          if (value % 8 === 0) continue;
          goals.push({
            name,
            ownerId,
            periodId: periodId(spec.kind, { year, index }),
            value: 1 + (value % 1_000_000),
          });
        }
      }
    }
  }
  return goals;
}

// ------------------------------------------------------------------ the recording source

interface Asked {
  requirement: FactAggregate | FactList;
  range: DayRange;
  subject: MeasureSubject;
}

class RecordingSource implements MeasureSource {
  readonly asked: Asked[] = [];
  constructor(private readonly inner: MeasureSource) {}
  get errors() {
    return this.inner.errors;
  }
  aggregate(aggregate: FactAggregate, range: DayRange, currency: string, subject: MeasureSubject) {
    this.asked.push({ requirement: aggregate, range, subject });
    return this.inner.aggregate(aggregate, range, currency, subject);
  }
  factEntries(list: FactList, range: DayRange, currency: string, subject: MeasureSubject): FactListEntries {
    this.asked.push({ requirement: list, range, subject });
    return this.inner.factEntries(list, range, currency, subject);
  }
  teamAggregate(aggregate: FactAggregate, range: DayRange, currency: string, teamId: string) {
    return this.inner.teamAggregate(aggregate, range, currency, teamId);
  }
  accountAggregate(aggregate: FactAggregate, range: DayRange, currency: string, accountId: string) {
    return this.inner.accountAggregate(aggregate, range, currency, accountId);
  }
}

// ------------------------------------------------------------------ the property

describe('the engine reads what the requirement keys say', () => {
  it('asks, for every key of every generated plan, for the window, scope, kind, filters and goals it names', () => {
    fc.assert(
      fc.property(planSpec, (spec) => {
        const text = planText(spec);
        const checked = checkPlan(text);
        const errors = checked.diagnostics.filter((d) => d.severity === 'error');
        // The only refusals these constructs may meet, each when the text has its construct: a
        // score goal added up over the year, a goal of all teams, and a commission on a
        // year-to-date figure without a true-up. Anything else accepted must be honoured below.
        const refusals = new Set<string>();
        for (const c of spec.curves) {
          if (MEASURES[c.measure]!.unit === 'score' && c.goalWindow === 'year to date')
            refusals.add('GOAL_WINDOW_NOT_ADDITIVE');
          // 'for all teams' is refused whatever it wraps: a statistic over teams states its teams.
          if (c.goalOwner === 'all teams') refusals.add('POPULATION_UNSTATED');
        }
        // The compiler's own check runs only on a plan the checker accepted.
        if (refusals.size === 0 && spec.deals?.window === 'year to date')
          refusals.add('YEAR_TO_DATE_PAID_AGAIN');
        expect(new Set(errors.map((e) => e.code)), `${text}\n${JSON.stringify(errors)}`).toEqual(refusals);
        if (refusals.size > 0) return;
        const plan = checked.plan!;
        const { requirements } = plan;

        // 1. The keys say what the text says.
        for (const c of spec.curves) {
          const m = MEASURES[c.measure]!;
          const scope = SCOPES[c.scope]!.words ?? c.component;
          const found = requirements.aggregates.map((a) => readAggregateKey(a.key));
          expect(found, text).toContainEqual({
            aggregation: m.aggregation,
            kind: m.kind,
            field: m.field,
            filters: m.filters,
            scope,
            window: c.window,
          });
          const owner = (c.goalOwner ?? c.component) === 'individual' ? 'participant' : 'team';
          expect(requirements.goals, text).toContainEqual(
            expect.objectContaining({ name: goalName(c), owner, window: c.goalWindow }),
          );
        }
        if (spec.deals) {
          const m = MEASURES[spec.deals.measure]!;
          expect(
            requirements.factLists.map((l) => readListKey(l.key)),
            text,
          ).toContainEqual({
            kind: m.kind,
            field: m.field,
            filters: m.filters,
            scope: SCOPES[spec.deals.scope]!.words ?? spec.deals.component,
            window: spec.deals.window,
          });
        }
        // ... and each requirement's fields say what its key says.
        for (const a of requirements.aggregates) {
          const key = readAggregateKey(a.key);
          expect({ ...key, field: key.field }).toEqual({
            aggregation: a.aggregation,
            kind: a.factKind,
            field: a.field,
            filters: filterWords(a),
            scope: scopeWords(a),
            window: a.window,
          });
        }
        for (const l of requirements.factLists) {
          expect(readListKey(l.key)).toEqual({
            kind: l.factKind,
            field: l.field,
            filters: filterWords(l),
            scope: scopeWords(l),
            window: l.window,
          });
        }
        for (const g of requirements.goals) {
          const m = GOAL_KEY.exec(g.key);
          expect(m, g.key).not.toBeNull();
          expect({ name: m![1], owner: m![2], window: m![3] ?? 'period' }).toEqual({
            name: g.name,
            owner: g.owner,
            window: g.window,
          });
        }

        // 2. The engine asks for exactly that.
        const paid: PeriodRef = { year: 2025, index: (spec.paidIndex % PER_YEAR[spec.kind]) + 1 };
        const goals = goalsFor(spec);
        const stored = new Map(goals.map((g) => [`${g.ownerId}|${g.name}|${g.periodId}`, g.value]));
        const inputs: PlanInput[] = [];
        const recording: CompiledPlan = {
          ...plan,
          evaluate: (input) => {
            inputs.push(input);
            const result = plan.evaluate(input);
            // The generated evaluator reads the same keys (windowed goals included) as the explained one.
            expect(plan.evaluateAmounts?.(input).totalMinor, text).toBe(result.totalMinor);
            return result;
          },
        };
        let source: RecordingSource | undefined;
        const run = calculateStatements({
          plan: recording,
          period: periodId(spec.kind, paid),
          org: { ...ORG_BASE, goals },
          facts: FACTS,
          measures: (columns: FactColumns) => {
            source = new RecordingSource(new MeasureContext(columns, { ...ORG_BASE, goals }, {}));
            return source;
          },
        });
        // An assertion failing inside evaluate would come back as an evaluation-failed error.
        expect(run.errors, text).toEqual([]);
        expect(run.statements.map((s) => s.participantId)).toEqual(['p1', 'p2']);
        const keys = [...requirements.aggregates, ...requirements.factLists].map((r) => r.key).sort();
        for (const participantId of ['p1', 'p2']) {
          const asked = source!.asked.filter((a) => a.subject.participantId === participantId);
          expect(asked.map((a) => a.requirement.key).sort()).toEqual(keys);
          for (const a of asked) {
            const window = (
              'aggregation' in a.requirement
                ? readAggregateKey(a.requirement.key)
                : readListKey(a.requirement.key)
            ).window;
            expect([formatDay(a.range.start), formatDay(a.range.end)], a.requirement.key).toEqual(
              windowDays(spec.kind, paid, window),
            );
            expect(a.subject.teamId).toBe(TEAM_OF[participantId]);
          }
        }
        expect(inputs).toHaveLength(2);
        inputs.forEach((input, i) => {
          const participantId = ['p1', 'p2'][i]!;
          for (const g of requirements.goals) {
            const [, name, owner, window] = GOAL_KEY.exec(g.key)!;
            const ownerId = owner === 'team' ? TEAM_OF[participantId]! : participantId;
            const values = goalPeriods(spec.kind, paid, (window ?? 'period') as TimeWindow).map((p) =>
              stored.get(`${ownerId}|${name}|${periodId(spec.kind, p)}`),
            );
            const expected = values.some((v) => v === undefined)
              ? null
              : values.reduce<number>((sum, v) => sum + v!, 0);
            expect(input.goals[g.key], `${g.key} for ${participantId}`).toBe(expected);
          }
          if (spec.targetIncentive) {
            // 40,000.00 a year: a quarter is 10,000.00; a month 3,333.33 (333,333.33 cents, half-even).
            expect(input.targetIncentiveMinor).toBe(spec.kind === 'quarter' ? 1_000_000 : 333_333);
          }
        });
      }),
      { numRuns: 200 },
    );
    // 200 generated plans take 1 to 3 s alone and over 5 s on a loaded CI machine.
  }, 30_000);
});
