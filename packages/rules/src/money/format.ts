import { digitsOf } from './currencies.js';

/** "1,234.50 USD" from 123450 minor units of USD; digits come from the currency. */
export function formatMinor(
  amountMinor: number,
  currency: string,
  options: { withCode?: boolean } = {},
): string {
  const digits = digitsOf(currency) ?? 2;
  const negative = amountMinor < 0;
  const magnitude = Math.abs(Math.trunc(amountMinor));
  const scale = 10 ** digits;
  const whole = Math.floor(magnitude / scale);
  const fraction = magnitude - whole * scale;
  const wholeText = whole.toLocaleString('en-US');
  const text = digits > 0 ? `${wholeText}.${String(fraction).padStart(digits, '0')}` : wholeText;
  const signed = `${negative ? '-' : ''}${text}`;
  return options.withCode === false ? signed : `${signed} ${currency}`;
}

/** Digits of a minor unit an exact (unrounded) amount keeps in text, beyond the currency's own. */
const EXACT_EXTRA_DIGITS = 4;

/**
 * Money as a person reads it, like `formatMinor` ("1,234.50 USD"), for amounts that may hold a
 * fraction of a minor unit (exact amounts before a line is rounded): up to four more digits are
 * kept, trailing zeros dropped ("12.3456 USD", "1,500.5 JPY").
 */
export function formatExactMinor(amountMinor: number, currency: string): string {
  const scale = 10 ** EXACT_EXTRA_DIGITS;
  const rounded = Math.round(amountMinor * scale) / scale;
  if (Number.isInteger(rounded)) return formatMinor(rounded === 0 ? 0 : rounded, currency);
  const magnitude = Math.abs(rounded);
  const whole = Math.floor(magnitude);
  const extra = String(Math.round((magnitude - whole) * scale))
    .padStart(EXACT_EXTRA_DIGITS, '0')
    .replace(/0+$/, '');
  const digits = digitsOf(currency) ?? 2;
  const text = `${formatMinor(whole, currency, { withCode: false })}${digits === 0 ? '.' : ''}${extra}`;
  return `${rounded < 0 ? '-' : ''}${text} ${currency}`;
}

/** A fraction as a percentage, "105%" from 1.05 (up to four decimals). */
export function formatPercent(fraction: number): string {
  return `${Number((fraction * 100).toFixed(4))}%`;
}

/** Written amount (e.g. 1250.5 from "1,250.50") to integer minor units of a currency. */
export function toMinor(written: number, digits: number): number {
  return Math.round(written * 10 ** digits);
}
