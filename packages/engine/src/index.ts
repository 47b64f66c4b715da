/**
 * @attain/engine — applies compiled plans to org and account data. Pure: no network, disk or
 * database; the caller loads the data and stores the results. The test-data generator is a
 * separate entry point, `@attain/engine/generator`.
 */

export {
  type BacktestComparison,
  type BacktestRow,
  type BacktestRunStatements,
  type CandidateAmount,
  type CandidateSummary,
  type CompareRunsInput,
  type ComponentComparison,
  compareRuns,
  type DeltaDistribution,
  type HistogramBin,
  histogram,
  type ParticipantDelta,
  type PeriodTotal,
} from './backtest/compare-runs.js';
export { estimateColumnBytes } from './backtest/memory.js';
export {
  IDS_NOT_SENT,
  openSharedFactColumns,
  partitionRows,
  type SharedFactColumns,
  shareFactColumns,
  sliceFactColumns,
} from './facts/column-slices.js';
export {
  type AttributeColumn,
  type BooleanColumn,
  buildFactColumns,
  createFactColumnsBuilder,
  type FactBatch,
  type FactBatchField,
  type FactColumns,
  type FactColumnsBuilder,
  type FactIssue,
  type GroupIndex,
  type NumberColumn,
  type StringColumn,
} from './facts/fact-columns.js';
export { Dictionary } from './facts/growable.js';
export {
  type FactListEntries,
  MeasureContext,
  type MeasureError,
  type MeasureSource,
  type MeasureSubject,
} from './measures/measure-context.js';
export type {
  ChurnFact,
  Credit,
  Fact,
  FactKind,
  IncomingFact,
  ObjectiveFact,
  OpportunityFact,
  OrderFact,
  RenewalFact,
  SurveyFact,
  WalletFact,
} from './model/fact.js';
export { MONEY_FIELDS } from './model/fact.js';
export type {
  Account,
  Assignment,
  Goal,
  OrgSnapshot,
  Participant,
  ParticipantField,
  Team,
  TeamMembership,
} from './model/org.js';
export {
  type DatedRate,
  type FxRates,
  fieldValues,
  type PairRates,
  type RateUsed,
  rateOn,
} from './money/fx.js';
export { divideHalfEven, minorUnitScale } from './money/money.js';
export type {
  ConversionRate,
  LineConversion,
  LineConversionAt,
  PayConversion,
  StatementPay,
} from './money/pay-currency.js';
export { type OrgPartition, partitionOrg } from './partitions/partition-org.js';
export {
  assignedTo,
  compilePlanText,
  mergePartitionRuns,
  type PartitionEvaluation,
  type PartitionRun,
  type PartitionTask,
  type PlanSource,
  runPartitionTask,
} from './partitions/partition-task.js';
export {
  canPartition,
  mergePartitionResults,
  type PartitionedRunInput,
  partitionTasks,
  runPartitioned,
} from './partitions/partitioned-run.js';
export { type DayRange, dayFromParts, formatDay, intersectRanges, parseDay } from './periods/day.js';
export { days30360, type Fraction, proratedShareOfYear } from './periods/day-count.js';
export {
  daysInPeriod,
  formatRange,
  nextPeriod,
  PERIODS_PER_YEAR,
  type Period,
  parsePeriod,
  periodContaining,
  periodOf,
  periodRange,
  priorPeriod,
  samePeriodLastYear,
  windowRange,
  yearToDate,
} from './periods/period.js';
export {
  type CalculateStatementsInput,
  calculateStatements,
  compareStatements,
  earlierPeriodsNeeded,
  runFingerprint,
} from './statements/calculate-statements.js';
export { DRAW_COMPONENT, DRAW_RECOVERY_COMPONENT } from './statements/draws.js';
export { canonicalJson } from './statements/fingerprint.js';
export type {
  ClawedBackPay,
  DrawSummary,
  EngineError,
  HeldDeal,
  HoldSummary,
  LineTransactions,
  PaidEarlier,
  PaidRun,
  PlanVersion,
  Statement,
  StatementLine,
  StatementRun,
  StatementSegment,
} from './statements/statement.js';
export { componentCodeOf, lineCode } from './statements/statement.js';
