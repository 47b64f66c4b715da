import { describe, expect, it } from 'vitest';
import { checkPlan, renderExplanation } from '../../src/index.js';
import { codes, compile, header, input, line } from '../helpers.js';

const thirds = (a: string, b: string, c: string) =>
  `${header}component "A" weight ${a} pays 100%\ncomponent "B" weight ${b} pays 100%\ncomponent "C" weight ${c} pays 100%\n`;

describe('weights as exact fractions', () => {
  it('accepts three weights of 1/3 as exactly 100%', () => {
    expect(codes(thirds('1/3', '1/3', '1/3'))).toEqual([]);
  });

  it('refuses three weights of 33.33% and suggests 1/3 for each, as an edit', () => {
    const text = thirds('33.33%', '33.33%', '33.33%');
    const d = checkPlan(text).diagnostics.find((x) => x.code === 'WEIGHTS_NOT_100');
    // 3 x 33.33% = 99.99%
    expect(d?.message).toContain('add up to 99.99%, not 100%');
    expect(d?.message).toContain("write 'weight 1/3'");
    expect(
      d?.suggestions?.map((s) => [text.slice(s.range.start.offset, s.range.end.offset), s.replacement]),
    ).toEqual([
      ['33.33%', '1/3'],
      ['33.33%', '1/3'],
      ['33.33%', '1/3'],
    ]);
  });

  it('suggests no fraction when fractions would not make 100% either', () => {
    const text = `${header}component "A" weight 33.33% pays 100%\ncomponent "B" weight 50% pays 100%\n`;
    const d = checkPlan(text).diagnostics.find((x) => x.code === 'WEIGHTS_NOT_100');
    // 33.33% + 50% = 83.33%; 1/3 + 50% = 83.33...% is not 100% either
    expect(d?.message).toContain('add up to 83.33%');
    expect(d?.suggestions).toBeUndefined();
  });

  it('adds fractions and percentages exactly: 1/6 + 1/6 + 66.67% is not 100%, 1/6 + 1/6 + 2/3 is', () => {
    expect(codes(thirds('1/6', '1/6', '2/3'))).toEqual([]);
    // 1/6 + 1/6 + 66.67% = 33.333...% + 66.67% = 100.0033...%
    expect(codes(thirds('1/6', '1/6', '66.67%'))).toEqual(['WEIGHTS_NOT_100']);
  });

  it('refuses a weight over 1, a fraction over 0 and a plain number, saying how to write a weight', () => {
    expect(codes(`${header}component "A" weight 4/3 pays 100%`)).toContain('WEIGHT_RANGE');
    expect(codes(`${header}component "A" weight 1/0 pays 100%`)).toEqual(['WEIGHT_RANGE']);
    const plain = checkPlan(`${header}component "A" weight 30 pays 100%`).diagnostics.find(
      (x) => x.severity === 'error',
    )!;
    expect(plain.code).toBe('WEIGHT_NOT_A_SHARE');
    expect(plain.message).toContain("'weight 30%'");
    expect(plain.range.start).toMatchObject({ line: 5, column: 22 });
  });

  it('pays three thirds of a 9,000.00 target as 3,000.00 each, 9,000.00 in all', () => {
    const plan = compile(thirds('1/3', '1/3', '1/3'));
    // 900,000 cents x 1/3 = 300,000 cents exactly, three times
    const result = plan.evaluate(input({ targetIncentiveMinor: 900_000 }));
    expect(result.lines.map((l) => l.amountMinor)).toEqual([300_000, 300_000, 300_000]);
    expect(result.totalMinor).toBe(900_000);
  });

  it('gives three thirds of 10,000.00 targets that add up to 10,000.00: 3,333.34, 3,333.33, 3,333.33', () => {
    const plan = compile(thirds('1/3', '1/3', '1/3'));
    // 1,000,000 / 3 = 333,333.33... cents each: floors 333,333 x 3 = 999,999, one cent left; the
    // remainders tie, so it goes to the first declared: 333,334 + 333,333 + 333,333 = 1,000,000.
    const result = plan.evaluate(input({ targetIncentiveMinor: 1_000_000 }));
    expect(result.lines.map((l) => l.amountMinor)).toEqual([333_334, 333_333, 333_333]);
    expect(result.totalMinor).toBe(1_000_000);
    expect(plan.evaluateAmounts!(input({ targetIncentiveMinor: 1_000_000 })).linesMinor).toEqual([
      333_334, 333_333, 333_333,
    ]);
  });

  it('gives the left-over cents to the largest remainders, whatever the order of the components', () => {
    const plan = compile(`${header}component "A" weight 1/6 pays 100%\ncomponent "B" weight 5/6 pays 100%\n`);
    // 1,000,004 x 1/6 = 166,667.33 (remainder 0.33), x 5/6 = 833,336.67 (0.67): floors 166,667 +
    // 833,336 = 1,000,003, the cent left goes to B's larger remainder: 166,667 + 833,337.
    const amounts = plan.evaluate(input({ targetIncentiveMinor: 1_000_004 })).lines.map((l) => l.amountMinor);
    expect(amounts).toEqual([166_667, 833_337]);
    expect(plan.evaluateAmounts!(input({ targetIncentiveMinor: 1_000_004 })).linesMinor).toEqual(amounts);
  });

  it('shows the allocated target in the explanation of a share of it', () => {
    const plan = compile(thirds('1/3', '1/3', '1/3'));
    const [first] = plan.evaluate(input({ targetIncentiveMinor: 1_000_000 })).lines;
    expect(renderExplanation(first!.explanation, 'USD')).toContain('component target = 3,333.34 USD');
  });

  it('caps two thirds together at exactly 2/3 of the target', () => {
    const plan = compile(
      `${thirds('1/3', '1/3', '1/3')}\ncap "A", "B" at 50%`.replace(
        '"A" weight 1/3 pays 100%',
        '"A" weight 1/3 pays 150%',
      ),
    );
    // target 900,000: A pays 150% x 300,000 = 450,000, B 300,000: 750,000 together;
    // the cap is 50% of (1/3 + 1/3) x 900,000 = 300,000, split 450:300 -> 180,000 and 120,000
    const ti = input({ targetIncentiveMinor: 900_000 });
    expect(line(plan, ti, 'A')).toBe(180_000);
    expect(line(plan, ti, 'B')).toBe(120_000);
    expect(line(plan, ti, 'C')).toBe(300_000);
  });

  it('shows the weight as written in the explanation', () => {
    const plan = compile(thirds('1/3', '1/3', '1/3'));
    const text = renderExplanation(
      plan.evaluate(input({ targetIncentiveMinor: 900_000 })).lines[0]!.explanation,
      'USD',
    );
    expect(text.split('\n')[0]).toContain('weight 1/3,');
  });

  it('keeps a fraction as written when the plan is formatted', async () => {
    const { formatPlan } = await import('../../src/index.js');
    expect(formatPlan(thirds('1/3', '1 / 3', '1/3')).text).toContain('component "B" weight 1/3\n  pays 100%');
  });
});
