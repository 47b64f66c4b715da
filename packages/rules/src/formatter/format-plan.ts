/**
 * The canonical layout of a plan: printed from the AST, so two texts with the same meaning
 * format the same. Comments are put back before the line they preceded, or at the end of the
 * line they followed. Formatting is idempotent and re-parsing the result gives the same AST.
 */
import type { IToken } from 'chevrotain';
import { type Diagnostic, hasErrors } from '../diagnostics.js';
import type * as ast from '../parser/ast.js';
import { parsePlan } from '../parser/parse-plan.js';

export interface FormatResult {
  /** The formatted text, or the input unchanged when it has syntax errors. */
  text: string;
  formatted: boolean;
  /** The syntax errors that prevented formatting. */
  diagnostics: Diagnostic[];
}

interface Line {
  indent: number;
  text: string;
  /** Where the line's node starts in the source, to put comments back. */
  anchor: ast.Position | null;
  /** Blank line before it. */
  spaced?: boolean;
}

/** Formats plan text in the canonical layout. Never throws. */
export function formatPlan(text: string): FormatResult {
  const parsed = parsePlan(text);
  if (!parsed.ast || hasErrors(parsed.diagnostics)) {
    return { text, formatted: false, diagnostics: parsed.diagnostics.filter((d) => d.severity === 'error') };
  }
  try {
    const lines = printPlan(parsed.ast);
    return { text: render(lines, parsed.comments), formatted: true, diagnostics: [] };
  } catch {
    return { text, formatted: false, diagnostics: [] };
  }
}

function render(lines: Line[], comments: IToken[]): string {
  const leading = new Map<number, string[]>();
  const trailing = new Map<number, string>();
  const atEnd: string[] = [];
  for (const comment of comments) {
    const text = comment.image.trimEnd();
    const line = comment.startLine ?? 0;
    // Trailing: the last printed line whose node starts on the comment's line, before it.
    let owner = -1;
    lines.forEach((l, i) => {
      if (l.anchor && l.anchor.line === line && l.anchor.offset < comment.startOffset) owner = i;
    });
    if (owner >= 0) {
      trailing.set(owner, trailing.has(owner) ? `${trailing.get(owner)} ${text}` : text);
      continue;
    }
    const next = lines.findIndex((l) => l.anchor !== null && l.anchor.offset > comment.startOffset);
    if (next < 0) atEnd.push(text);
    else leading.set(next, [...(leading.get(next) ?? []), text]);
  }
  const out: string[] = [];
  lines.forEach((l, i) => {
    if (l.spaced && out.length > 0) out.push('');
    const pad = '  '.repeat(l.indent);
    for (const c of leading.get(i) ?? []) out.push(`${pad}${c}`);
    const tail = trailing.get(i);
    out.push(`${pad}${l.text}${tail ? ` ${tail}` : ''}`);
  });
  if (atEnd.length > 0) out.push('', ...atEnd);
  return `${out.join('\n')}\n`;
}

function quote(name: ast.Name | null): string {
  return `"${name?.text ?? ''}"`;
}

function printPlan(plan: ast.PlanNode): Line[] {
  const lines: Line[] = [{ indent: 0, text: `plan ${quote(plan.name)}`, anchor: plan.range.start }];
  for (const item of plan.header)
    lines.push({ indent: 1, text: printHeaderItem(item), anchor: item.range.start });
  let previous: ast.Declaration['kind'] | null = null;
  for (const d of plan.declarations) {
    const group =
      d.kind === 'GateDecl' ||
      d.kind === 'MultiplyDecl' ||
      d.kind === 'CapDecl' ||
      d.kind === 'ClawbackDecl' ||
      d.kind === 'DrawDecl' ||
      d.kind === 'HoldDecl'
        ? 'rule'
        : d.kind;
    const previousGroup =
      previous === 'GateDecl' ||
      previous === 'MultiplyDecl' ||
      previous === 'CapDecl' ||
      previous === 'ClawbackDecl' ||
      previous === 'DrawDecl' ||
      previous === 'HoldDecl'
        ? 'rule'
        : previous;
    const spaced = group !== previousGroup || d.kind === 'ComponentDecl' || d.kind === 'ExampleDecl';
    const printed = printDeclaration(d);
    printed[0]!.spaced = spaced;
    lines.push(...printed);
    previous = d.kind;
  }
  return lines;
}

function printHeaderItem(item: ast.HeaderItem): string {
  switch (item.kind) {
    case 'PeriodItem':
      return `period ${item.period ?? ''}`;
    case 'CurrencyItem':
      return `currency ${item.code?.text ?? ''}`;
    case 'TargetIncentiveItem': {
      const annual = item.ofBaseSalary ? `${item.ofBaseSalary.text} of base salary` : 'annual';
      return item.prorate === 'none'
        ? `target incentive: ${annual}, not prorated`
        : `target incentive: ${annual}, prorated by days employed${item.dayCount ? ` (${item.dayCount})` : ''}`;
    }
    case 'RoundingItem':
      return `rounding ${item.mode ?? ''}`;
    case 'TrueUpItem':
      return 'true-up year to date';
    case 'CreditSplitItem':
      return 'credit splits by largest remainder';
    case 'PayConversionItem':
      return `convert to pay currency at ${item.at ?? ''}`;
    case 'GoalRuleItem': {
      const parts: string[] = [];
      if (item.annual) parts.push('annual');
      if (item.seasonality.length > 0)
        parts.push(`seasonal weights ${item.seasonality.map((l) => l.text).join(' / ')}`);
      if (item.prorate) parts.push(`prorated by days employed (${item.prorate})`);
      if (item.ramp.length > 0)
        parts.push(`ramp by month of tenure ${item.ramp.map((l) => l.text).join(' / ')}`);
      return `goal ${quote(item.name)}: ${parts.join(', ')}`;
    }
  }
}

function printDeclaration(d: ast.Declaration): Line[] {
  const at = d.range.start;
  switch (d.kind) {
    case 'MeasureDecl':
      return [{ indent: 0, text: `measure ${d.name?.text ?? ''} = ${expr(d.value)}`, anchor: at }];
    case 'ComponentDecl': {
      const head = [`component ${quote(d.name)}`];
      if (d.code) head.push(`code ${quote(d.code)}`);
      if (d.weight) head.push(`weight ${d.weight.text}`);
      if (d.scope) head.push(`for ${scope(d.scope)}`);
      const lines: Line[] = [{ indent: 0, text: head.join(' '), anchor: at }];
      if (d.payout) lines.push(...printPayout(d.payout));
      for (const option of d.options) {
        lines.push({
          indent: 1,
          text: `${option.option === 'cap' ? 'capped at' : 'at least'} ${option.value?.text ?? ''}`,
          anchor: option.range.start,
        });
      }
      return lines;
    }
    case 'GateDecl':
      return [
        {
          indent: 0,
          text: `when ${condition(d.condition)}: ${selector(d.selector)} pay ${expr(d.factor)}`,
          anchor: at,
        },
      ];
    case 'MultiplyDecl':
      return [
        {
          indent: 0,
          text: `multiply ${selector(d.selector)} by ${expr(d.factor)}${d.condition ? ` when ${condition(d.condition)}` : ''}`,
          anchor: at,
        },
      ];
    case 'CapDecl':
      return [
        {
          indent: 0,
          text: `cap ${selector(d.selector)} at ${d.limit?.text ?? ''}${d.ofTargetIncentive ? ' of target incentive' : ''}${d.unless ? ` unless ${condition(d.unless)}` : ''}`,
          anchor: at,
        },
      ];
    case 'ClawbackDecl':
      return [
        {
          indent: 0,
          text: `claw back ${d.share?.text ?? ''} of ${quote(d.component)} on ${d.churnKind?.text ?? ''} within ${d.withinDays?.text ?? ''} days`,
          anchor: at,
        },
      ];
    case 'DrawDecl':
      return [{ indent: 0, text: printDraw(d), anchor: at }];
    case 'HoldDecl':
      return [
        { indent: 0, text: `hold ${quote(d.component)} until ${d.releaseKind?.text ?? ''}`, anchor: at },
      ];
    case 'ExampleDecl': {
      const lines: Line[] = [{ indent: 0, text: `example ${quote(d.name)}:`, anchor: at }];
      d.given.forEach((item, i) => {
        const last = i === d.given.length - 1;
        lines.push({
          indent: i === 0 ? 1 : 2,
          text: `${i === 0 ? 'given ' : ''}${given(item)}${last ? '' : ','}`,
          anchor: item.range.start,
        });
      });
      for (const e of d.expectations) {
        lines.push({
          indent: 1,
          text: `expect ${e.component ? quote(e.component) : 'total'} pays ${e.amount?.text ?? ''}`,
          anchor: e.range.start,
        });
      }
      return lines;
    }
  }
}

function given(item: ast.GivenItem): string {
  const t = item.target;
  let target = '';
  if (t?.kind === 'GivenMeasure') {
    target = `${t.name.text}${t.scope ? ` for ${scope(t.scope)}` : ''}${t.window ? ` in ${t.window}` : ''}${t.population ? ` over ${population(t.population)}` : ''}`;
  } else if (t?.kind === 'GivenGoal')
    target = `goal ${quote(t.name)}${t.scope ? ` for ${scope(t.scope)}` : ''}`;
  else if (t?.kind === 'GivenTargetIncentive') target = 'target incentive';
  else if (t?.kind === 'GivenDeals') target = `deals of ${t.name?.text ?? ''}`;
  else if (t?.kind === 'GivenPaidEarlier') target = `paid earlier ${quote(t.name)}`;
  return `${target} = ${item.values.map((v) => v.text).join(' and ')}`;
}

function printPayout(p: ast.Payout): Line[] {
  const at = p.range.start;
  switch (p.kind) {
    case 'CurvePayout':
      return [
        {
          indent: 1,
          text: `pays curve on ${expr(p.input)}${p.apply === 'per deal' ? `, per deal${dealTiersText(p.dealTiers)}` : p.apply === 'running total' ? ', on the running total' : ''}:`,
          anchor: at,
        },
        ...p.bands.map((b) => ({ indent: 2, text: band(b), anchor: b.range.start })),
      ];
    case 'TablePayout':
      return [
        {
          indent: 1,
          text: `pays table of ${expr(p.rowInput)} by ${expr(p.columnInput)}${p.perDeal ? ', per deal' : ''}:`,
          anchor: at,
        },
        {
          indent: 2,
          text: `columns: ${p.columns.map(bandRange).join(' | ')}`,
          anchor: p.columns[0]?.range.start ?? null,
        },
        ...p.rows.map((r) => ({
          indent: 2,
          text: `${bandRange(r.band)}: ${r.cells.map((c) => c.text).join(' | ')}`,
          anchor: r.range.start,
        })),
      ];
    case 'RatesPayout': {
      const apply =
        p.apply === 'per deal'
          ? `per deal${dealTiersText(p.dealTiers)}`
          : p.apply === 'running total'
            ? 'on the running total'
            : 'on the period total';
      return [
        {
          indent: 1,
          text: `pays rates on ${expr(p.input)}${p.against ? ` against ${expr(p.against)}` : ''}, ${p.mode ?? 'marginal'}, ${apply}:`,
          anchor: at,
        },
        ...p.bands.map((b) => ({ indent: 2, text: band(b), anchor: b.range.start })),
      ];
    }
    case 'AmountPayout':
      return [
        { indent: 1, text: `pays ${expr(p.value)}${p.perDeal ? spiffText(p.perDeal) : ''}`, anchor: at },
      ];
  }
}

function bandRange(r: ast.BandRange): string {
  const upper = r.upper ? `${r.upperInclusive ? 'up to and including' : 'up to'} ${r.upper.text}` : '';
  if (!r.lower) return r.upperInclusive ? upper : `below ${r.upper?.text ?? ''}`;
  const lower = `${r.lowerInclusive ? 'from' : 'above'} ${r.lower.text}`;
  return upper ? `${lower} ${upper}` : lower;
}

function band(b: ast.Band): string {
  return `${bandRange(b.bounds)}: ${b.from?.text ?? ''}${b.to ? ` to ${b.to.text}` : ''}`;
}

function scope(s: ast.ScopeSpec): string {
  switch (s.scope) {
    case 'individual':
      return ['individual', ...s.match].join(' plus ');
    case 'account':
      return 'each account';
    case 'managed teams':
      return 'managed teams';
    case 'population':
      return s.combined ? 'all teams combined' : 'all teams';
    default:
      return 'team';
  }
}

function population(p: ast.PopulationSpec): string {
  switch (p.population) {
    case 'on this plan':
      return 'teams on this plan';
    case 'vertical':
    case 'geography':
      return `teams in ${p.population} ${p.names.map(quote).join(', ')}`;
    default:
      return ['teams', p.names.map(quote).join(', ')].filter(Boolean).join(' ');
  }
}

function selector(s: ast.Selector | null): string {
  if (!s) return '';
  switch (s.which) {
    case 'all':
      return 'all components';
    case 'team':
      return 'team components';
    case 'individual':
      return 'individual components';
    case 'total':
      return 'total';
    default:
      return s.names.map(quote).join(', ');
  }
}

function condition(c: ast.Condition | null): string {
  if (!c) return '';
  switch (c.kind) {
    case 'LogicalCondition':
      return `${condition(c.left)} ${c.operator} ${condition(c.right)}`;
    case 'NotCondition':
      return `not ${condition(c.operand)}`;
    case 'Comparison':
      // Filters of an aggregate would swallow a comparison or an 'and' after them: parenthesise.
      return `${expr(c.left, 0, true)} ${c.wording} ${expr(c.right, 0, true)}`;
  }
}

const precedence: Record<ast.BinaryExpr['operator'], number> = { '+': 1, '-': 1, '*': 2, '/': 2, of: 2 };

function level(e: ast.Expression): number {
  if (e.kind === 'BinaryExpr') return precedence[e.operator];
  if (e.kind === 'NegateExpr') return 3;
  if (e.kind === 'ContextExpr' || e.kind === 'PopulationExpr') return 4;
  return 5;
}

/** Prints an expression with the fewest parentheses that keep its structure. */
function expr(e: ast.Expression | null, minimum = 0, inCondition = false): string {
  if (!e) return '';
  const text = bare(e, inCondition);
  const needsParens =
    level(e) < minimum || (inCondition && e.kind === 'AggregateExpr' && e.filters.length > 0);
  return needsParens ? `(${text})` : text;
}

function bare(e: ast.Expression, inCondition: boolean): string {
  switch (e.kind) {
    case 'NumberLit':
      return e.text;
    case 'MeasureRef':
      return e.name.text;
    case 'GoalRef':
      return `goal ${quote(e.name)}`;
    case 'TargetIncentiveRef':
      return 'target incentive';
    case 'NegateExpr':
      return `-${expr(e.operand, 4, inCondition)}`;
    case 'ContextExpr': {
      const clauses = `${e.scope ? ` for ${scope(e.scope)}` : ''}${e.window ? ` in ${e.window}` : ''}`;
      // The operand is a primary or another context clause; anything else needs parentheses.
      return `${expr(e.operand, 4, inCondition)}${clauses}`;
    }
    case 'PopulationExpr': {
      const statistic = e.statistic === 'pooled' ? 'pooled ' : e.statistic ? `${e.statistic} of ` : '';
      const over = e.population ? ` over ${population(e.population)}` : '';
      return `${statistic}${expr(e.operand, 4, inCondition)}${over}`;
    }
    case 'BinaryExpr': {
      const p = precedence[e.operator];
      return `${expr(e.left, p, inCondition)} ${e.operator} ${expr(e.right, p + 1, inCondition)}`;
    }
    case 'AggregateExpr': {
      const name = { sum: 'sum', count: 'count', average: 'average', min: 'minimum', max: 'maximum' }[
        e.aggregation
      ];
      const field = e.field ? `.${e.field.text}` : '';
      const filters = e.filters.length > 0 ? ` where ${e.filters.map(filter).join(' and ')}` : '';
      return `${name} of ${e.factKind?.text ?? ''}${field}${filters}`;
    }
  }
}

function filterValue(v: string | number | boolean): string {
  if (typeof v === 'string') return `"${v}"`;
  if (typeof v === 'number')
    return v.toLocaleString('en-US', { maximumFractionDigits: 20 }).replace(/^-/, '-');
  return String(v);
}

function filter(f: ast.Filter): string {
  const attribute = f.attribute?.text ?? '';
  if (f.operator === 'is' && f.values.length === 1 && f.values[0] === true) return attribute;
  if (f.operator === 'is' && f.values.length === 1 && f.values[0] === false) return `not ${attribute}`;
  if (f.operator === 'in') return `${attribute} is one of ${f.values.map(filterValue).join(', ')}`;
  return `${attribute} ${f.operator} ${f.values.map(filterValue).join(', ')}`;
}

/** ', tiers by credited share' after 'per deal', when written. */
function dealTiersText(tiers: ast.DealTiers | null): string {
  return tiers ? `, tiers by ${tiers.by}` : '';
}

/** ' per deal of opportunity where won' after a SPIFF's amount, as written (the kind only when written). */
function spiffText(deals: ast.AggregateExpr): string {
  const kind = deals.factKind ? ` of ${deals.factKind.text}` : '';
  const filters = deals.filters.length > 0 ? ` where ${deals.filters.map(filter).join(' and ')}` : '';
  return ` per deal${kind}${filters}`;
}

/** 'draw 1,000 per month, recoverable, from 2026-01 to 2026-06, recovery from 2026-03, recovery capped at 500 per month' */
function printDraw(d: ast.DrawDecl): string {
  const parts = [
    `draw ${d.amount?.text ?? ''} per ${d.per?.period ?? ''}`,
    d.recoverable ? 'recoverable' : 'not recoverable',
    `from ${d.first?.text ?? ''} to ${d.last?.text ?? ''}`,
  ];
  if (d.recoveryFrom) parts.push(`recovery from ${d.recoveryFrom.text}`);
  if (d.limit) parts.push(`recovery capped at ${d.limit.text} per ${d.limitPer?.period ?? ''}`);
  return parts.join(', ');
}
