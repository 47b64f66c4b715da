export type * from './compiler/compiled-plan.js';
