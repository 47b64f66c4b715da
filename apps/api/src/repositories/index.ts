import type { Db } from 'mongodb';
import { type CollectionIndexes, ensureIndexes } from '../db/indexes.js';
import { CompiledPlanCache } from '../plans/compiled-plans.js';
import { AccountsRepository, accountIndexes } from './accounts.js';
import { ApiKeysRepository, apiKeyIndexes } from './api-keys.js';
import { AssignmentsRepository, assignmentIndexes } from './assignments.js';
import { AuditLogRepository, auditLogIndexes } from './audit-log.js';
import {
  BacktestsRepository,
  backtestIndexes,
  backtestLeaseIndexes,
  backtestRowIndexes,
} from './backtests.js';
import { ExchangeRatesRepository, exchangeRateIndexes } from './exchange-rates.js';
import { FactsRepository, factIndexes } from './facts.js';
import { GoalsRepository, goalIndexes } from './goals.js';
import { ParticipantsRepository, participantIndexes } from './participants.js';
import { PayoutApprovalsRepository, payoutApprovalIndexes } from './payout-approvals.js';
import { disputeEventIndexes, PayoutDisputesRepository, payoutDisputeIndexes } from './payout-disputes.js';
import { PayoutEntriesRepository, payoutEntryIndexes } from './payout-entries.js';
import { PayoutRunsRepository, payoutRunIndexes, statementIndexes } from './payout-runs.js';
import { PayrollExportsRepository, payrollExportIndexes } from './payroll-exports.js';
import { PlansRepository, planIndexes, planVersionIndexes } from './plans.js';
import { TeamsRepository, teamIndexes } from './teams.js';

/**
 * One repository per collection; the only code that touches the driver's collections. Beside them,
 * the compiled published versions of `plans`: derived from immutable documents, and valid only for
 * this database (version ids are unique within one).
 */
export interface Repositories {
  apiKeys: ApiKeysRepository;
  participants: ParticipantsRepository;
  teams: TeamsRepository;
  accounts: AccountsRepository;
  goals: GoalsRepository;
  assignments: AssignmentsRepository;
  facts: FactsRepository;
  auditLog: AuditLogRepository;
  plans: PlansRepository;
  payoutRuns: PayoutRunsRepository;
  /** Approvals, adjustments and payroll exports of runs (docs/api-paycycle.md). */
  payoutApprovals: PayoutApprovalsRepository;
  payoutEntries: PayoutEntriesRepository;
  payrollExports: PayrollExportsRepository;
  payoutDisputes: PayoutDisputesRepository;
  exchangeRates: ExchangeRatesRepository;
  backtests: BacktestsRepository;
  compiledPlans: CompiledPlanCache;
}

/** Builds every repository over one database. */
export function createRepositories(db: Db): Repositories {
  return {
    apiKeys: new ApiKeysRepository(db),
    participants: new ParticipantsRepository(db),
    teams: new TeamsRepository(db),
    accounts: new AccountsRepository(db),
    goals: new GoalsRepository(db),
    assignments: new AssignmentsRepository(db),
    facts: new FactsRepository(db),
    auditLog: new AuditLogRepository(db),
    plans: new PlansRepository(db),
    payoutRuns: new PayoutRunsRepository(db),
    payoutApprovals: new PayoutApprovalsRepository(db),
    payoutEntries: new PayoutEntriesRepository(db),
    payrollExports: new PayrollExportsRepository(db),
    payoutDisputes: new PayoutDisputesRepository(db),
    exchangeRates: new ExchangeRatesRepository(db),
    backtests: new BacktestsRepository(db),
    compiledPlans: new CompiledPlanCache(),
  };
}

/** The index declarations of every collection above. */
export const ALL_INDEXES: readonly CollectionIndexes[] = [
  apiKeyIndexes,
  participantIndexes,
  teamIndexes,
  accountIndexes,
  goalIndexes,
  assignmentIndexes,
  factIndexes,
  auditLogIndexes,
  planIndexes,
  planVersionIndexes,
  payoutRunIndexes,
  statementIndexes,
  payoutApprovalIndexes,
  payoutEntryIndexes,
  payrollExportIndexes,
  payoutDisputeIndexes,
  disputeEventIndexes,
  exchangeRateIndexes,
  backtestIndexes,
  backtestRowIndexes,
  backtestLeaseIndexes,
];

/**
 * Creates the indexes of every collection; run at start-up. `extra` lets other modules (plans,
 * payout runs) add their declarations.
 */
export async function ensureAllIndexes(db: Db, extra: readonly CollectionIndexes[] = []): Promise<void> {
  await ensureIndexes(db, [...ALL_INDEXES, ...extra]);
}
