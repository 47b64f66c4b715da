/**
 * Facts: dated business events on an account. Money fields are integer minor units of the
 * fact's `currency`. The kinds and their fields come from the one fact-kind table of
 * @attain/rules (`FACT_KINDS`), so the engine, the checker and the API cannot disagree on them.
 */
import { type FACT_KINDS, type FactFieldType, type FactKind, MONEY_FIELD_NAMES } from '@attain/rules';

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

type Fields<K extends FactKind> = (typeof FACT_KINDS)[K];

/** The value a field of that type holds: money and scores are numbers. */
type ValueOf<T extends FactFieldType> = T extends { type: 'money' | 'number' }
  ? number
  : T extends { type: 'string' }
    ? string
    : boolean;

type RequiredNames<K extends FactKind> = {
  [F in keyof Fields<K>]: Fields<K>[F] extends { required: true } ? F : never;
}[keyof Fields<K>];

/** A fact of one kind: the common fields, `kind`, and the kind's fields (optional ones optional). */
export type FactOf<K extends FactKind> = FactBase & { kind: K } & {
  -readonly [F in RequiredNames<K>]: ValueOf<
    Fields<K>[F] extends { spec: infer S extends FactFieldType } ? S : never
  >;
} & {
  -readonly [F in Exclude<keyof Fields<K>, RequiredNames<K>>]?: ValueOf<
    Fields<K>[F] extends { spec: infer S extends FactFieldType } ? S : never
  >;
};

export type OrderFact = FactOf<'order'>;
export type RenewalFact = FactOf<'renewal'>;
export type ChurnFact = FactOf<'churn'>;
export type OpportunityFact = FactOf<'opportunity'>;
export type SurveyFact = FactOf<'survey'>;
export type WalletFact = FactOf<'wallet'>;
export type ObjectiveFact = FactOf<'objective'>;

/** One fact of any kind. */
export type Fact = { [K in FactKind]: FactOf<K> }[FactKind];

export type { FactKind };

/** Fields holding money (minor units of the fact's currency), converted to the plan currency when read. */
export const MONEY_FIELDS: ReadonlySet<string> = MONEY_FIELD_NAMES;

/** A fact as it may arrive from a store: the known shapes, or any record with the base fields. */
export type IncomingFact = Fact | (FactBase & { kind: string; [field: string]: unknown });
