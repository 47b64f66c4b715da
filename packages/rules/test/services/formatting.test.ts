import { describe, expect, it } from 'vitest';
import { createLanguageServices, formatPlan, PlanDocument } from '../../src/index.js';
import { applyEdits, header } from './support.js';

const services = createLanguageServices();
const messy = `${header}measure   revenue=sum of order.amount
measure cost   =  sum of order.cost

component "Revenue" weight 100% for team
      pays revenue   / goal "Revenue"
`;

describe('formatting', () => {
  it('replaces the whole text with its canonical layout', () => {
    const doc = new PlanDocument(messy);
    const edits = services.format(doc);
    expect(edits).toHaveLength(1);
    expect(applyEdits(doc, edits)).toBe(formatPlan(messy).text);
  });

  it('gives no edit for text already formatted', () => {
    const formatted = formatPlan(messy).text;
    expect(services.format(new PlanDocument(formatted))).toEqual([]);
  });

  it('gives no edit for text with syntax errors, rather than guessing', () => {
    expect(services.format(new PlanDocument(`${header}measure revenue = sum of`))).toEqual([]);
  });

  it('formats only the declarations the range touches', () => {
    const doc = new PlanDocument(messy);
    // Line 6 is 'measure cost   =  sum of order.cost'.
    const edits = services.formatRange(doc, {
      start: { line: 6, character: 3 },
      end: { line: 6, character: 5 },
    });
    const result = applyEdits(doc, edits);
    expect(result).toContain('measure   revenue=sum of order.amount');
    expect(result).toContain('\nmeasure cost = sum of order.cost\n');
    expect(result).toContain('      pays revenue   / goal "Revenue"');
  });

  it('formats a declaration of several lines whole when the range covers part of it', () => {
    const doc = new PlanDocument(messy);
    const edits = services.formatRange(doc, {
      start: { line: 9, character: 0 },
      end: { line: 10, character: 0 },
    });
    expect(edits).toHaveLength(1);
    expect(applyEdits(doc, edits)).toContain(
      'component "Revenue" weight 100% for team\n  pays revenue / goal "Revenue"\n',
    );
  });
});
