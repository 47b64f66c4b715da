import { formatMinor } from '../money/format.js';
import type { Explanation } from './compiled-plan.js';

function formatValue(node: Explanation, currency: string): string {
  if (node.value === null) return 'no value';
  switch (node.unit) {
    case 'money':
      return formatMinor(Math.round(node.value), currency);
    case 'percent':
      return `${Number((node.value * 100).toFixed(4))}%`;
    default:
      return String(Number(node.value.toFixed(6)));
  }
}

/** "Why did I get this" as indented plain text, one line per explanation node. */
export function renderExplanation(explanation: Explanation, currency: string, depth = 0): string {
  const detail = explanation.detail ? ` (${explanation.detail})` : '';
  const own = `${'  '.repeat(depth)}${explanation.label} = ${formatValue(explanation, currency)}${detail}`;
  return [own, ...explanation.children.map((child) => renderExplanation(child, currency, depth + 1))].join(
    '\n',
  );
}
