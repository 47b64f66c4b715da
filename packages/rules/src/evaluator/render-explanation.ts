import type { Explanation } from '../compiler/compiled-plan.js';
import { formatMinor, formatPercent } from '../money/format.js';

/**
 * A value as text in its unit: money in the plan currency ("1,234.50 USD", rounded to its minor
 * unit), fractions as percentages ("105%"), counts, scores and plain numbers as they are.
 */
export function formatQuantity(value: number | null, unit: Explanation['unit'], currency: string): string {
  if (value === null) return 'no value';
  switch (unit) {
    case 'money':
      return formatMinor(Math.round(value), currency);
    case 'percent':
      return formatPercent(value);
    default:
      return String(Number(value.toFixed(6)));
  }
}

/** "Why did I get this" as indented plain text, one line per explanation node. */
export function renderExplanation(explanation: Explanation, currency: string, depth = 0): string {
  const detail = explanation.detail ? ` (${explanation.detail})` : '';
  const value = formatQuantity(explanation.value, explanation.unit, currency);
  const own = `${'  '.repeat(depth)}${explanation.label} = ${value}${detail}`;
  return [own, ...explanation.children.map((child) => renderExplanation(child, currency, depth + 1))].join(
    '\n',
  );
}
