import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CheckResult, checkPlan, formatPlan, MAX_PLAN_TEXT_LENGTH, parsePlan } from '../../src/index.js';

const examples = ['team-performance', 'portfolio', 'renewal', 'mixed', 'quota-and-deals'].map((name) =>
  readFileSync(fileURLToPath(new URL(`../../../../docs/examples/${name}.plan`, import.meta.url)), 'utf8'),
);

/** Words and symbols of the language, plus a few near-misses, to build token soups. */
const vocabulary = [
  'plan',
  '"P"',
  'period',
  'quarter',
  'month',
  'currency',
  'USD',
  'EUR',
  'target incentive',
  ':',
  'annual',
  ',',
  'prorated by',
  'days employed',
  '(',
  ')',
  'actual/365',
  'not prorated',
  'rounding',
  'half-even',
  'true-up',
  'year to date',
  'measure',
  'revenue',
  'margin',
  '=',
  'sum',
  'count',
  'average',
  'of',
  'order',
  '.',
  'amount',
  'cost',
  'where',
  'won',
  'and',
  'or',
  'not',
  'is',
  'is one of',
  '"Cloud"',
  'for',
  'team',
  'individual',
  'plus',
  'geography',
  'all teams',
  'in',
  'prior period',
  'same period last year',
  'component',
  '"A"',
  'weight',
  '30%',
  '100%',
  '-5%',
  '1,000,000',
  '4.2',
  '0',
  'pays',
  'curve',
  'on',
  'table',
  'by',
  'columns',
  '|',
  'rates',
  'marginal',
  'retroactive',
  'per deal',
  'on the period total',
  'on the running total',
  'against',
  'below',
  'from',
  'above',
  'up to',
  'up to and including',
  'to',
  'capped at',
  'at least',
  'when',
  'team components',
  'pay',
  'multiply',
  'all components',
  'cap',
  'total',
  'at',
  'unless',
  'reaches',
  'is below',
  '<',
  '>=',
  '/',
  '*',
  '+',
  '-',
  'goal',
  '"Team revenue"',
  'claw back',
  'churn',
  'within',
  'days',
  'example',
  '"E"',
  'given',
  'expect',
  'deals of',
  'paid earlier',
  '#',
  '\n',
  'constructor',
  '__proto__',
  // A template placeholder, built so no linter mistakes it for one of ours.
  ['`', '$', '{x}', '`'].join(''),
  "'",
  '"',
];

/** The AST without source ranges. */
function meaning(text: string): unknown {
  return JSON.parse(
    JSON.stringify(parsePlan(text).ast, (key, value) => (key === 'range' ? undefined : value)),
  );
}

function assertWellFormed(text: string, result: CheckResult): void {
  expect(result.diagnostics.some((d) => d.code === 'INTERNAL_ERROR')).toBe(false);
  for (const d of result.diagnostics) {
    expect(d.range.start.line).toBeGreaterThanOrEqual(1);
    expect(d.range.start.column).toBeGreaterThanOrEqual(1);
    expect(d.range.start.offset).toBeGreaterThanOrEqual(0);
    expect(d.range.end.offset).toBeLessThanOrEqual(text.length);
    expect(d.range.end.offset).toBeGreaterThanOrEqual(d.range.start.offset);
    expect(d.message.length).toBeGreaterThan(0);
  }
  if (result.diagnostics.some((d) => d.severity === 'error')) expect(result.plan).toBeNull();
}

const mutation = fc.record({
  example: fc.integer({ min: 0, max: examples.length - 1 }),
  at: fc.nat(),
  length: fc.integer({ min: 0, max: 40 }),
  insert: fc.array(fc.constantFrom(...vocabulary), { maxLength: 4 }),
});

function mutate(m: { example: number; at: number; length: number; insert: string[] }): string {
  const text = examples[m.example]!;
  const at = m.at % (text.length + 1);
  return `${text.slice(0, at)}${m.insert.join(' ')}${text.slice(at + m.length)}`;
}

describe('the checker never throws', () => {
  it('on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        const text = new TextDecoder().decode(bytes);
        assertWellFormed(text, checkPlan(text));
      }),
      { numRuns: 300 },
    );
  });

  it('on random strings of any characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        assertWellFormed(text, checkPlan(text));
      }),
      { numRuns: 300 },
    );
  });

  it("on random streams of the language's own tokens", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...vocabulary), { maxLength: 80 }), (tokens) => {
        const text = `plan "P" period quarter currency USD\n${tokens.join(' ')}`;
        assertWellFormed(text, checkPlan(text));
      }),
      { numRuns: 400 },
    );
  });

  it('on mutations of the example plans', () => {
    fc.assert(
      fc.property(mutation, (m) => {
        const text = mutate(m);
        assertWellFormed(text, checkPlan(text));
      }),
      { numRuns: 300 },
    );
  });

  it('reports no diagnostic at a position that is not in the text for a name the parser inserted while recovering', () => {
    // The mutation fast-check found on CI (a quoted name lost inside a selector): replayed.
    fc.assert(
      fc.property(mutation, (m) => {
        const text = mutate(m);
        assertWellFormed(text, checkPlan(text));
      }),
      { seed: 568263560, path: '77:34:25', endOnFailure: true },
    );
  });

  it('and the formatter is idempotent and keeps the meaning and the comments of any mutated plan it can read', () => {
    fc.assert(
      fc.property(mutation, (m) => {
        const text = mutate(m);
        const once = formatPlan(text);
        if (!once.formatted) return;
        expect(formatPlan(once.text).text).toBe(once.text);
        expect(meaning(once.text)).toEqual(meaning(text));
        const comments = (t: string) => parsePlan(t).comments.map((c) => c.image.trimEnd());
        expect(comments(once.text)).toEqual(comments(text));
      }),
      { numRuns: 200 },
    );
  });

  it('refuses text one character over the size limit with PLAN_TOO_LONG', () => {
    const text = `plan "P" period quarter currency USD\n${'#'.repeat(MAX_PLAN_TEXT_LENGTH)}`;
    const result = checkPlan(text);
    expect(result.plan).toBeNull();
    expect(result.diagnostics.map((d) => d.code)).toEqual(['PLAN_TOO_LONG']);
  });
});
