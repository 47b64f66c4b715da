/**
 * The report of held pay: every deal a plan's current runs still hold at the end of a period,
 * read from the runs' ledgers (hold and release lines name their deals), so it shows what the
 * stored runs held, not a recomputation.
 */
import { earlierPeriodsNeeded } from '@attain/engine';
import { InvalidInputError, NotFoundError, quoted } from '../errors.js';
import { compileVersions } from '../plans/compile-versions.js';
import { parsePlanPeriod } from '../plans/periods.js';
import type { Repositories } from '../repositories/index.js';

/** One deal's pay still held: who, which component, since when, how much. */
export interface HeldPayout {
  participantId: string;
  component: string;
  dealId: string;
  /** The period that earned and held it. */
  heldInPeriodId: string;
  amountMinor: number;
  currency: string;
}

/**
 * The deals still held at the end of `periodId`: what the current runs of that period and of the
 * earlier ones a calculation reads (two years) held and did not release, each statement's deals
 * still held (`holds` of its ledger) carrying those held longer. Refuses a plan
 * that does not exist, a period of another kind and a period never calculated.
 */
export async function heldPayouts(
  repositories: Repositories,
  planId: string,
  periodId: string,
): Promise<HeldPayout[]> {
  const plan = await repositories.plans.findById(planId);
  if (!plan) throw new NotFoundError(`No plan has the id ${quoted(planId)}.`);
  const versions = compileVersions(
    plan,
    await repositories.plans.findVersions(plan.id),
    repositories.compiledPlans,
  );
  if (versions.length === 0) return [];
  const period = parsePlanPeriod(periodId, versions[0]!.plan.period, 'period', `plan "${plan.name}"`);
  const periodIds = [...earlierPeriodsNeeded(versions, period).map((p) => p.id), period.id];
  const current = await repositories.payoutRuns.findCurrent(plan.id, periodIds);
  if (!current.has(period.id)) {
    throw new InvalidInputError(
      'period',
      `${period.id} of plan "${plan.name}" has not been calculated: calculate it, then ask again.`,
    );
  }
  const held = new Map<string, HeldPayout>();
  const keyOf = (participantId: string, component: string, dealId: string) =>
    `${participantId}\u0000${component}\u0000${dealId}`;
  for (const id of periodIds) {
    const run = current.get(id);
    if (!run) continue;
    for (const statement of await repositories.payoutRuns.readLedger(run)) {
      if (statement.holds) {
        // What the statement still held after its period, deals held years ago included: the
        // participant's held deals start again from it.
        for (const [key, deal] of held) if (deal.participantId === statement.participantId) held.delete(key);
        for (const deal of statement.holds.outstanding) {
          held.set(keyOf(statement.participantId, deal.component, deal.dealId), {
            participantId: statement.participantId,
            component: deal.component,
            dealId: deal.dealId,
            heldInPeriodId: deal.periodId,
            amountMinor: deal.amountMinor,
            currency: run.currency ?? '',
          });
        }
        continue;
      }
      for (const line of statement.lines) {
        if ((line.kind !== 'hold' && line.kind !== 'release') || !line.transactions) continue;
        line.transactions.factIds.forEach((dealId, i) => {
          const key = keyOf(statement.participantId, line.component, dealId);
          if (line.kind === 'release') held.delete(key);
          else
            held.set(key, {
              participantId: statement.participantId,
              component: line.component,
              dealId,
              heldInPeriodId: id,
              amountMinor: line.transactions?.valuesMinor[i] ?? 0,
              currency: run.currency ?? '',
            });
        });
      }
    }
  }
  return [...held.values()];
}
