import type { Context } from '../context.js';
import { AppError, InvalidInputError } from '../errors.js';
import type { ImportRecordError } from '../imports/record-checker.js';
import { type ImportKind, type ImportOutcome, runImport } from '../imports/run-import.js';
import { builder } from './builder.js';
import { ErrorInterface } from './errors.js';

/** A batch with bad records: nothing of it was written (code IMPORT_REJECTED). */
export class ImportRejected extends AppError {
  override name = 'ImportRejected';
  constructor(
    readonly errors: ImportRecordError[],
    readonly errorCount: number,
  ) {
    super(
      'IMPORT_REJECTED',
      `${errorCount} problem${errorCount === 1 ? '' : 's'} in the batch; nothing was written. Fix the records listed and send the whole batch again.`,
    );
  }
}

const ImportRecordErrorRef = builder.simpleObject('ImportRecordError', {
  description: 'One problem with one record.',
  fields: (t) => ({
    index: t.int({ description: '0-based position of the record in the batch.' }),
    field: t.string({ description: 'The field, e.g. "credits[1].share"; empty for the whole record.' }),
    reason: t.string({ description: 'What is wrong and how to fix it.' }),
  }),
});

builder.objectType(ImportRejected, {
  name: 'ImportRejected',
  description: 'The batch had bad records and nothing of it was written.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ImportRejected,
  fields: (t) => ({
    errors: t.field({
      type: [ImportRecordErrorRef],
      description: 'The problems, by record index (at most 1,000).',
      resolve: (rejected) => rejected.errors,
    }),
    errorCount: t.exposeInt('errorCount', { description: 'How many problems there were in all.' }),
  }),
});

export const ImportResultRef = builder.simpleObject('ImportResult', {
  description: 'The batch was valid and is stored. Sending it again reports every record unchanged.',
  fields: (t) => ({
    inserted: t.int({ description: 'Records with a new id.' }),
    updated: t.int({ description: 'Records that replaced a different stored version.' }),
    unchanged: t.int({ description: 'Records identical to what was stored (not written).' }),
  }),
});

/** Runs an import for a mutation: a rejected batch becomes the ImportRejected result. */
export async function importForMutation(kind: ImportKind, records: readonly unknown[], context: Context) {
  const outcome: ImportOutcome = await runImport(kind, records, context.repositories);
  if (outcome.status === 'rejected') throw new ImportRejected(outcome.errors, outcome.errorCount);
  return { inserted: outcome.inserted, updated: outcome.updated, unchanged: outcome.unchanged };
}

/** The typed errors every import mutation returns. */
export const IMPORT_ERRORS = [ImportRejected, InvalidInputError];
