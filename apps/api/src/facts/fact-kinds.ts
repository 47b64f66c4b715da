/**
 * The fact model (docs/engine.md, Inputs; the same kinds and fields as the engine's `Fact`): which
 * fields each kind carries and of what type. Import validation and storage both read this table,
 * so adding a field is one line here.
 */

export type FactFieldType =
  /** Integer minor units of the fact's currency, stored as int64. */
  { type: 'money' } | { type: 'string' } | { type: 'boolean' } | { type: 'number'; min: number; max: number };

export interface FactFieldSpec {
  spec: FactFieldType;
  required: boolean;
  description: string;
}

const money = (description: string): FactFieldSpec => ({
  spec: { type: 'money' },
  required: true,
  description,
});
const text = (description: string, required = true): FactFieldSpec => ({
  spec: { type: 'string' },
  required,
  description,
});
const flag = (description: string): FactFieldSpec => ({
  spec: { type: 'boolean' },
  required: true,
  description,
});
const score = (min: number, max: number, description: string): FactFieldSpec => ({
  spec: { type: 'number', min, max },
  required: true,
  description,
});

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
    dealId: text('the order or opportunity that churned', false),
  },
  opportunity: {
    amount: money('opportunity amount'),
    won: flag('true when the opportunity was won'),
    strategic: flag('true for a named strategic opportunity'),
    productLine: text('product line'),
  },
  survey: { score: score(1, 5, 'customer satisfaction, 1 to 5') },
  wallet: { amount: money("the customer's total spend estimate in the period") },
  objective: {
    score: score(0, 1, 'MBO objective score, 0 to 1'),
    objective: text('name of the objective'),
  },
} as const satisfies Record<string, Record<string, FactFieldSpec>>;

export type FactKind = keyof typeof FACT_KINDS;

export const FACT_KIND_NAMES = Object.keys(FACT_KINDS) as FactKind[];

/** Every kind-specific field name across kinds (the FactInput fields beside the common ones). */
export const FACT_FIELD_NAMES: readonly string[] = [
  ...new Set(FACT_KIND_NAMES.flatMap((kind) => Object.keys(FACT_KINDS[kind]))),
];

export function isFactKind(value: unknown): value is FactKind {
  return typeof value === 'string' && Object.hasOwn(FACT_KINDS, value);
}

/** True when some kind of fact carries money, so a currency is required. */
export function hasMoneyFields(kind: FactKind): boolean {
  return Object.values(FACT_KINDS[kind] as Record<string, FactFieldSpec>).some(
    (field) => field.spec.type === 'money',
  );
}

/** The field specs of one kind. */
export function factFields(kind: FactKind): Record<string, FactFieldSpec> {
  return FACT_KINDS[kind];
}
