/** What the engine produces: one statement per participant, plan and period. */
import type { CompiledPlan, DayCount, EvaluationWarning, Explanation, PayoutLine } from '@attain/rules';
import type { FactIssue } from '../facts/fact-columns.js';
import type { LineConversion, StatementPay } from '../money/pay-currency.js';

/** A plan version: the compiled plan and the days it applies to (inclusive ISO days; open ends allowed). */
export interface PlanVersion {
  plan: CompiledPlan;
  /** First day the version applies; absent = since always. */
  effectiveFrom?: string | null;
  /** Last day the version applies; absent = until replaced. */
  effectiveTo?: string | null;
  /** A label for the version shown on statements (e.g. a version id); defaults to `effectiveFrom`. */
  version?: string;
}

/**
 * The code a line's component is known by across plan versions: what paid to date, clawbacks,
 * holds and comparisons match lines by. Lines stored before codes existed carry only the name,
 * which was their code.
 */
export function lineCode(line: { component: string; componentCode?: string | undefined }): string {
  return line.componentCode ?? line.component;
}

/** The code of a plan's component by its name (the name itself for a component the plan does not have). */
export function componentCodeOf(plan: CompiledPlan, name: string): string {
  return plan.components.find((c) => c.name === name)?.code ?? name;
}

/** A stretch of the period with one team, one plan version and one assignment. */
export interface StatementSegment {
  from: string;
  to: string;
  teamId: string | null;
  version: string | null;
  /** The target incentive for this stretch, cut and prorated; null when the participant has none. */
  targetIncentiveMinor: number | null;
  /** How `targetIncentiveMinor` was derived; null when it is null. */
  proration: TargetProration | null;
  /** The same as an explanation a participant reads; null when there is no target incentive. */
  targetIncentiveExplanation: Explanation | null;
}

/**
 * How a stretch's target incentive follows from the annual one: annual / periodsPerYear x
 * fraction, the stretches of a period rounded together so their cents add up.
 */
export interface TargetProration {
  /** The annual target incentive used, in minor units of the plan currency (converted when the participant is paid in another). */
  annualTargetIncentiveMinor: number;
  /** 12, 4, 2 or 1: the period's cut of the year is 1 / periodsPerYear. */
  periodsPerYear: number;
  /** How days are counted; null when the plan does not prorate (stretches then share the cut by actual days). */
  dayCount: DayCount | null;
  /** Days of the stretch, counted by the day count (actual days, or 30/360 days). */
  daysEmployed: number;
  /** Days of the period by the day count (actual days; 365 / periodsPerYear under actual/365 for a partial period; 30 a month under 30/360). */
  daysInPeriod: number;
  /** True when the participant is on the plan every day of the period: the stretches then earn exactly the cut. */
  wholePeriod: boolean;
  /** The stretch's share of the cut: daysEmployed / daysInPeriod when prorated, its share of the days on the plan otherwise. */
  fraction: number;
}

/** The facts a per-transaction line paid on, so a later clawback can find the original rate. */
export interface LineTransactions {
  factIds: readonly string[];
  /** Each fact's value (the participant's credited split) in minor units of the plan currency. */
  valuesMinor: readonly number[];
}

/**
 * A payout line of a statement: a plan line (or a clawback) for one stretch of the period, or the
 * plan's draw: its top-up (`draw`, positive) or its recovery (`draw-recovery`, negative), or a
 * held component's deals: held back (`hold`, negative) or paid once released (`release`).
 */
export interface StatementLine extends PayoutLine {
  kind: 'payout' | 'clawback' | 'draw' | 'draw-recovery' | 'hold' | 'release';
  /** The stretch this line pays for (a participant who changes team mid-period has one line per component per stretch). */
  from: string;
  to: string;
  teamId: string | null;
  /** On lines of components with a clawback rule or a hold; on hold and release lines, the deals and their amounts. */
  transactions?: LineTransactions;
  /** On clawback lines: the deal whose payout is reversed. */
  dealId?: string;
  /** The line in the participant's pay currency; absent when they are paid in the plan's. */
  pay?: LineConversion;
  /**
   * What the line paid in the pay currency, on lines of earlier statements read back from a
   * stored run (which keeps the amounts, not the rates); a clawback reverses at its rate.
   */
  paidInPayCurrency?: { currency: string; amountMinor: number };
  /** On clawback lines of a deal paid in a pay currency: what the line it reverses paid, in both currencies. */
  clawedBack?: ClawedBackPay;
}

/** The line a clawback reverses: its period and what it paid in the plan and the pay currency. */
export interface ClawedBackPay {
  periodId: string;
  currency: string;
  /** What the reversed line paid, in minor units of `currency`. */
  payMinor: number;
  /** The same line in minor units of the plan currency. */
  planMinor: number;
}

/**
 * The plan's draw in one period: earnings against the guaranteed minimum and the balance of a
 * recoverable draw. All amounts are minor units of the plan currency.
 */
export interface DrawSummary {
  /** The draw as the plan writes it. */
  label: string;
  recoverable: boolean;
  /** What the statement's lines paid before the draw (payouts and clawbacks). */
  earningsMinor: number;
  /** The guaranteed minimum of this period; 0 after the draw's last period. */
  minimumMinor: number;
  /** Top-ups not yet recovered, carried in from the earlier statements; always 0 for a draw that is not recoverable. */
  openingBalanceMinor: number;
  /** The `draw` line: the minimum minus the earnings when they fall short, else 0. */
  topUpMinor: number;
  /** The `draw-recovery` line, as a positive amount recovered (negative: an over-recovery paid back). */
  recoveredMinor: number;
  /** openingBalance + topUp (when recoverable) - recovered: what later periods may recover. */
  closingBalanceMinor: number;
}

/** A deal's pay held back until its release fact, in minor units of the plan currency. */
export interface HeldDeal {
  component: string;
  /** The component's code (`code "…"`); absent on deals stored before codes, whose code is the name. */
  componentCode?: string;
  dealId: string;
  /** The period that earned it and held it. */
  periodId: string;
  amountMinor: number;
}

/** What a statement held and released, and what is still held after its period. */
export interface HoldSummary {
  /** Held back this period (the `hold` lines, as a positive amount). */
  heldMinor: number;
  /** Paid this period from earlier holds (the `release` lines). */
  releasedMinor: number;
  /** Every deal still held after this period, this period's included, oldest first. */
  outstanding: readonly HeldDeal[];
}

/** One participant's statement for one plan and one period. */
export interface Statement {
  participantId: string;
  planName: string;
  periodId: string;
  /** The plan's pay currency; every amount on the statement is in its minor units. */
  currency: string;
  segments: readonly StatementSegment[];
  /** Sum of the segments' target incentives; null when none is known. */
  targetIncentiveMinor: number | null;
  lines: readonly StatementLine[];
  /** Gates, modifiers and caps the plan applied, in order. */
  adjustments: readonly Explanation[];
  /** Missing data and other defined-result cases, from the engine and the plan. */
  warnings: readonly EvaluationWarning[];
  /** Exactly the sum of `lines[].amountMinor`. */
  totalMinor: number;
  /** What the statement pays in the participant's pay currency; absent when that is the plan's currency (or the plan does not say when to convert). */
  pay?: StatementPay;
  /**
   * For plans that subtract what was paid earlier in the year (a true-up, a retroactive running
   * total): each earlier period of the year, the run it was read from, and what it paid.
   */
  paidEarlier?: readonly PaidEarlier[];
  /** Under 'true-up year to date': the target incentive from the start of the year through this period. */
  targetIncentiveToDateMinor?: number | null;
  /** The plan's draw in this period, when the plan has one that reaches it. */
  draw?: DrawSummary;
  /** Holds and releases, when the plan holds a component. */
  holds?: HoldSummary;
}

/** A stored payout run of an earlier period, read back: what was actually paid. */
export interface PaidRun {
  runId: string;
  planName: string;
  periodId: string;
  /** Every statement of the run (a participant without one was paid nothing by it). */
  statements: readonly Statement[];
}

/** One earlier period whose payments a statement subtracted (true-up) or built on (running total). */
export interface PaidEarlier {
  periodId: string;
  /** The stored run the payments were read from; null when none was stored and the engine computed the period. */
  runId: string | null;
  /** What the participant's payout lines of that period paid, in minor units of the plan currency. */
  amountMinor: number;
}

/** An input problem that makes a run unfit to publish (e.g. a fact in a currency without a rate). */
export interface EngineError {
  code: 'missing-fx-rate' | 'invalid-period' | 'evaluation-failed';
  message: string;
  factId?: string;
  participantId?: string;
  /** For a missing rate: the pair ('EUR/USD') and the day it was needed on. */
  pair?: string;
  date?: string;
}

/** The result of a calculation: statements, the errors that must be fixed before publishing, and an input fingerprint. */
export interface StatementRun {
  statements: readonly Statement[];
  errors: readonly EngineError[];
  /** Facts that were skipped or partly read while loading the columns. */
  factIssues: readonly FactIssue[];
  /** sha256 of a canonical encoding of every input; equal inputs give equal fingerprints. */
  fingerprint: string;
}
