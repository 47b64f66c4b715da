import type { Context } from '../context.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import { addManualAdjustment } from '../paycycle/adjustments.js';
import { approveRun } from '../paycycle/approve-run.js';
import {
  AlreadyApprovedError,
  PeriodLockedError,
  RunNotReadyError,
  SameKeyApprovalError,
  StaleRunError,
} from '../paycycle/errors.js';
import { exportPayroll, type PayrollFile } from '../paycycle/payroll-export.js';
import { readPayingEntries } from '../paycycle/period-entries.js';
import { type Staleness, stalenessOf } from '../paycycle/stale-runs.js';
import type { PayoutApproval } from '../repositories/payout-approvals.js';
import type { PayoutEntry, PayoutEntryLine } from '../repositories/payout-entries.js';
import type { PayoutRun, StoredStatement } from '../repositories/payout-runs.js';
import { PAYROLL_FORMATS, type PayrollExport, type PayrollFormat } from '../repositories/payroll-exports.js';
import { audited } from './audit.js';
import { builder, READERS, readersOrSelf } from './builder.js';
import { ErrorInterface } from './errors.js';
import { idOfType } from './global-ids.js';
import { MoneyRef, PayoutRunRef, StatementRef } from './payouts.js';
import { MinorUnitsScalar } from './scalars.js';

/** One line of an entry, with what a statement shows beside it. */
export interface AdjustmentLine extends PayoutEntryLine {
  entry: PayoutEntry;
}

const AdjustmentKindEnum = builder.enumType('PayoutAdjustmentKind', {
  description:
    'manual: a one-off line an admin entered; prior_period: the difference a recalculation of an approved earlier period made, paid in this one.',
  values: {
    manual: { value: 'manual', description: 'A one-off line an admin entered, with a reason.' },
    prior_period: { value: 'prior-period', description: 'A correction of an approved earlier period.' },
  } as const,
});

export const AdjustmentRef = builder.objectRef<AdjustmentLine>('PayoutAdjustment').implement({
  description:
    "One adjustment line of a participant in a plan period, outside the run's calculated lines: a manual adjustment or a prior-period correction. Never changes once entered.",
  authScopes: (line) => readersOrSelf(line.participantId),
  fields: (t) => ({
    entryId: t.string({
      description: 'The id of the entry the line belongs to (`<planId>/<period>/<slot>`).',
      resolve: (line) => line.entry.id,
    }),
    kind: t.field({
      type: AdjustmentKindEnum,
      description: 'Manual or prior-period.',
      resolve: (line) => line.entry.kind as 'manual' | 'prior-period',
    }),
    participantId: t.exposeString('participantId', { description: "The participant's external id." }),
    period: t.string({
      description: 'The period that pays the line, e.g. "2025-Q2".',
      resolve: (l) => l.entry.periodId,
    }),
    code: t.exposeString('code', {
      description:
        "The line code: 'adjustment' for a manual line, the corrected component's name for a correction.",
    }),
    amount: t.field({
      type: MoneyRef,
      description: 'Signed: negative pays less. In the currency of the plan.',
      resolve: (line) => ({ minor: line.amountMinor, currency: line.entry.currency ?? '' }),
    }),
    correctsPeriod: t.string({
      nullable: true,
      description: 'For a prior-period correction: the approved period it corrects; null for a manual line.',
      resolve: (line) => line.correctsPeriodId,
    }),
    reason: t.string({
      description: "The admin's reason, or for a correction the sentence that says what it corrects.",
      resolve: (line) => line.entry.reason,
    }),
    enteredAt: t.string({
      description: 'ISO timestamp.',
      resolve: (line) => line.entry.createdAt.toISOString(),
    }),
  }),
});

export function linesOf(entries: readonly PayoutEntry[], participantId?: string): AdjustmentLine[] {
  return entries.flatMap((entry) =>
    entry.lines
      .filter((line) => participantId === undefined || line.participantId === participantId)
      .map((line) => ({ ...line, entry })),
  );
}

/** The adjustment lines a statement shows: the approval's for an approved period, else the period's so far. */
async function statementAdjustments(context: Context, statement: StoredStatement): Promise<AdjustmentLine[]> {
  const entries = await readPayingEntries(context.repositories, statement.planId, statement.periodId);
  return linesOf(entries, statement.participantId);
}

const ApprovalRef = builder.objectRef<PayoutApproval>('PayoutApproval').implement({
  description:
    'The approval of a payout run: it locks the plan period. It includes the adjustments entered before it; it never changes.',
  authScopes: READERS,
  fields: (t) => ({
    run: t.field({
      type: PayoutRunRef,
      nullable: true,
      description: 'The approved run; null only if this key may not read runs.',
      resolve: (approval) => approval.runId,
    }),
    period: t.exposeString('periodId', { description: 'e.g. "2025-Q1".' }),
    calculatedBy: t.exposeString('calculatedBy', {
      nullable: true,
      description:
        'The id of the API key that calculated the run; null for runs calculated without a key (the demo).',
    }),
    approvedBy: t.exposeString('approvedBy', { description: 'The id of the admin key that approved.' }),
    calculatedByOwner: t.exposeString('calculatedByOwner', {
      nullable: true,
      description:
        'Who holds the key that calculated the run (ApiKey.owner); null when that key has no owner, the run was calculated without a key, or the approval predates owners.',
    }),
    approvedByOwner: t.exposeString('approvedByOwner', {
      nullable: true,
      description:
        'Who holds the approving key (ApiKey.owner); null when it has no owner or the approval predates owners.',
    }),
    approvedAt: t.string({
      description: 'ISO timestamp.',
      resolve: (approval) => approval.approvedAt.toISOString(),
    }),
    selfApproved: t.exposeBoolean('selfApproved', {
      description:
        'True when the calculating key, or another key of the same owner, approved: only with ATTAIN_ALLOW_SELF_APPROVAL=1.',
    }),
    runTotal: t.field({
      type: MoneyRef,
      description: "The sum of the run's statements.",
      resolve: (a) => ({ minor: a.runTotalMinor, currency: a.currency }),
    }),
    adjustmentsTotal: t.field({
      type: MoneyRef,
      description: 'The sum of the adjustments included.',
      resolve: (a) => ({ minor: a.entriesTotalMinor, currency: a.currency }),
    }),
    total: t.field({
      type: MoneyRef,
      description: 'runTotal + adjustmentsTotal: what the period pays, and what its payroll files add up to.',
      resolve: (a) => ({ minor: a.totalMinor, currency: a.currency }),
    }),
    adjustments: t.field({
      type: [AdjustmentRef],
      description: 'The adjustment lines included, in the order they were entered.',
      resolve: async (approval, _args, context) => {
        const sequence = await context.repositories.payoutEntries.list(approval.planId, approval.periodId);
        const included = new Set(approval.entryIds);
        return linesOf(sequence.filter((entry) => included.has(entry.id)));
      },
    }),
  }),
});

const RunStageEnum = builder.enumType('PayoutRunStage', {
  description:
    'calculated: complete, not approved; approved: its approval locks the period; exported: approved and handed to payroll; recalculated: its period was approved with another run, so its differences are prior-period adjustments of a later period.',
  values: {
    calculated: { description: 'Complete, not approved.' },
    approved: { description: 'Approved: its period is locked.' },
    exported: { description: 'Approved and exported for payroll.' },
    recalculated: { description: 'Its period was approved with another run.' },
  } as const,
});

async function stageOf(run: PayoutRun, _args: unknown, context: Context) {
  if (run.status !== 'complete') return null;
  const approval = await context.repositories.payoutApprovals.findForReading(run.planId, run.periodId);
  if (!approval) return 'calculated' as const;
  if (approval.runId !== run.id) return 'recalculated' as const;
  for (const format of PAYROLL_FORMATS) {
    if (await context.repositories.payrollExports.find(run.id, format)) return 'exported' as const;
  }
  return 'approved' as const;
}

const StalenessRef = builder.objectRef<Staleness>('PayoutRunStaleness').implement({
  description:
    'Why a run is stale: an earlier period it read (paid to date, draw balance, holds, clawbacks) was calculated again after it.',
  authScopes: READERS,
  fields: (t) => ({
    period: t.exposeString('periodId', {
      description: 'The earlier period calculated again, e.g. "2025-01".',
    }),
    readRun: t.field({
      type: PayoutRunRef,
      description: "The run of that period this run read: no longer that period's current run.",
      resolve: (staleness) => staleness.readRunId,
    }),
    currentRun: t.field({
      type: PayoutRunRef,
      description: "That period's current run now, which calculating this period again reads.",
      resolve: (staleness) => staleness.currentRunId,
    }),
    message: t.exposeString('message', { description: 'What changed and what to do, for a person.' }),
  }),
});

/** A run's staleness, null for an approved run: its period is locked and later changes come as corrections. */
async function runStaleness(run: PayoutRun, context: Context): Promise<Staleness | null> {
  if ((await stageOf(run, null, context)) !== 'calculated') return null;
  return stalenessOf(context.repositories, run);
}

builder.objectType(StaleRunError, {
  name: 'StaleRunError',
  description:
    'The run read an earlier period that was calculated again after it, so its draw balance, holds or paid to date are out of date (code STALE_RUN): calculate its period again and approve that run.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof StaleRunError,
  fields: (t) => ({
    period: t.exposeString('periodId', {
      description: 'The earlier period calculated again, e.g. "2025-01".',
    }),
  }),
});

builder.objectFields(PayoutRunRef, (t) => ({
  stale: t.boolean({
    description:
      "True when an earlier period this run read (paid to date, draw balance, holds, clawbacks) was calculated again after it: approving it is refused with STALE_RUN until its period is calculated again. False for an approved run, for a run that read no earlier period's run, and for runs stored before the runs they read were recorded.",
    resolve: async (run, _args, context) => (await runStaleness(run, context)) !== null,
  }),
  staleness: t.field({
    type: StalenessRef,
    nullable: true,
    description: 'Which earlier period was calculated again and what to do; null unless `stale`.',
    resolve: (run, _args, context) => runStaleness(run, context),
  }),
  stage: t.field({
    type: RunStageEnum,
    nullable: true,
    description: 'Where the run is in calculated -> approved -> exported; null until it is complete.',
    resolve: stageOf,
  }),
  approval: t.field({
    type: ApprovalRef,
    nullable: true,
    description: 'The approval of this run; null unless this run is the approved one of its period.',
    resolve: async (run, _args, context) => {
      const approval = await context.repositories.payoutApprovals.findForReading(run.planId, run.periodId);
      return approval?.runId === run.id ? approval : null;
    },
  }),
}));

builder.objectFields(StatementRef, (t) => ({
  stale: t.boolean({
    description:
      "True when the run of this statement is stale (PayoutRun.stale): an earlier period it read was calculated again after it, so its draw balance, holds and paid to date may be out of date until the period is calculated again. False for an approved period's statement.",
    resolve: async (statement, _args, context) => {
      const [run] = await context.repositories.payoutRuns.findByIds([statement.runId]);
      return run ? (await runStaleness(run, context)) !== null : false;
    },
  }),
  adjustmentLines: t.field({
    type: [AdjustmentRef],
    description:
      "Manual adjustments and prior-period corrections of this participant in this plan period, in the order entered: for an approved period exactly those its approval includes. Not part of `total`, which is the run's lines.",
    resolve: (statement, _args, context) => statementAdjustments(context, statement),
  }),
  totalPayable: t.field({
    type: MoneyRef,
    description: '`total` plus the adjustment lines: what this statement pays.',
    resolve: async (statement, _args, context) => {
      const lines = await statementAdjustments(context, statement);
      const minor = lines.reduce((sum, line) => sum + line.amountMinor, statement.totalMinor);
      return { minor, currency: statement.currency };
    },
  }),
}));

builder.objectType(SameKeyApprovalError, {
  name: 'SameKeyApprovalError',
  description:
    'The key that calculated the run, or another key of the same owner, may not approve it (code SAME_KEY_APPROVAL).',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof SameKeyApprovalError,
  fields: () => ({}),
});

builder.objectType(PeriodLockedError, {
  name: 'PeriodLockedError',
  description: 'The plan period is approved and locked (code PERIOD_LOCKED).',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof PeriodLockedError,
  fields: (t) => ({
    period: t.exposeString('periodId', { description: 'The locked period, e.g. "2025-Q1".' }),
  }),
});

builder.objectType(RunNotReadyError, {
  name: 'RunNotReadyError',
  description: 'The run cannot take this step (code RUN_NOT_READY); the message says why and what to do.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof RunNotReadyError,
  fields: () => ({}),
});

builder.objectType(AlreadyApprovedError, {
  name: 'AlreadyApprovedError',
  description: 'The plan period has an approval already (code ALREADY_APPROVED).',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof AlreadyApprovedError,
  fields: (t) => ({
    approvedRunId: t.exposeString('runId', {
      description: 'The id (not global) of the run that is approved.',
    }),
  }),
});

function runIdOf(globalId: string): string {
  const id = idOfType(globalId, 'PayoutRun');
  if (id === null) throw new NotFoundError('No payout run has this id; list them with the payoutRuns query.');
  return id;
}

builder.mutationField('approvePayoutRun', (t) =>
  t.field({
    type: ApprovalRef,
    description:
      'Approves a complete run, the current one of its period, with the adjustments entered so far: the plan period is locked from then on. The approving admin key must belong to another person than the key that calculated the run: neither that key nor another with the same owner (four eyes), unless ATTAIN_ALLOW_SELF_APPROVAL=1. A run whose earlier periods were calculated again after it is refused with STALE_RUN. Of concurrent approvals one wins; the others get ALREADY_APPROVED (admin).',
    authScopes: { admin: true },
    errors: {
      types: [NotFoundError, RunNotReadyError, SameKeyApprovalError, AlreadyApprovedError, StaleRunError],
    },
    args: { runId: t.arg.id({ description: 'The payout run (its global id).' }) },
    resolve: audited(async (_root, args, context) =>
      approveRun(context.repositories, { runId: runIdOf(args.runId), approvedBy: context.apiKey!.id }),
    ),
  }),
);

builder.mutationField('addPayoutAdjustment', (t) =>
  t.field({
    type: AdjustmentRef,
    description:
      "Enters a one-off line, positive or negative, for a participant in an open plan period, with a reason. It shows on the participant's statement (adjustmentLines) and is inside the period's approval. An approved period refuses it with PERIOD_LOCKED (admin).",
    authScopes: { admin: true },
    errors: { types: [NotFoundError, InvalidInputError, PeriodLockedError] },
    args: {
      planId: t.arg.string({ description: 'The plan whose statement carries the line.' }),
      period: t.arg.string({ description: "A period of the plan's kind, e.g. '2025-Q2'." }),
      participantId: t.arg.string({ description: "The participant's external id." }),
      amountMinorUnits: t.arg({
        type: MinorUnitsScalar,
        description: "Signed minor units of the plan's currency (cents): -5000 takes 50.00 off. Never 0.",
      }),
      reason: t.arg.string({
        description: 'Why, for the participant and the auditor; required, at most 500 characters.',
      }),
    },
    resolve: audited(async (_root, args, context) => {
      const entry = await addManualAdjustment(context.repositories, {
        planId: args.planId,
        periodId: args.period,
        participantId: args.participantId,
        amountMinor: args.amountMinorUnits,
        reason: args.reason,
        createdBy: context.apiKey?.id ?? null,
      });
      return { ...entry.lines[0]!, entry };
    }),
  }),
);

builder.queryField('payoutAdjustments', (t) =>
  t.field({
    type: [AdjustmentRef],
    description:
      'The adjustment lines that pay in a plan period, in the order entered: manual ones and prior-period corrections; for an approved period those its approval includes (readers).',
    authScopes: READERS,
    args: {
      planId: t.arg.string({ description: 'The plan.' }),
      period: t.arg.string({ description: "e.g. '2025-Q2'." }),
    },
    resolve: async (_root, args, context) =>
      linesOf(await readPayingEntries(context.repositories, args.planId, args.period)),
  }),
);

const PayrollFormatEnum = builder.enumType('PayrollFormat', {
  description: 'csv: RFC 4180, a header row, CRLF line ends; ndjson: one JSON object a line, LF line ends.',
  values: {
    csv: { description: 'RFC 4180 CSV with a header row.' },
    ndjson: { description: 'One JSON object a line.' },
  } as const,
});

const PayrollFileRef = builder.objectRef<PayrollFile>('PayrollFile').implement({
  description: 'The payments of one pay currency as one file (layout in docs/api-paycycle.md).',
  authScopes: { admin: true },
  fields: (t) => ({
    currency: t.exposeString('currency', { description: 'The pay currency of every row, ISO 4217.' }),
    format: t.field({
      type: PayrollFormatEnum,
      description: 'The format of content.',
      resolve: (file) => file.format,
    }),
    content: t.exposeString('content', { description: 'The file, UTF-8 text.' }),
    checksum: t.exposeString('checksum', {
      description: "sha256 of the content's UTF-8 bytes, lowercase hex.",
    }),
    rowCount: t.exposeInt('rowCount', { description: 'Payment rows, the header not counted.' }),
    total: t.field({
      type: MoneyRef,
      description: "The sum of the rows' amounts.",
      resolve: (file) => ({ minor: file.totalMinor, currency: file.currency }),
    }),
  }),
});

const PayrollExportRef = builder
  .objectRef<{ files: PayrollFile[]; record: PayrollExport; first: boolean; approval: PayoutApproval }>(
    'PayrollExport',
  )
  .implement({
    description:
      "An approved run's payments for payroll, one file per pay currency. The files add up to the approval's total to the cent; exporting again gives the same bytes.",
    authScopes: { admin: true },
    fields: (t) => ({
      files: t.field({
        type: [PayrollFileRef],
        description: 'One file per pay currency, by currency.',
        resolve: (e) => e.files,
      }),
      total: t.field({
        type: MoneyRef,
        description: "The approval's total, which the files' totals add up to.",
        resolve: (e) => ({ minor: e.approval.totalMinor, currency: e.approval.currency }),
      }),
      firstExport: t.boolean({
        description:
          'True when this call marked the run exported; false when it had been exported in this format before.',
        resolve: (e) => e.first,
      }),
      exportedAt: t.string({
        description: 'ISO timestamp of the first export in this format.',
        resolve: (e) => e.record.exportedAt.toISOString(),
      }),
      exportedBy: t.string({
        nullable: true,
        description: 'The id of the key that exported first; null when it had none.',
        resolve: (e) => e.record.exportedBy,
      }),
    }),
  });

builder.mutationField('exportPayroll', (t) =>
  t.field({
    type: PayrollExportRef,
    description:
      'Exports an approved run for payroll as CSV or NDJSON, one file per pay currency, with checksums and totals. The first export marks the run exported; another gives the same files and marks nothing (admin).',
    authScopes: { admin: true },
    errors: { types: [NotFoundError, RunNotReadyError] },
    args: {
      runId: t.arg.id({ description: 'The approved payout run (its global id).' }),
      format: t.arg({ type: PayrollFormatEnum, description: 'csv or ndjson.' }),
    },
    resolve: audited(async (_root, args, context) =>
      exportPayroll(context.repositories, {
        runId: runIdOf(args.runId),
        format: args.format as PayrollFormat,
        exportedBy: context.apiKey?.id ?? null,
      }),
    ),
  }),
);
