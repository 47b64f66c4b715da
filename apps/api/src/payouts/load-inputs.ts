import {
  createFactColumnsBuilder,
  type FactBatch,
  type FactBatchField,
  type FactColumns,
  type FxRates,
  formatDay,
  type IncomingFact,
  type OrgSnapshot,
  type Period,
  type PlanVersion,
} from '@attain/engine';
import { NotFoundError } from '../errors.js';
import type { FactKind } from '../facts/fact-kinds.js';
import type { DecodedBlock } from '../repositories/fact-blocks.js';
import type { Fact, StreamOptions } from '../repositories/facts.js';
import type { Repositories } from '../repositories/index.js';

/**
 * Everything in the organisation, as the engine's snapshot. Assignments of `planId` name the
 * compiled plan, since the engine matches assignments to plans by name. Statistics over teams
 * read other teams' accounts and members (a vertical, named teams, the teams with someone on this
 * plan), so the whole org is loaded, not only the plan's participants.
 */
export async function loadOrgSnapshot(
  repositories: Repositories,
  planId: string,
  planName: string,
): Promise<OrgSnapshot> {
  const [participants, teams, accounts, goals, assignments] = await Promise.all([
    repositories.participants.findAll(),
    repositories.teams.findAll(),
    repositories.accounts.findAll(),
    repositories.goals.findAll(),
    repositories.assignments.findByPlan(planId),
  ]);
  return {
    participants: participants.map(({ attributes: _attributes, ...participant }) => participant),
    teams: teams.map(({ id, name }) => ({ id, name })),
    memberships: teams.flatMap((team) => team.members.map((member) => ({ ...member, teamId: team.id }))),
    accounts,
    goals: goals.map(({ name, ownerId, periodId, value, currency }) => ({
      name,
      ownerId,
      periodId,
      value,
      currency,
    })),
    assignments: assignments.map((assignment) => ({
      participantId: assignment.participantId,
      plan: planName,
      from: assignment.from,
      to: assignment.to,
      annualTargetIncentiveMinor: assignment.annualTargetIncentiveMinor,
    })),
  };
}

/**
 * How far back facts are read for a period: two years covers the prior period, the same period
 * last year and the year to date, also for the earlier periods of the year that the engine
 * computes for running tiers and true-ups; clawback windows reach further back.
 */
const LOOKBACK_DAYS = 2 * 366;

/** The fact kinds and date range the plan versions need for the period. */
export function factRangeFor(versions: readonly PlanVersion[], period: Period) {
  const kinds = new Set<string>();
  let clawbackDays = 0;
  for (const { plan } of versions) {
    for (const kind of Object.keys(plan.requirements.fields)) kinds.add(kind);
    for (const rule of plan.clawbacks) {
      kinds.add(rule.churnKind);
      clawbackDays = Math.max(clawbackDays, rule.withinDays);
    }
    for (const hold of plan.holds ?? []) kinds.add(hold.releaseKind);
  }
  return {
    kinds: [...kinds].sort() as FactKind[],
    from: formatDay(period.start - LOOKBACK_DAYS - clawbackDays),
    to: formatDay(period.end),
  };
}

/** Reads the facts once, in one pass, as the engine's incoming facts (only `options.fields` when given). */
export async function* streamFacts(
  repositories: Repositories,
  range: { kinds: FactKind[]; from: string; to: string },
  options: StreamOptions = {},
): AsyncGenerator<IncomingFact> {
  for await (const fact of repositories.facts.streamMatching(range, options)) yield toIncomingFact(fact);
}

/** Facts read into the engine's columns, and the fact generation they came from. */
export interface LoadedFacts {
  columns: FactColumns;
  /** The fact store generation read (docs/storage.md): the same generation gives the same facts. */
  generation: number;
}

/**
 * Reads the facts of a range straight from their blocks into the engine's columns, with no
 * per-fact object: each block's typed columns are appended as they are. `onRead` is called after
 * each block with the facts read so far (for progress and cancellation).
 */
export async function loadFactColumns(
  repositories: Repositories,
  range: { kinds: FactKind[]; from: string; to: string },
  options: StreamOptions & {
    onRead?: (factsRead: number) => void | Promise<void>;
    /** Read this generation instead of the current one; NotFoundError when it is no longer stored. */
    generation?: number;
    /** Facts that are not stored, added to the columns (a what-if estimate's deals). */
    extraFacts?: readonly IncomingFact[];
  } = {},
): Promise<LoadedFacts> {
  const builder = createFactColumnsBuilder();
  const wanted = options.fields ? new Set(options.fields) : undefined;
  const manifest =
    options.generation === undefined
      ? await repositories.facts.current()
      : await repositories.facts.generation(options.generation);
  if (!manifest) {
    throw new NotFoundError(
      `The facts of generation ${options.generation} are no longer stored: a vacuum removed them (docs/storage.md). Run it again on the current facts.`,
    );
  }
  let read = 0;
  for await (const { block, rows } of repositories.facts.streamBlocks(range, options, manifest)) {
    builder.addBatch(toFactBatch(block, rows, wanted));
    read += rows.length;
    await options.onRead?.(read);
  }
  for (const fact of options.extraFacts ?? []) builder.add(fact);
  return { columns: builder.build(), generation: manifest.generation };
}

/** A decoded block as the engine's batch; attributes only those named in `wanted` (when given). */
function toFactBatch(
  block: DecodedBlock,
  rows: Int32Array,
  wanted: ReadonlySet<string> | undefined,
): FactBatch {
  const fields = new Map<string, FactBatchField>();
  for (const [name, column] of block.fields) {
    fields.set(name, column.type === 'money' ? { type: 'number', values: column.values } : column);
  }
  const attributeDictionary = block.attributeDictionary.map((text) => {
    const attributes = JSON.parse(text) as Record<string, unknown>;
    if (!wanted) return attributes;
    return Object.fromEntries(Object.entries(attributes).filter(([name]) => wanted.has(name)));
  });
  return { ...block, rows, fields, attributeDictionary };
}

/**
 * The fields the plan versions read from facts: what their measures name, and the deal id that
 * clawbacks match payouts by. Base fields (date, account, currency, credits) always come along.
 */
export function factFieldsFor(versions: readonly PlanVersion[]): string[] {
  const fields = new Set<string>();
  for (const { plan } of versions) {
    for (const names of Object.values(plan.requirements.fields)) for (const name of names) fields.add(name);
    if (plan.clawbacks.length > 0 || plan.holds?.length) fields.add('dealId');
  }
  return [...fields].sort();
}

/** The exchange rates as the engine takes them ("EUR/USD" -> a standing rate, or dated rates). */
export async function loadFxRates(repositories: Repositories): Promise<FxRates> {
  return repositories.exchangeRates.fxRates();
}

/** A stored fact as the engine reads it: kind fields and attributes at the top level. */
export function toIncomingFact(fact: Fact): IncomingFact {
  return {
    ...fact.attributes,
    ...fact.values,
    id: fact.id,
    kind: fact.kind,
    date: fact.date,
    accountId: fact.accountId,
    ...(fact.currency ? { currency: fact.currency } : {}),
    credits: fact.credits,
  };
}
