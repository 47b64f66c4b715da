/**
 * The fact model: the kinds of fact plans can read, the fields each carries and their types.
 * One table for every layer: the checker types aggregates from it (checker/fact-model.ts), the
 * engine derives its `Fact` types from it (engine model/fact.ts), and the API validates imports
 * and stores facts by it (api facts/fact-kinds.ts). Adding a field is one line here. It lives in
 * the language package because that is the lowest package all three import.
 */

/** A field's type as stored and validated. */
export type FactFieldType =
  /** Integer minor units of the fact's currency, stored as int64. */
  { type: 'money' } | { type: 'string' } | { type: 'boolean' } | { type: 'number'; min: number; max: number };

/** One field of a kind of fact. */
export interface FactFieldSpec {
  spec: FactFieldType;
  required: boolean;
  description: string;
}

const money = (description: string) => ({ spec: { type: 'money' }, required: true, description }) as const;
const text = (description: string) => ({ spec: { type: 'string' }, required: true, description }) as const;
const optionalText = (description: string) =>
  ({ spec: { type: 'string' }, required: false, description }) as const;
const flag = (description: string) => ({ spec: { type: 'boolean' }, required: true, description }) as const;
const score = <Min extends number, Max extends number>(min: Min, max: Max, description: string) =>
  ({ spec: { type: 'number', min, max }, required: true, description }) as const;

/** Every kind of fact and its own fields (beside the common id, date, accountId, currency, credits). */
export const FACT_KINDS = {
  order: {
    amount: money('order amount'),
    cost: money('cost of the goods or services sold'),
    productLine: text('product line'),
    repeat: flag('true for a repeat order from an existing customer'),
  },
  renewal: {
    valueBefore: money('contract value before the renewal'),
    valueAfter: money('contract value after the renewal'),
    productLine: text('product line'),
  },
  churn: {
    amount: money('annual revenue lost'),
    productLine: text('product line'),
    dealId: optionalText('the order or opportunity that churned'),
  },
  opportunity: {
    amount: money('opportunity amount'),
    won: flag('true when the opportunity was won'),
    strategic: flag('true for a named strategic opportunity'),
    productLine: text('product line'),
  },
  payment: {
    amount: money('amount received'),
    dealId: text(
      'the id of the deal (order or opportunity) it pays: releases a commission held until payment',
    ),
  },
  survey: { score: score(1, 5, 'customer satisfaction, 1 to 5') },
  wallet: { amount: money("the customer's total spend estimate in the period") },
  objective: {
    score: score(0, 1, 'MBO objective score, 0 to 1'),
    objective: text('name of the objective'),
  },
} as const satisfies Record<string, Record<string, FactFieldSpec>>;

/** A kind of fact: 'order', 'renewal', ... */
export type FactKind = keyof typeof FACT_KINDS;

/** The fields every fact has, whatever its kind, that a plan can filter on. */
export const COMMON_FACT_FIELDS = ['id', 'accountId', 'date', 'currency'] as const;

/** The names of the money fields of any kind (minor units, converted to the plan currency when read). */
export const MONEY_FIELD_NAMES: ReadonlySet<string> = new Set(
  Object.values(FACT_KINDS).flatMap((fields) =>
    Object.entries(fields as Record<string, FactFieldSpec>)
      .filter(([, field]) => field.spec.type === 'money')
      .map(([name]) => name),
  ),
);
