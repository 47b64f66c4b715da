/** The facts plans can read: the kinds the engine loads and their fields, with units. */

export type FieldType = 'money' | 'score' | 'string' | 'boolean';

const common: Record<string, FieldType> = {
  id: 'string',
  accountId: 'string',
  date: 'string',
  currency: 'string',
};

export const factModel: Readonly<Record<string, Readonly<Record<string, FieldType>>>> = {
  order: { ...common, amount: 'money', cost: 'money', productLine: 'string', repeat: 'boolean' },
  renewal: { ...common, valueBefore: 'money', valueAfter: 'money', productLine: 'string' },
  churn: { ...common, amount: 'money', productLine: 'string', dealId: 'string' },
  opportunity: { ...common, amount: 'money', won: 'boolean', strategic: 'boolean', productLine: 'string' },
  survey: { ...common, score: 'score' },
  wallet: { ...common, amount: 'money' },
  objective: { ...common, score: 'score', objective: 'string' },
};

export function fieldsOf(kind: string): Readonly<Record<string, FieldType>> | null {
  return Object.hasOwn(factModel, kind) ? (factModel[kind] ?? null) : null;
}

export function fieldType(kind: string, field: string): FieldType | null {
  const fields = fieldsOf(kind);
  return fields && Object.hasOwn(fields, field) ? (fields[field] ?? null) : null;
}
