/**
 * The contract between the plan language and the payout engine.
 *
 * A compiled plan tells the engine what to load (`requirements`) and how to turn the loaded
 * numbers into payout lines (`evaluate`). The engine owns data: periods, org snapshots, facts,
 * proration, credit splits, earlier payouts. The plan owns rules: measures, curves, gates, caps,
 * rounding. Nothing in here does I/O.
 */

// The words this contract shares with the syntax tree, defined once.
export type * from '../vocabulary.js';

import type {
  AccountMatch,
  Aggregation,
  DayCount,
  PeriodKind,
  RoundingMode,
  Scope,
  TimeWindow,
} from '../vocabulary.js';

/** A scalar attribute value on a fact. */
export type AttributeValue = string | number | boolean;

/** Keep a fact only when its attribute compares true. */
export interface FactFilter {
  attribute: string;
  operator: 'is' | 'is not' | 'in' | 'not in' | '<' | '<=' | '>' | '>=';
  values: readonly AttributeValue[];
}

/** For individual scope: also count team accounts that match the participant on these. */
export type IndividualMatch = 'credited' | AccountMatch;

/**
 * One number the engine computes from facts for each participant and period, e.g.
 * `sum(order.amount)` over the team's accounts in the prior period.
 */
export interface FactAggregate {
  /** Canonical, unique within the plan; the key of this value in `PlanInput.aggregates`. */
  key: string;
  aggregation: Aggregation;
  factKind: string;
  /** Numeric field aggregated; null for `count`. */
  field: string | null;
  filters: readonly FactFilter[];
  scope: Scope;
  /** For individual scope: which facts belong to the participant (default ['credited']). */
  individualMatch?: readonly IndividualMatch[];
  window: TimeWindow;
  /**
   * Added by the rules side: a component pays money from this aggregate (a commission, rates,
   * a SPIFF), so where a period is cut into stretches (a team change, a new version) the engine
   * also gives its value over the facts dated inside the stretch (`PlanInput.stretchAggregates`):
   * each fact is paid once. Only on the `period` window and the `year to date`, which a stretch
   * reads through its last day.
   */
  withinStretch?: boolean;
}

/**
 * Which teams a population statistic is over, as the plan states it. The engine decides
 * membership from the org snapshot for the period being paid.
 * - on this plan: teams that had a member assigned to this plan during the period;
 * - vertical / geography: teams whose accounts are all in that vertical or geography;
 * - named: the teams with these ids.
 */
export type TeamPopulation =
  | { kind: 'on this plan' }
  | { kind: 'vertical'; value: string }
  | { kind: 'geography'; value: string }
  | { kind: 'named'; teamIds: readonly string[] };

/**
 * A statistic over a population of teams needs each team's own numbers: the engine computes
 * `aggregates` (all team scope) for every team of `population`; the plan combines them. Key in
 * `PlanInput.populations`.
 */
export interface PopulationRequirement {
  key: string;
  population: TeamPopulation;
  aggregates: readonly FactAggregate[];
}

/** One team of a population with its own values of the requirement's aggregates. */
export interface PopulationTeam {
  teamId: string;
  /** By `FactAggregate.key`, as for a participant of that team; null as in `PlanInput.aggregates`. */
  aggregates: Readonly<Record<string, number | null>>;
  /** By `FactAggregate.key`: how many facts the aggregate read for the team (0: no data). */
  factCounts: Readonly<Record<string, number>>;
}

/** What the engine found for a `PopulationRequirement` in one period. */
export interface PopulationValues {
  /** Every team of the population, by team id; teams without data are included (the plan leaves them out and counts them). */
  teams: readonly PopulationTeam[];
  /** Named teams that are not in the org. */
  unknownTeamIds: readonly string[];
}

/**
 * One account of the participant's team, for a component `for each account`: its own values of
 * the plan's account-scope aggregates (`FactAggregate.scope` 'account').
 */
export interface AccountValues {
  accountId: string;
  /** The account's name, shown in explanations. */
  name: string;
  /** By `FactAggregate.key` of the account-scope aggregates; null as in `PlanInput.aggregates`. */
  aggregates: Readonly<Record<string, number | null>>;
}

/**
 * The individual fact values (one per fact, in date order) for per-transaction tiers and
 * commission rates applied to each deal; key in `PlanInput.transactions`.
 */
export interface FactList {
  key: string;
  factKind: string;
  field: string;
  filters: readonly FactFilter[];
  scope: Scope;
  individualMatch?: readonly IndividualMatch[];
  window: TimeWindow;
}

/**
 * A goal looked up by name for the participant or their team. `window` says which periods'
 * goals: the period paid, the prior period, the same period last year, or (year to date) the
 * sum of the goals of every plan period from the first of the year through the period paid.
 */
export interface GoalReference {
  key: string;
  name: string;
  owner: 'participant' | 'team';
  window: TimeWindow;
  /** The goal's unit as the plan uses it: a money goal is in minor units of the plan currency. */
  unit: 'money' | 'percent' | 'count' | 'score' | 'number';
  /** Added by the rules side: how the stored goal becomes the quota of each period (a quota rule in the header). */
  quota?: QuotaRule;
}

/**
 * A quota rule ('goal "Quota": annual, seasonal weights ..., prorated by days employed (...),
 * ramp by month of tenure ...'): the engine derives each period's goal from the stored one.
 */
export interface QuotaRule {
  /** The goal is stored once for the year (period id '2025') and cut to each plan period. */
  annual: boolean;
  /** With `annual`: the year's share of each plan period in order (fractions adding up to 1); absent for an even cut. */
  seasonality?: readonly number[];
  /** Participant goals: multiplied by days employed / days in the period, counted by this day count. */
  prorate?: DayCount;
  /** Participant goals: the share of the quota in each month of tenure from the hire date, month 1 first; 100% after the last. */
  ramp?: readonly number[];
}

/** How the period's target incentive is derived from the annual one. */
export interface TargetIncentiveRule {
  /** Annual target incentive cut to the period: month 1/12, quarter 1/4, half 1/2, year 1. */
  prorate: 'none' | 'days employed';
  dayCount: DayCount;
  /**
   * '8% of base salary' (0.08): the annual target incentive is this share of the participant's
   * base salary (their field `baseSalary`, money) instead of their recorded annual target; an
   * assignment's own target still wins. Absent: the recorded annual target.
   */
  ofBaseSalary?: number;
}

/** Reverse part of an earlier payout when a credited deal churns within a window. */
export interface ClawbackRule {
  /** The component whose earlier per-deal payouts are reversed. */
  component: string;
  /** Share of the original payout reversed, 0..1. */
  share: number;
  /** A churn within this many days of the original deal triggers the clawback. */
  withinDays: number;
  /** Fact kind that signals churn (e.g. 'churn'); matched to the deal by account id. */
  churnKind: string;
  /**
   * Added by the rules side: the `FactList.key` of the deals the component paid on (a per-deal
   * rate table's list, or the list of the sum a commission is computed on), when there is one.
   */
  factList?: string;
}

/** Everything the engine must load for a plan. */
export interface PlanRequirements {
  aggregates: readonly FactAggregate[];
  factLists: readonly FactList[];
  goals: readonly GoalReference[];
  /** Statistics over other teams ("mean of churn_rate over teams on this plan"); absent when none. */
  populations?: readonly PopulationRequirement[];
  /** Every fact kind and the fields read from it, so a store can project only those. */
  fields: Readonly<Record<string, readonly string[]>>;
  /** Every window used, so the engine loads the union of their date ranges. */
  windows: readonly TimeWindow[];
}

/**
 * The numbers the engine hands to `evaluate` for one participant and one period. Money is in
 * minor units of the plan currency (facts in other currencies are converted by the engine).
 */
export interface PlanInput {
  /** By `FactAggregate.key`; null when there were no facts and the aggregate is undefined (average/min/max). */
  aggregates: Readonly<Record<string, number | null>>;
  /**
   * The stretch evaluated, when it is shorter than the period (a team change, a new plan
   * version, a joiner or leaver): ISO days, inclusive. Absent: the whole period.
   */
  stretch?: { from: string; to: string };
  /**
   * With `stretch`: by `FactAggregate.key` of the aggregates marked `withinStretch`, their value
   * over the facts dated inside the stretch (for the year to date: from the first day of the
   * year through the stretch's last day). Components that pay money read these; attainments
   * and other shares of the target read `aggregates` (the whole period, against the period's goal).
   */
  stretchAggregates?: Readonly<Record<string, number | null>>;
  /** As `aggregateCredits`, for `stretchAggregates`. */
  stretchAggregateCredits?: Readonly<Record<string, CreditShare>>;
  /** By `FactList.key`: each fact's value, in date order (inside the stretch: deals are paid money). */
  transactions: Readonly<Record<string, readonly number[]>>;
  /**
   * By `FactList.key`, for explanations: each fact's credit when the fact is shared with others
   * (null where it is wholly the participant's or reached through an account), in the order of
   * `transactions`. Absent when no fact of the list is shared.
   */
  transactionCredits?: Readonly<Record<string, readonly (CreditShare | null)[]>>;
  /**
   * By `FactAggregate.key`, for explanations: for a sum of money in individual scope whose
   * credited facts include some shared with others, the participant's part of those facts.
   */
  aggregateCredits?: Readonly<Record<string, CreditShare>>;
  /** By `GoalReference.key`; null when the goal does not exist. */
  goals: Readonly<Record<string, number | null>>;
  /**
   * By `GoalReference.key`, for explanations: how a quota rule derived the goal from the stored
   * one ('1,200,000.00 USD x 20% of the annual goal for 2025-Q1 x 45 of 90 days employed ...').
   */
  goalDerivations?: Readonly<Record<string, string>>;
  /** By `PopulationRequirement.key`; a missing entry makes the statistic missing. */
  populations?: Readonly<Record<string, PopulationValues>>;
  /**
   * For components `for each account`: every account of the participant's team in this stretch,
   * in account id order, each with its account-scope aggregates. Absent or empty: such a
   * component pays 0 and says there was no account.
   */
  accounts?: readonly AccountValues[];
  /** The target incentive for this period in minor units, already cut and prorated by the engine; null if none. */
  targetIncentiveMinor: number | null;
  /**
   * Under 'true-up year to date': the target incentive from the start of the plan year through
   * this period (each period's cut and prorated target, summed). Shares of target are shares of it.
   */
  targetIncentiveToDateMinor?: number | null;
  /** How the engine derived `targetIncentiveMinor` (annual target, cut, days employed); shown wherever a line explains its target. */
  targetIncentiveExplanation?: Explanation;
  /** Earlier periods of the same plan year, for running (cumulative) tiers and true-ups. */
  earlier?: EarlierPeriods;
}

/**
 * The participant's part of money credited to several people: one fact, or the credited facts
 * of a sum. Minor units of the plan currency.
 */
export interface CreditShare {
  /** The participant's share (0.4 = 40%): of the fact, out of all its credits; of a sum, credited / full. */
  share: number;
  /** The whole value of the fact, or of the credited facts of the sum. */
  fullMinor: number;
  /** The participant's part of it (largest remainder, to the minor unit). */
  creditedMinor: number;
}

export interface EarlierPeriods {
  /** Already paid this plan year, per component code (its name when it has none), in minor units. */
  paidMinor: Readonly<Record<string, number>>;
}

/** A defined result for missing data (never NaN, never a throw), reported on the line. */
export interface EvaluationWarning {
  code: string;
  message: string;
}

/**
 * A structured explanation a front end can render ("why did I get this") — every intermediate
 * value with its label, down to the inputs.
 */
export interface Explanation {
  label: string;
  /** The number at this node (money in minor units of the plan currency, ratios as fractions: 1.05 = 105%). */
  value: number | null;
  unit: 'money' | 'percent' | 'count' | 'score' | 'number';
  /** e.g. 'tier 2: 100% to 150% pays 100% to 200%, linear' */
  detail?: string;
  children: readonly Explanation[];
}

export interface PayoutLine {
  component: string;
  /** The component's code: its identity across plan versions (its name when the text gives none). */
  componentCode: string;
  /** Rounded as the plan says; the statement total is the sum of these. */
  amountMinor: number;
  /** The main attainment of the component (1.05 = 105%), null if it has none. */
  attainment: number | null;
  explanation: Explanation;
  warnings: readonly EvaluationWarning[];
  /**
   * Added by the rules side: for a component paying per deal, each transaction's exact payout
   * (before the line's rounding), in the order of `PlanInput.transactions`, for clawbacks.
   */
  transactionPayouts?: readonly number[];
}

export interface PlanResult {
  lines: readonly PayoutLine[];
  /** Sum of `lines[].amountMinor`. */
  totalMinor: number;
  /** Gates, modifiers and caps that changed something, in the order applied. */
  adjustments: readonly Explanation[];
  warnings: readonly EvaluationWarning[];
}

/**
 * A draw: each period from `firstPeriod` to `lastPeriod` pays at least `amountMinor`; a
 * recoverable draw's top-ups are a balance recovered from later earnings above the minimum.
 */
export interface DrawRule {
  /** The guaranteed minimum per period, minor units of the plan currency. */
  amountMinor: number;
  recoverable: boolean;
  /** Period ids of the plan's kind ('2026-01'), inclusive. */
  firstPeriod: string;
  lastPeriod: string;
  /** No recovery before this period; null = from `firstPeriod`. */
  recoveryFrom: string | null;
  /** At most this much recovered per period, minor units; null = no limit. */
  recoveryLimitMinor: number | null;
  /** The draw as written, for explanations. */
  label: string;
}

/** A component's pay per deal, held until a fact of `releaseKind` names the deal (by `dealId`). */
export interface HoldRule {
  component: string;
  /** The kind of fact that releases a deal ('payment'); its date is the day of the release. */
  releaseKind: string;
  /** The `FactList.key` of the deals the component pays on, when there is one (as for clawbacks). */
  factList?: string;
}

export interface CompiledPlan {
  name: string;
  period: PeriodKind;
  /** ISO 4217 code of the pay currency. */
  currency: string;
  /** Digits of the minor unit (2 for USD, 0 for JPY). */
  currencyDigits: number;
  targetIncentive: TargetIncentiveRule;
  rounding: RoundingMode;
  /** Year-to-date true-up: each line pays earned to date minus what earlier periods of the year paid. */
  trueUp: boolean;
  /**
   * Added by the rules side: the evaluation subtracts `earlier.paidMinor` (a true-up, or a
   * retroactive rate table on the running total), so the engine must say what was paid.
   */
  readsPaidEarlier?: boolean;
  clawbacks: readonly ClawbackRule[];
  /** Added by the rules side: the plan's draw, when it has one (the engine applies it after the lines). */
  draw?: DrawRule;
  /** Added by the rules side: components whose deals are paid once released; absent or empty for none. */
  holds?: readonly HoldRule[];
  /**
   * `paysOn`, added by the rules side: the money facts a component's line pays on (its per-deal
   * list, else the first period sum of money it reads); absent when it reads none (an attainment
   * of a score, a count). A line converting 'at fact date' converts at these facts' dates.
   */
  components: readonly {
    name: string;
    /** Added by the rules side: what earlier payments are kept by (`code "NB"`, else the name); absent = the name. */
    code?: string;
    scope: Scope;
    weight: number | null;
    paysOn?: FactList;
    /**
     * Added by the rules side: the component pays money that is not made of the stretch's own
     * facts (a fixed amount, money bands on attainment, a commission on another window than the
     * period). Such money is earned once a period, so where a period is cut into stretches the
     * engine shares each stretch's amount by the stretch's share of the period, as it shares the
     * target incentive. Never under a true-up, which already subtracts what earlier stretches paid.
     */
    sharedByDays?: boolean;
  }[];
  /**
   * Added by the rules side: when lines convert into a participant's pay currency that differs
   * from the plan's ('convert to pay currency at fact date' / 'at payment date'); absent when the
   * plan does not say.
   */
  payConversion?: 'fact date' | 'payment date';
  requirements: PlanRequirements;
  evaluate(input: PlanInput): PlanResult;
  /**
   * Added by the rules side: how credited amounts are split among participants. The only
   * method is largest remainder (shares add up to the amount to the cent); the plan states it.
   */
  creditSplit?: 'largest remainder';
  /**
   * Added by the rules side: the same cents as `evaluate` without building explanations, for
   * bulk runs (backtests, benchmarks). `linesMinor` follows `components`.
   */
  evaluateAmounts?(input: PlanInput): { linesMinor: number[]; totalMinor: number };
  /**
   * The plan text this was compiled from. Functions cannot be fingerprinted, so an input
   * fingerprint that includes this covers the rules themselves, not only their names.
   */
  source?: string;
}
