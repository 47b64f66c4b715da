import { describe, expect, it } from 'vitest';
import { createLanguageServices, PlanDocument } from '../../src/index.js';
import { applyEdits, header, positionOf, textAt } from './support.js';

const plan = `${header}measure revenue = sum of order.amount
measure margin = (revenue - sum of order.cost) / revenue

component "Revenue" weight 60% for team
  pays revenue / goal "Revenue"

component "Margin" weight 40% for team
  pays margin

cap "Revenue", "Margin" at 100% unless margin reaches 30%

example "On target":
  given target incentive = 10,000, revenue = 100,000, goal "Revenue" = 100,000, margin = 30%
  expect "Revenue" pays 6,000.00
`;
const doc = new PlanDocument(plan);
const services = createLanguageServices();

describe('definition, references and rename', () => {
  it('goes from a use of a measure to its declaration', () => {
    const range = services.definition(doc, positionOf(doc, 'revenue - sum', 1));
    expect(range).toEqual({ start: { line: 5, character: 8 }, end: { line: 5, character: 15 } });
  });

  it('goes from a component named in a cap to its declaration', () => {
    const range = services.definition(doc, positionOf(doc, '"Margin" at', 2));
    expect(textAt(doc, range!)).toBe('"Margin"');
    expect(range!.start.line).toBe(11);
  });

  it('finds every place a measure is written: declaration, uses, cap condition and example', () => {
    const ranges = services.references(doc, positionOf(doc, 'margin'));
    // measure margin =, pays margin, unless margin, given margin.
    expect(ranges.map((r) => r.start.line)).toEqual([6, 12, 14, 17]);
    expect(ranges.every((r) => textAt(doc, r) === 'margin')).toBe(true);
  });

  it('leaves the declaration out of the references when asked', () => {
    const ranges = services.references(doc, positionOf(doc, '"Revenue" weight'), false);
    // cap "Revenue", expect "Revenue"; the goal "Revenue" is a goal, not the component.
    expect(ranges.map((r) => r.start.line)).toEqual([14, 18]);
  });

  it('renames a measure everywhere, the example included', () => {
    const result = services.rename(doc, positionOf(doc, 'revenue = 100,000'), 'sales');
    if (!('edits' in result)) throw new Error(result.error);
    const renamed = applyEdits(doc, result.edits);
    expect(renamed).toContain('measure sales = sum of order.amount');
    expect(renamed).toContain('(sales - sum of order.cost) / sales');
    expect(renamed).toContain('given target incentive = 10,000, sales = 100,000');
    expect(renamed).not.toMatch(/\brevenue\b/);
  });

  it('renames a component with its quotes, leaving the goal of the same name alone', () => {
    const result = services.rename(doc, positionOf(doc, '"Revenue" pays'), 'Team revenue');
    if (!('edits' in result)) throw new Error(result.error);
    const renamed = applyEdits(doc, result.edits);
    expect(renamed).toContain('component "Team revenue" weight 60%');
    expect(renamed).toContain('cap "Team revenue", "Margin"');
    expect(renamed).toContain('expect "Team revenue" pays');
    expect(renamed).toContain('goal "Revenue" = 100,000');
  });

  it('refuses a measure name that is not a name, and one already taken', () => {
    const at = positionOf(doc, 'revenue');
    expect(services.rename(doc, at, 'net revenue')).toEqual({
      error: "'net revenue' is not a measure name: use letters, digits and '_', starting with a letter.",
    });
    expect(services.rename(doc, at, 'margin')).toEqual({
      error: "A measure named 'margin' is already declared on line 7; choose another name.",
    });
  });

  it('offers no rename on a keyword', () => {
    expect(services.prepareRename(doc, positionOf(doc, 'component'))).toBeNull();
  });
});
