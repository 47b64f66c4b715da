import type { BacktestRow } from '@attain/engine';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { Long } from 'mongodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BacktestPlanRef } from '../../src/repositories/backtests.js';
import { useTestDatabase } from '../support/database.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const plan = (label: string): BacktestPlanRef => ({ label, planId: label, version: 1, text: null });

/**
 * Two periods of four people, stored as a run stores them, with deltas chosen so the bins can be
 * counted by hand. "spread" changes each row by its delta below; "flat" adds 12.00 to every row.
 */
const DELTAS: Record<string, number> = {
  '2025-Q1/p-1': -250,
  '2025-Q1/p-2': 0,
  '2025-Q1/p-3': 100,
  '2025-Q1/p-4': 749,
  '2025-Q2/p-1': 0,
  '2025-Q2/p-2': 150,
  '2025-Q2/p-3': 300,
  '2025-Q2/p-4': 750,
};

function rowOf(key: string, delta: number): BacktestRow {
  const [periodId, participantId] = key.split('/') as [string, string];
  const baselineMinor = 10_000;
  return {
    participantId,
    periodId,
    baselineMinor,
    candidates: [
      { totalMinor: baselineMinor + delta, deltaMinor: delta, percentChange: delta / baselineMinor },
      { totalMinor: baselineMinor + 1_200, deltaMinor: 1_200, percentChange: 0.12 },
    ],
    components: [],
  };
}

const HISTOGRAM = `query ($id: ID!, $candidate: String!, $bins: Int) {
  backtest(id: $id) {
    deltaHistogram(candidate: $candidate, bins: $bins) {
      candidate rows zero min { minorUnits formatted } max { minorUnits formatted }
      bins { from to count }
    }
  }
}`;

interface Histogram {
  candidate: string;
  rows: number;
  zero: number;
  min: { minorUnits: number; formatted: string } | null;
  max: { minorUnits: number; formatted: string } | null;
  bins: { from: number; to: number; count: number }[];
}

describe("a backtest's delta histogram and row count", () => {
  const store = useTestDatabase();
  let api: TestApp;
  let complete: string;
  let running: string;

  const create = async () =>
    (
      await api.repositories.backtests.create({
        request: {
          baseline: { ...plan('base'), version: null },
          candidates: [plan('spread'), plan('flat')],
          from: '2025-Q1',
          to: '2025-Q2',
          teamIds: [],
          participantIds: [],
        },
        periods: ['2025-Q1', '2025-Q2'],
        currency: 'USD',
        createdBy: null,
      })
    ).id;
  const done = {
    phase: 'done',
    factsRead: 0,
    factsTotal: 0,
    participantsEvaluated: 0,
    percent: 100,
  } as const;

  const histogramOf = async (id: string, candidate: string, bins?: number) => {
    const response = await api.graphql<{ backtest: { deltaHistogram: Histogram | null } }>(
      HISTOGRAM,
      { id: encodeGlobalID('Backtest', id), candidate, ...(bins === undefined ? {} : { bins }) },
      api.keys.analyst,
    );
    return response;
  };

  beforeAll(async () => {
    api = await createTestApp(store.db);
    complete = await create();
    await api.repositories.backtests.insertRows(
      complete,
      Object.entries(DELTAS).map(([key, delta]) => rowOf(key, delta)),
    );
    await api.repositories.backtests.complete(complete, { participants: 4, candidates: [] }, done, 0);
    running = await create();
  });

  it('counts every row of a candidate in equal-width bins of whole minor units', async () => {
    const response = await histogramOf(complete, 'spread', 4);
    expect(response.errors).toBeUndefined();
    // min -250, max 750: 1,001 whole minor units in 4 bins of ceil(1001 / 4) = 251 each:
    // [-250, 0] holds -250, 0, 0; [1, 251] holds 100, 150; [252, 502] holds 300; [503, 750] holds 749, 750.
    expect(response.data?.backtest.deltaHistogram).toEqual({
      candidate: 'spread',
      rows: 8,
      zero: 2,
      min: { minorUnits: -250, formatted: '-2.50 USD' },
      max: { minorUnits: 750, formatted: '7.50 USD' },
      bins: [
        { from: -250, to: 0, count: 3 },
        { from: 1, to: 251, count: 2 },
        { from: 252, to: 502, count: 1 },
        { from: 503, to: 750, count: 2 },
      ],
    });
  });

  it('gives one bin, with min equal to max, when every delta is the same', async () => {
    const response = await histogramOf(complete, 'flat');
    // Every row gains 1,200 minor units: 20 bins asked, but 1,200..1,200 spans one minor unit.
    expect(response.data?.backtest.deltaHistogram).toMatchObject({
      rows: 8,
      zero: 0,
      min: { minorUnits: 1_200 },
      max: { minorUnits: 1_200 },
      bins: [{ from: 1_200, to: 1_200, count: 8 }],
    });
  });

  it('is null while the backtest is not complete', async () => {
    const response = await histogramOf(running, 'spread');
    expect(response.errors).toBeUndefined();
    expect(response.data?.backtest.deltaHistogram).toBeNull();
  });

  it('refuses an unknown candidate, naming the backtest candidates', async () => {
    const response = await histogramOf(complete, 'nope');
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0]?.message).toBe(
      'candidate "nope" is not a candidate of this backtest; its candidates are "spread", "flat".',
    );
  });

  it.each([0, 101])('refuses %i bins', async (bins) => {
    const response = await histogramOf(complete, 'spread', bins);
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0]?.message).toBe(`bins must be between 1 and 100, got ${bins}.`);
  });

  it('bins a backtest stored one document per row, before chunks', async () => {
    const legacy = await create();
    const money = (minor: number) => Long.fromNumber(minor);
    const stored = (participantId: string, delta: number) => ({
      _id: `${legacy}/2025-Q1/${participantId}` as never,
      backtestId: legacy,
      participantId,
      periodId: '2025-Q1',
      baselineMinor: money(10_000),
      candidates: [
        { totalMinor: money(10_000 + delta), deltaMinor: money(delta), percentChange: null },
        { totalMinor: money(10_000), deltaMinor: money(0), percentChange: 0 },
      ],
      components: [],
    });
    await store.db.collection('backtest_rows').insertMany([stored('p-1', 150), stored('p-2', -50)]);
    await api.repositories.backtests.complete(legacy, { participants: 2, candidates: [] }, done, 0);
    // -50..150 is 201 minor units: 2 bins of ceil(201 / 2) = 101, [-50, 50] and [51, 150].
    expect((await histogramOf(legacy, 'spread', 2)).data?.backtest.deltaHistogram).toMatchObject({
      rows: 2,
      zero: 0,
      bins: [
        { from: -50, to: 50, count: 1 },
        { from: 51, to: 150, count: 1 },
      ],
    });
    // The other candidate changes nothing: both rows are zero.
    expect((await histogramOf(legacy, 'flat')).data?.backtest.deltaHistogram).toMatchObject({
      zero: 2,
      bins: [{ from: 0, to: 0, count: 2 }],
    });
  });

  it('counts the rows over every page, and one participant’s only when filtered', async () => {
    const response = await api.graphql<{
      backtest: { all: { totalCount: number }; mine: { totalCount: number; edges: unknown[] } };
    }>(
      `query ($id: ID!) { backtest(id: $id) {
        all: rows(first: 3, orderBy: { by: DELTA, candidate: "spread", descending: true }) { totalCount }
        mine: rows(first: 1, participantId: "p-4") { totalCount edges { cursor } }
      } }`,
      { id: encodeGlobalID('Backtest', complete) },
      api.keys.analyst,
    );
    expect(response.errors).toBeUndefined();
    // 2 periods x 4 participants; p-4 has one row per period.
    expect(response.data?.backtest.all.totalCount).toBe(8);
    expect(response.data?.backtest.mine).toMatchObject({ totalCount: 2, edges: [{}] });
  });

  it('counts no rows of a backtest that is not complete', async () => {
    const response = await api.graphql<{ backtest: { rows: { totalCount: number } } }>(
      'query ($id: ID!) { backtest(id: $id) { rows { totalCount } } }',
      { id: encodeGlobalID('Backtest', running) },
      api.keys.analyst,
    );
    expect(response.data?.backtest.rows.totalCount).toBe(0);
  });
});
