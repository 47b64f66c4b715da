/**
 * Unit inference: one pass over the declarations that learns the unit of every expression, which
 * plain numbers are money and the unit of every goal. The compiler reads its tables, so they
 * depend on nothing a check does. It reports only what makes a unit unknowable (money times
 * money, a percentage added to money, a measure defined by itself, an untyped goal times money,
 * and the fact-model errors of fact-units.ts): the unit it then gives is 'any', and the error
 * keeps the plan from compiling.
 */
import type { Diagnostic } from '../diagnostics.js';
import type * as ast from '../parser/ast.js';
import { type MeasureTable, misreadStatistic, plainLiteral, spiffCount } from '../parser/ast-queries.js';
import { type Reporter, report, type UnitTables } from './check-context.js';
import { aggregateUnit } from './fact-units.js';
import { compatible, divideUnits, joinUnits, multiplyUnits, type Unit, unitWords } from './units.js';

/** State of one inference pass. */
export interface InferContext extends Reporter {
  tables: UnitTables;
  measures: MeasureTable;
  measureUnits: Map<string, Unit>;
  /** Measures being resolved, to find cycles. */
  resolving: Set<string>;
  /** Goal units learnt from every use in the plan before this pass (see inferUnits). */
  knownGoalUnits: ReadonlyMap<string, Unit>;
}

/**
 * The unit tables of a plan, with the diagnostics that make a unit unknowable. A goal has the
 * unit of what it is used with (divided into money, it is money), wherever in the plan that use
 * is written: silent passes collect those uses until nothing new is learnt, so the real pass
 * types `goal "Quota" * 80%` as money even when the line that says "Quota" is money comes later.
 */
export function inferUnits(
  plan: ast.PlanNode,
  measures: MeasureTable,
): { tables: UnitTables; diagnostics: Diagnostic[] } {
  let known = new Map<string, Unit>();
  for (let pass = 0; pass < 4; pass++) {
    const learnt = inferPass(plan, measures, known).tables.goalUnits;
    if ([...learnt].every(([name, unit]) => known.get(name) === unit) && learnt.size === known.size) break;
    known = new Map([...known, ...learnt]);
  }
  const final = inferPass(plan, measures, known);
  return { tables: final.tables, diagnostics: final.diagnostics };
}

function inferPass(plan: ast.PlanNode, measures: MeasureTable, knownGoalUnits: ReadonlyMap<string, Unit>) {
  const ctx: InferContext = {
    diagnostics: [],
    tables: { units: new Map(), moneyLiterals: new Set(), goalUnits: new Map() },
    measures,
    measureUnits: new Map(),
    resolving: new Set(),
    knownGoalUnits,
  };
  for (const declaration of plan.declarations) {
    try {
      inferDeclaration(ctx, declaration);
    } catch (error) {
      // A bug of ours: the declaration gets an error (so nothing compiles), the others are still typed.
      report(
        ctx,
        'error',
        'INTERNAL_ERROR',
        `The checker failed on this declaration (${error instanceof Error ? error.message : String(error)}). Please report it.`,
        declaration.range,
      );
    }
  }
  return ctx;
}

/** The expressions of a declaration, in the order the checker has always typed them (goal units: last use wins). */
function inferDeclaration(ctx: InferContext, d: ast.Declaration): void {
  switch (d.kind) {
    case 'MeasureDecl':
      if (d.name) measureUnit(ctx, d.name.text, d.name.range);
      return;
    case 'ComponentDecl':
      inferComponent(ctx, d);
      return;
    case 'GateDecl':
      inferCondition(ctx, d.condition);
      inferFactor(ctx, d.factor);
      return;
    case 'MultiplyDecl':
      inferFactor(ctx, d.factor);
      inferCondition(ctx, d.condition);
      return;
    case 'CapDecl':
      inferCondition(ctx, d.unless);
      if (d.limit && !d.limit.percent) ctx.tables.moneyLiterals.add(d.limit);
      return;
    case 'DrawDecl':
      for (const money of [d.amount, d.limit])
        if (money && !money.percent) ctx.tables.moneyLiterals.add(money);
      return;
    case 'ClawbackDecl':
    case 'HoldDecl':
    case 'ExampleDecl':
      return;
  }
}

/** A multiplier: a goal used as one is a factor, stored as a fraction like a percentage (1.2 = 120%). */
function inferFactor(ctx: InferContext, e: ast.Expression | null): void {
  if (!e) return;
  expressionUnit(ctx, e);
  noteGoalUnit(ctx, e, 'percent');
}

/** Plain-number bounds of bands on money are money. */
function moneyBounds(ctx: InferContext, ranges: ast.BandRange[], inputUnit: Unit): void {
  if (inputUnit !== 'money') return;
  for (const range of ranges) {
    for (const bound of [range.lower, range.upper]) {
      if (bound && !bound.percent) ctx.tables.moneyLiterals.add(bound);
    }
  }
}

function moneyValues(ctx: InferContext, values: (ast.NumberLit | null)[]): void {
  for (const value of values) if (value && !value.percent) ctx.tables.moneyLiterals.add(value);
}

function inferComponent(ctx: InferContext, c: ast.ComponentDecl): void {
  const payout = c.payout;
  switch (payout?.kind) {
    case 'CurvePayout': {
      const unit = payout.input ? expressionUnit(ctx, payout.input) : 'any';
      moneyBounds(
        ctx,
        payout.bands.map((b) => b.bounds),
        unit,
      );
      for (const band of payout.bands) moneyValues(ctx, [band.from, band.to]);
      break;
    }
    case 'TablePayout': {
      const rowUnit = payout.rowInput ? expressionUnit(ctx, payout.rowInput) : 'any';
      const columnUnit = payout.columnInput ? expressionUnit(ctx, payout.columnInput) : 'any';
      moneyBounds(
        ctx,
        payout.rows.map((r) => r.band),
        rowUnit,
      );
      moneyBounds(ctx, payout.columns, columnUnit);
      for (const row of payout.rows) moneyValues(ctx, row.cells);
      break;
    }
    case 'RatesPayout': {
      const unit = payout.input ? expressionUnit(ctx, payout.input) : 'any';
      let boundUnit: Unit = unit;
      if (payout.against) {
        const against = expressionUnit(ctx, payout.against);
        noteGoalUnit(ctx, payout.against, unit);
        boundUnit = divideUnits(unit, against);
      }
      moneyBounds(
        ctx,
        payout.bands.map((b) => b.bounds),
        boundUnit,
      );
      break;
    }
    case 'AmountPayout': {
      if (payout.value) expressionUnit(ctx, payout.value);
      noteGoalUnit(ctx, payout.value, 'money');
      const literal = plainLiteral(payout.value);
      if (literal) ctx.tables.moneyLiterals.add(literal);
      // A SPIFF's deals: their filters are checked against the kind they are (or reported undecided).
      const deals = payout.perDeal ? spiffCount(ctx.measures, payout.perDeal) : null;
      if (deals) ctx.tables.units.set(payout.perDeal!, expressionUnit(ctx, deals));
      break;
    }
  }
  moneyValues(
    ctx,
    c.options.map((o) => o.value),
  );
}

function inferCondition(ctx: InferContext, condition: ast.Condition | null): void {
  if (!condition) return;
  switch (condition.kind) {
    case 'LogicalCondition':
      inferCondition(ctx, condition.left);
      inferCondition(ctx, condition.right);
      return;
    case 'NotCondition':
      inferCondition(ctx, condition.operand);
      return;
    case 'Comparison': {
      const left = condition.left ? expressionUnit(ctx, condition.left) : 'any';
      const right = condition.right ? expressionUnit(ctx, condition.right) : 'any';
      shareUnit(ctx, condition, left, right, `Cannot compare ${unitWords[left]} with ${unitWords[right]}.`);
    }
  }
}
function measureUnit(ctx: InferContext, name: string, at: ast.Range): Unit {
  const known = ctx.measureUnits.get(name);
  if (known) return known;
  const decl = ctx.measures.get(name);
  if (!decl) return 'any';
  if (ctx.resolving.has(name)) {
    report(
      ctx,
      'error',
      'MEASURE_CYCLE',
      `The measure '${name}' is defined in terms of itself; break the cycle.`,
      at,
    );
    return 'any';
  }
  ctx.resolving.add(name);
  const unit = decl.value ? expressionUnit(ctx, decl.value) : 'any';
  ctx.resolving.delete(name);
  ctx.measureUnits.set(name, unit);
  return unit;
}
/** The unit of an expression, computed once per node and pass. */
export function expressionUnit(ctx: InferContext, e: ast.Expression): Unit {
  const cached = ctx.tables.units.get(e);
  if (cached) return cached;
  const unit = computeUnit(ctx, e);
  ctx.tables.units.set(e, unit);
  return unit;
}
/**
 * Two operands that must have one unit (added, subtracted, compared): each teaches the other's
 * goals their unit, and a plain number beside money is money. False, reported, when they cannot.
 */
function shareUnit(
  ctx: InferContext,
  node: { left: ast.Expression | null; right: ast.Expression | null; range: ast.Range },
  left: Unit,
  right: Unit,
  mismatch: string,
): boolean {
  noteGoalUnit(ctx, node.left, right);
  noteGoalUnit(ctx, node.right, left);
  if (!compatible(left, right)) {
    report(ctx, 'error', 'UNIT_MISMATCH', mismatch, node.range);
    return false;
  }
  markMoney(ctx, node.left, left, node.right, right);
  return true;
}

/** A plain number beside money is money ("revenue > 1,000,000"). */
function markMoney(
  ctx: InferContext,
  a: ast.Expression | null,
  aUnit: Unit,
  b: ast.Expression | null,
  bUnit: Unit,
): void {
  const aLit = plainLiteral(a);
  const bLit = plainLiteral(b);
  if (aLit && bUnit === 'money') ctx.tables.moneyLiterals.add(aLit);
  if (bLit && aUnit === 'money') ctx.tables.moneyLiterals.add(bLit);
}
/**
 * Learns a goal's unit from the unit of what it is used with, seeing through windows, signs,
 * sums and scaling by a plain number or a percentage (`goal "Quota" * 80%` beside money is money).
 */
function noteGoalUnit(
  ctx: InferContext,
  e: ast.Expression | null,
  unit: Unit,
  measures: Set<string> = new Set(),
): void {
  if (!e || unit === 'any' || unit === 'number') return;
  switch (e.kind) {
    case 'GoalRef':
      if (e.name) ctx.tables.goalUnits.set(e.name.text, unit);
      return;
    case 'ContextExpr':
    case 'NegateExpr':
      noteGoalUnit(ctx, e.operand, unit, measures);
      return;
    case 'MeasureRef':
      if (measures.has(e.name.text)) return;
      measures.add(e.name.text);
      noteGoalUnit(ctx, ctx.measures.get(e.name.text)?.value ?? null, unit, measures);
      return;
    case 'BinaryExpr': {
      if (e.operator === '+' || e.operator === '-') {
        noteGoalUnit(ctx, e.left, unit, measures);
        noteGoalUnit(ctx, e.right, unit, measures);
        return;
      }
      const isFactor = (side: ast.Expression | null) => {
        const u = side ? expressionUnit(ctx, side) : 'any';
        return u === 'number' || u === 'percent';
      };
      if (isFactor(e.right)) noteGoalUnit(ctx, e.left, unit, measures);
      else if (e.operator !== '/' && isFactor(e.left)) noteGoalUnit(ctx, e.right, unit, measures);
      return;
    }
    default:
      return;
  }
}
/** A short name for an operand in a message: the measure's name, or what it is. */
function sourceOf(e: ast.Expression | null): string {
  if (e?.kind === 'MeasureRef') return `'${e.name.text}'`;
  if (e?.kind === 'TargetIncentiveRef') return "'target incentive'";
  if (e?.kind === 'ContextExpr') return sourceOf(e.operand);
  return 'an amount';
}
/** A goal inside `e` whose unit nothing in the plan says, if any. */
function untypedGoal(ctx: InferContext, e: ast.Expression | null): ast.GoalRef | null {
  if (!e) return null;
  switch (e.kind) {
    case 'GoalRef':
      return e.name && !ctx.knownGoalUnits.has(e.name.text) && !ctx.tables.goalUnits.has(e.name.text)
        ? e
        : null;
    case 'ContextExpr':
    case 'NegateExpr':
      return untypedGoal(ctx, e.operand);
    case 'BinaryExpr':
      return untypedGoal(ctx, e.left) ?? untypedGoal(ctx, e.right);
    default:
      return null;
  }
}
function computeUnit(ctx: InferContext, e: ast.Expression): Unit {
  switch (e.kind) {
    case 'NumberLit':
      return e.percent ? 'percent' : 'number';
    case 'NegateExpr':
      return e.operand ? expressionUnit(ctx, e.operand) : 'any';
    case 'ContextExpr':
      return e.operand ? expressionUnit(ctx, e.operand) : 'any';
    case 'PopulationExpr':
      return populationUnit(ctx, e);
    case 'TargetIncentiveRef':
      return 'money';
    case 'GoalRef':
      return (e.name && ctx.knownGoalUnits.get(e.name.text)) || 'any';
    case 'MeasureRef': {
      // An unknown name has no unit; the check on MeasureRef reports it.
      if (!ctx.measures.has(e.name.text)) return 'any';
      return measureUnit(ctx, e.name.text, e.name.range);
    }
    case 'AggregateExpr':
      return aggregateUnit(ctx, e);
    case 'BinaryExpr': {
      const left = e.left ? expressionUnit(ctx, e.left) : 'any';
      const right = e.right ? expressionUnit(ctx, e.right) : 'any';
      if (e.operator === '+' || e.operator === '-') {
        const verb = e.operator === '+' ? 'add' : 'subtract';
        const message = `Cannot ${verb} ${unitWords[right]} ${e.operator === '+' ? 'to' : 'from'} ${unitWords[left]}.`;
        return shareUnit(ctx, e, left, right, message) ? joinUnits(left, right) : 'any';
      }
      if (e.operator === '/') {
        noteGoalUnit(ctx, e.right, left);
        noteGoalUnit(ctx, e.left, right);
        // A plain number over money is an amount over an amount (a ratio); a number per cent of
        // money means nothing. Over a plain number, money is only scaled: 'target incentive / 1,000'.
        const dividend = plainLiteral(e.left);
        if (dividend && right === 'money') ctx.tables.moneyLiterals.add(dividend);
        return divideUnits(left, right);
      }
      const unclear =
        (left === 'any' && right === 'money' ? untypedGoal(ctx, e.left) : null) ??
        (right === 'any' && left === 'money' ? untypedGoal(ctx, e.right) : null);
      if (unclear) {
        const name = unclear.name?.text ?? '';
        const money = sourceOf(left === 'money' ? e.left : e.right);
        report(
          ctx,
          'error',
          'UNIT_UNCLEAR',
          `The unit of goal "${name}" is unclear here: it is multiplied by money (${money}), which is money only if the goal is a plain factor, and nothing in the plan says what "${name}" is. If it is an amount, scale it by a number or a percentage (goal "${name}" * 80%) or divide by it (revenue / goal "${name}"); if it is a factor, write it as a multiplier ('multiply all components by goal "${name}"') or compare it with a percentage.`,
          e.range,
        );
        return 'money';
      }
      const product = multiplyUnits(left, right);
      if (product === null) {
        report(
          ctx,
          'error',
          'UNIT_MISMATCH',
          `Cannot multiply ${unitWords[left]} by ${unitWords[right]}.`,
          e.range,
        );
        return 'any';
      }
      return product;
    }
  }
}
/** The unit of a statistic over teams: its operand's (the measure's, when a statistic was misread as a fact kind). */
function populationUnit(ctx: InferContext, e: ast.PopulationExpr): Unit {
  const misread = misreadStatistic(ctx.measures, e);
  if (misread) {
    const name = misread.measure.text;
    return ctx.measureUnits.get(name) ?? measureUnit(ctx, name, misread.measure.range);
  }
  return e.operand ? expressionUnit(ctx, e.operand) : 'any';
}
