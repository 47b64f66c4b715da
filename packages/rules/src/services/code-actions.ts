/**
 * Code actions: apply a did-you-mean, add the band a curve is missing (CURVE_GAP), make the
 * weights add up to 100% (WEIGHTS_NOT_100), and insert a skeleton example for a component.
 */
import { checkPlan } from '../check-plan.js';
import type { Diagnostic } from '../diagnostics.js';
import type * as ast from '../parser/ast.js';
import {
  addRatios,
  compareRatios,
  divideRatios,
  formatRatio,
  type Ratio,
  ratioValue,
  sumRatios,
} from '../ratio.js';
import { type AnyNode, walk } from './ast-walk.js';
import { toLspDiagnostic } from './diagnostics.js';
import type { CodeAction, LspRange } from './lsp-types.js';
import type { PlanDocument } from './plan-document.js';

export interface CodeActionOptions {
  /** Whether the diagnostics fixed are those with the examples run (as the server reports them). */
  examples?: boolean;
  /** Include the refactorings (default true); false gives the quick fixes only, without re-checking the plan. */
  refactorings?: boolean;
}

function overlaps(doc: PlanDocument, a: ast.Range, b: LspRange): boolean {
  const start = doc.offsetAt(b.start);
  const end = doc.offsetAt(b.end);
  return a.start.offset <= end && start <= a.end.offset;
}

/** The actions that apply in `range`: fixes for the diagnostics there, then refactorings. Never throws. */
export function codeActionsAt(
  doc: PlanDocument,
  range: LspRange,
  options: CodeActionOptions = {},
): CodeAction[] {
  const actions: CodeAction[] = [];
  const diagnostics = doc
    .check(options.examples ?? true)
    .diagnostics.filter((d) => overlaps(doc, d.range, range));
  for (const d of diagnostics) {
    const lsp = [toLspDiagnostic(doc, d)];
    for (const s of d.suggestions ?? []) {
      actions.push({
        title: s.message,
        kind: 'quickfix',
        diagnostics: lsp,
        isPreferred: true,
        edits: [{ range: doc.rangeOf(s.range), newText: s.replacement }],
      });
    }
    if (d.code === 'CURVE_GAP') actions.push(...gapFixes(doc, d).map((a) => ({ ...a, diagnostics: lsp })));
    if (d.code === 'WEIGHTS_NOT_100')
      actions.push(...weightFixes(doc).map((a) => ({ ...a, diagnostics: lsp })));
  }
  // The example skeleton checks the whole plan again: an editor asking for fixes only skips it.
  if (options.refactorings === false) return actions;
  const component = doc.parsed.ast?.declarations.find(
    (d): d is ast.ComponentDecl => d.kind === 'ComponentDecl' && overlaps(doc, d.range, range),
  );
  if (component?.name) {
    const example = exampleSkeleton(doc, component);
    if (example) actions.push(example);
  }
  return actions;
}

/** A band's bounds as the admin writes them. */
export function printBounds(
  lower: string | null,
  lowerInclusive: boolean,
  upper: string | null,
  upperInclusive: boolean,
): string {
  if (lower === null)
    return upper === null ? '' : upperInclusive ? `up to and including ${upper}` : `below ${upper}`;
  const start = `${lowerInclusive ? 'from' : 'above'} ${lower}`;
  if (upper === null) return start;
  return `${start} ${upperInclusive ? 'up to and including' : 'up to'} ${upper}`;
}

/** The lists of bands the checker reads in order: a curve's, a rate table's, a table's rows. */
function bandLists(plan: ast.PlanNode): { ranges: ast.BandRange[]; values: (i: number) => string | null }[] {
  const lists: { ranges: ast.BandRange[]; values: (i: number) => string | null }[] = [];
  walk(plan as AnyNode, (node) => {
    const n = node as ast.Payout;
    if (n.kind === 'CurvePayout' || n.kind === 'RatesPayout') {
      const bands = n.bands;
      lists.push({
        ranges: bands.map((b) => b.bounds),
        values: (i) => bandValue(bands, i, n.kind === 'CurvePayout'),
      });
    } else if (n.kind === 'TablePayout') {
      const rows = n.rows;
      lists.push({
        ranges: rows.map((r) => r.band),
        // A new row copies the row above, cell for cell, for the admin to change.
        values: (i) => rows[i - 1]?.cells.map((c) => c.text).join(' | ') ?? null,
      });
    }
  });
  return lists;
}

/**
 * What the new band between bands i-1 and i pays: on a curve, a straight line from where the band
 * above ends to where this one starts (so the curve stays continuous); a rate table keeps the rate
 * of the band above.
 */
function bandValue(bands: ast.Band[], i: number, curve: boolean): string | null {
  const above = bands[i - 1];
  const below = bands[i];
  const end = above?.to ?? above?.from;
  const start = below?.from;
  if (!end) return null;
  if (curve && start && start.percent === end.percent && start.text !== end.text)
    return `${end.text} to ${start.text}`;
  return end.text;
}

function gapFixes(doc: PlanDocument, d: Diagnostic): CodeAction[] {
  const plan = doc.parsed.ast;
  if (!plan) return [];
  for (const list of bandLists(plan)) {
    const i = list.ranges.findIndex((r) => r.range.start.offset === d.range.start.offset);
    if (i < 1) continue;
    const above = list.ranges[i - 1]!;
    const current = list.ranges[i]!;
    if (!above.upper || !current.lower) return [];
    if (above.upper.written === current.lower.written) {
      // "up to 100%" then "above 100%": nothing holds exactly 100%; this band can start at it.
      const text = printBounds(current.lower.text, true, current.upper?.text ?? null, current.upperInclusive);
      return [
        {
          title: `Include ${current.lower.text} in this band ('${text}')`,
          kind: 'quickfix',
          isPreferred: true,
          edits: [{ range: doc.rangeOf(current.range), newText: text }],
        },
      ];
    }
    const value = list.values(i);
    if (value === null) return [];
    const bounds = printBounds(
      above.upper.text,
      !above.upperInclusive,
      current.lower.text,
      !current.lowerInclusive,
    );
    const line = doc.positionAt(current.range.start.offset).line;
    const indent = /^\s*/.exec(doc.lineText(line))![0];
    // A table row's band starts its line; a curve's band too. Insert the new band on its own line above.
    return [
      {
        title: `Add the missing band '${bounds}: ${value}'`,
        kind: 'quickfix',
        isPreferred: true,
        edits: [
          {
            range: { start: { line, character: 0 }, end: { line, character: 0 } },
            newText: `${indent}${bounds}: ${value}\n`,
          },
        ],
      },
    ];
  }
  return [];
}

/**
 * A share as a weight is written: a percentage when it has at most two decimals (70%, 37.5%),
 * else the fraction (1/3); null when neither reads well (e.g. 7/53).
 */
function weightText(share: Ratio): string | null {
  const text = formatRatio(share);
  if (text.endsWith('%')) return /\.\d{3,}%$/.test(text) ? null : text;
  return share.denominator <= 12 ? text : null;
}

/**
 * Fixes for weights that do not add up to 100%, computed on the exact shares the checker adds
 * (so 1/3 stays 1/3): the last weight set to what is left, every weight scaled in proportion
 * exactly (when each share reads as a weight), and scaled to whole percentages.
 */
function weightFixes(doc: PlanDocument): CodeAction[] {
  const plan = doc.parsed.ast;
  if (!plan) return [];
  const weighted = plan.declarations.filter(
    (d): d is ast.ComponentDecl => d.kind === 'ComponentDecl' && d.weight !== null && d.weight.percent,
  );
  if (weighted.length === 0 || weighted.some((c) => c.weight!.ratio === null)) return [];
  const shares = weighted.map((c) => c.weight!.ratio as Ratio);
  const total = sumRatios(shares);
  const actions: CodeAction[] = [];
  const last = weighted.at(-1)!;
  const rest = subtractRatio(ONE, sumRatios(shares.slice(0, -1)));
  const restText = rest.numerator > 0 && compareRatios(rest, ONE) <= 0 ? weightText(rest) : null;
  if (restText) {
    actions.push({
      title: `Set the weight of "${last.name?.text ?? ''}" to ${restText} so the weights add up to 100%`,
      kind: 'quickfix',
      edits: [{ range: doc.rangeOf(last.weight!.range), newText: restText }],
    });
  }
  if (total.numerator <= 0) return actions;
  const editsFor = (texts: readonly string[]) =>
    weighted.flatMap((c, i) =>
      texts[i] === c.weight!.text
        ? []
        : [{ range: doc.rangeOf(c.weight!.range), newText: texts[i] as string }],
    );
  // In proportion, exactly: 33% x 3 becomes 1/3 x 3, 30% + 50% becomes 37.5% + 62.5%.
  const exact = shares.map((share) => weightText(divideRatios(share, total)));
  const whole = wholePercentages(shares.map((share) => ratioValue(divideRatios(share, total)) * 100));
  const exactEdits = exact.every((t) => t !== null) ? editsFor(exact as string[]) : [];
  const wholeEdits = editsFor(whole.map((w) => `${w}%`));
  const sameAsExact = exact.every((t, i) => t === `${whole[i]}%`);
  if (exactEdits.length > 0) {
    actions.push({
      title: `Scale all weights in proportion so they add up to exactly 100% (${(exact as string[]).join(', ')})`,
      kind: 'quickfix',
      isPreferred: true,
      edits: exactEdits,
    });
  }
  if (wholeEdits.length > 0 && !sameAsExact) {
    actions.push({
      title: `Scale all weights in proportion to whole percentages (${whole.map((w) => `${w}%`).join(', ')})`,
      kind: 'quickfix',
      ...(exactEdits.length === 0 ? { isPreferred: true } : {}),
      edits: wholeEdits,
    });
  }
  return actions;
}

const ONE: Ratio = { numerator: 1, denominator: 1 };

function subtractRatio(a: Ratio, b: Ratio): Ratio {
  return addRatios(a, { numerator: -b.numerator, denominator: b.denominator });
}

/** Whole percentages adding up to 100: floors, the missing ones to the largest remainders (ties: first). */
function wholePercentages(exact: readonly number[]): number[] {
  const scaled = exact.map(Math.floor);
  let missing = 100 - scaled.reduce((a, b) => a + b, 0);
  const order = exact
    .map((e, i) => ({ i, fraction: e - Math.floor(e) }))
    .sort((a, b) => b.fraction - a.fraction || a.i - b.i);
  for (const { i } of order) {
    if (missing <= 0) break;
    scaled[i]! += 1;
    missing--;
  }
  return scaled;
}

function placeholder(unit: string | undefined): string {
  if (unit === 'money') return '100,000';
  if (unit === 'percent') return '100%';
  return '1';
}

/** An example that gives the component's inputs, with what the plan pays for them filled in when it compiles. */
function exampleSkeleton(doc: PlanDocument, component: ast.ComponentDecl): CodeAction | null {
  const checked = doc.checked;
  if (!checked || !component.name || !component.payout) return null;
  const name = component.name.text;
  const givens: string[] = [];
  if (component.weight) givens.push('target incentive = 10,000');
  const seen = new Set<string>();
  walk(component.payout as AnyNode, (node) => {
    const n = node as ast.Expression;
    if (n.kind === 'MeasureRef' && !seen.has(`m ${n.name.text}`)) {
      seen.add(`m ${n.name.text}`);
      const value = checked.measures.get(n.name.text)?.value;
      const perDeal = component.payout?.kind === 'RatesPayout' && component.payout.apply === 'per deal';
      givens.push(
        perDeal
          ? `deals of ${n.name.text} = 10,000 and 20,000`
          : `${n.name.text} = ${placeholder(value ? checked.units.get(value) : undefined)}`,
      );
    } else if (n.kind === 'GoalRef' && n.name && !seen.has(`g ${n.name.text}`)) {
      seen.add(`g ${n.name.text}`);
      givens.push(`goal "${n.name.text}" = ${placeholder(checked.goalUnits.get(n.name.text))}`);
    }
  });
  const exampleNames = new Set(
    doc.parsed.ast!.declarations.flatMap((d) => (d.kind === 'ExampleDecl' && d.name ? [d.name.text] : [])),
  );
  let title = `${name} on target`;
  for (let n = 2; exampleNames.has(title); n++) title = `${name} on target ${n}`;
  const lines = [`example "${title}":`, `  given ${givens.join(', ')}`, `  expect "${name}" pays 0.00`];
  const end = doc.text.length;
  const separator = doc.text.endsWith('\n\n') ? '' : doc.text.endsWith('\n') ? '\n' : '\n\n';
  let text = `${separator}${lines.join('\n')}\n`;
  // When the plan compiles, ask it what the example pays, so the skeleton starts out true.
  const withExample = `${doc.text}${text}`;
  const failed = checkPlan(withExample).diagnostics.find(
    (d) => d.code === 'EXAMPLE_FAILED' && d.range.start.offset >= end && d.message.includes(`"${name}"`),
  );
  const actual = failed && /but it pays (-?[\d,]+(?:\.\d+)?) [A-Z]{3}\./.exec(failed.message)?.[1];
  if (actual) text = text.replace(/pays 0\.00\n$/, `pays ${actual}\n`);
  return {
    title: `Add an example for "${name}"`,
    kind: 'refactor',
    edits: [{ range: doc.spanRange(end, end), newText: text }],
  };
}
