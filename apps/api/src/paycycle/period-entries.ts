import type { Repositories } from '../repositories/index.js';
import type { PayoutEntry } from '../repositories/payout-entries.js';
import type { LedgerLine } from '../repositories/payout-runs.js';

/**
 * The entries that pay in a plan period: manual adjustments and prior-period corrections before
 * the period's seal (all of them while it is open). A correction placed twice by two racing
 * recalculations pays once: only its first slot counts.
 */
export function payingEntries(sequence: readonly PayoutEntry[]): PayoutEntry[] {
  const seal = sequence.findIndex((entry) => entry.kind === 'seal');
  const open = seal === -1 ? sequence : sequence.slice(0, seal);
  const placed = new Set<string>();
  return open.filter((entry) => {
    if (entry.kind === 'manual') return true;
    if (entry.kind !== 'prior-period' || entry.correctionId === null) return false;
    if (placed.has(entry.correctionId)) return false;
    placed.add(entry.correctionId);
    return true;
  });
}

/** The paying entries of a plan period, read from its sequence. */
export async function readPayingEntries(
  repositories: Repositories,
  planId: string,
  periodId: string,
): Promise<PayoutEntry[]> {
  return payingEntries(await repositories.payoutEntries.list(planId, periodId));
}

/** The sum of the entries' lines, optionally for one participant. */
export function entriesTotal(entries: readonly PayoutEntry[], participantId?: string): number {
  let total = 0;
  for (const entry of entries)
    for (const line of entry.lines)
      if (participantId === undefined || line.participantId === participantId) total += line.amountMinor;
  return total;
}

/**
 * The code of a run's line in payroll files and corrections: the component's name, prefixed
 * `clawback:` for a clawback (a clawback's deals are one line there: payroll pays a sum).
 */
export function lineCode(line: Pick<LedgerLine, 'component' | 'kind'>): string {
  return line.kind === 'clawback' ? `clawback:${line.component}` : line.component;
}
