export { currencyDigits, digitsOf } from './currencies.js';
export { formatExactMinor, formatMinor, formatPercent, toMinor } from './format.js';
export { roundMinor } from './rounding.js';
export { splitByShares, splitInto } from './split.js';
