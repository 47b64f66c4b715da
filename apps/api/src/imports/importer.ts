import type { UpsertCounts } from '../db/upsert-by-id.js';
import type { Repositories } from '../repositories/index.js';
import type { ImportRecordError, RecordChecker } from './record-checker.js';

/** A record that passed its own checks, with its position in the batch. */
export interface Checked<T> {
  index: number;
  value: T;
}

/** A reference from a record to another collection, checked in one query per collection. */
export interface Reference {
  index: number;
  field: string;
  id: string;
}

/** How one kind of record is read, checked against stored data, and written. */
export interface Importer<T extends { id: string }> {
  /** Plural noun for messages: "participants". */
  noun: string;
  /** Every field a record may have, for unknown-field errors. */
  fields: readonly string[];
  /** Reads one record; returns undefined when it reported errors. */
  check(record: RecordChecker): T | undefined;
  /** Reports references to records that do not exist. */
  checkReferences(
    records: readonly Checked<T>[],
    repositories: Repositories,
    errors: ImportRecordError[],
  ): Promise<void>;
  write(
    repositories: Repositories,
    records: readonly T[],
    onProgress?: (written: number, total: number) => void,
  ): Promise<UpsertCounts>;
}

/** Reports each reference whose id is not in `existing`. */
export function reportMissing(
  references: readonly Reference[],
  existing: ReadonlySet<string>,
  what: string,
  importFirst: string,
  errors: ImportRecordError[],
): void {
  for (const { index, field, id } of references) {
    if (!existing.has(id)) {
      errors.push({
        index,
        field,
        reason: `no ${what} has id "${id}"; import it first with ${importFirst}, or fix the id`,
      });
    }
  }
}

/** The distinct ids of some references. */
export function idsOf(references: readonly Reference[]): string[] {
  return [...new Set(references.map((reference) => reference.id))];
}
