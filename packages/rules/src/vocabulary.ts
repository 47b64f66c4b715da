/**
 * The words of the language that the syntax tree and the compiled plan (the engine's contract)
 * share: each is defined once, here, and both import it.
 */

/** How often a plan pays. */
export type PeriodKind = 'month' | 'quarter' | 'half' | 'year';

/** How days employed are counted when the target incentive is prorated. */
export type DayCount = 'actual/actual' | 'actual/365' | '30/360';

/** How a payout line's exact amount becomes integer minor units. */
export type RoundingMode = 'half-even' | 'half-up' | 'down' | 'up';

/** Which facts by date, relative to the period being paid. */
export type TimeWindow = 'period' | 'prior period' | 'same period last year' | 'year to date';

/** What an aggregate computes over the facts it reads. */
export type Aggregation = 'sum' | 'count' | 'average' | 'min' | 'max';

/**
 * Whose facts a measure covers, in a compiled plan.
 * - team: all accounts of the participant's team;
 * - individual: facts credited to the participant (with their split share), plus facts of team
 *   accounts in the participant's geography or vertical when the plan says so.
 * The text can also say 'for each account' (ScopeName), which the checker refuses
 * (ACCOUNT_SCOPE_UNSUPPORTED) until the engine evaluates a component once per account: it is not
 * part of the contract, so no engine can silently read it as team.
 */
export type Scope = 'team' | 'individual';

/** How team accounts match an individual beyond the facts credited to them. */
export type AccountMatch = 'geography' | 'vertical';
