import { builder } from './builder.js';
import './errors.js';
import './scalars.js';
import './health.js';
import './api-keys.js';
import './imports.js';
import './participants.js';
import './teams.js';
import './goals.js';
import './assignments.js';
import './facts.js';
import './audit-log.js';
import './plans.js';
import './payouts.js';
import './pay-currency.js';
import './exchange-rates.js';
import './backtests.js';
import './paycycle.js';
import './disputes.js';
import './estimates.js';
import './draws.js';
import './holds.js';

/** The executable schema: importing each type file registers its types on the builder. */
export const schema = builder.toSchema({ sortSchema: true });
