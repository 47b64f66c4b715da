/**
 * Amounts-only runs (backtests, payout-run totals) against the explaining run they replace: the
 * docs/examples plans over two years of generated facts must give exactly the same cents.
 */
import { readFileSync } from 'node:fs';
import { checkPlan } from '@attain/rules';
import { describe, expect, it } from 'vitest';
import { buildFactColumns } from '../../src/facts/fact-columns.js';
import { generateDataset } from '../../src/generator/generate-dataset.js';
import { calculateStatements } from '../../src/statements/calculate-statements.js';
import type { Statement } from '../../src/statements/statement.js';

const plans = [
  'team-performance',
  'portfolio',
  'renewal',
  'mixed',
  'monthly-true-up',
  'quota-and-deals',
  'account-leads',
].map((name) => {
  const { plan } = checkPlan(
    readFileSync(new URL(`../../../../docs/examples/${name}.plan`, import.meta.url), 'utf8'),
  );
  if (!plan) throw new Error(`docs/examples/${name}.plan does not compile`);
  return plan;
});
// Two teams per plan (seven plans), so every plan has people who move teams mid-period.
const dataset = generateDataset({
  seed: 7,
  teams: 14,
  participantsPerTeam: 4,
  accountsPerTeam: 4,
  from: '2024-01-01',
  to: '2025-12-31',
  plans: plans.map((p) => ({ name: p.name, currency: p.currency })),
});
const withClawbacks = new Set(plans.filter((p) => p.clawbacks.length > 0).map((p) => p.name));
const fxRates = { 'EUR/USD': 1.08, 'USD/EUR': 0.93 };
const columns = buildFactColumns(dataset.facts);
const common = { plans, period: '2025', org: dataset.org, facts: columns, fxRates };
const explained = calculateStatements(common);
const amounts = calculateStatements({ ...common, amountsOnly: true });

/** Everything on a statement that is money or says where the money is from. */
const cents = (statements: readonly Statement[]) =>
  statements.map((s) => ({
    key: `${s.planName}|${s.periodId}|${s.participantId}`,
    total: s.totalMinor,
    target: s.targetIncentiveMinor,
    toDate: s.targetIncentiveToDateMinor,
    paidEarlier: s.paidEarlier,
    segments: s.segments.map((g) => [g.from, g.to, g.teamId, g.targetIncentiveMinor]),
    lines: s.lines.map((l) => [l.kind, l.component, l.from, l.to, l.teamId, l.amountMinor, l.transactions]),
  }));

describe('amounts-only statement calculation', () => {
  it('runs every example plan without errors and pays something', () => {
    expect(amounts.errors).toEqual([]);
    expect(new Set(amounts.statements.map((s) => s.planName)).size).toBe(plans.length);
    // Not a run of zeros: a comparison of all-zero statements would prove nothing.
    expect(amounts.statements.filter((s) => s.totalMinor !== 0).length).toBeGreaterThan(20);
  });

  it('gives exactly the cents of the explaining run, line by line and in total', () => {
    expect(cents(amounts.statements)).toEqual(cents(explained.statements));
  });

  it('builds no explanation trees for plans without clawbacks', () => {
    const bulk = amounts.statements.filter((s) => !withClawbacks.has(s.planName));
    expect(new Set(bulk.map((s) => s.planName)).size).toBe(plans.length - withClawbacks.size);
    for (const s of bulk) {
      expect(s.adjustments).toEqual([]);
      for (const line of s.lines) expect(line.explanation.children).toEqual([]);
    }
  });

  it("still explains plans with clawbacks, whose later periods need each deal's exact payout", () => {
    // mixed.plan and renewal.plan claw back; their lines keep the explaining run's trees.
    expect([...withClawbacks].sort()).toEqual(['Key accounts - mixed', 'Key accounts - renewal']);
    const full = explained.statements.filter((s) => withClawbacks.has(s.planName));
    const bulk = amounts.statements.filter((s) => withClawbacks.has(s.planName));
    expect(bulk).toEqual(full);
  });

  it('fingerprints differently from the explaining run, so it cannot pass for one', () => {
    expect(amounts.fingerprint).not.toBe(explained.fingerprint);
  });
});
