import type { Repositories } from '../repositories/index.js';
import { readRecordsFile } from './read-file.js';
import { type ImportKind, runImport } from './run-import.js';

export type FileImportOutcome =
  | { status: 'imported'; inserted: number; updated: number; unchanged: number }
  | { status: 'rejected'; problems: { line: number; field: string; reason: string }[]; problemCount: number };

/**
 * Imports a CSV or NDJSON file through the same code as the import mutations; problems name the
 * file's line numbers instead of record indexes. Nothing is written when any line is bad.
 */
export async function importFile(
  path: string,
  kind: ImportKind,
  repositories: Repositories,
  onProgress?: (written: number, total: number) => void,
): Promise<FileImportOutcome> {
  const file = await readRecordsFile(path);
  if (file.problems.length > 0) {
    return {
      status: 'rejected',
      problems: file.problems.map(({ line, reason }) => ({ line, field: '', reason })),
      problemCount: file.problems.length,
    };
  }
  // Reasons that name another record name its line too: a file has lines, not 0-based indexes.
  const recordName = (index: number) => `line ${file.lines[index] ?? 0}`;
  const outcome = await runImport(kind, file.records, repositories, { onProgress, recordName });
  if (outcome.status === 'imported') {
    return {
      status: 'imported',
      inserted: outcome.inserted,
      updated: outcome.updated,
      unchanged: outcome.unchanged,
    };
  }
  return {
    status: 'rejected',
    problems: outcome.errors.map(({ index, field, reason }) => ({
      line: file.lines[index] ?? 0,
      field,
      reason,
    })),
    problemCount: outcome.errorCount,
  };
}
