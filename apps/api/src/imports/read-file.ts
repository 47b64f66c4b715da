import { readFile } from 'node:fs/promises';
import { InvalidInputError } from '../errors.js';
import { type FileRecords, readCsv, readNdjson, recordsFormatOf } from './parse-records.js';

export { type FileRecords, readCsv, readNdjson };

/** Reads a .csv or .ndjson (.jsonl) file into records for `runImport`. */
export async function readRecordsFile(path: string): Promise<FileRecords> {
  const format = recordsFormatOf(path);
  if (format === null) {
    throw new InvalidInputError(
      'file',
      `Cannot tell the format of ${path}: name it .csv, .ndjson or .jsonl.`,
    );
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InvalidInputError('file', `Cannot read ${path}: ${(error as Error).message}`);
  }
  return format === 'csv' ? readCsv(text) : readNdjson(text);
}
