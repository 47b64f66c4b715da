/**
 * Hover: what the thing under the cursor means, in the admin's words. A measure's definition,
 * unit, scope and window; a band's boundaries ("80% included, 100% excluded") and what it pays;
 * a goal's unit; a component's weight, target share and payout range; a fact kind or field.
 */
import { unitWords } from '../checker/units.js';
import { FACT_KINDS, type FactFieldSpec } from '../fact-kinds.js';
import type * as ast from '../parser/ast.js';
import { formatRatio } from '../ratio.js';
import { type AnyNode, nodesAt } from './ast-walk.js';
import type { GoalInfo, Hover, LspPosition } from './lsp-types.js';
import type { PlanDocument } from './plan-document.js';
import { occurrenceAt, occurrencesOf } from './plan-symbols.js';
import { sourceText } from './source-text.js';

export interface HoverOptions {
  goals?: () => readonly GoalInfo[];
}

/** The hover at `position`, or null where there is nothing to explain. Never throws. */
export function hoverAt(doc: PlanDocument, position: LspPosition, options: HoverOptions = {}): Hover | null {
  const plan = doc.parsed.ast;
  if (!plan) return null;
  const offset = doc.offsetAt(position);
  const occurrence = occurrenceAt(occurrencesOf(plan), offset);
  if (occurrence) {
    const contents =
      occurrence.kind === 'measure'
        ? measureHover(doc, occurrence.name)
        : componentHover(doc, occurrence.name);
    return contents ? { contents, range: doc.rangeOf(occurrence.range) } : null;
  }
  const chain = nodesAt(plan as AnyNode, offset);
  for (let i = chain.length - 1; i >= 0; i--) {
    const node = chain[i] as ast.AstNode | ast.TableRow;
    const parent = chain[i - 1] as ast.AstNode | undefined;
    if (parent?.kind === 'ComponentDecl' && parent.code && node === parent.code) {
      return {
        contents: `**code "${parent.code.text}"**\n\n${codeWords(parent)}`,
        range: doc.rangeOf(node.range),
      };
    }
    if (node.kind === 'GoalRef' && node.name) {
      return { contents: goalHover(doc, node.name.text, options), range: doc.rangeOf(node.range) };
    }
    if (node.kind === 'AggregateExpr') {
      const contents = factHover(node, offset);
      if (contents) return { contents, range: doc.rangeOf(node.range) };
    }
    if (node.kind === 'Band') {
      return { contents: bandHover(node.bounds, node, payoutKind(chain, i)), range: doc.rangeOf(node.range) };
    }
    if (node.kind === 'BandRange' && parent?.kind !== 'Band') {
      return { contents: bandHover(node, null, 'table'), range: doc.rangeOf(node.range) };
    }
  }
  return null;
}

function payoutKind(chain: AnyNode[], index: number): string {
  for (let i = index - 1; i >= 0; i--) {
    if (chain[i]!.kind === 'RatesPayout') return 'rates';
    if (chain[i]!.kind === 'CurvePayout') return 'curve';
  }
  return 'curve';
}

function measureHover(doc: PlanDocument, name: string): string | null {
  const checked = doc.checked;
  const decl = checked?.measures.get(name);
  if (!checked || !decl) return `**measure ${name}** is not defined in this plan.`;
  const value = decl.value;
  const lines = [`**measure ${name}** = \`${value ? sourceText(doc, value.range) : '...'}\``, ''];
  const unit = value ? checked.units.get(value) : undefined;
  if (unit && unit !== 'any')
    lines.push(`- unit: ${unit === 'money' ? `money (${checked.currency})` : unitWords[unit]}`);
  const context = value?.kind === 'ContextExpr' ? value : null;
  lines.push(
    `- scope: ${
      context?.scope
        ? scopeWords(context.scope)
        : "the scope of the component that uses it ('for team' or 'for individual')"
    }`,
  );
  const period = plan(doc)?.header.find((h): h is ast.PeriodItem => h.kind === 'PeriodItem')?.period;
  lines.push(
    `- window: ${context?.window && context.window !== 'period' ? context.window : `the plan's period${period ? ` (a ${period})` : ''}`}`,
  );
  return lines.join('\n');
}

function plan(doc: PlanDocument): ast.PlanNode | null {
  return doc.parsed.ast;
}

function scopeWords(scope: ast.ScopeSpec): string {
  if (scope.scope === 'managed teams')
    return "every team the participant manages (team memberships with 'manages: true'), added up";
  if (scope.scope === 'account')
    return "each account of the participant's team on its own, the payouts added up";
  const match = scope.match.length > 0 ? ` plus ${scope.match.join(' and ')}` : '';
  return `${scope.scope}${match}`;
}

/** "30%" from a fraction 0.3, to two decimals at most. */
function percent(share: number): string {
  return `${Number((share * 100).toFixed(2)).toLocaleString('en-US')}%`;
}

function componentHover(doc: PlanDocument, name: string): string | null {
  const decl = doc.checked?.components.get(name);
  if (!decl) return `**component "${name}"** is not defined in this plan.`;
  const lines = [`**component "${name}"**`, ''];
  const weight = decl.weight ? decl.weight.written / 100 : null;
  if (weight !== null) {
    // The exact share (1/3 stays 1/3), as the checker adds it and the compiler multiplies by it.
    const share = decl.weight!.ratio ? formatRatio(decl.weight!.ratio) : percent(weight);
    lines.push(`- weight ${decl.weight!.text}: its target is ${share} of the target incentive`);
  } else {
    lines.push('- no weight: it pays amounts (a commission), not a share of the target incentive');
  }
  if (decl.scope) lines.push(`- measured for ${scopeWords(decl.scope)}`);
  lines.push(codeWords(decl));
  const payout = decl.payout;
  if ((payout?.kind === 'CurvePayout' || payout?.kind === 'RatesPayout') && payout.apply === 'per deal') {
    lines.push("- per deal: the payout is read at each deal's amount and the results added up");
  }
  if (payout?.kind === 'AmountPayout' && payout.perDeal) {
    lines.push('- a SPIFF: the amount is paid once for each deal counted (a cap, if any, limits the period)');
  }
  const range = doc.payoutRange?.components.find((c) => c.name === name);
  if (range) {
    const low = range.min === null ? 'an amount the text does not fix' : percent(range.min);
    const high = range.max === null ? 'no limit set by the text' : percent(range.max);
    const ofTarget =
      weight && range.min !== null && range.max !== null
        ? ` (${percent(range.min / weight)} to ${percent(range.max / weight)} of its target)`
        : '';
    lines.push(`- pays from ${low} to ${high} of the target incentive${ofTarget}`);
  }
  return lines.join('\n');
}

/** What a component's code (written or its name) keeps across versions. */
function codeWords(decl: ast.ComponentDecl): string {
  const follows =
    'what it paid earlier in the year (a true-up), corrections and backtest rows follow it from version to version';
  return decl.code
    ? `- code "${decl.code.text}": ${follows}, so a version that renames the component keeps the code to stay the same component`
    : `- no code: it is known by its name, and ${follows}; before renaming it, add code "${decl.name?.text ?? ''}" to keep them`;
}

function goalHover(doc: PlanDocument, name: string, options: HoverOptions): string {
  const lines = [`**goal "${name}"**`, ''];
  const used = doc.checked?.goalUnits.get(name);
  const known = options.goals?.().find((g) => g.name === name);
  if (used && used !== 'any')
    lines.push(`- used as ${used === 'money' ? `money (${doc.checked!.currency})` : unitWords[used]}`);
  if (known?.unit) lines.push(`- stored as ${known.unit}`);
  if (known?.description) lines.push(`- ${known.description}`);
  if (!known && options.goals) lines.push('- no goal of this name in the data yet');
  lines.push(...quotaRuleWords(doc, name));
  if (lines.length === 2) lines.push("- read from the goals in the data for each participant's period");
  return lines.join('\n');
}

/** What the plan's 'goal "…": …' header line does to the stored goal, step by step; none without one. */
function quotaRuleWords(doc: PlanDocument, name: string): string[] {
  const header = plan(doc)?.header ?? [];
  const rule = header.find((h): h is ast.GoalRuleItem => h.kind === 'GoalRuleItem' && h.name?.text === name);
  if (!rule) return [];
  const period = header.find((h): h is ast.PeriodItem => h.kind === 'PeriodItem')?.period ?? 'period';
  const words: string[] = [];
  if (rule.annual) {
    words.push(
      rule.seasonality.length > 0
        ? `- stored for the year, cut to each ${period} by its seasonal weight (${rule.seasonality.map(bound).join(' / ')})`
        : `- stored for the year, cut evenly to each ${period}`,
    );
  }
  if (rule.prorate) words.push(`- prorated by the days employed in the ${period} (${rule.prorate})`);
  if (rule.ramp.length > 0) {
    const months = rule.ramp.map((share, i) => `${bound(share)} in month ${i + 1}`).join(', ');
    words.push(`- ramped for new hires: ${months} of tenure, whole from month ${rule.ramp.length + 1}`);
  }
  return words;
}

function factHover(node: ast.AggregateExpr, offset: number): string | null {
  const kinds = FACT_KINDS as Record<string, Record<string, FactFieldSpec>>;
  const inside = (name: ast.Name | null) =>
    name && name.range.start.offset <= offset && offset <= name.range.end.offset;
  if (inside(node.factKind)) {
    const fields = kinds[node.factKind!.text];
    if (!fields) return null;
    return [
      `**${node.factKind!.text}** facts`,
      '',
      ...Object.entries(fields).map(([f, s]) => `- \`${f}\`: ${s.description}`),
    ].join('\n');
  }
  if (inside(node.field) && node.factKind) {
    const spec = kinds[node.factKind.text]?.[node.field!.text];
    return spec
      ? `**${node.factKind.text}.${node.field!.text}** (${spec.spec.type}): ${spec.description}`
      : null;
  }
  return null;
}

/** "80%" as written, for sentences about bounds. */
function bound(lit: ast.NumberLit): string {
  return lit.text.replace(/\s+/g, '');
}

/** The meaning of a band's boundaries and what it pays: exactly which values fall in it. */
export function bandHover(range: ast.BandRange, band: ast.Band | null, payout: string): string {
  const { lower, upper } = range;
  let where: string;
  if (lower && upper) {
    where = `${range.lowerInclusive ? 'from' : 'above'} ${bound(lower)} ${range.upperInclusive ? 'up to and including' : 'up to'} ${bound(upper)}: ${bound(lower)} ${range.lowerInclusive ? 'included' : 'excluded'}, ${bound(upper)} ${range.upperInclusive ? 'included' : 'excluded'}`;
  } else if (lower) {
    where = `${range.lowerInclusive ? 'from' : 'above'} ${bound(lower)} upwards: ${bound(lower)} ${range.lowerInclusive ? 'included' : 'excluded'}, no upper limit`;
  } else if (upper) {
    where = `everything ${range.upperInclusive ? 'up to' : 'below'} ${bound(upper)}: ${bound(upper)} ${range.upperInclusive ? 'included' : 'excluded'}, no lower limit`;
  } else {
    where = 'every value';
  }
  const lines = [`**band** ${where}`];
  if (band?.from) {
    const what = payout === 'rates' ? 'a rate of' : '';
    if (band.to && lower && upper) {
      lines.push(
        '',
        `pays ${what ? `${what} ` : ''}${bound(band.from)} at ${bound(lower)}, rising in a straight line to ${bound(band.to)} at ${bound(upper)}`,
      );
    } else {
      lines.push('', `pays ${what ? `${what} ` : ''}${bound(band.from)} anywhere in the band (a step)`);
    }
    if (payout === 'curve' && band.from.percent) lines.push("(a share of the component's target)");
  }
  return lines.join('\n');
}
