import type { Db } from 'mongodb';
import type { AuthenticatedKey } from './auth/roles.js';
import type { BacktestJobs } from './backtests/backtest-jobs.js';
import type { AuditEntryInput } from './repositories/audit-log.js';
import type { Repositories } from './repositories/index.js';

/** What every resolver can reach; built once per request by the Yoga context factory. */
export interface Context {
  db: Db;
  repositories: Repositories;
  /** The app's backtest jobs: its queue and the events its subscriptions follow. */
  backtestJobs: BacktestJobs;
  /** The API key of the request, or null when it sent none or a wrong or revoked one. */
  apiKey: AuthenticatedKey | null;
  /**
   * Audit entries collected while the operation runs; the audit plugin writes them once the
   * operation is done, including entries for mutations that authorization refused.
   */
  audit: AuditEntryInput[];
  /** An HTTP status a resolver sets for the whole response (health: 503 when the database is down). */
  httpStatus?: number;
}
