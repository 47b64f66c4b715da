import { describe, expect, it } from 'vitest';
import { createLanguageServices } from '../../src/index.js';
import { header, textAt, withCursor } from './support.js';

const services = createLanguageServices({
  goals: () => [
    { name: 'Team revenue', unit: 'money' },
    { name: 'Company factor', unit: 'percent' },
  ],
});

function labels(text: string): string[] {
  const { doc, position } = withCursor(text);
  return services.completion(doc, position).map((item) => item.label);
}

const measures = `${header}measure revenue = sum of order.amount\nmeasure margin = (revenue - sum of order.cost) / revenue\n`;

describe('completion', () => {
  it('offers the keywords that can start a declaration on a new line after one', () => {
    const found = labels(`${measures}‸`);
    expect(found).toEqual(
      expect.arrayContaining(['measure', 'component', 'when', 'multiply', 'cap', 'claw back', 'example']),
    );
    // The header is over once a declaration is written.
    expect(found).not.toContain('currency');
  });

  it("offers 'code' after a component's name, beside its weight", () => {
    expect(labels(`${measures}component "New deals" ‸`)).toEqual(
      expect.arrayContaining(['code', 'weight', 'pays']),
    );
  });

  it('offers the header lines before the first declaration', () => {
    expect(labels('plan "T"\n  ‸')).toEqual(
      expect.arrayContaining(['period', 'currency', 'target incentive', 'rounding']),
    );
  });

  it('offers the payout forms and the measures after pays', () => {
    const found = labels(`${measures}component "Revenue" weight 100% for team\n  pays ‸`);
    expect(found).toEqual(expect.arrayContaining(['curve', 'table', 'rates', 'revenue', 'margin']));
  });

  it('offers only the names that start with the word being typed, replacing that word', () => {
    const { doc, position } = withCursor(
      `${measures}component "Revenue" weight 100% for team\n  pays curve on rev‸`,
    );
    const items = services.completion(doc, position);
    expect(items.map((i) => i.label)).toEqual(['revenue']);
    expect(textAt(doc, items[0]!.textEdit.range)).toBe('rev');
    expect(items[0]!.detail).toBe('sum of order.amount');
  });

  it('offers the kinds of fact after an aggregation, not the measures', () => {
    const found = labels(`${header}measure revenue = sum of ‸`);
    expect(found).toEqual([
      'order',
      'renewal',
      'churn',
      'opportunity',
      'payment',
      'survey',
      'wallet',
      'objective',
    ]);
  });

  it("offers the fields of the fact kind after its dot, with each field's type", () => {
    const { doc, position } = withCursor(`${header}measure revenue = sum of order.‸`);
    const items = services.completion(doc, position);
    expect(items.map((i) => i.label)).toEqual(['amount', 'cost', 'productLine', 'repeat']);
    expect(items[0]!.detail).toBe('money: order amount');
  });

  it("offers the attributes of the aggregate's fact kind inside a filter", () => {
    const found = labels(`${header}measure wins = count of opportunity where won and ‸`);
    expect(found).toEqual(
      expect.arrayContaining(['won', 'strategic', 'productLine', 'amount', 'accountId', 'date', 'not']),
    );
    expect(found).not.toContain('score');
  });

  it('offers quoted component names and the selection keywords after cap', () => {
    const found = labels(`${measures}component "Revenue" weight 100% for team\n  pays revenue\n\ncap ‸`);
    expect(found).toEqual(
      expect.arrayContaining(['"Revenue"', 'all components', 'team components', 'total']),
    );
  });

  it('offers the goals of the data and of the text after goal', () => {
    const found = labels(
      `${measures}measure attainment = revenue / goal "Growth target"\nmeasure x = revenue / goal ‸`,
    );
    expect(found).toEqual(['"Team revenue"', '"Company factor"', '"Growth target"']);
  });

  it('completes a half-typed quoted goal name', () => {
    const { doc, position } = withCursor(`${measures}measure x = revenue / goal "Tea‸`);
    const items = services.completion(doc, position);
    expect(items.map((i) => i.label)).toEqual(['"Team revenue"']);
    expect(textAt(doc, items[0]!.textEdit.range)).toBe('"Tea');
  });

  it('offers currency codes after currency', () => {
    expect(labels('plan "T"\n  period quarter\n  currency EU‸')).toEqual(['EUR']);
  });

  it('still completes a declaration when an earlier one has a syntax error', () => {
    const found = labels(`${header}measure broken = sum of\n\nmeasure revenue = sum of order.‸`);
    expect(found).toContain('amount');
  });
});
