import type { UpsertCounts } from '../db/upsert-by-id.js';
import type { Repositories } from '../repositories/index.js';
import type { ImportRecordError, RecordChecker, RecordReference, ReferenceTarget } from './record-checker.js';

/** A record that passed its own checks, with its position in the batch. */
export interface Checked<T> {
  index: number;
  value: T;
}

/** How one kind of record is read, checked against stored data, and written. */
export interface Importer<T extends { id: string }> {
  /** Plural noun for messages: "participants". */
  noun: string;
  /** Every field a record may have, for unknown-field errors. */
  fields: readonly string[];
  /**
   * Reads one record; returns undefined when it reported errors. Every id it refers to is noted
   * with `record.refersTo`, whatever else is wrong with the record.
   */
  check(record: RecordChecker): T | undefined;
  /** Fills in what depends on stored data once every reference is known to exist (a goal's owner kind). */
  settle?(records: readonly Checked<T>[], repositories: Repositories): Promise<void>;
  write(
    repositories: Repositories,
    records: readonly T[],
    onProgress?: (written: number, total: number) => void,
  ): Promise<UpsertCounts>;
}

const WHAT: Record<Exclude<ReferenceTarget, 'owner'>, { noun: string; importFirst: string }> = {
  participant: { noun: 'participant', importFirst: 'importParticipants' },
  team: { noun: 'team', importFirst: 'importTeams' },
  account: { noun: 'account', importFirst: 'importAccounts' },
  plan: { noun: 'plan', importFirst: 'createPlan' },
};

/**
 * Reports every reference, of every record of the batch, to a record that is not stored: one
 * query per collection. A goal's owner must be a participant or a team, and not both.
 */
export async function checkReferences(
  references: readonly RecordReference[],
  repositories: Repositories,
  errors: ImportRecordError[],
): Promise<void> {
  // One pass over the references (a fact import has two or three a record): ids by target.
  const idsByTarget = new Map<ReferenceTarget, Set<string>>();
  for (const reference of references) {
    let ids = idsByTarget.get(reference.target);
    if (!ids) {
      ids = new Set();
      idsByTarget.set(reference.target, ids);
    }
    ids.add(reference.id);
  }
  const lookup = async (
    targets: readonly ReferenceTarget[],
    find: (ids: string[]) => Promise<Set<string>>,
  ) => {
    const wanted = new Set(targets.flatMap((target) => [...(idsByTarget.get(target) ?? [])]));
    return wanted.size === 0 ? new Set<string>() : find([...wanted]);
  };
  const [participants, teams, accounts, plans] = await Promise.all([
    lookup(['participant', 'owner'], (list) => repositories.participants.existingIds(list)),
    lookup(['team', 'owner'], (list) => repositories.teams.existingIds(list)),
    lookup(['account'], (list) => repositories.accounts.existingIds(list)),
    lookup(['plan'], (list) => repositories.plans.existingIds(list)),
  ]);
  const stored = { participant: participants, team: teams, account: accounts, plan: plans };
  for (const reference of references) {
    const { index, id, target } = reference;
    if (target === 'owner') {
      const isParticipant = participants.has(id);
      const isTeam = teams.has(id);
      if (isParticipant && isTeam) {
        errors.push({
          index,
          field: reference.path(),
          reason: `"${id}" is both a participant and a team id; give the team or participant a distinct id`,
        });
      } else if (!isParticipant && !isTeam) {
        errors.push({
          index,
          field: reference.path(),
          reason: `no participant or team has id "${id}"; import the owner first, or fix the id`,
        });
      }
    } else if (!stored[target].has(id)) {
      const { noun, importFirst } = WHAT[target];
      errors.push({
        index,
        field: reference.path(),
        reason: `no ${noun} has id "${id}"; import it first with ${importFirst}, or fix the id`,
      });
    }
  }
}
