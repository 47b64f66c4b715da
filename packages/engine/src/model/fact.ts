/**
 * Facts: dated business events on an account. Money fields are integer minor units of the
 * fact's `currency`.
 */

/** A participant's share (0..1) of a fact; a fact's shares add up to 1. */
export interface Credit {
  participantId: string;
  share: number;
}

interface FactBase {
  id: string;
  /** ISO day 'YYYY-MM-DD'. */
  date: string;
  accountId: string;
  /** ISO 4217 code of the money fields; required on facts that have money fields. */
  currency?: string;
  credits?: readonly Credit[];
}

export interface OrderFact extends FactBase {
  kind: 'order';
  amount: number;
  cost: number;
  productLine: string;
  /** A repeat order from an existing customer. */
  repeat: boolean;
}

export interface RenewalFact extends FactBase {
  kind: 'renewal';
  /** Contract value before the renewal. */
  valueBefore: number;
  /** Contract value after the renewal. */
  valueAfter: number;
  productLine: string;
}

export interface ChurnFact extends FactBase {
  kind: 'churn';
  /** Annual revenue lost. */
  amount: number;
  productLine: string;
  /** The order or opportunity that churned, when known. */
  dealId?: string;
}

export interface OpportunityFact extends FactBase {
  kind: 'opportunity';
  amount: number;
  won: boolean;
  strategic: boolean;
  productLine: string;
}

export interface SurveyFact extends FactBase {
  kind: 'survey';
  /** Customer satisfaction, 1..5. */
  score: number;
}

export interface WalletFact extends FactBase {
  kind: 'wallet';
  /** The customer's total spend estimate in the period. */
  amount: number;
}

export interface ObjectiveFact extends FactBase {
  kind: 'objective';
  /** An MBO objective score, 0..1. */
  score: number;
  objective: string;
}

/** One fact of any kind. */
export type Fact =
  | OrderFact
  | RenewalFact
  | ChurnFact
  | OpportunityFact
  | SurveyFact
  | WalletFact
  | ObjectiveFact;

export type FactKind = Fact['kind'];

/** Fields holding money (minor units of the fact's currency), converted to the plan currency when read. */
export const MONEY_FIELDS: ReadonlySet<string> = new Set(['amount', 'cost', 'valueBefore', 'valueAfter']);

/** A fact as it may arrive from a store: the known shapes, or any record with the base fields. */
export type IncomingFact = Fact | (FactBase & { kind: string; [field: string]: unknown });
