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
 * - managed teams: all accounts of every team the participant manages (memberships marked
 *   `manages`), for managers and directors paid on several teams at once;
 * - individual: facts credited to the participant (with their split share), plus facts of team
 *   accounts in the participant's geography or vertical when the plan says so;
 * - account ('for each account'): one account of the team at a time. The engine gives each
 *   account's values in `PlanInput.accounts`, never in `PlanInput.aggregates`; the component is
 *   evaluated once per account and pays the sum.
 */
export type Scope = 'team' | 'individual' | 'account' | 'managed teams';

/** How team accounts match an individual beyond the facts credited to them. */
export type AccountMatch = 'geography' | 'vertical';
