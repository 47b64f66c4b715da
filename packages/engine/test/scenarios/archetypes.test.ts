/**
 * The archetype plans of docs/examples over two years of generated facts: the invariants every
 * run must keep, whatever the data (the hand-worked amounts are in two-teams.test.ts).
 */
import { readFileSync } from 'node:fs';
import { checkPlan } from '@attain/rules';
import { describe, expect, it } from 'vitest';
import { buildFactColumns } from '../../src/facts/fact-columns.js';
import { generateDataset } from '../../src/generator/generate-dataset.js';
import { calculateStatements } from '../../src/statements/calculate-statements.js';

const plans = ['team-performance', 'portfolio', 'renewal'].map((name) => {
  const { plan } = checkPlan(
    readFileSync(new URL(`../../../../docs/examples/${name}.plan`, import.meta.url), 'utf8'),
  );
  if (!plan) throw new Error(`docs/examples/${name}.plan does not compile`);
  return plan;
});
const dataset = generateDataset({
  seed: 11,
  teams: 3,
  participantsPerTeam: 4,
  accountsPerTeam: 4,
  from: '2024-01-01',
  to: '2025-12-31',
});
const fxRates = { 'EUR/USD': 1.08, 'USD/EUR': 0.93 };
const run = calculateStatements({ plans, period: '2025', org: dataset.org, facts: dataset.facts, fxRates });

describe('archetype plans on two years of generated facts', () => {
  it('runs without errors', () => {
    expect(run.errors).toEqual([]);
    expect(run.factIssues).toEqual([]);
  });

  it('pays every participant assigned to each plan in each of its periods of 2025', () => {
    // 3 teams x 4 people, one plan per team: quarterly plans pay 4 periods, the half-yearly portfolio 2.
    const periods = new Set(run.statements.map((s) => `${s.planName}|${s.periodId}`));
    expect(periods.size).toBe(4 + 2 + 4);
    expect(run.statements.length).toBeGreaterThan(30);
  });

  it('keeps every amount an integer and every total the sum of its lines', () => {
    for (const s of run.statements) {
      for (const line of s.lines) expect(Number.isSafeInteger(line.amountMinor)).toBe(true);
      expect(s.totalMinor).toBe(s.lines.reduce((sum, l) => sum + l.amountMinor, 0));
    }
  });

  it('pays each statement in its plan currency', () => {
    for (const s of run.statements) expect(s.currency).toBe(s.planName.includes('portfolio') ? 'EUR' : 'USD');
  });

  it('gives the same statements when the facts are loaded in reverse order', () => {
    const again = calculateStatements({
      plans,
      period: '2025',
      org: dataset.org,
      facts: buildFactColumns([...dataset.facts].reverse()),
      fxRates,
    });
    expect(JSON.stringify(again.statements)).toBe(JSON.stringify(run.statements));
    expect(again.fingerprint).toBe(run.fingerprint);
  });
});
