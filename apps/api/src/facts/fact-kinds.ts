/**
 * The fact model as the API uses it: import validation and storage read these. The table itself
 * is `FACT_KINDS` of @attain/rules (the one the checker and the engine derive from too), so
 * adding a field is one line there (docs/engine.md, Inputs).
 */
import { FACT_KINDS, type FactFieldSpec, type FactKind } from '@attain/rules';

export { FACT_KINDS, type FactFieldSpec, type FactFieldType, type FactKind } from '@attain/rules';

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
