/** The facts plans can read, as the checker types them: fields with units (from fact-kinds.ts). */
import { COMMON_FACT_FIELDS, FACT_KINDS, type FactFieldSpec } from '../fact-kinds.js';

export type FieldType = 'money' | 'score' | 'string' | 'boolean';

/** A stored number between bounds (a survey or objective score) is a score to the checker. */
function fieldTypeOf(field: FactFieldSpec): FieldType {
  return field.spec.type === 'number' ? 'score' : field.spec.type;
}

export const factModel: Readonly<Record<string, Readonly<Record<string, FieldType>>>> = Object.fromEntries(
  Object.entries(FACT_KINDS).map(([kind, fields]) => [
    kind,
    {
      ...Object.fromEntries(COMMON_FACT_FIELDS.map((name) => [name, 'string' as const])),
      ...Object.fromEntries(
        Object.entries(fields as Record<string, FactFieldSpec>).map(([name, field]) => [
          name,
          fieldTypeOf(field),
        ]),
      ),
    },
  ]),
);

export function fieldsOf(kind: string): Readonly<Record<string, FieldType>> | null {
  return Object.hasOwn(factModel, kind) ? (factModel[kind] ?? null) : null;
}

export function fieldType(kind: string, field: string): FieldType | null {
  const fields = fieldsOf(kind);
  return fields && Object.hasOwn(fields, field) ? (fields[field] ?? null) : null;
}
