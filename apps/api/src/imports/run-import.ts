import { InvalidInputError } from '../errors.js';
import type { Repositories } from '../repositories/index.js';
import { accountImporter } from './accounts.js';
import { assignmentImporter } from './assignments.js';
import { factImporter } from './facts.js';
import { goalImporter } from './goals.js';
import { type Checked, checkReferences, type Importer } from './importer.js';
import { participantImporter } from './participants.js';
import { describe, type ImportRecordError, RecordChecker, type RecordReference } from './record-checker.js';
import { recordBytes } from './record-size.js';
import { teamImporter } from './teams.js';

/** Every kind of import; the order is the order to import a fresh organisation in. */
export const IMPORTERS = {
  participants: participantImporter,
  teams: teamImporter,
  accounts: accountImporter,
  goals: goalImporter,
  assignments: assignmentImporter,
  facts: factImporter,
} satisfies Record<string, Importer<{ id: string }>>;

export type ImportKind = keyof typeof IMPORTERS;

export const IMPORT_KINDS = Object.keys(IMPORTERS) as ImportKind[];

/** Records per call (docs/api.md, "Limits"). Facts come in bulk; the org data is smaller. */
export const BATCH_LIMITS: Record<ImportKind, number> = {
  participants: 10_000,
  teams: 10_000,
  accounts: 10_000,
  goals: 50_000,
  assignments: 10_000,
  facts: 100_000,
};

/**
 * Largest record, as JSON: a participant or fact is a few hundred bytes, and this keeps every
 * stored document far below MongoDB's 16 MB limit, whatever a record carries.
 */
export const MAX_RECORD_BYTES = 64 * 1024;

/** At most this many record errors come back; `errorCount` tells how many there were. */
export const MAX_REPORTED_ERRORS = 1_000;

export type ImportOutcome =
  | { status: 'imported'; kind: ImportKind; inserted: number; updated: number; unchanged: number }
  | { status: 'rejected'; kind: ImportKind; errors: ImportRecordError[]; errorCount: number };

export interface ImportOptions {
  onProgress?: (written: number, total: number) => void;
  /**
   * How a reason names another record of the batch: `record 4` (its 0-based index, as in the
   * mutations' `index`) by default; the file import names its line instead.
   */
  recordName?: (index: number) => string;
}

/**
 * Validates every record of a batch, then writes all of them or none: a batch with any bad record
 * comes back rejected with one error per problem and nothing is written. Records are stored under
 * their external ids, so sending the same batch again changes nothing.
 */
export async function runImport(
  kind: ImportKind,
  records: readonly unknown[],
  repositories: Repositories,
  options: ImportOptions = {},
): Promise<ImportOutcome> {
  const importer = IMPORTERS[kind] as Importer<{ id: string }>;
  const limit = BATCH_LIMITS[kind];
  if (records.length > limit) {
    throw new InvalidInputError(
      'records',
      `A batch holds at most ${limit.toLocaleString('en-US')} ${importer.noun}; got ${records.length.toLocaleString('en-US')}. Split it into several calls.`,
    );
  }
  const errors: ImportRecordError[] = [];
  const references: RecordReference[] = [];
  const checked: Checked<{ id: string }>[] = [];
  const firstIndexOf = new Map<string, number>();
  const recordName = options.recordName ?? ((index: number) => `record ${index}`);
  records.forEach((record, index) => {
    if (typeof record !== 'object' || record === null || Array.isArray(record)) {
      errors.push({ index, field: '', reason: 'each record must be an object of field: value pairs' });
      return;
    }
    const bytes = recordBytes(record, MAX_RECORD_BYTES);
    if (bytes > MAX_RECORD_BYTES) {
      const id = (record as { id?: unknown }).id;
      const named = typeof id === 'string' ? ` (id ${describe(id)})` : '';
      errors.push({
        index,
        field: '',
        reason: `${recordName(index)}${named} is ${bytes.toLocaleString('en-US')} bytes as JSON; the most is ${MAX_RECORD_BYTES.toLocaleString('en-US')}. Shorten its attributes`,
      });
      return;
    }
    const checker = new RecordChecker(
      record as Record<string, unknown>,
      index,
      errors,
      undefined,
      references,
    );
    checker.onlyFields(importer.fields);
    const value = importer.check(checker);
    const id = (record as { id?: unknown }).id;
    if (typeof id === 'string') {
      const first = firstIndexOf.get(id);
      if (first !== undefined) {
        errors.push({
          index,
          field: 'id',
          reason: `id "${id}" is also used by ${recordName(first)}; each record needs its own id`,
        });
        return;
      }
      firstIndexOf.set(id, index);
    }
    if (value !== undefined) checked.push({ index, value });
  });
  // Every record's references, also those of records with other problems: one answer lists all.
  await checkReferences(references, repositories, errors);
  if (errors.length === 0) await importer.settle?.(checked, repositories);
  if (errors.length > 0) {
    errors.sort((a, b) => a.index - b.index);
    return {
      status: 'rejected',
      kind,
      errors: errors.slice(0, MAX_REPORTED_ERRORS),
      errorCount: errors.length,
    };
  }
  const counts = await importer.write(
    repositories,
    checked.map(({ value }) => value),
    options.onProgress,
  );
  return { status: 'imported', kind, ...counts };
}
