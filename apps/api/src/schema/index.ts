import { builder } from './builder.js';
import './health.js';

/** The executable schema: importing each type file registers its types on the builder. */
export const schema = builder.toSchema({ sortSchema: true });
