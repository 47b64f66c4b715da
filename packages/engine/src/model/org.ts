/**
 * The org snapshot the engine reads: who is paid, on which team, for which accounts, against
 * which goals, on which plan. Dates are ISO days 'YYYY-MM-DD'; `to` dates are inclusive.
 */

/** A person paid by a plan. */
export interface Participant {
  id: string;
  name: string;
  role: string;
  geography: string;
  vertical: string;
  /** ISO 4217 pay currency. */
  currency: string;
  /** Variable pay at 100% performance for a full year, in minor units of `currency`; absent when unknown. */
  annualTargetIncentiveMinor?: number | null;
  hireDate: string;
  /** Last day employed, inclusive. */
  terminationDate?: string | null;
  /**
   * Numeric fields of the person over time (`baseSalary`, ...), each record valid over an
   * inclusive date range; records of one name do not overlap.
   */
  fields?: readonly ParticipantField[];
}

/** One value of a participant's numeric field, effective over an inclusive date range. */
export interface ParticipantField {
  /** e.g. 'baseSalary' (read by 'target incentive: 8% of base salary'). */
  name: string;
  /** Money in minor units of `currency` (a salary is annual), or a plain number when `currency` is null. */
  value: number;
  currency: string | null;
  from: string;
  /** Last day the value holds, inclusive; null or absent: until further notice. */
  to?: string | null;
}

/** A key account team. */
export interface Team {
  id: string;
  name: string;
}

/** A participant's membership of a team over an inclusive date range. */
export interface TeamMembership {
  participantId: string;
  teamId: string;
  role: string;
  from: string;
  to?: string | null;
  /**
   * The participant oversees the team (a manager or director paid on it with 'for managed
   * teams') rather than working in it: the team is not their own team for team scopes, and
   * they do not make it one of the 'teams on this plan'. Absent: false.
   */
  manages?: boolean;
}

/** A customer account, owned by one team. */
export interface Account {
  id: string;
  name: string;
  teamId: string;
  geography: string;
  vertical: string;
  segment: string;
}

/** The expected value of a measure for a participant or team in one period. */
export interface Goal {
  name: string;
  /** A participant id or a team id. */
  ownerId: string;
  /** '2025-Q1', '2025-03', '2025-H1' or '2025'. */
  periodId: string;
  /** In the measure's unit: money goals in minor units of the plan currency, percentages as fractions. */
  value: number;
  /**
   * For a money goal, the ISO code of `value`'s minor units; null for a goal that is not money.
   * When given (the API always gives it), a goal whose unit is not the unit the plan reads it in
   * is treated as missing, with a warning, instead of being read as cents.
   */
  currency?: string | null;
}

/** A participant on a plan (by plan name) over an inclusive date range. */
export interface Assignment {
  participantId: string;
  plan: string;
  from: string;
  to?: string | null;
  /** Overrides the participant's annual target incentive while this assignment lasts. */
  annualTargetIncentiveMinor?: number | null;
}

/** Everything about the organisation the engine needs, valid for the periods being paid. */
export interface OrgSnapshot {
  participants: readonly Participant[];
  teams: readonly Team[];
  memberships: readonly TeamMembership[];
  accounts: readonly Account[];
  goals: readonly Goal[];
  assignments: readonly Assignment[];
}
