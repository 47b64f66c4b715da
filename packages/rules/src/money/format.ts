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

/** Written amount (e.g. 1250.5 from "1,250.50") to integer minor units of a currency. */
export function toMinor(written: number, digits: number): number {
  return Math.round(written * 10 ** digits);
}
