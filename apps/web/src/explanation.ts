import { formatMinor, formatPercent } from '@attain/rules';

/** One node of an explanation tree, whatever its depth. */
export interface ExplanationNode {
  label: string;
  detail: string | null;
  unit: 'count' | 'money' | 'number' | 'percent' | 'score';
  value: number | null;
  children?: ExplanationNode[];
}

/**
 * A value as a person reads it, as the API's explanationText writes it: money in the statement's
 * currency ("1,234.50 USD", never minor units), fractions as percentages, the rest as numbers.
 */
export function formatQuantity(
  value: number | null,
  unit: ExplanationNode['unit'],
  currency: string,
): string {
  if (value === null) return 'no value';
  if (unit === 'money') return formatMinor(Math.round(value), currency);
  if (unit === 'percent') return formatPercent(value);
  return String(Number(value.toFixed(6)));
}
