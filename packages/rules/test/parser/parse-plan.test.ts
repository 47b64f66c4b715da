import { describe, expect, it } from 'vitest';
import { MAX_PLAN_TEXT_LENGTH, parsePlan } from '../../src/index.js';

const header = 'plan "T"\n  period quarter\n  currency USD\n';

describe('parsePlan', () => {
  it('tells the admin a percentage is expected after weight, pointing at the bad token', () => {
    const { diagnostics } = parsePlan(`${header}component "A" weight x pays 5% of target incentive`);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      severity: 'error',
      code: 'SYNTAX_ERROR',
      message:
        "Expected a percentage such as '30%' or a fraction such as '1/3' after 'weight', but found 'x'.",
      range: { start: { line: 4, column: 22, offset: 62 }, end: { line: 4, column: 23, offset: 63 } },
    });
  });

  it('reports several syntax errors in one text thanks to error recovery', () => {
    const { diagnostics } = parsePlan(
      `${header}component "A" weight x pays 5% of target incentive\ncomponent "B" weight 50% for nobody pays 1\n`,
    );
    expect(diagnostics.map((d) => d.range.start.line)).toEqual([4, 5]);
    expect(diagnostics[1]!.message).toContain("a scope: 'team', 'individual'");
  });

  it('reports a character the language does not use with its position', () => {
    const { diagnostics } = parsePlan(`${header}measure a = sum of order.amount @ 3`);
    expect(diagnostics[0]).toMatchObject({
      code: 'UNEXPECTED_CHARACTER',
      range: { start: { line: 4, column: 33 } },
    });
  });

  it('refuses text over the size limit with a clear error instead of parsing it', () => {
    const { ast, diagnostics } = parsePlan(`# ${'x'.repeat(MAX_PLAN_TEXT_LENGTH)}`);
    expect(ast).toBeNull();
    expect(diagnostics[0]!.code).toBe('PLAN_TOO_LONG');
    expect(diagnostics[0]!.message).toContain('200,000');
  });

  it('reads keywords in any case and phrases across line breaks', () => {
    const { ast, diagnostics } = parsePlan(
      `PLAN "T" Period Quarter CURRENCY USD\nmeasure r = sum of order.amount in year\n  to date`,
    );
    expect(diagnostics).toEqual([]);
    const measure = ast!.declarations[0]!;
    expect(measure).toMatchObject({
      kind: 'MeasureDecl',
      value: { kind: 'ContextExpr', window: 'year to date' },
    });
  });

  it('gives every node the source range it was written at', () => {
    const text = `${header}measure margin = (revenue - cost) / revenue`;
    const { ast } = parsePlan(text);
    const measure = ast!.declarations[0]!;
    if (measure.kind !== 'MeasureDecl' || measure.value?.kind !== 'BinaryExpr') throw new Error('shape');
    const left = measure.value.left!;
    expect(text.slice(measure.range.start.offset, measure.range.end.offset)).toBe(
      'measure margin = (revenue - cost) / revenue',
    );
    // A parenthesised operand's range includes its parentheses, so labels cut from it are balanced.
    expect(text.slice(left.range.start.offset, left.range.end.offset)).toBe('(revenue - cost)');
    expect(left.range.start).toEqual({ line: 4, column: 18, offset: 58 });
  });

  it('parses money with thousands separators and percentages as written', () => {
    const { ast } = parsePlan(`${header}measure big = 1,250,000.50 + 12.5%`);
    const measure = ast!.declarations[0]!;
    expect(measure).toMatchObject({
      value: { left: { written: 1250000.5, percent: false }, right: { written: 12.5, percent: true } },
    });
  });

  it('states boundary sides explicitly: up to excludes, up to and including includes, above excludes', () => {
    const { ast } = parsePlan(
      `${header}component "C" pays curve on 1%:\n  up to 80%: 0%\n  from 80% up to and including 100%: 100%\n  above 100%: 150%`,
    );
    const component = ast!.declarations[0]!;
    if (component.kind !== 'ComponentDecl' || component.payout?.kind !== 'CurvePayout')
      throw new Error('shape');
    expect(component.payout.bands.map((b) => [b.bounds.lowerInclusive, b.bounds.upperInclusive])).toEqual([
      [true, false],
      [true, true],
      [false, false],
    ]);
  });

  it('keeps comments aside for the formatter without treating them as code', () => {
    const { comments, diagnostics } = parsePlan(
      `${header}# the team's revenue\nmeasure r = sum of order.amount # all orders`,
    );
    expect(diagnostics).toEqual([]);
    expect(comments.map((c) => c.image)).toEqual(["# the team's revenue", '# all orders']);
  });
});

describe('parsePlan suggestions', () => {
  it('suggests the keyword a misspelt word was probably meant to be', () => {
    const { diagnostics } = parsePlan('plan "T"\n  period quarter\n  currency USD\ncomponnet "A" pays 1');
    expect(diagnostics[0]!.message).toContain("Did you mean 'component'?");
  });

  it('gives the keyword as an edit over the misspelt word', () => {
    const { diagnostics } = parsePlan('plan "T"\n  period quarter\n  currency USD\ncomponnet "A" pays 1');
    expect(diagnostics[0]!.suggestions).toEqual([
      { message: "Replace with 'component'", range: diagnostics[0]!.range, replacement: 'component' },
    ]);
    // 'plan "T"\n' (9) + '  period quarter\n' (17) + '  currency USD\n' (15) = offset 41.
    expect(diagnostics[0]!.range.start).toEqual({ line: 4, column: 1, offset: 41 });
  });
});

describe('parsePlan: statistics over teams', () => {
  const measure = (text: string) => {
    const { ast, diagnostics } = parsePlan(`${header}measure m = ${text}`);
    expect(diagnostics).toEqual([]);
    return (ast!.declarations[0] as { value: unknown }).value;
  };

  it('reads the statistic, its operand and the teams, with the window after it applying to the statistic', () => {
    expect(measure('mean of churn_rate over teams on this plan in prior period')).toMatchObject({
      kind: 'ContextExpr',
      window: 'prior period',
      operand: {
        kind: 'PopulationExpr',
        statistic: 'mean',
        operand: { kind: 'MeasureRef', name: { text: 'churn_rate' } },
        population: { kind: 'PopulationSpec', population: 'on this plan', names: [] },
        // 'measure m = ' is 12 characters: the statistic starts at column 13, ends after 'plan'.
        range: { start: { line: 4, column: 13 }, end: { line: 4, column: 55 } },
      },
    });
  });

  it('reads a vertical, a geography and a list of team ids', () => {
    expect(measure('pooled churn_rate over teams in vertical "Retail"')).toMatchObject({
      statistic: 'pooled',
      population: { population: 'vertical', names: [{ text: 'Retail' }] },
    });
    expect(measure('median of churn_rate over teams in geography "EMEA"')).toMatchObject({
      statistic: 'median',
      population: { population: 'geography', names: [{ text: 'EMEA' }] },
    });
    expect(
      measure('mean of (sum of churn.amount / sum of order.amount) over teams "T1", "T2"'),
    ).toMatchObject({
      operand: { kind: 'BinaryExpr', operator: '/' },
      population: { population: 'named', names: [{ text: 'T1' }, { text: 'T2' }] },
    });
  });

  it('keeps a team list apart from the commas of a rate table', () => {
    const { diagnostics } =
      parsePlan(`${header}component "A" pays rates on mean of sum of order.amount over teams "T1", "T2", marginal, on the period total:
  from 0: 1%`);
    expect(diagnostics).toEqual([]);
  });

  it("says which teams are expected after 'over' when they are missing", () => {
    const { diagnostics } = parsePlan(`${header}measure m = mean of churn_rate over`);
    expect(diagnostics[0]).toMatchObject({ code: 'SYNTAX_ERROR' });
    expect(diagnostics[0]!.message).toContain("'teams'");
  });
});
