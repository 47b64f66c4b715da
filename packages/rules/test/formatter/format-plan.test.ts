import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatPlan, parsePlan } from '../../src/index.js';

const examples = ['team-performance', 'portfolio', 'renewal', 'mixed'].map((name) => ({
  name,
  text: readFileSync(
    fileURLToPath(new URL(`../../../../docs/examples/${name}.plan`, import.meta.url)),
    'utf8',
  ),
}));

/** The AST without source ranges: what the text means, not where it was written. */
function meaning(text: string): unknown {
  return JSON.parse(
    JSON.stringify(parsePlan(text).ast, (key, value) => (key === 'range' ? undefined : value)),
  );
}

describe('formatPlan', () => {
  for (const { name, text } of examples) {
    it(`is idempotent on ${name}.plan`, () => {
      const once = formatPlan(text).text;
      expect(formatPlan(once).text).toBe(once);
    });

    it(`keeps the meaning and every comment of ${name}.plan`, () => {
      const formatted = formatPlan(text).text;
      expect(meaning(formatted)).toEqual(meaning(text));
      const comments = (t: string) => parsePlan(t).comments.map((c) => c.image.trimEnd());
      expect(comments(formatted)).toEqual(comments(text));
    });
  }

  it("lays out a cramped plan canonically, keeping the admin's comparison words", () => {
    const text = `plan "T" period quarter currency USD measure r = sum of order.amount component "A" weight 100% pays curve on r/goal "g": below 80%: 0% from 80%: 100% when r is below 5: all components pay 50% # low`;
    expect(formatPlan(text).text).toBe(`plan "T"
  period quarter
  currency USD

measure r = sum of order.amount

component "A" weight 100%
  pays curve on r / goal "g":
    below 80%: 0%
    from 80%: 100%

when r is below 5: all components pay 50% # low
`);
  });

  it('keeps the parentheses that carry meaning and drops the others', () => {
    const text =
      'plan "T" period quarter currency USD\nmeasure a = (1 + 2) * (3) - (4 - 5)\nmeasure b = (-a) in prior period\n';
    const formatted = formatPlan(text).text;
    expect(formatted).toContain('measure a = (1 + 2) * 3 - (4 - 5)');
    expect(formatted).toContain('measure b = (-a) in prior period');
    expect(meaning(formatted)).toEqual(meaning(text));
  });

  it('parenthesises a filtered aggregate inside a condition so its filters do not swallow the comparison', () => {
    const text =
      'plan "T" period quarter currency USD\ncomponent "A" pays 1\nwhen (count of opportunity where won) > 3: all components pay 50%\n';
    const formatted = formatPlan(text).text;
    expect(formatted).toContain('when (count of opportunity where won) > 3:');
    expect(meaning(formatted)).toEqual(meaning(text));
  });

  it('returns the text unchanged with the syntax errors when it cannot be read', () => {
    const result = formatPlan('plan "T" period sometimes');
    expect(result.formatted).toBe(false);
    expect(result.text).toBe('plan "T" period sometimes');
    expect(result.diagnostics[0]!.code).toBe('SYNTAX_ERROR');
  });
});
