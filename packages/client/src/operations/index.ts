export * from './backtests.js';
export * from './imports.js';
export * from './payouts.js';
export * from './plans.js';
export * from './session.js';
export * from './statements.js';
export * from './what-if.js';
