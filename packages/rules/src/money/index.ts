export { currencyDigits, digitsOf } from './currencies.js';
export { formatMinor, toMinor } from './format.js';
export { roundMinor } from './rounding.js';
export { splitByShares } from './split.js';
