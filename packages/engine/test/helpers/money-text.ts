/**
 * Finds numbers in text a person reads that are not written the way a person reads them: money
 * must be formatted ("1,234.50 USD", grouped, with the currency's digits and code), shares must
 * be percentages ("40%"), counts must name what they count ("3 deals", "90 days"). A bare
 * figure such as "pays 200" or "capped from 465000" is reported: a rep reads 200 as dollars.
 */
import { currencyDigits, type Explanation, renderExplanation } from '@attain/rules';
import type { StatementRun } from '../../src/statements/statement.js';

const NUMBER = /\d[\d,]*(?:\.\d+)?/g;
/** Grouped thousands and the currency's digits, then a known currency code. */
const MONEY = /^\d{1,3}(?:,\d{3})*(?:\.(\d+))? ([A-Z]{3})\b/;
const COUNT_WORDS = /^ (?:deals?|days?|digits?|facts?|teams?|participants?)\b/;
const ORDINAL_WORDS = /\b(?:tier|row|column|band) $/;

/** A number inside an identifier or a date ('p-001-01', 'd1', '2025-Q1', '2025-01-10', 'revenue_2'). */
function insideIdentifier(text: string, start: number, end: number): boolean {
  const before = text[start - 1] ?? '';
  const after = text[end] ?? '';
  if (/[A-Za-z0-9_]/.test(before) || /[A-Za-z_]/.test(after)) return true;
  if (before === '-' && /[A-Za-z0-9]/.test(text[start - 2] ?? '')) return true;
  if (after === '-' && /[A-Za-z0-9]/.test(text[end + 1] ?? '')) return true;
  return false;
}

/** Grouped money with a currency code and at least the currency's digits ('2.0 USD' is not formatted). */
function formattedMoney(rest: string, token: string): boolean {
  const match = MONEY.exec(`${token}${rest}`);
  if (!match) return false;
  const digits = currencyDigits[match[2]!];
  if (digits === undefined) return false;
  const fraction = match[1]?.length ?? 0;
  // Exact (unrounded) amounts may show more digits than the currency's, never fewer.
  return fraction >= digits;
}

/**
 * The raw figures in `text`. `written` holds numbers as the plan text writes them ("100,000",
 * "4"): the author's own words are quoted back (band bounds, labels) and read as written.
 */
export function rawFigures(text: string, written: ReadonlySet<string>): string[] {
  const raw: string[] = [];
  for (const match of text.matchAll(NUMBER)) {
    const token = match[0].replace(/[,.]$/, '');
    const start = match.index;
    const end = start + token.length;
    const rest = text.slice(end);
    if (insideIdentifier(text, start, end)) continue;
    // Zero reads the same in every unit ("pays 0").
    if (token === '0') continue;
    if (/^\s?%/.test(rest)) continue;
    if (formattedMoney(rest, token)) continue;
    if (COUNT_WORDS.test(rest) || ORDINAL_WORDS.test(text.slice(0, start))) continue;
    // A fraction ('1/4 of the year', '85 / 91 days') is a ratio of counts, not an amount.
    if (/^ ?\/ ?\d/.test(rest) || /\d ?\/ ?$/.test(text.slice(0, start))) continue;
    if (written.has(token)) continue;
    raw.push(`${token} in "${text}"`);
  }
  return raw;
}

/** The numbers of a plan's text as written, except percentages (a written "200%" allows no "200"). */
export function writtenNumbers(source: string): Set<string> {
  const out = new Set<string>();
  for (const match of source.matchAll(NUMBER)) {
    const token = match[0].replace(/[,.]$/, '');
    if (!/^\s?%/.test(source.slice(match.index + token.length))) out.add(token);
  }
  return out;
}

/** Every text of an explanation tree: labels and details. */
export function explanationTexts(node: Explanation, out: string[] = []): string[] {
  out.push(node.label);
  if (node.detail !== undefined) out.push(node.detail);
  for (const child of node.children) explanationTexts(child, out);
  return out;
}

/**
 * The tree as `renderExplanation` prints it, with the values of scores, counts and plain numbers
 * left out: they are not money, and they are shown as they are.
 */
function renderedMoney(node: Explanation, currency: string): string {
  const mask = (n: Explanation): Explanation => ({
    ...n,
    value: n.unit === 'money' || n.unit === 'percent' ? n.value : null,
    children: n.children.map(mask),
  });
  return renderExplanation(mask(node), currency);
}

/** Every human-readable text of a run: explanations (and their rendering), adjustments, warnings, errors, fact issues. */
export function runTexts(run: StatementRun): string[] {
  const texts: string[] = [];
  for (const statement of run.statements) {
    for (const line of statement.lines) {
      explanationTexts(line.explanation, texts);
      texts.push(...renderedMoney(line.explanation, statement.currency).split('\n'));
      for (const w of line.warnings) texts.push(w.message);
    }
    for (const adjustment of statement.adjustments) explanationTexts(adjustment, texts);
    for (const w of statement.warnings) texts.push(w.message);
  }
  for (const error of run.errors) texts.push(error.message);
  for (const issue of run.factIssues) texts.push(issue.message);
  return texts;
}
