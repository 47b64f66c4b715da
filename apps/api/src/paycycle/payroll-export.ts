import { createHash } from 'node:crypto';
import { formatMinor } from '@attain/rules';
import { NotFoundError } from '../errors.js';
import type { Repositories } from '../repositories/index.js';
import type { PayoutApproval } from '../repositories/payout-approvals.js';
import type { PayrollExport, PayrollFormat } from '../repositories/payroll-exports.js';
import { RunNotReadyError } from './errors.js';
import { lineCode } from './period-entries.js';
import { completedApproval } from './sealed-approval.js';

/** One payment row: what one participant is paid in one currency for the approved period. */
export interface PayrollRow {
  runId: string;
  periodId: string;
  participantExternalId: string;
  payCurrency: string;
  amountMinor: number;
  /** The same in the plan's currency (the approval's), for the reconciliation; not in the files. */
  planAmountMinor: number;
  /** The codes of the lines that make the amount, sorted, each once. */
  lineCodes: string[];
}

/** One file of an export: the rows of one pay currency. */
export interface PayrollFile {
  currency: string;
  format: PayrollFormat;
  content: string;
  checksum: string;
  rowCount: number;
  totalMinor: number;
}

/** The CSV columns, in order (docs/api-paycycle.md, "Payroll files"). */
export const CSV_COLUMNS = [
  'run_id',
  'period',
  'participant_external_id',
  'pay_currency',
  'amount_minor',
  'amount_formatted',
  'line_codes',
] as const;

/**
 * The rows of an approved run: per participant and currency, the run's statement lines plus the
 * adjustments the approval includes, by participant id. Every participant of the run has a row,
 * 0 included, so the file lists everyone payroll may expect.
 */
export async function payrollRows(
  repositories: Repositories,
  approval: PayoutApproval,
): Promise<PayrollRow[]> {
  const [run] = await repositories.payoutRuns.findByIds([approval.runId]);
  if (!run) throw new Error(`The approved run ${approval.runId} is missing.`);
  const rows = new Map<
    string,
    {
      amountMinor: number;
      planAmountMinor: number;
      codes: Set<string>;
      participantId: string;
      currency: string;
    }
  >();
  const row = (participantId: string, currency: string) => {
    const key = `${participantId}\u0000${currency}`;
    let found = rows.get(key);
    if (!found) {
      found = { amountMinor: 0, planAmountMinor: 0, codes: new Set(), participantId, currency };
      rows.set(key, found);
    }
    return found;
  };
  for (const statement of await repositories.payoutRuns.readLedger(run)) {
    // Lines converted into the participant's pay currency are paid in it (docs/api-paycycle.md).
    const currency = statement.lines.find((line) => line.pay)?.pay?.currency ?? approval.currency;
    const target = row(statement.participantId, currency);
    for (const line of statement.lines) {
      target.amountMinor += line.pay?.amountMinor ?? line.amountMinor;
      target.planAmountMinor += line.amountMinor;
      target.codes.add(lineCode(line));
    }
  }
  const sequence = await repositories.payoutEntries.list(approval.planId, approval.periodId);
  const entries = approval.entryIds.map((id) => sequence.find((entry) => entry.id === id)!);
  for (const entry of entries) {
    for (const line of entry.lines) {
      // Converted when entered for someone paid in another currency (payouts/adjustment-pay.ts).
      const target = row(line.participantId, line.pay?.currency ?? entry.currency ?? approval.currency);
      target.amountMinor += line.pay?.amountMinor ?? line.amountMinor;
      target.planAmountMinor += line.amountMinor;
      target.codes.add(
        line.correctsPeriodId ? `prior-period:${line.correctsPeriodId}:${line.code}` : line.code,
      );
    }
  }
  return [...rows.values()]
    .sort((a, b) =>
      a.currency !== b.currency
        ? a.currency < b.currency
          ? -1
          : 1
        : a.participantId < b.participantId
          ? -1
          : 1,
    )
    .map((r) => ({
      runId: run.id,
      periodId: run.periodId,
      participantExternalId: r.participantId,
      payCurrency: r.currency,
      amountMinor: r.amountMinor,
      planAmountMinor: r.planAmountMinor,
      lineCodes: [...r.codes].sort(),
    }));
}

/** A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180). */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** The file of one currency's rows; the same rows always give the same bytes. */
export function renderPayrollFile(
  rows: readonly PayrollRow[],
  currency: string,
  format: PayrollFormat,
): PayrollFile {
  const mine = rows.filter((row) => row.payCurrency === currency);
  const lines =
    format === 'csv'
      ? [
          CSV_COLUMNS.join(','),
          ...mine.map((row) =>
            [
              row.runId,
              row.periodId,
              row.participantExternalId,
              row.payCurrency,
              String(row.amountMinor),
              formatMinor(row.amountMinor, row.payCurrency),
              row.lineCodes.join(';'),
            ]
              .map(csvField)
              .join(','),
          ),
        ]
      : mine.map((row) =>
          JSON.stringify({
            runId: row.runId,
            period: row.periodId,
            participantExternalId: row.participantExternalId,
            payCurrency: row.payCurrency,
            amountMinor: row.amountMinor,
            amountFormatted: formatMinor(row.amountMinor, row.payCurrency),
            lineCodes: row.lineCodes,
          }),
        );
  // CSV lines end in CRLF as RFC 4180 says; NDJSON in LF. Both end with a line end.
  const content = lines.map((line) => `${line}${format === 'csv' ? '\r\n' : '\n'}`).join('');
  return {
    currency,
    format,
    content,
    checksum: createHash('sha256').update(content, 'utf8').digest('hex'),
    rowCount: mine.length,
    totalMinor: mine.reduce((sum, row) => sum + row.amountMinor, 0),
  };
}

/**
 * Exports an approved run for payroll, one file per pay currency. The first export marks the run
 * exported (a record under `<runId>/<format>`, written once); exporting again builds the same
 * files from the same immutable data, checks them against the record's checksums and marks
 * nothing. The files' totals add up to the approval's total, to the cent, or the export fails.
 */
export async function exportPayroll(
  repositories: Repositories,
  request: { runId: string; format: PayrollFormat; exportedBy: string | null },
): Promise<{ files: PayrollFile[]; record: PayrollExport; first: boolean; approval: PayoutApproval }> {
  const [run] = await repositories.payoutRuns.findByIds([request.runId]);
  if (!run) throw new NotFoundError('No payout run has this id; list them with the payoutRuns query.');
  const approval = await completedApproval(repositories, run.planId, run.periodId);
  if (approval?.runId !== run.id) {
    throw new RunNotReadyError('Only an approved run can be exported; approve it first (approvePayoutRun).');
  }
  const rows = await payrollRows(repositories, approval);
  const currencies = [...new Set([approval.currency, ...rows.map((row) => row.payCurrency)])].sort();
  const files = currencies.map((currency) => renderPayrollFile(rows, currency, request.format));
  // In the plan's currency the rows add up to the approval; in each pay currency a file's total
  // is the sum of its rows, each the sum of the participant's converted lines.
  const exported = rows.reduce((sum, row) => sum + row.planAmountMinor, 0);
  if (exported !== approval.totalMinor) {
    throw new Error(`Payroll files total ${exported} minor units, the approval ${approval.totalMinor}.`);
  }
  const { record, first } = await repositories.payrollExports.recordFirst({
    runId: run.id,
    format: request.format,
    exportedBy: request.exportedBy,
    exportedAt: new Date(),
    files: files.map(({ currency, checksum, rowCount, totalMinor }) => ({
      currency,
      checksum,
      rowCount,
      totalMinor,
    })),
  });
  for (const file of files) {
    const recorded = record.files.find((f) => f.currency === file.currency);
    if (recorded?.checksum !== file.checksum) {
      throw new Error(`The ${file.currency} file of run ${run.id} differs from its first export.`);
    }
  }
  return { files, record, first, approval };
}
