import { describe, expect, it } from 'vitest';
import { checkPlan, createLanguageServices, PlanDocument } from '../../src/index.js';
import { applyEdits, header, positionOf } from './support.js';

const services = createLanguageServices();

function actionsOn(text: string, needle: string) {
  const doc = new PlanDocument(text);
  const at = positionOf(doc, needle);
  return { doc, actions: services.codeActions(doc, { start: at, end: at }) };
}

function codes(text: string): string[] {
  return checkPlan(text)
    .diagnostics.filter((d) => d.severity !== 'info')
    .map((d) => d.code);
}

describe('code actions', () => {
  it("applies the checker's did-you-mean to a misspelt measure", () => {
    const text = `${header}measure revenue = sum of order.amount\n\ncomponent "R" weight 100% for team\n  pays revenu\n`;
    const { doc, actions } = actionsOn(text, 'revenu\n');
    const fix = actions.find((a) => a.kind === 'quickfix');
    expect(fix?.title).toBe("Replace with 'revenue'");
    expect(fix?.diagnostics?.[0]?.code).toBe('UNKNOWN_MEASURE');
    expect(codes(applyEdits(doc, fix!.edits))).toEqual([]);
  });

  it('adds the band a curve is missing, continuing the line from the band above to the band below', () => {
    const text = `${header}measure revenue = sum of order.amount

component "R" weight 100% for team
  pays curve on revenue / goal "R":
    below 80%: 0%
    from 80% up to 90%: 50% to 75%
    from 100%: 100%
`;
    expect(codes(text)).toEqual(['CURVE_GAP']);
    const { doc, actions } = actionsOn(text, 'from 100%');
    const fix = actions.find((a) => a.diagnostics?.[0]?.code === 'CURVE_GAP');
    expect(fix?.title).toBe("Add the missing band 'from 90% up to 100%: 75% to 100%'");
    const fixed = applyEdits(doc, fix!.edits);
    expect(fixed).toContain(
      '    from 80% up to 90%: 50% to 75%\n    from 90% up to 100%: 75% to 100%\n    from 100%: 100%\n',
    );
    expect(codes(fixed)).toEqual([]);
  });

  it('adds a missing table row that copies the cells of the row above', () => {
    const text = `${header}measure revenue = sum of order.amount
measure margin = (revenue - sum of order.cost) / revenue

component "R" weight 100% for team
  pays table of revenue / goal "R" by margin:
    columns: below 25% | from 25%
    below 80%: 0% | 25%
    from 90%: 100% | 150%
`;
    expect(codes(text)).toContain('CURVE_GAP');
    const { doc, actions } = actionsOn(text, 'from 90%');
    const fix = actions.find((a) => a.diagnostics?.[0]?.code === 'CURVE_GAP');
    expect(fix?.title).toBe("Add the missing band 'from 80% up to 90%: 0% | 25%'");
    const fixed = applyEdits(doc, fix!.edits);
    expect(fixed).toContain(
      '    below 80%: 0% | 25%\n    from 80% up to 90%: 0% | 25%\n    from 90%: 100% | 150%\n',
    );
    expect(codes(fixed)).not.toContain('CURVE_GAP');
  });

  it("closes a gap of one value by starting the band at it ('above' becomes 'from')", () => {
    const text = `${header}measure revenue = sum of order.amount

component "R" weight 100% for team
  pays curve on revenue / goal "R":
    below 80%: 0%
    above 80%: 100%
`;
    const { doc, actions } = actionsOn(text, 'above 80%');
    const fix = actions.find((a) => a.diagnostics?.[0]?.code === 'CURVE_GAP');
    expect(fix?.title).toBe("Include 80% in this band ('from 80%')");
    const fixed = applyEdits(doc, fix!.edits);
    expect(fixed).toContain('    below 80%: 0%\n    from 80%: 100%\n');
    expect(codes(fixed)).toEqual([]);
  });

  it('makes the weights add up to 100%, by the last weight or in proportion', () => {
    const text = `${header}measure revenue = sum of order.amount

component "A" weight 30% for team
  pays revenue / goal "A"

component "B" weight 50% for team
  pays revenue / goal "B"
`;
    expect(codes(text)).toEqual(['WEIGHTS_NOT_100']);
    const { doc, actions } = actionsOn(text, '50%');
    const fixes = actions.filter((a) => a.diagnostics?.[0]?.code === 'WEIGHTS_NOT_100');
    // 30% + 50% = 80%: the last becomes 100% - 30% = 70%; or, in proportion, 30/80 = 37.5% and
    // 50/80 = 62.5% exactly; or in whole percentages 37 + 62 = 99, the missing 1% to the first
    // tie: 38% and 62%.
    expect(fixes.map((f) => f.title)).toEqual([
      'Set the weight of "B" to 70% so the weights add up to 100%',
      'Scale all weights in proportion so they add up to exactly 100% (37.5%, 62.5%)',
      'Scale all weights in proportion to whole percentages (38%, 62%)',
    ]);
    expect(applyEdits(doc, fixes[0]!.edits)).toContain('component "B" weight 70% for team');
    const exact = applyEdits(doc, fixes[1]!.edits);
    expect(exact).toContain('component "A" weight 37.5% for team');
    expect(exact).toContain('component "B" weight 62.5% for team');
    expect(codes(exact)).toEqual([]);
    const scaled = applyEdits(doc, fixes[2]!.edits);
    expect(scaled).toContain('component "A" weight 38% for team');
    expect(scaled).toContain('component "B" weight 62% for team');
    expect(codes(scaled)).toEqual([]);
  });

  it('scales three equal weights to exact thirds, and sets a last weight to the third left', () => {
    const text = `${header}measure revenue = sum of order.amount

component "A" weight 33% for team
  pays revenue / goal "A"

component "B" weight 33% for team
  pays revenue / goal "B"

component "C" weight 33% for team
  pays revenue / goal "C"
`;
    const { doc, actions } = actionsOn(text, '33% for team\n  pays revenue / goal "C"');
    // (The checker's own suggestions, "Replace with '1/3'", come first; these are the fixes.)
    const fixes = actions.filter(
      (a) => a.diagnostics?.[0]?.code === 'WEIGHTS_NOT_100' && !a.title.startsWith('Replace'),
    );
    // 33% each is 99%: the last becomes 100% - 66% = 34%; in proportion each is 33/99 = 1/3
    // exactly, which only a fraction writes; in whole percentages 33.33.. floors to 33 x 3 = 99,
    // the missing 1% to the first: 34%, 33%, 33%.
    expect(fixes.map((f) => f.title)).toEqual([
      'Set the weight of "C" to 34% so the weights add up to 100%',
      'Scale all weights in proportion so they add up to exactly 100% (1/3, 1/3, 1/3)',
      'Scale all weights in proportion to whole percentages (34%, 33%, 33%)',
    ]);
    expect(fixes[1]?.isPreferred).toBe(true);
    const thirds = applyEdits(doc, fixes[1]!.edits);
    expect(thirds.match(/weight 1\/3 for team/g)).toHaveLength(3);
    expect(codes(thirds)).toEqual([]);

    const twoThirds = text
      .replace('component "A" weight 33%', 'component "A" weight 1/3')
      .replace('component "B" weight 33%', 'component "B" weight 1/3');
    const two = actionsOn(twoThirds, '33% for team\n  pays revenue / goal "C"');
    const last = two.actions.find((a) => a.title.startsWith('Set the weight'));
    // 1 - 1/3 - 1/3 = 1/3: a fraction, not 33.33%.
    expect(last?.title).toBe('Set the weight of "C" to 1/3 so the weights add up to 100%');
    expect(codes(applyEdits(two.doc, last!.edits))).toEqual([]);
  });

  it('inserts an example for a component that gives its inputs and expects what the plan pays', () => {
    const text = `${header}measure revenue = sum of order.amount

component "Revenue" weight 100% for team
  pays curve on revenue / goal "Revenue":
    below 80%: 0%
    from 80% up to 100%: 50% to 100%
    from 100%: 100%
`;
    const { doc, actions } = actionsOn(text, 'pays curve');
    const insert = actions.find((a) => a.kind === 'refactor');
    expect(insert?.title).toBe('Add an example for "Revenue"');
    const withExample = applyEdits(doc, insert!.edits);
    // revenue 100,000 over a goal of 100,000 is 100% attainment, in the band from 100%: it pays
    // 100% of the component's target, 100% x 10,000 = 10,000.00.
    expect(withExample.slice(text.length)).toBe(
      '\nexample "Revenue on target":\n  given target incentive = 10,000, revenue = 100,000, goal "Revenue" = 100,000\n  expect "Revenue" pays 10,000.00\n',
    );
    expect(codes(withExample)).toEqual([]);
  });

  it('gives the quick fixes only, without the example refactoring, when refactorings are left out', () => {
    const text = `${header}measure revenue = sum of order.amount\n\ncomponent "R" weight 100% for team\n  pays revenu\n`;
    const doc = new PlanDocument(text);
    const at = positionOf(doc, 'revenu\n');
    const all = services.codeActions(doc, { start: at, end: at });
    expect(all.map((a) => a.kind)).toEqual(['quickfix', 'refactor']);
    const fixes = services.codeActions(doc, { start: at, end: at }, { refactorings: false });
    expect(fixes.map((a) => a.title)).toEqual(["Replace with 'revenue'"]);
  });

  it('offers nothing outside a diagnostic or a component', () => {
    const text = `${header}measure revenue = sum of order.amount\n`;
    expect(actionsOn(text, 'revenue').actions).toEqual([]);
  });
});
