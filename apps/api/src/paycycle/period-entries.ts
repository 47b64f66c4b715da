import { lineCode as componentLineCode } from '@attain/engine';
import type { Repositories } from '../repositories/index.js';
import type { PayoutEntry } from '../repositories/payout-entries.js';
import type { LedgerLine } from '../repositories/payout-runs.js';

/**
 * The entries that pay in a plan period: manual adjustments and prior-period corrections before
 * the period's seal (all of them while it is open). A correction placed twice by two racing
 * recalculations pays once: only its first slot counts. An adjustment entered to resolve a
 * dispute pays only if it is the one the dispute's resolution names (`resolving`): of two admins
 * resolving at once, one resolution stands, and only its adjustment pays.
 */
export function payingEntries(
  sequence: readonly PayoutEntry[],
  resolving: ReadonlySet<string>,
): PayoutEntry[] {
  const seal = sequence.findIndex((entry) => entry.kind === 'seal');
  const open = seal === -1 ? sequence : sequence.slice(0, seal);
  const placed = new Set<string>();
  return open.filter((entry) => {
    if (entry.kind === 'manual') return entry.disputeId === null || resolving.has(entry.id);
    if (entry.kind !== 'prior-period' || entry.correctionId === null) return false;
    if (placed.has(entry.correctionId)) return false;
    placed.add(entry.correctionId);
    return true;
  });
}

/** The ids of the entries among these that their disputes' resolutions name. */
export async function resolvingEntryIds(
  repositories: Repositories,
  sequence: readonly PayoutEntry[],
): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const entry of sequence) {
    if (entry.disputeId === null) continue;
    const resolution = await repositories.payoutDisputes.resolution(entry.disputeId);
    if (resolution?.entryId === entry.id) ids.add(entry.id);
  }
  return ids;
}

/**
 * The paying entries of the sealed part of a sequence, for the approval that seals it. A
 * dispute's adjustment before the seal whose resolution is not written yet (the admin resolving
 * it is between the two writes, or stopped there) gets its resolution written here, naming it,
 * as the admin would have: the resolution's unique `_id` decides, so the dispute is shown
 * resolved exactly when its adjustment is inside the approval, and a resolution that got there
 * first (a rejection, another admin's adjustment) stands and this adjustment never pays.
 */
export async function claimPayingEntries(
  repositories: Repositories,
  sealed: readonly PayoutEntry[],
): Promise<PayoutEntry[]> {
  const ids = new Set<string>();
  for (const entry of sealed) {
    if (entry.kind !== 'manual' || entry.disputeId === null) continue;
    const resolution =
      (await repositories.payoutDisputes.resolution(entry.disputeId)) ??
      (
        await repositories.payoutDisputes.resolve({
          disputeId: entry.disputeId,
          kind: 'adjusted',
          message: entry.reason,
          entryId: entry.id,
          by: entry.createdBy,
        })
      ).resolution;
    if (resolution.entryId === entry.id) ids.add(entry.id);
  }
  return payingEntries(sealed, ids);
}

/** The paying entries of a sequence (payingEntries), with the disputes' resolutions read. */
export async function payingEntriesOf(
  repositories: Repositories,
  sequence: readonly PayoutEntry[],
): Promise<PayoutEntry[]> {
  return payingEntries(sequence, await resolvingEntryIds(repositories, sequence));
}

/**
 * The adjustments of a plan period: for an approved period exactly those its approval includes,
 * else the entries that pay so far.
 */
export async function readPayingEntries(
  repositories: Repositories,
  planId: string,
  periodId: string,
): Promise<PayoutEntry[]> {
  const sequence = await repositories.payoutEntries.list(planId, periodId);
  const approval = await repositories.payoutApprovals.findForReading(planId, periodId);
  if (!approval) return payingEntriesOf(repositories, sequence);
  const included = new Set(approval.entryIds);
  return sequence.filter((entry) => included.has(entry.id));
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
 * The code of a run's line in payroll files and corrections: the component's code (its name
 * when the plan gives none, and on ledgers stored before codes), prefixed
 * `clawback:` for a clawback (a clawback's deals are one line there: payroll pays a sum); a
 * draw's lines are `draw:top-up` and `draw:recovery`, apart from any component's name; a held
 * component's are `hold:<component>` and `release:<component>`.
 */
export function lineCode(line: Pick<LedgerLine, 'component' | 'componentCode' | 'kind'>): string {
  if (line.kind === 'draw') return 'draw:top-up';
  if (line.kind === 'draw-recovery') return 'draw:recovery';
  const component = componentLineCode(line);
  if (line.kind === 'hold' || line.kind === 'release') return `${line.kind}:${component}`;
  return line.kind === 'clawback' ? `clawback:${component}` : component;
}
