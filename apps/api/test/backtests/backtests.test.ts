import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BacktestCancelledError } from '../../src/backtests/errors.js';
import { prepareBacktest } from '../../src/backtests/prepare-backtest.js';
import { runBacktest } from '../../src/backtests/run-backtest.js';
import { seedDemo } from '../../src/demo/seed-demo.js';
import { useTestDatabase } from '../support/database.js';
import { importMutation } from '../support/org-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * The demo organisation (seed 2025: three teams of four, 2024-2025) and the Team Performance
 * plan of docs/examples against a variant whose accelerator on team revenue is twice as steep:
 * from 100% to 150% attainment it pays 100% to 300% of the component's target, not 100% to 200%.
 */
const PLAN_FILE = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  '..',
  'docs',
  'examples',
  'team-performance.plan',
);
const STEEPER_NAME = 'Key accounts - team performance (steeper)';

function steeperVariant(text: string): string {
  const variant = text
    .replace('plan "Key accounts - team performance"', `plan "${STEEPER_NAME}"`)
    .replace(
      'from 100% up to and including 150%: 100% to 200%',
      'from 100% up to and including 150%: 100% to 300%',
    )
    .replace('above 150%: 200%\n\ncomponent "Gross margin"', 'above 150%: 300%\n\ncomponent "Gross margin"');
  // The examples check the old accelerator's numbers; a variant drops them.
  return `${variant.split('\nexample ')[0]}\n`;
}

const START = `mutation ($input: StartBacktestInput!) {
  startBacktest(input: $input) {
    __typename
    ... on Backtest { id status }
    ... on PlanHasErrors { code message diagnostics { severity code message range { start { line column } } } }
    ... on BacktestTooLargeError { code message factCount maxFacts estimatedMegabytes }
    ... on InvalidInputError { field }
    ... on Error { code message }
  }
}`;

const RESULT = `query ($id: ID!) {
  backtest(id: $id) {
    status periods currency participants error { code message }
    progress { phase percent factsRead factsTotal participantsEvaluated }
    candidates { label planId version draft }
    summaries {
      candidate baseline { minorUnits } total { minorUnits } delta { minorUnits } percentChange
      periods { period baseline { minorUnits } candidate { minorUnits } delta { minorUnits } }
      distribution { gain lose unchanged largestGains { participantId delta { minorUnits } } histogram { from to count } }
    }
  }
}`;

/** A page of rows; the 16 rows of a year fit in one page of 20 within the query cost limit. */
const ROWS = `query ($id: ID!) {
  backtest(id: $id) {
    rows(first: 20) {
      edges { node {
        participantId period baseline { minorUnits currency }
        candidates { candidate total { minorUnits } delta { minorUnits formatted } percentChange }
        components { component baseline { minorUnits } candidates { delta { minorUnits } } }
      } }
    }
  }
}`;

const CANCEL = `mutation ($id: ID!) {
  cancelBacktest(id: $id) { __typename ... on Backtest { status cancelRequested } ... on Error { code message } }
}`;

interface Amount {
  minorUnits: number;
}
interface Row {
  participantId: string;
  period: string;
  baseline: Amount & { currency: string };
  candidates: {
    candidate: string;
    total: Amount;
    delta: Amount & { formatted: string };
    percentChange: number | null;
  }[];
  components: { component: string; baseline: Amount; candidates: { delta: Amount }[] }[];
}
interface Summary {
  candidate: string;
  baseline: Amount;
  total: Amount;
  delta: Amount;
  periods: { period: string; baseline: Amount; candidate: Amount; delta: Amount }[];
  distribution: { gain: number; lose: number; unchanged: number; histogram: { count: number }[] };
}
interface Result {
  status: string;
  periods: string[];
  participants: number | null;
  error: { code: string; message: string } | null;
  progress: {
    phase: string;
    percent: number;
    factsRead: number;
    factsTotal: number;
    participantsEvaluated: number;
  };
  candidates: { label: string; planId: string | null; version: number | null; draft: boolean }[];
  summaries: Summary[];
  rows: { edges: { node: Row }[] };
}

describe('backtests over GraphQL', () => {
  const store = useTestDatabase();
  let api: TestApp;
  let steeper: string;

  const start = async (input: Record<string, unknown>, key = api.keys.analyst) =>
    (await api.graphql<{ startBacktest: Record<string, unknown> }>(START, { input }, key)).data
      ?.startBacktest;
  const read = async (id: string, key = api.keys.analyst) => {
    const summary = await api.graphql<{ backtest: Result }>(RESULT, { id }, key);
    const rows = await api.graphql<{ backtest: Pick<Result, 'rows'> }>(ROWS, { id }, key);
    expect(summary.errors ?? rows.errors).toBeUndefined();
    return { ...(summary.data?.backtest as Result), rows: rows.data?.backtest.rows as Result['rows'] };
  };
  const storedJobs = async () => (await store.db.collection('backtests').countDocuments()) as number;

  const fullYear = () => ({
    baseline: { planId: 'team-performance' },
    candidates: [
      { label: 'steeper draft', text: steeper },
      { planId: 'tp-steeper', version: 1 },
    ],
    from: '2025-Q1',
    to: '2025-Q4',
  });

  beforeAll(async () => {
    api = await createTestApp(store.db);
    await seedDemo(api.repositories, () => {});
    steeper = steeperVariant(await readFile(PLAN_FILE, 'utf8'));
    const created = await api.graphql<{ createPlan: { __typename: string } }>(
      'mutation ($name: String!) { createPlan(id: "tp-steeper", name: $name) { __typename } }',
      { name: STEEPER_NAME },
      api.keys.admin,
    );
    expect(created.data?.createPlan.__typename).toBe('Plan');
    const published = await api.graphql<{ publishPlanVersion: { __typename: string } }>(
      'mutation ($text: String!) { publishPlanVersion(planId: "tp-steeper", effectiveFrom: "2024-01-01", text: $text) { __typename ... on Error { message } } }',
      { text: steeper },
      api.keys.admin,
    );
    expect(published.data?.publishPlanVersion.__typename, JSON.stringify(published)).toBe('PlanVersion');
  });

  afterEach(async () => {
    delete process.env.ATTAIN_BACKTEST_MAX_FACTS;
    await api.app.backtestJobs.idle();
  });

  describe('a complete backtest of the demo data', () => {
    let id: string;
    let result: Result;

    beforeAll(async () => {
      const started = await start(fullYear());
      expect(started?.__typename, JSON.stringify(started)).toBe('Backtest');
      id = started?.id as string;
      await api.app.backtestJobs.idle();
      result = await read(id);
    });

    const row = (participantId: string, period: string) =>
      result.rows.edges
        .map((e) => e.node)
        .find((r) => r.participantId === participantId && r.period === period);

    it('completes with one row per participant and period, labelled by candidate', () => {
      expect(result.status).toBe('complete');
      expect(result.periods).toEqual(['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4']);
      // Four people (team t-001) are on the Team Performance plan, over four quarters.
      expect(result.participants).toBe(4);
      expect(result.rows.edges).toHaveLength(16);
      expect(result.candidates).toEqual([
        { label: 'steeper draft', planId: null, version: null, draft: true },
        { label: 'tp-steeper@1', planId: 'tp-steeper', version: 1, draft: false },
      ]);
      expect(result.progress).toMatchObject({ phase: 'done', percent: 100 });
    });

    it('shows the inputs the hand computation below starts from in the baseline explanation', async () => {
      const calculated = await api.graphql<{
        calculatePayouts: { statements: { edges: { node: unknown }[] } };
      }>(
        `mutation { calculatePayouts(planId: "team-performance", period: "2025-Q2") {
          ... on PayoutRun { statements(first: 20) { edges { node {
            participant { externalId } targetIncentive { minorUnits }
            lines { component explanationText }
          } } } } } }`,
        {},
        api.keys.admin,
      );
      const statements = calculated.data?.calculatePayouts.statements.edges.map((e) => e.node) as {
        participant: { externalId: string };
        targetIncentive: { minorUnits: number };
        lines: { component: string; explanationText: string }[];
      }[];
      const teamRevenue = (participantId: string) =>
        statements
          .find((s) => s.participant.externalId === participantId)
          ?.lines.find((l) => l.component === 'Team revenue')?.explanationText;
      for (const participantId of ['p-001-01', 'p-001-02']) {
        const text = teamRevenue(participantId);
        expect(text).toContain('revenue = 507,828.90 USD');
        expect(text).toContain('goal "Team revenue" = 457,305.63 USD');
        expect(text).toContain('tier 3: from 100% up to and including 150%: 100% to 200%, linear');
        expect(text).toContain('when csat is below 4.0: team components pay 50% = 50% (applied)');
      }
      expect(
        statements.find((s) => s.participant.externalId === 'p-001-01')?.targetIncentive.minorUnits,
      ).toBe(1_675_000);
      expect(
        statements.find((s) => s.participant.externalId === 'p-001-02')?.targetIncentive.minorUnits,
      ).toBe(762_500);
    });

    it('pays the steeper accelerator as worked out by hand for two participants', () => {
      // Team t-001 in 2025-Q2: revenue 507,828.90 against a goal of 457,305.63 USD, so
      // attainment a = 50,782,890 / 45,730,563 = 1.1104803 (a - 1 = 0.1104803). CSAT was below
      // 4.0, so team components pay 50%.
      //
      // p-001-01: annual target 67,000.00 USD, employed the whole quarter, so the quarter's
      // target incentive is 6,700,000 / 4 = 1,675,000 (16,750.00 USD; the plan's actual/365 only
      // governs partial quarters). "Team revenue" weighs 30%: its target is 0.3 x 1,675,000 = 502,500.
      //   baseline:  502,500 x (1 + 2 x 0.1104803) x 50% = 306,766.36 -> 306,766
      //   steeper:   502,500 x (1 + 4 x 0.1104803) x 50% = 362,282.72 -> 362,283
      //   delta:     362,283 - 306,766 = 55,517 (555.17 USD)
      // p-001-02: annual 30,500.00 USD: 3,050,000 / 4 = 762,500; component target 0.3 x 762,500 = 228,750.
      //   baseline:  228,750 x 1.2209606 x 50% = 139,647.37 -> 139,647
      //   steeper:   228,750 x 1.4419213 x 50% = 164,919.74 -> 164,920
      //   delta:     164,920 - 139,647 = 25,273 (252.73 USD)
      // Both candidates (the draft and the same text published) give the same numbers.
      const ann = row('p-001-01', '2025-Q2');
      const ben = row('p-001-02', '2025-Q2');
      for (const candidate of ann?.candidates ?? []) {
        expect(candidate.delta).toEqual({ minorUnits: 55_517, formatted: '555.17 USD' });
        expect(candidate.total.minorUnits - (ann?.baseline.minorUnits ?? 0)).toBe(55_517);
      }
      for (const candidate of ben?.candidates ?? []) {
        expect(candidate.delta).toEqual({ minorUnits: 25_273, formatted: '252.73 USD' });
      }
      expect(ann?.candidates).toHaveLength(2);
      expect(ben?.candidates).toHaveLength(2);
    });

    it('explains a candidate line on demand, with the steeper tier it paid from', async () => {
      const explained = await api.graphql<{ backtestExplanation: Record<string, unknown> }>(
        `query ($id: ID!) { backtestExplanation(id: $id, participantId: "p-001-01", period: "2025-Q2", candidate: "steeper draft") {
          __typename ... on BacktestExplanation { plan matchesStored total { minorUnits } lines { component amount { minorUnits } explanationText } }
          ... on Error { code message } } }`,
        { id },
        api.keys.service,
      );
      const result = explained.data?.backtestExplanation as {
        plan: string;
        matchesStored: boolean;
        lines: { component: string; amount: Amount; explanationText: string }[];
      };
      expect(result).toMatchObject({ plan: 'steeper draft', matchesStored: true });
      const line = result.lines.find((l) => l.component === 'Team revenue');
      // 362,283 minor units, as computed by hand in the test above.
      expect(line?.amount.minorUnits).toBe(362_283);
      expect(line?.explanationText).toContain(
        'tier 3: from 100% up to and including 150%: 100% to 300%, linear',
      );
    });

    it('refuses to explain a candidate the backtest does not have', async () => {
      const refused = await api.graphql<{ backtestExplanation: Record<string, unknown> }>(
        `query ($id: ID!) { backtestExplanation(id: $id, participantId: "p-001-01", period: "2025-Q2", candidate: "nope") {
          __typename ... on Error { code message } } }`,
        { id },
        api.keys.analyst,
      );
      expect(refused.data?.backtestExplanation).toMatchObject({
        __typename: 'NotFoundError',
        code: 'NOT_FOUND',
      });
    });

    it("sorts rows by a candidate's delta, largest first, across pages", async () => {
      const SORTED = `query ($id: ID!, $after: String) {
        backtest(id: $id) {
          rows(first: 5, after: $after, orderBy: { by: DELTA, candidate: "tp-steeper@1", descending: true }) {
            pageInfo { hasNextPage endCursor }
            edges { node { participantId period candidates { delta { minorUnits } } } }
          }
        }
      }`;
      type SortedPage = {
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        edges: { node: { participantId: string; period: string; candidates: { delta: Amount }[] } }[];
      };
      const seen: { key: string; delta: number }[] = [];
      let after: string | null = null;
      for (let page = 0; page < 10; page++) {
        const response = await api.graphql<{ backtest: { rows: SortedPage } }>(
          SORTED,
          { id, after },
          api.keys.analyst,
        );
        expect(response.errors).toBeUndefined();
        const rows = response.data?.backtest.rows as SortedPage;
        seen.push(
          ...rows.edges.map((e) => ({
            key: `${e.node.participantId} ${e.node.period}`,
            delta: e.node.candidates[1]?.delta.minorUnits ?? 0,
          })),
        );
        if (!rows.pageInfo.hasNextPage) break;
        after = rows.pageInfo.endCursor;
      }
      // The same 16 rows as the unsorted read, each once, by the second candidate's delta.
      const expected = result.rows.edges
        .map((e) => ({
          key: `${e.node.participantId} ${e.node.period}`,
          delta: e.node.candidates[1]?.delta.minorUnits ?? 0,
        }))
        .sort((a, b) => b.delta - a.delta || (a.key < b.key ? -1 : 1));
      expect(seen).toEqual(expected);
    });

    it('refuses to sort by a candidate the backtest does not have, naming its candidates', async () => {
      const response = await api.graphql(
        'query ($id: ID!) { backtest(id: $id) { rows(orderBy: { by: DELTA, candidate: "nope" }) { edges { node { period } } } } }',
        { id },
        api.keys.analyst,
      );
      expect(response.errors?.[0]?.message).toBe(
        'orderBy.candidate "nope" is not a candidate of this backtest; its candidates are "steeper draft", "tp-steeper@1".',
      );
      expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('puts the whole delta on the Team revenue component', () => {
      const ann = row('p-001-01', '2025-Q2');
      const changed = ann?.components.filter((c) => c.candidates.some((a) => a.delta.minorUnits !== 0));
      // 306,766 -> 362,283 on "Team revenue" (above); every other component pays the same.
      expect(changed).toEqual([
        {
          component: 'Team revenue',
          baseline: { minorUnits: 306_766 },
          candidates: [{ delta: { minorUnits: 55_517 } }, { delta: { minorUnits: 55_517 } }],
        },
      ]);
    });

    it('reports baseline payouts equal to calculatePayouts for every period, to the cent', async () => {
      for (const period of result.periods) {
        const calculated = await api.graphql<{
          calculatePayouts: {
            statements: { edges: { node: { participant: { externalId: string }; total: Amount } }[] };
          };
        }>(
          `mutation ($period: String!) { calculatePayouts(planId: "team-performance", period: $period) {
            ... on PayoutRun { statements(first: 20) { edges { node { participant { externalId } total { minorUnits } } } } } } }`,
          { period },
          api.keys.admin,
        );
        const paid = Object.fromEntries(
          (calculated.data?.calculatePayouts.statements.edges ?? []).map((e) => [
            e.node.participant.externalId,
            e.node.total.minorUnits,
          ]),
        );
        const baseline = Object.fromEntries(
          result.rows.edges
            .filter((e) => e.node.period === period)
            .map((e) => [e.node.participantId, e.node.baseline.minorUnits]),
        );
        expect(Object.keys(paid)).toHaveLength(4);
        expect(baseline).toEqual(paid);
      }
    });

    it('totals each period and the whole range as the sum of its rows', () => {
      const rows = result.rows.edges.map((e) => e.node);
      for (const [c, summary] of result.summaries.entries()) {
        for (const period of summary.periods) {
          const inPeriod = rows.filter((r) => r.period === period.period);
          expect(period.baseline.minorUnits).toBe(
            inPeriod.reduce((sum, r) => sum + r.baseline.minorUnits, 0),
          );
          expect(period.delta.minorUnits).toBe(
            inPeriod.reduce((sum, r) => sum + (r.candidates[c]?.delta.minorUnits ?? 0), 0),
          );
        }
        expect(summary.delta.minorUnits).toBe(
          summary.periods.reduce((sum, p) => sum + p.delta.minorUnits, 0),
        );
        expect(summary.total.minorUnits - summary.baseline.minorUnits).toBe(summary.delta.minorUnits);
      }
    });

    it('counts everyone as gaining, since a steeper accelerator never pays less', () => {
      for (const summary of result.summaries) {
        expect(summary.distribution).toMatchObject({ gain: 4, lose: 0, unchanged: 0 });
        expect(summary.distribution.histogram.reduce((sum, bin) => sum + bin.count, 0)).toBe(4);
      }
    });

    it('compares only the participants a scope names', async () => {
      const started = await start({ ...fullYear(), participantIds: ['p-001-02'] });
      await api.app.backtestJobs.idle();
      const scoped = await read(started?.id as string);
      expect(scoped.rows.edges.map((e) => e.node.participantId)).toEqual([
        'p-001-02',
        'p-001-02',
        'p-001-02',
        'p-001-02',
      ]);
      expect(
        scoped.rows.edges.find((e) => e.node.period === '2025-Q2')?.node.candidates[0]?.delta.minorUnits,
      ).toBe(25_273);
    });

    it('explains a line on the facts the backtest read, after new facts arrived', async () => {
      const generation = await api.graphql<{ backtest: { factsGeneration: number | null } }>(
        'query ($id: ID!) { backtest(id: $id) { factsGeneration } }',
        { id },
        api.keys.analyst,
      );
      const read = generation.data?.backtest.factsGeneration;
      expect(read).toBeTypeOf('number');
      // A 1,000,000.00 USD order on an account of p-001-01's team in 2025-Q2 raises today's team
      // revenue; the backtest's line must still be explained as it was computed.
      const order = {
        id: 'late-order',
        kind: 'order',
        date: '2025-05-15',
        accountId: 'acc-001-001',
        currency: 'USD',
        amount: 100_000_000,
        cost: 0,
        productLine: 'Cloud',
        repeat: false,
        credits: [{ participantId: 'p-001-01', share: 1 }],
      };
      const imported = await api.graphql<{ importFacts: { __typename: string } }>(
        importMutation('Facts'),
        { records: [order] },
        api.keys.admin,
      );
      expect(imported.data?.importFacts.__typename, JSON.stringify(imported)).toBe('ImportResult');
      try {
        const explained = await api.graphql<{ backtestExplanation: Record<string, unknown> }>(
          `query ($id: ID!) { backtestExplanation(id: $id, participantId: "p-001-01", period: "2025-Q2", candidate: "steeper draft") {
            __typename ... on BacktestExplanation { matchesStored lines { component amount { minorUnits } } }
            ... on Error { code message } } }`,
          { id },
          api.keys.analyst,
        );
        const result = explained.data?.backtestExplanation as {
          matchesStored: boolean;
          lines: { component: string; amount: Amount }[];
        };
        expect(result.matchesStored, JSON.stringify(explained)).toBe(true);
        // 362,283 minor units, as computed by hand above: the late order is not in it.
        expect(result.lines.find((l) => l.component === 'Team revenue')?.amount.minorUnits).toBe(362_283);
      } finally {
        await api.graphql('mutation { deleteFacts(ids: ["late-order"]) { __typename } }', {}, api.keys.admin);
      }
    });
  });

  it('sends the job state over server-sent events until it completes', async () => {
    const started = await start(fullYear());
    const { events } = await api.subscribe<{
      backtestProgress: { status: string; progress: { percent: number } };
    }>(
      'subscription ($id: ID!) { backtestProgress(id: $id) { status progress { phase percent factsRead } } }',
      { id: started?.id },
      api.keys.service,
    );
    expect(events.length).toBeGreaterThan(0);
    const states = events.map((e) => e.data?.backtestProgress);
    expect(states.at(-1)).toMatchObject({ status: 'complete', progress: { phase: 'done', percent: 100 } });
    const percents = states.map((s) => s?.progress.percent ?? -1);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
  });

  it('cancels a queued job, which ends cancelled with no results', async () => {
    const first = await start(fullYear());
    const second = await start(fullYear());
    // Jobs run one at a time, so the second waits while the first runs.
    const cancelled = await api.graphql<{ cancelBacktest: Record<string, unknown> }>(
      CANCEL,
      { id: second?.id },
      api.keys.admin,
    );
    expect(cancelled.data?.cancelBacktest).toMatchObject({ __typename: 'Backtest', cancelRequested: true });
    await api.app.backtestJobs.idle();
    const ended = await read(second?.id as string);
    expect(ended).toMatchObject({
      status: 'cancelled',
      error: { code: 'CANCELLED' },
      summaries: [],
      rows: { edges: [] },
    });
    expect((await read(first?.id as string)).status).toBe('complete');
    expect(
      await store.db
        .collection('backtest_rows')
        .countDocuments({ backtestId: decodeId(second?.id as string) }),
    ).toBe(0);
  });

  it('stops a running backtest at the next step after cancellation is asked, before evaluating', async () => {
    const prepared = await prepareBacktest(api.repositories, fullYear());
    const phases: string[] = [];
    let cancelled = false;
    const run = runBacktest(api.repositories, prepared, {
      onProgress: (progress) => {
        phases.push(progress.phase);
        cancelled = true;
      },
      shouldStop: () => cancelled,
    });
    await expect(run).rejects.toBeInstanceOf(BacktestCancelledError);
    // Asked during the first loading report: loading stops there, and no plan is evaluated.
    expect(phases).toEqual(['loading']);
  });

  it('refuses to cancel a job that has ended', async () => {
    const started = await start(fullYear());
    await api.app.backtestJobs.idle();
    const refused = await api.graphql<{ cancelBacktest: Record<string, unknown> }>(
      CANCEL,
      { id: started?.id },
      api.keys.analyst,
    );
    expect(refused.data?.cancelBacktest).toMatchObject({
      __typename: 'InvalidInputError',
      code: 'INVALID_INPUT',
    });
  });

  it('refuses a scope larger than ATTAIN_BACKTEST_MAX_FACTS before loading, storing nothing', async () => {
    process.env.ATTAIN_BACKTEST_MAX_FACTS = '100';
    const before = await storedJobs();
    const refused = await start(fullYear());
    expect(refused).toMatchObject({
      __typename: 'BacktestTooLargeError',
      code: 'BACKTEST_TOO_LARGE',
      maxFacts: 100,
    });
    expect(refused?.factCount as number).toBeGreaterThan(100);
    expect(refused?.message).toContain('ATTAIN_BACKTEST_MAX_FACTS');
    expect(await storedJobs()).toBe(before);
  });

  describe('refuses bad input with a typed error and stores nothing', () => {
    const cases: [string, Record<string, unknown>, Record<string, unknown>][] = [
      [
        'an unknown baseline plan',
        { baseline: { planId: 'no-such-plan' } },
        { __typename: 'NotFoundError', code: 'NOT_FOUND' },
      ],
      [
        'an unknown candidate version',
        { candidates: [{ planId: 'tp-steeper', version: 9 }] },
        { __typename: 'NotFoundError', code: 'NOT_FOUND' },
      ],
      ['no candidates', { candidates: [] }, { __typename: 'InvalidInputError', field: 'candidates' }],
      [
        'a reversed period range',
        { from: '2025-Q4', to: '2025-Q1' },
        { __typename: 'InvalidInputError', field: 'to' },
      ],
      ['an empty period', { from: '' }, { __typename: 'InvalidInputError', field: 'from' }],
      ['a period of another kind', { to: '2025-07' }, { __typename: 'InvalidInputError', field: 'to' }],
      [
        'a year no pay period is in, as a payout run does',
        { from: '1900-Q1', to: '1900-Q2' },
        { __typename: 'InvalidInputError', field: 'from', message: expect.stringContaining('out of range') },
      ],
      [
        'a candidate with both text and a version',
        { candidates: [{ text: 'plan "x"', planId: 'tp-steeper', version: 1 }] },
        { __typename: 'InvalidInputError', field: 'candidates[0]' },
      ],
      ['an unknown team in the scope', { teamIds: ['t-nope'] }, { __typename: 'NotFoundError' }],
    ];
    for (const [name, change, expected] of cases) {
      it(`refuses ${name}`, async () => {
        const before = await storedJobs();
        expect(await start({ ...fullYear(), ...change })).toMatchObject(expected);
        expect(await storedJobs()).toBe(before);
      });
    }

    it('refuses draft text with errors, with the diagnostics', async () => {
      const before = await storedJobs();
      const broken = steeper.replace(
        'measure revenue = sum of order.amount',
        'measure revenue = sum of order.amont',
      );
      const refused = (await start({ ...fullYear(), candidates: [{ label: 'typo', text: broken }] })) as {
        __typename: string;
        message: string;
        diagnostics: { severity: string; range: { start: { line: number } } }[];
      };
      expect(refused.__typename).toBe('PlanHasErrors');
      expect(refused.message).toContain('candidate "typo"');
      const errors = refused.diagnostics.filter((d) => d.severity === 'error');
      // The misspelt field is on the line of `measure revenue` (line 11 of the plan file).
      expect(errors.map((d) => d.range.start.line)).toContain(11);
      expect(await storedJobs()).toBe(before);
    });
  });

  describe('access', () => {
    it('lets a service key read backtests but not start them', async () => {
      const started = await start(fullYear());
      await api.app.backtestJobs.idle();
      expect((await read(started?.id as string, api.keys.service)).status).toBe('complete');
      const refused = await api.graphql(START, { input: fullYear() }, api.keys.service);
      expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });

    it("never shows a participant key a backtest, its own numbers or anyone else's", async () => {
      const started = await start(fullYear(), api.keys.admin);
      await api.app.backtestJobs.idle();
      const readAttempt = await api.graphql(RESULT, { id: started?.id }, api.keys.participant);
      expect(readAttempt.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(JSON.stringify(readAttempt.data ?? null)).not.toContain('minorUnits');
      const startAttempt = await api.graphql(START, { input: fullYear() }, api.keys.participant);
      expect(startAttempt.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const { events } = await api.subscribe(
        'subscription ($id: ID!) { backtestProgress(id: $id) { status } }',
        { id: started?.id },
        api.keys.participant,
      );
      expect(JSON.stringify(events)).toContain('FORBIDDEN');
      expect(JSON.stringify(events)).not.toContain('"status"');
    });
  });
});

function decodeId(globalId: string): string {
  return Buffer.from(globalId, 'base64').toString('utf8').split(':').slice(1).join(':');
}
