/**
 * The plan's abstract syntax tree. Every node carries `kind` (the discriminant) and the source
 * `range` it came from, so checks and explanations can point back at the text.
 */

import type { Ratio } from '../ratio.js';
import type {
  AccountMatch,
  Aggregation,
  DayCount,
  PeriodKind,
  RoundingMode,
  Scope,
  TimeWindow,
} from '../vocabulary.js';

export interface Position {
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** 0-based offset into the text. */
  offset: number;
}

export interface Range {
  start: Position;
  /** Just past the last character. */
  end: Position;
}

interface NodeBase {
  range: Range;
}

/** A name written in the text, with where it was written. */
export interface Name extends NodeBase {
  kind: 'Name';
  text: string;
}

export interface PlanNode extends NodeBase {
  kind: 'Plan';
  name: Name | null;
  header: HeaderItem[];
  declarations: Declaration[];
}

export type HeaderItem =
  | PeriodItem
  | CurrencyItem
  | TargetIncentiveItem
  | RoundingItem
  | TrueUpItem
  | CreditSplitItem
  | PayConversionItem
  | GoalRuleItem;

export interface PeriodItem extends NodeBase {
  kind: 'PeriodItem';
  period: PeriodKind | null;
}
export interface CurrencyItem extends NodeBase {
  kind: 'CurrencyItem';
  code: Name | null;
}
export interface TargetIncentiveItem extends NodeBase {
  kind: 'TargetIncentiveItem';
  prorate: 'none' | 'days employed';
  dayCount: DayCount | null;
  /** '8% of base salary': the annual target as a share of the base salary; null for 'annual'. */
  ofBaseSalary: NumberLit | null;
}
export interface RoundingItem extends NodeBase {
  kind: 'RoundingItem';
  mode: RoundingMode | null;
}
export interface TrueUpItem extends NodeBase {
  kind: 'TrueUpItem';
}
export interface CreditSplitItem extends NodeBase {
  kind: 'CreditSplitItem';
}
/** 'convert to pay currency at fact date' (or 'at payment date'): when a line converts into the participant's pay currency. */
export interface PayConversionItem extends NodeBase {
  kind: 'PayConversionItem';
  at: PayConversion | null;
}
/** When money converts into a participant's pay currency. */
export type PayConversion = 'fact date' | 'payment date';
/**
 * How a goal becomes the quota of the period paid: 'goal "Quota": annual, seasonal weights
 * 20% / 20% / 20% / 40%, prorated by days employed (actual/365), ramp by month of tenure 50% / 75%'.
 */
export interface GoalRuleItem extends NodeBase {
  kind: 'GoalRuleItem';
  name: Name | null;
  /** The goal is stored for the year and cut to the plan's periods. */
  annual: boolean;
  /** The year's share of each plan period, in order; empty for an even cut. */
  seasonality: NumberLit[];
  /** Prorated by days employed, counted by this day count (default actual/actual); null when not prorated. */
  prorate: DayCount | null;
  /** Share of the quota in each month of tenure, month 1 first; empty for none. */
  ramp: NumberLit[];
}

export type Declaration =
  | MeasureDecl
  | ComponentDecl
  | GateDecl
  | MultiplyDecl
  | CapDecl
  | ClawbackDecl
  | DrawDecl
  | HoldDecl
  | ExampleDecl;

export interface MeasureDecl extends NodeBase {
  kind: 'MeasureDecl';
  name: Name | null;
  value: Expression | null;
}

/**
 * A compiled scope, or what the text can say and the checker refuses: 'population' (the old
 * 'for all teams', combined: 'for all teams combined', POPULATION_UNSTATED).
 */
export type ScopeName = Scope | 'population';

export interface ScopeSpec extends NodeBase {
  kind: 'ScopeSpec';
  scope: ScopeName;
  /** For individual: team accounts matched on these also count. */
  match: AccountMatch[];
  /** For the refused 'for all teams combined'. */
  combined: boolean;
}

/** Which teams a population statistic is over. */
export interface PopulationSpec extends NodeBase {
  kind: 'PopulationSpec';
  /** null for a bare 'teams' that says none of them. */
  population: 'on this plan' | 'vertical' | 'geography' | 'named' | null;
  /** The vertical or geography (one name), or the team ids of 'named'. */
  names: Name[];
}

export type PopulationStatistic = 'mean' | 'median' | 'pooled';

/** "mean of churn_rate over teams on this plan": one number from each team's value of the operand. */
export interface PopulationExpr extends NodeBase {
  kind: 'PopulationExpr';
  /** null when the text says 'over teams ...' without 'mean of', 'median of' or 'pooled'. */
  statistic: PopulationStatistic | null;
  operand: Expression | null;
  /** null when the text says 'mean of x' without 'over teams ...'. */
  population: PopulationSpec | null;
}

/** A window as written; the compiled plan's TimeWindow. */
export type WindowName = TimeWindow;

export interface ComponentDecl extends NodeBase {
  kind: 'ComponentDecl';
  name: Name | null;
  /** As written after 'code': the component's identity across plan versions; null = its name. */
  code: Name | null;
  weight: WeightLit | null;
  scope: ScopeSpec | null;
  payout: Payout | null;
  options: ComponentOption[];
}

/**
 * A weight as written: '30%' (written 30, percent), '1/3' (written 33.33..., percent, fraction)
 * or a bare '30' the checker refuses (not percent). `ratio` is its exact share of the target
 * incentive (3/10, 1/3), what the checker adds up and the compiler multiplies by; null for a
 * fraction over 0.
 */
export interface WeightLit extends NumberLit {
  ratio: Ratio | null;
  fraction: boolean;
}

export interface ComponentOption extends NodeBase {
  kind: 'ComponentOption';
  option: 'cap' | 'floor';
  value: NumberLit | null;
}

export type Payout = CurvePayout | TablePayout | RatesPayout | AmountPayout;

export interface CurvePayout extends NodeBase {
  kind: 'CurvePayout';
  input: Expression | null;
  /**
   * As written after the input: 'per deal' reads the curve at each deal of a sum and adds the
   * results; null (or 'period total') reads it once at the input. 'running total' is refused.
   */
  apply: 'per deal' | 'period total' | 'running total' | null;
  /** Per deal: which amount chooses a split deal's tier; written after 'per deal', see `DealTiers`. */
  dealTiers: DealTiers | null;
  bands: Band[];
}

/**
 * ', tiers by whole deal' (the default when not written) or ', tiers by credited share': the
 * amount that chooses a split deal's tier. The payout is on the credited share either way.
 */
export interface DealTiers extends NodeBase {
  kind: 'DealTiers';
  by: 'whole deal' | 'credited share';
}

export interface TablePayout extends NodeBase {
  kind: 'TablePayout';
  rowInput: Expression | null;
  columnInput: Expression | null;
  /** Written ', per deal' after the inputs: refused (PER_DEAL_UNSUPPORTED). */
  perDeal: boolean;
  columns: BandRange[];
  rows: TableRow[];
}

export interface TableRow extends NodeBase {
  kind: 'TableRow';
  range: Range;
  band: BandRange;
  cells: NumberLit[];
}

export interface RatesPayout extends NodeBase {
  kind: 'RatesPayout';
  input: Expression | null;
  against: Expression | null;
  mode: 'marginal' | 'retroactive' | null;
  apply: 'per deal' | 'period total' | 'running total' | null;
  /** Per deal: which amount chooses a split deal's tier (`DealTiers`); null when not written. */
  dealTiers: DealTiers | null;
  bands: Band[];
}

/** A payout written as an expression: money is paid as is, a fraction is a share of the component's target. */
export interface AmountPayout extends NodeBase {
  kind: 'AmountPayout';
  value: Expression | null;
  /**
   * A SPIFF, 'pays 500 per deal where strategic and won': the value is paid once per deal
   * counted here (a count, its kind as written after 'of' or null; see `dealKind`).
   */
  perDeal: AggregateExpr | null;
}

/** Where a band starts and ends; a missing bound is unbounded. */
export interface BandRange extends NodeBase {
  kind: 'BandRange';
  lower: NumberLit | null;
  lowerInclusive: boolean;
  upper: NumberLit | null;
  upperInclusive: boolean;
}

export interface Band extends NodeBase {
  kind: 'Band';
  bounds: BandRange;
  from: NumberLit | null;
  /** Present for a linear segment ("50% to 100%"). */
  to: NumberLit | null;
}

export type Selector =
  | { kind: 'Selector'; range: Range; which: 'all' | 'team' | 'individual' | 'total'; names: Name[] }
  | { kind: 'Selector'; range: Range; which: 'named'; names: Name[] };

export interface GateDecl extends NodeBase {
  kind: 'GateDecl';
  condition: Condition | null;
  selector: Selector | null;
  factor: Expression | null;
}

export interface MultiplyDecl extends NodeBase {
  kind: 'MultiplyDecl';
  selector: Selector | null;
  factor: Expression | null;
  condition: Condition | null;
}

export interface CapDecl extends NodeBase {
  kind: 'CapDecl';
  selector: Selector | null;
  limit: NumberLit | null;
  /** "of target incentive": the limit is a share of the whole target, not of the selected components'. */
  ofTargetIncentive: boolean;
  unless: Condition | null;
}

export interface ClawbackDecl extends NodeBase {
  kind: 'ClawbackDecl';
  share: NumberLit | null;
  component: Name | null;
  churnKind: Name | null;
  withinDays: NumberLit | null;
}

/** A guaranteed minimum per period over a range of periods, recoverable from later earnings or not. */
export interface DrawDecl extends NodeBase {
  kind: 'DrawDecl';
  amount: NumberLit | null;
  /** The period word after the amount ('per month'); the checker compares it with the plan's. */
  per: PeriodWord | null;
  recoverable: boolean;
  first: PeriodRef | null;
  last: PeriodRef | null;
  /** 'recovery from 2026-03': no recovery before that period; null = from the first. */
  recoveryFrom: PeriodRef | null;
  /** 'recovery capped at 500 per month': at most that much recovered in a period; null = no limit. */
  limit: NumberLit | null;
  limitPer: PeriodWord | null;
}

/** A component's pay per deal held until a fact of `releaseKind` names the deal ('hold "X" until payment'). */
export interface HoldDecl extends NodeBase {
  kind: 'HoldDecl';
  component: Name | null;
  releaseKind: Name | null;
}

/** 'month', 'quarter', 'half' or 'year' as written in a rule. */
export interface PeriodWord extends NodeBase {
  kind: 'PeriodWord';
  period: PeriodKind;
}

/** A period id as written ('2026-01', '2026-Q1', '2026-H1', '2026'); the checker validates it. */
export interface PeriodRef extends NodeBase {
  kind: 'PeriodRef';
  text: string;
}

export interface ExampleDecl extends NodeBase {
  kind: 'ExampleDecl';
  name: Name | null;
  given: GivenItem[];
  expectations: Expectation[];
}

export type GivenTarget =
  | {
      kind: 'GivenMeasure';
      range: Range;
      name: Name;
      scope: ScopeSpec | null;
      window: WindowName | null;
      /** Written 'over teams ...': refused, a population is given through a measure of its own. */
      population: PopulationSpec | null;
    }
  | { kind: 'GivenGoal'; range: Range; name: Name | null; scope: ScopeSpec | null }
  | { kind: 'GivenTargetIncentive'; range: Range }
  | { kind: 'GivenDeals'; range: Range; name: Name | null }
  | { kind: 'GivenPaidEarlier'; range: Range; name: Name | null };

export interface GivenItem extends NodeBase {
  kind: 'GivenItem';
  target: GivenTarget | null;
  values: NumberLit[];
}

export interface Expectation extends NodeBase {
  kind: 'Expectation';
  /** null means the plan total. */
  component: Name | null;
  amount: NumberLit | null;
}

export type Expression =
  | BinaryExpr
  | NegateExpr
  | NumberLit
  | MeasureRef
  | AggregateExpr
  | GoalRef
  | TargetIncentiveRef
  | ContextExpr
  | PopulationExpr;

export interface NumberLit extends NodeBase {
  kind: 'NumberLit';
  /** As written: 30% is 30 with percent=true; 1,000.50 is 1000.5. */
  written: number;
  percent: boolean;
  text: string;
}

export interface BinaryExpr extends NodeBase {
  kind: 'BinaryExpr';
  operator: '+' | '-' | '*' | '/' | 'of';
  left: Expression | null;
  right: Expression | null;
}

export interface NegateExpr extends NodeBase {
  kind: 'NegateExpr';
  operand: Expression | null;
}

export interface MeasureRef extends NodeBase {
  kind: 'MeasureRef';
  name: Name;
}

/** An aggregation as written; the compiled plan's Aggregation. */
export type AggregationName = Aggregation;

export interface AggregateExpr extends NodeBase {
  kind: 'AggregateExpr';
  aggregation: AggregationName;
  factKind: Name | null;
  field: Name | null;
  filters: Filter[];
}

export interface Filter extends NodeBase {
  kind: 'Filter';
  attribute: Name | null;
  operator: 'is' | 'is not' | 'in' | '<' | '<=' | '>' | '>=';
  values: (string | number | boolean)[];
}

export interface GoalRef extends NodeBase {
  kind: 'GoalRef';
  name: Name | null;
}

export interface TargetIncentiveRef extends NodeBase {
  kind: 'TargetIncentiveRef';
}

/** An expression evaluated in another scope or time window: "revenue in prior period". */
export interface ContextExpr extends NodeBase {
  kind: 'ContextExpr';
  operand: Expression | null;
  scope: ScopeSpec | null;
  window: WindowName | null;
}

export type Condition = Comparison | LogicalCondition | NotCondition;

export interface Comparison extends NodeBase {
  kind: 'Comparison';
  operator: '<' | '<=' | '>' | '>=' | '=' | '!=';
  /** As written ('is below', '<', 'reaches'), so the formatter keeps the admin's words. */
  wording: string;
  left: Expression | null;
  right: Expression | null;
}

export interface LogicalCondition extends NodeBase {
  kind: 'LogicalCondition';
  operator: 'and' | 'or';
  left: Condition | null;
  right: Condition | null;
}

export interface NotCondition extends NodeBase {
  kind: 'NotCondition';
  operand: Condition | null;
}

export type AstNode =
  | PlanNode
  | Declaration
  | Expression
  | Condition
  | Band
  | BandRange
  | ComponentOption
  | ScopeSpec
  | PopulationSpec
  | Name;

export function isComponentDecl(node: { kind: string }): node is ComponentDecl {
  return node.kind === 'ComponentDecl';
}
export function isMeasureDecl(node: { kind: string }): node is MeasureDecl {
  return node.kind === 'MeasureDecl';
}
export function isExampleDecl(node: { kind: string }): node is ExampleDecl {
  return node.kind === 'ExampleDecl';
}
