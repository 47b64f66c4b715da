/**
 * Concrete syntax tree -> AST. The grammar has no semantics; this is where tokens become typed
 * nodes with source ranges. Error recovery can leave parts of the tree missing, so every
 * reader here tolerates absent children and yields `null` rather than throwing.
 *
 * Over 500 lines and kept whole: one builder per grammar rule, in the grammar's order, sharing
 * the token and range readers above; split, each part would need all of them.
 */
import type { CstElement, CstNode, IToken } from 'chevrotain';
import { divideRatios, ratioOfDecimal } from '../ratio.js';
import type * as ast from './ast.js';

type Children = Record<string, CstElement[] | undefined>;

function isToken(element: CstElement | undefined): element is IToken {
  return element !== undefined && 'image' in element;
}

function tokensOf(ctx: Children, name: string): IToken[] {
  return (ctx[name] ?? []).filter(isToken);
}
function tokenOf(ctx: Children, name: string): IToken | undefined {
  const list = ctx[name];
  if (!list) return undefined;
  for (const element of list) {
    if (isToken(element))
      return !Number.isNaN(element.startOffset) && element.tokenType ? element : undefined;
  }
  return undefined;
}
function nodesOf(ctx: Children, name: string): CstNode[] {
  return (ctx[name] ?? []).filter((e): e is CstNode => !isToken(e));
}
function nodeOf(ctx: Children, name: string): CstNode | undefined {
  const list = ctx[name];
  if (!list) return undefined;
  for (const element of list) if (!isToken(element)) return element;
  return undefined;
}

const emptyRange: ast.Range = {
  start: { line: 1, column: 1, offset: 0 },
  end: { line: 1, column: 1, offset: 0 },
};

export function tokenRange(token: IToken): ast.Range {
  return {
    start: { line: token.startLine ?? 1, column: token.startColumn ?? 1, offset: token.startOffset },
    end: {
      line: token.endLine ?? token.startLine ?? 1,
      column: (token.endColumn ?? token.startColumn ?? 0) + 1,
      offset: (token.endOffset ?? token.startOffset) + 1,
    },
  };
}

/**
 * Offsets of the line starts of the text being built. The parser tracks only node offsets (it is
 * markedly faster that way); lines and columns are computed here. Set by `buildPlan`, which is
 * synchronous, so one text is built at a time.
 */
let lineStarts: number[] = [0];

function indexLines(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function positionAt(offset: number): ast.Position {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (lineStarts[middle]! <= offset) low = middle;
    else high = middle - 1;
  }
  return { line: low + 1, column: offset - lineStarts[low]! + 1, offset };
}

function nodeRange(node: CstNode | undefined): ast.Range {
  const loc = node?.location;
  if (!loc || Number.isNaN(loc.startOffset)) return emptyRange;
  const start = positionAt(loc.startOffset);
  const endValid =
    loc.endOffset !== undefined && !Number.isNaN(loc.endOffset) && loc.endOffset >= loc.startOffset;
  return { start, end: endValid ? positionAt(loc.endOffset! + 1) : start };
}

function joinRanges(a: ast.Range, b: ast.Range): ast.Range {
  return { start: a.start, end: b.end.offset >= a.end.offset ? b.end : a.end };
}

function nameFrom(token: IToken | undefined): ast.Name | null {
  // A token the parser inserted while recovering has no place in the text (NaN offsets): no name.
  if (!token || Number.isNaN(token.startOffset)) return null;
  const quoted = token.image.startsWith('"');
  return { kind: 'Name', text: quoted ? token.image.slice(1, -1) : token.image, range: tokenRange(token) };
}

/** "1,250.5" -> 1250.5; "30 %" -> 30. */
export function parseWrittenNumber(image: string): number {
  return Number(image.replace(/[,%\s]/g, ''));
}

/** 'weight 30%' (3/10), 'weight 1/3', or a bare 'weight 30' the checker refuses; the exact ratio beside the number. */
function weightFrom(c: Children): ast.WeightLit | null {
  const percent = tokenOf(c, 'PercentLiteral');
  if (percent) {
    return {
      kind: 'NumberLit',
      written: parseWrittenNumber(percent.image),
      percent: true,
      text: percent.image.replace(/\s+/g, ''),
      range: tokenRange(percent),
      ratio: ratioOfDecimal(percent.image, 100),
      fraction: false,
    };
  }
  const numerator = tokenOf(c, 'weightNumerator');
  if (!numerator) return null;
  const denominator = tokenOf(c, 'weightDenominator');
  if (!denominator) {
    return {
      kind: 'NumberLit',
      written: parseWrittenNumber(numerator.image),
      percent: false,
      text: numerator.image,
      range: tokenRange(numerator),
      ratio: ratioOfDecimal(numerator.image),
      fraction: false,
    };
  }
  const over = ratioOfDecimal(denominator.image);
  const share = over.numerator === 0 ? null : divideRatios(ratioOfDecimal(numerator.image), over);
  const range = tokenRange(numerator);
  return {
    kind: 'NumberLit',
    written: share === null ? Number.NaN : (share.numerator / share.denominator) * 100,
    percent: true,
    text: `${numerator.image}/${denominator.image}`,
    range: { start: range.start, end: tokenRange(denominator).end },
    ratio: share,
    fraction: true,
  };
}

function literalFrom(node: CstNode | undefined): ast.NumberLit | null {
  if (!node) return null;
  const ctx = node.children as Children;
  const token = tokenOf(ctx, 'PercentLiteral') ?? tokenOf(ctx, 'NumberLiteral');
  if (!token) return null;
  const negative = tokenOf(ctx, 'MinusSign') !== undefined;
  const written = parseWrittenNumber(token.image) * (negative ? -1 : 1);
  const percent = token.tokenType.name === 'PercentLiteral';
  return {
    kind: 'NumberLit',
    written,
    percent,
    text: `${negative ? '-' : ''}${token.image.replace(/\s+/g, '')}`,
    range: nodeRange(node),
  };
}

function lower(token: IToken | undefined): string {
  return (token?.image ?? '').toLowerCase().replace(/\s+/g, ' ');
}

export function buildPlan(cst: CstNode, text: string): ast.PlanNode {
  lineStarts = indexLines(text);
  const ctx = cst.children as Children;
  return {
    kind: 'Plan',
    name: nameFrom(tokenOf(ctx, 'StringLiteral')),
    header: nodesOf(ctx, 'headerItem').flatMap((n) => {
      const item = buildHeaderItem(n);
      return item ? [item] : [];
    }),
    declarations: nodesOf(ctx, 'declaration').flatMap((n) => {
      const d = buildDeclaration(n);
      return d ? [d] : [];
    }),
    range: nodeRange(cst),
  };
}

function buildHeaderItem(node: CstNode): ast.HeaderItem | null {
  const ctx = node.children as Children;
  const range = nodeRange(node);
  const goalRule = nodeOf(ctx, 'goalRule');
  if (goalRule) return buildGoalRule(goalRule, range);
  if (tokenOf(ctx, 'Period')) {
    const kind =
      tokenOf(ctx, 'Month') ?? tokenOf(ctx, 'Quarter') ?? tokenOf(ctx, 'Half') ?? tokenOf(ctx, 'Year');
    return { kind: 'PeriodItem', period: kind ? (lower(kind) as ast.PeriodItem['period']) : null, range };
  }
  if (tokenOf(ctx, 'Currency')) {
    return { kind: 'CurrencyItem', code: nameFrom(tokenOf(ctx, 'currencyCode')), range };
  }
  if (tokenOf(ctx, 'TargetIncentive')) {
    const dayCount = tokenOf(ctx, 'DayCount');
    return {
      kind: 'TargetIncentiveItem',
      prorate: tokenOf(ctx, 'ProratedBy') ? 'days employed' : 'none',
      dayCount: dayCount ? (lower(dayCount) as ast.TargetIncentiveItem['dayCount']) : null,
      ofBaseSalary: salaryShare(tokenOf(ctx, 'salaryShare')),
      range,
    };
  }
  if (tokenOf(ctx, 'Rounding')) {
    const mode =
      tokenOf(ctx, 'HalfEven') ?? tokenOf(ctx, 'HalfUp') ?? tokenOf(ctx, 'Down') ?? tokenOf(ctx, 'Up');
    return { kind: 'RoundingItem', mode: mode ? (lower(mode) as ast.RoundingItem['mode']) : null, range };
  }
  if (tokenOf(ctx, 'TrueUp')) return { kind: 'TrueUpItem', range };
  if (tokenOf(ctx, 'CreditSplits')) return { kind: 'CreditSplitItem', range };
  if (tokenOf(ctx, 'ConvertToPayCurrency')) {
    const at = tokenOf(ctx, 'FactDate') ? 'fact date' : tokenOf(ctx, 'PaymentDate') ? 'payment date' : null;
    return { kind: 'PayConversionItem', at, range };
  }
  return null;
}

function buildDeclaration(node: CstNode): ast.Declaration | null {
  const ctx = node.children as Children;
  const inner =
    nodeOf(ctx, 'measureDecl') ??
    nodeOf(ctx, 'componentDecl') ??
    nodeOf(ctx, 'gateDecl') ??
    nodeOf(ctx, 'multiplyDecl') ??
    nodeOf(ctx, 'capDecl') ??
    nodeOf(ctx, 'clawbackDecl') ??
    nodeOf(ctx, 'drawDecl') ??
    nodeOf(ctx, 'holdDecl') ??
    nodeOf(ctx, 'exampleDecl');
  if (!inner) return null;
  const c = inner.children as Children;
  const range = nodeRange(inner);
  switch (inner.name) {
    case 'measureDecl':
      return {
        kind: 'MeasureDecl',
        name: nameFrom(tokenOf(c, 'Identifier')),
        value: buildExpression(nodeOf(c, 'expression')),
        range,
      };
    case 'componentDecl': {
      const scopeNode = nodeOf(c, 'scope');
      return {
        kind: 'ComponentDecl',
        name: nameFrom(tokenOf(c, 'StringLiteral')),
        code: nameFrom(tokenOf(c, 'code')),
        weight: weightFrom(c),
        scope: scopeNode ? buildScope(scopeNode) : null,
        payout: buildPayout(nodeOf(c, 'payout')),
        options: nodesOf(c, 'componentOption').map((o) => {
          const oc = o.children as Children;
          return {
            kind: 'ComponentOption' as const,
            option: tokenOf(oc, 'CappedAt') ? ('cap' as const) : ('floor' as const),
            value: literalFrom(nodeOf(oc, 'literal')),
            range: nodeRange(o),
          };
        }),
        range,
      };
    }
    case 'gateDecl':
      return {
        kind: 'GateDecl',
        condition: buildCondition(nodeOf(c, 'condition')),
        selector: buildSelector(nodeOf(c, 'selector')),
        factor: buildExpression(nodeOf(c, 'expression')),
        range,
      };
    case 'multiplyDecl':
      return {
        kind: 'MultiplyDecl',
        selector: buildSelector(nodeOf(c, 'selector')),
        factor: buildExpression(nodeOf(c, 'expression')),
        condition: buildCondition(nodeOf(c, 'condition')),
        range,
      };
    case 'capDecl':
      return {
        kind: 'CapDecl',
        selector: buildSelector(nodeOf(c, 'selector')),
        limit: literalFrom(nodeOf(c, 'literal')),
        ofTargetIncentive: tokenOf(c, 'TargetIncentive') !== undefined,
        unless: buildCondition(nodeOf(c, 'condition')),
        range,
      };
    case 'clawbackDecl': {
      const days = tokenOf(c, 'NumberLiteral');
      return {
        kind: 'ClawbackDecl',
        share: literalFrom(nodeOf(c, 'literal')),
        component: nameFrom(tokenOf(c, 'StringLiteral')),
        churnKind: nameFrom(tokenOf(c, 'Identifier')),
        withinDays: days
          ? {
              kind: 'NumberLit',
              written: parseWrittenNumber(days.image),
              percent: false,
              text: days.image,
              range: tokenRange(days),
            }
          : null,
        range,
      };
    }
    case 'drawDecl':
      return buildDraw(c, range);
    case 'holdDecl':
      return {
        kind: 'HoldDecl',
        component: nameFrom(tokenOf(c, 'StringLiteral')),
        releaseKind: nameFrom(tokenOf(c, 'Identifier')),
        range,
      };
    case 'exampleDecl':
      return {
        kind: 'ExampleDecl',
        name: nameFrom(tokenOf(c, 'StringLiteral')),
        given: nodesOf(c, 'givenItem').map(buildGivenItem),
        expectations: nodesOf(c, 'expectation').map((e) => {
          const ec = e.children as Children;
          return {
            kind: 'Expectation' as const,
            component: nameFrom(tokenOf(ec, 'StringLiteral')),
            amount: literalFrom(nodeOf(ec, 'literal')),
            range: nodeRange(e),
          };
        }),
        range,
      };
    default:
      return null;
  }
}

function buildDraw(c: Children, range: ast.Range): ast.DrawDecl {
  const periodWord = (node: CstNode | undefined): ast.PeriodWord | null => {
    const token = node ? (node.children as Children) : undefined;
    const word = token
      ? (tokenOf(token, 'Month') ??
        tokenOf(token, 'Quarter') ??
        tokenOf(token, 'Half') ??
        tokenOf(token, 'Year'))
      : undefined;
    if (!word) return null;
    return { kind: 'PeriodWord', period: lower(word) as ast.PeriodWord['period'], range: tokenRange(word) };
  };
  const periodRef = (node: CstNode | undefined): ast.PeriodRef | null => {
    const children = node ? (node.children as Children) : undefined;
    const token = children
      ? (tokenOf(children, 'PeriodLiteral') ?? tokenOf(children, 'NumberLiteral'))
      : undefined;
    return token ? { kind: 'PeriodRef', text: token.image.toUpperCase(), range: tokenRange(token) } : null;
  };
  return {
    kind: 'DrawDecl',
    amount: literalFrom(nodeOf(c, 'amount')),
    per: periodWord(nodeOf(c, 'per')),
    recoverable: tokenOf(c, 'Recoverable') !== undefined,
    first: periodRef(nodeOf(c, 'first')),
    last: periodRef(nodeOf(c, 'last')),
    recoveryFrom: periodRef(nodeOf(c, 'recoveryFrom')),
    limit: literalFrom(nodeOf(c, 'limit')),
    limitPer: periodWord(nodeOf(c, 'limitPer')),
    range,
  };
}

function buildGivenItem(node: CstNode): ast.GivenItem {
  const c = node.children as Children;
  const targetNode = nodeOf(c, 'givenTarget');
  let target: ast.GivenTarget | null = null;
  if (targetNode) {
    const tc = targetNode.children as Children;
    const range = nodeRange(targetNode);
    const identifier = tokenOf(tc, 'Identifier');
    if (tokenOf(tc, 'Goal')) {
      const scopeNode = nodeOf(tc, 'scope');
      target = {
        kind: 'GivenGoal',
        name: nameFrom(tokenOf(tc, 'StringLiteral')),
        scope: scopeNode ? buildScope(scopeNode) : null,
        range,
      };
    } else if (tokenOf(tc, 'TargetIncentive')) {
      target = { kind: 'GivenTargetIncentive', range };
    } else if (tokenOf(tc, 'DealsOf')) {
      target = { kind: 'GivenDeals', name: nameFrom(identifier), range };
    } else if (tokenOf(tc, 'PaidEarlier')) {
      target = { kind: 'GivenPaidEarlier', name: nameFrom(tokenOf(tc, 'StringLiteral')), range };
    } else if (identifier) {
      let scope: ast.ScopeSpec | null = null;
      let window: ast.WindowName | null = null;
      let population: ast.PopulationSpec | null = null;
      for (const clause of nodesOf(tc, 'contextClause')) {
        const cc = clause.children as Children;
        const s = nodeOf(cc, 'scope');
        const w = nodeOf(cc, 'window');
        const p = nodeOf(cc, 'population');
        if (s) scope = buildScope(s);
        if (w) window = buildWindow(w);
        if (p) population = buildPopulation(p);
      }
      target = { kind: 'GivenMeasure', name: nameFrom(identifier)!, scope, window, population, range };
    }
  }
  return {
    kind: 'GivenItem',
    target,
    values: nodesOf(c, 'literal').flatMap((l) => {
      const lit = literalFrom(l);
      return lit ? [lit] : [];
    }),
    range: nodeRange(node),
  };
}

function buildSelector(node: CstNode | undefined): ast.Selector | null {
  if (!node) return null;
  const c = node.children as Children;
  const range = nodeRange(node);
  const names = tokensOf(c, 'StringLiteral').flatMap((token) => {
    const name = nameFrom(token);
    return name ? [name] : [];
  });
  if (tokenOf(c, 'AllComponents')) return { kind: 'Selector', which: 'all', names: [], range };
  if (tokenOf(c, 'TeamComponents')) return { kind: 'Selector', which: 'team', names: [], range };
  if (tokenOf(c, 'IndividualComponents')) return { kind: 'Selector', which: 'individual', names: [], range };
  if (tokenOf(c, 'Total')) return { kind: 'Selector', which: 'total', names: [], range };
  if (names.length > 0) return { kind: 'Selector', which: 'named', names, range };
  return null;
}

function buildPayout(node: CstNode | undefined): ast.Payout | null {
  if (!node) return null;
  const c = node.children as Children;
  const range = nodeRange(node);
  if (tokenOf(c, 'Curve')) {
    return {
      kind: 'CurvePayout',
      input: buildExpression(nodeOf(c, 'expression')),
      apply: applyFrom(c),
      dealTiers: dealTiersFrom(c),
      bands: nodesOf(c, 'band').map(buildBand),
      range,
    };
  }
  if (tokenOf(c, 'Table')) {
    return {
      kind: 'TablePayout',
      rowInput: buildExpression(nodeOf(c, 'rowInput')),
      columnInput: buildExpression(nodeOf(c, 'columnInput')),
      perDeal: tokenOf(c, 'PerDeal') !== undefined,
      columns: nodesOf(c, 'bandRange').map(buildBandRange),
      rows: nodesOf(c, 'tableRow').map((row) => {
        const rc = row.children as Children;
        return {
          kind: 'TableRow' as const,
          band: buildBandRange(nodeOf(rc, 'bandRange')),
          cells: nodesOf(rc, 'literal').flatMap((l) => {
            const lit = literalFrom(l);
            return lit ? [lit] : [];
          }),
          range: nodeRange(row),
        };
      }),
      range,
    };
  }
  if (tokenOf(c, 'Rates')) {
    return {
      kind: 'RatesPayout',
      input: buildExpression(nodeOf(c, 'input')),
      against: buildExpression(nodeOf(c, 'against')),
      mode: tokenOf(c, 'Marginal') ? 'marginal' : tokenOf(c, 'Retroactive') ? 'retroactive' : null,
      apply: applyFrom(c),
      dealTiers: dealTiersFrom(c),
      bands: nodesOf(c, 'band').map(buildBand),
      range,
    };
  }
  return { kind: 'AmountPayout', value: buildExpression(nodeOf(c, 'amount')), perDeal: spiffDeals(c), range };
}

/** The deals of a SPIFF ('per deal of opportunity where won'), as the count of them it pays on. */
function spiffDeals(c: Children): ast.AggregateExpr | null {
  const perDeal = tokenOf(c, 'PerDeal');
  if (!perDeal) return null;
  const filters = nodesOf(c, 'filter');
  const kind = tokenOf(c, 'dealKind');
  const start = tokenRange(perDeal).start;
  const last = filters.at(-1);
  const end = last ? nodeRange(last).end : kind ? tokenRange(kind).end : tokenRange(perDeal).end;
  return {
    kind: 'AggregateExpr',
    aggregation: 'count',
    factKind: nameFrom(kind),
    field: null,
    filters: filters.map(buildFilter),
    range: { start, end },
  };
}

/** ', tiers by whole deal' or ', tiers by credited share' after 'per deal', as written. */
function dealTiersFrom(c: Children): ast.DealTiers | null {
  const node = nodeOf(c, 'dealTiers');
  const children = node?.children as Children | undefined;
  const token = children
    ? (tokenOf(children, 'TiersByWholeDeal') ?? tokenOf(children, 'TiersByCreditedShare'))
    : undefined;
  if (!token) return null;
  return {
    kind: 'DealTiers',
    by: token.tokenType.name === 'TiersByCreditedShare' ? 'credited share' : 'whole deal',
    range: tokenRange(token),
  };
}

/** 'per deal', 'on the period total' or 'on the running total' after a curve's or a rate table's input. */
function applyFrom(c: Children): ast.RatesPayout['apply'] {
  if (tokenOf(c, 'PerDeal')) return 'per deal';
  if (tokenOf(c, 'OnThePeriodTotal')) return 'period total';
  if (tokenOf(c, 'OnRunningTotal')) return 'running total';
  return null;
}

function buildGoalRule(node: CstNode, range: ast.Range): ast.GoalRuleItem {
  const c = node.children as Children;
  const literals = (label: string) =>
    nodesOf(c, label).flatMap((l) => {
      const lit = literalFrom(l);
      return lit ? [lit] : [];
    });
  const dayCount = tokenOf(c, 'DayCount')?.image.toLowerCase() as ast.GoalRuleItem['prorate'] | undefined;
  return {
    kind: 'GoalRuleItem',
    name: nameFrom(tokenOf(c, 'StringLiteral')),
    annual: tokenOf(c, 'Annual') !== undefined,
    seasonality: literals('season'),
    prorate: tokenOf(c, 'ProratedBy') ? (dayCount ?? 'actual/actual') : null,
    ramp: literals('ramp'),
    range,
  };
}

function buildBand(node: CstNode): ast.Band {
  const c = node.children as Children;
  return {
    kind: 'Band',
    bounds: buildBandRange(nodeOf(c, 'bandRange')),
    from: literalFrom(nodeOf(c, 'from')),
    to: literalFrom(nodeOf(c, 'to')),
    range: nodeRange(node),
  };
}

function buildBandRange(node: CstNode | undefined): ast.BandRange {
  const range = nodeRange(node);
  if (!node) {
    return {
      kind: 'BandRange',
      lower: null,
      lowerInclusive: true,
      upper: null,
      upperInclusive: false,
      range,
    };
  }
  const c = node.children as Children;
  const upper = literalFrom(nodeOf(c, 'upper'));
  if (tokenOf(c, 'Below') || tokenOf(c, 'UpTo') || tokenOf(c, 'UpToAndIncluding')) {
    return {
      kind: 'BandRange',
      lower: null,
      lowerInclusive: true,
      upper,
      upperInclusive: tokenOf(c, 'UpToAndIncluding') !== undefined,
      range,
    };
  }
  return {
    kind: 'BandRange',
    lower: literalFrom(nodeOf(c, 'lower')),
    lowerInclusive: tokenOf(c, 'From') !== undefined,
    upper,
    upperInclusive: tokenOf(c, 'upperInclusive') !== undefined,
    range,
  };
}

/** The share in '8% of base salary', as written (a plain number is kept for the checker to refuse). */
function salaryShare(token: IToken | undefined): ast.NumberLit | null {
  if (!token) return null;
  return {
    kind: 'NumberLit',
    written: parseWrittenNumber(token.image),
    percent: token.tokenType.name === 'PercentLiteral',
    text: token.image.replace(/\s+/g, ''),
    range: tokenRange(token),
  };
}

function buildScope(node: CstNode): ast.ScopeSpec {
  const c = node.children as Children;
  const range = nodeRange(node);
  if (tokenOf(c, 'Individual')) {
    const match: ('geography' | 'vertical')[] = [];
    if (tokenOf(c, 'Geography')) match.push('geography');
    if (tokenOf(c, 'Vertical')) match.push('vertical');
    return { kind: 'ScopeSpec', scope: 'individual', match, combined: false, range };
  }
  if (tokenOf(c, 'EachAccount'))
    return { kind: 'ScopeSpec', scope: 'account', match: [], combined: false, range };
  if (tokenOf(c, 'ManagedTeams'))
    return { kind: 'ScopeSpec', scope: 'managed teams', match: [], combined: false, range };
  if (tokenOf(c, 'AllTeamsCombined')) {
    return { kind: 'ScopeSpec', scope: 'population', match: [], combined: true, range };
  }
  if (tokenOf(c, 'AllTeams'))
    return { kind: 'ScopeSpec', scope: 'population', match: [], combined: false, range };
  return { kind: 'ScopeSpec', scope: 'team', match: [], combined: false, range };
}

function buildWindow(node: CstNode): ast.WindowName | null {
  const c = node.children as Children;
  if (tokenOf(c, 'PriorPeriod')) return 'prior period';
  if (tokenOf(c, 'SamePeriodLastYear')) return 'same period last year';
  if (tokenOf(c, 'YearToDate')) return 'year to date';
  if (tokenOf(c, 'Period')) return 'period';
  return null;
}

function buildCondition(node: CstNode | undefined): ast.Condition | null {
  if (!node) return null;
  const c = node.children as Children;
  const parts = nodesOf(c, 'andCondition').map(buildAndCondition);
  return foldLogical('or', parts);
}

function buildAndCondition(node: CstNode): ast.Condition | null {
  const c = node.children as Children;
  return foldLogical('and', nodesOf(c, 'notCondition').map(buildComparison));
}

function foldLogical(operator: 'and' | 'or', parts: (ast.Condition | null)[]): ast.Condition | null {
  let result: ast.Condition | null = parts[0] ?? null;
  for (const part of parts.slice(1)) {
    const range =
      result && part ? joinRanges(result.range, part.range) : ((result ?? part)?.range ?? emptyRange);
    result = { kind: 'LogicalCondition', operator, left: result, right: part, range };
  }
  return result;
}

const comparisonOperators: Record<string, ast.Comparison['operator']> = {
  Less: '<',
  LessEqual: '<=',
  Greater: '>',
  GreaterEqual: '>=',
  Equals: '=',
  NotEqual: '!=',
  IsBelow: '<',
  IsAbove: '>',
  IsAtLeast: '>=',
  IsAtMost: '<=',
  Reaches: '>=',
};

function buildComparison(node: CstNode): ast.Condition | null {
  const c = node.children as Children;
  const opNode = nodeOf(c, 'comparisonOperator');
  const opToken = opNode ? Object.values(opNode.children).flat().find(isToken) : undefined;
  const comparison: ast.Comparison = {
    kind: 'Comparison',
    operator: (opToken && comparisonOperators[opToken.tokenType?.name ?? '']) || '=',
    wording: opToken ? lower(opToken) : '=',
    left: buildExpression(nodeOf(c, 'left')),
    right: buildExpression(nodeOf(c, 'right')),
    range: nodeRange(node),
  };
  if (tokenOf(c, 'Not')) return { kind: 'NotCondition', operand: comparison, range: nodeRange(node) };
  return comparison;
}

/** Operators and operands interleave in the CST; rebuild them in source order, left-associative. */
function foldBinary(
  node: CstNode,
  operatorNames: Record<string, ast.BinaryExpr['operator']>,
  operand: (n: CstNode) => ast.Expression | null,
): ast.Expression | null {
  const c = node.children as Children;
  const operands = nodesOf(c, 'operands');
  const operators = Object.keys(operatorNames)
    .flatMap((name) => tokensOf(c, name))
    .sort((a, b) => a.startOffset - b.startOffset);
  let result = operands[0] ? operand(operands[0]) : null;
  operators.forEach((token, i) => {
    const rightNode = operands[i + 1];
    const right = rightNode ? operand(rightNode) : null;
    const range = joinRanges(result?.range ?? tokenRange(token), right?.range ?? tokenRange(token));
    result = {
      kind: 'BinaryExpr',
      operator: operatorNames[token.tokenType.name]!,
      left: result,
      right,
      range,
    };
  });
  return result;
}

function buildExpression(node: CstNode | undefined): ast.Expression | null {
  if (!node) return null;
  return foldBinary(node, { PlusSign: '+', MinusSign: '-' }, (m) =>
    foldBinary(m, { Times: '*', Divide: '/', Of: 'of' }, buildUnary),
  );
}

function buildUnary(node: CstNode): ast.Expression | null {
  const c = node.children as Children;
  let result = buildPrimary(nodeOf(c, 'primary'));
  const range = nodeRange(node);
  const statisticToken = tokenOf(c, 'Mean') ?? tokenOf(c, 'Median') ?? tokenOf(c, 'Pooled');
  // The statistic belongs to the first 'over' clause; clauses after it apply to the statistic.
  let statistic: ast.PopulationStatistic | null = statisticToken
    ? (lower(statisticToken) as ast.PopulationStatistic)
    : null;
  const populationStart = statisticToken ? tokenRange(statisticToken) : null;
  for (const clause of nodesOf(c, 'contextClause')) {
    const cc = clause.children as Children;
    const populationNode = nodeOf(cc, 'population');
    if (populationNode) {
      result = {
        kind: 'PopulationExpr',
        statistic,
        operand: result,
        population: buildPopulation(populationNode),
        range: joinRanges(
          statistic && populationStart ? populationStart : (result?.range ?? range),
          nodeRange(clause),
        ),
      };
      statistic = null;
      continue;
    }
    const scopeNode = nodeOf(cc, 'scope');
    const windowNode = nodeOf(cc, 'window');
    result = {
      kind: 'ContextExpr',
      operand: result,
      scope: scopeNode ? buildScope(scopeNode) : null,
      window: windowNode ? buildWindow(windowNode) : null,
      range: joinRanges(result?.range ?? range, nodeRange(clause)),
    };
  }
  if (statistic && populationStart) {
    // 'mean of x' without 'over teams ...': kept so the checker can say what is missing.
    result = {
      kind: 'PopulationExpr',
      statistic,
      operand: result,
      population: null,
      range: joinRanges(populationStart, result?.range ?? range),
    };
  }
  if (tokenOf(c, 'MinusSign')) return { kind: 'NegateExpr', operand: result, range };
  return result;
}

function buildPopulation(node: CstNode): ast.PopulationSpec {
  const c = node.children as Children;
  const range = nodeRange(node);
  const names = tokensOf(c, 'StringLiteral').flatMap((token) => {
    const name = nameFrom(token);
    return name ? [name] : [];
  });
  if (tokenOf(c, 'OnThisPlan'))
    return { kind: 'PopulationSpec', population: 'on this plan', names: [], range };
  if (tokenOf(c, 'Vertical')) return { kind: 'PopulationSpec', population: 'vertical', names, range };
  if (tokenOf(c, 'Geography')) return { kind: 'PopulationSpec', population: 'geography', names, range };
  return { kind: 'PopulationSpec', population: names.length > 0 ? 'named' : null, names, range };
}

function buildPrimary(node: CstNode | undefined): ast.Expression | null {
  if (!node) return null;
  const c = node.children as Children;
  const range = nodeRange(node);
  const number = tokenOf(c, 'PercentLiteral') ?? tokenOf(c, 'NumberLiteral');
  if (number) {
    return {
      kind: 'NumberLit',
      written: parseWrittenNumber(number.image),
      percent: number.tokenType.name === 'PercentLiteral',
      text: number.image.replace(/\s+/g, ''),
      range,
    };
  }
  const inner = nodeOf(c, 'expression');
  if (inner) {
    // The parentheses belong to the expression's range, so its source text (an explanation's
    // label, a diagnostic's underline) is balanced: "(revenue in prior period)".
    const expression = buildExpression(inner);
    return expression ? { ...expression, range } : null;
  }
  const aggregate = nodeOf(c, 'aggregate');
  if (aggregate) return buildAggregate(aggregate);
  if (tokenOf(c, 'Goal')) return { kind: 'GoalRef', name: nameFrom(tokenOf(c, 'StringLiteral')), range };
  if (tokenOf(c, 'TargetIncentive')) return { kind: 'TargetIncentiveRef', range };
  const identifier = tokenOf(c, 'Identifier');
  if (identifier) return { kind: 'MeasureRef', name: nameFrom(identifier)!, range };
  return null;
}

const aggregationNames: Record<string, ast.AggregationName> = {
  sum: 'sum',
  count: 'count',
  average: 'average',
  minimum: 'min',
  maximum: 'max',
};

function buildAggregate(node: CstNode): ast.AggregateExpr {
  const c = node.children as Children;
  return {
    kind: 'AggregateExpr',
    aggregation: aggregationNames[lower(tokenOf(c, 'AggregateFunction'))] ?? 'sum',
    factKind: nameFrom(tokenOf(c, 'factKind')),
    field: nameFrom(tokenOf(c, 'field')),
    filters: nodesOf(c, 'filter').map(buildFilter),
    range: nodeRange(node),
  };
}

function buildFilter(node: CstNode): ast.Filter {
  const c = node.children as Children;
  const range = nodeRange(node);
  const attribute = nameFrom(tokenOf(c, 'attribute'));
  if (tokenOf(c, 'Not')) return { kind: 'Filter', attribute, operator: 'is', values: [false], range };
  const values = nodesOf(c, 'filterValue').map(filterValue);
  const literal = literalFrom(nodeOf(c, 'literal'));
  if (tokenOf(c, 'IsOneOf')) return { kind: 'Filter', attribute, operator: 'in', values, range };
  if (tokenOf(c, 'IsNot')) return { kind: 'Filter', attribute, operator: 'is not', values, range };
  if (tokenOf(c, 'Is')) return { kind: 'Filter', attribute, operator: 'is', values, range };
  for (const [name, operator] of [
    ['Less', '<'],
    ['LessEqual', '<='],
    ['Greater', '>'],
    ['GreaterEqual', '>='],
  ] as const) {
    if (tokenOf(c, name))
      return { kind: 'Filter', attribute, operator, values: literal ? [literal.written] : [], range };
  }
  return { kind: 'Filter', attribute, operator: 'is', values: [true], range };
}

function filterValue(node: CstNode): string | number | boolean {
  const c = node.children as Children;
  const text = tokenOf(c, 'StringLiteral');
  if (text) return text.image.slice(1, -1);
  if (tokenOf(c, 'True')) return true;
  if (tokenOf(c, 'False')) return false;
  return literalFrom(nodeOf(c, 'literal'))?.written ?? 0;
}
