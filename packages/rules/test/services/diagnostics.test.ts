import { describe, expect, it } from 'vitest';
import { createLanguageServices, PlanDocument } from '../../src/index.js';
import { header } from './support.js';

describe('diagnostics', () => {
  it("maps the checker's 1-based ranges to 0-based LSP ranges, with code, severity and related places", () => {
    const text = `${header}measure revenue = sum of order.amount\nmeasure revenue = sum of order.cost\n`;
    const duplicate = createLanguageServices()
      .diagnostics(new PlanDocument(text))
      .find((d) => d.code === 'DUPLICATE_NAME');
    // The second 'revenue' is on 1-based line 7, columns 9 to 16: 0-based line 6, characters 8 to 15.
    expect(duplicate).toEqual({
      range: { start: { line: 6, character: 8 }, end: { line: 6, character: 15 } },
      severity: 1,
      code: 'DUPLICATE_NAME',
      source: 'attain',
      message: "A measure named 'revenue' is already defined; give this one another name.",
      relatedInformation: [
        {
          range: { start: { line: 5, character: 8 }, end: { line: 5, character: 15 } },
          message: "A measure named 'revenue' is first defined here.",
        },
      ],
    });
  });

  it('reports a failing example unless the host turns examples off', () => {
    const text = `${header}measure revenue = sum of order.amount\n\ncomponent "R" weight 100% for team\n  pays revenue / goal "R"\n\nexample "E":\n  given target incentive = 1,000, revenue = 50, goal "R" = 100\n  expect "R" pays 1.00\n`;
    const doc = new PlanDocument(text);
    const withExamples = createLanguageServices()
      .diagnostics(doc)
      .map((d) => d.code);
    const without = createLanguageServices({ examples: false })
      .diagnostics(doc)
      .map((d) => d.code);
    // 50 / 100 = 50% of the target 1,000 pays 500.00, not 1.00.
    expect(withExamples).toContain('EXAMPLE_FAILED');
    expect(without).not.toContain('EXAMPLE_FAILED');
  });
});
