import { parse } from 'csv-parse/sync';

/*
 * The text half of reading an import file: no Node API, so the console parses a file in the
 * browser exactly as `pnpm --filter @attain/api import` does (the console bundles this file).
 */

/** Records read from a file, each with the line it came from (1-based) for error messages. */
export interface FileRecords {
  records: Record<string, unknown>[];
  lines: number[];
  /** Lines that could not be read at all (bad JSON, bad CSV quoting). */
  problems: { line: number; reason: string }[];
}

/** CSV cells are text; these columns become numbers, booleans or JSON values. */
const NUMBER_COLUMNS = new Set([
  'annualTargetIncentiveMinor',
  'value',
  'amount',
  'cost',
  'valueBefore',
  'valueAfter',
  'score',
]);
const BOOLEAN_COLUMNS = new Set(['repeat', 'won', 'strategic']);
/** Nested values are written as JSON in one cell, e.g. credits = [{"participantId":"p-1","share":1}]. */
const JSON_COLUMNS = new Set(['credits', 'members', 'attributes']);
/** A column "attributes.region" sets attribute "region" (handy in spreadsheets). */
const ATTRIBUTE_PREFIX = 'attributes.';
const NUMBER = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;

/** The format a file's name says: 'csv' for .csv, 'ndjson' for .ndjson or .jsonl, else null. */
export function recordsFormatOf(fileName: string): 'csv' | 'ndjson' | null {
  const extension = /\.[^./\\]*$/.exec(fileName.toLowerCase())?.[0];
  if (extension === '.csv') return 'csv';
  if (extension === '.ndjson' || extension === '.jsonl') return 'ndjson';
  return null;
}

/** One JSON object per line; blank lines are skipped. */
export function readNdjson(text: string): FileRecords {
  const result: FileRecords = { records: [], lines: [], problems: [] };
  text.split(/\r?\n/).forEach((content, position) => {
    const line = position + 1;
    if (content.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(content);
    } catch (error) {
      result.problems.push({ line, reason: `not valid JSON (${(error as Error).message})` });
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      result.problems.push({ line, reason: 'each line must hold one JSON object' });
      return;
    }
    result.records.push(value as Record<string, unknown>);
    result.lines.push(line);
  });
  return result;
}

/** A header row naming the fields, then one record per row. Empty cells mean "not given". */
export function readCsv(text: string): FileRecords {
  const result: FileRecords = { records: [], lines: [], problems: [] };
  let rows: { record: Record<string, string>; info: { lines: number } }[];
  try {
    rows = parse(text, { columns: true, info: true, skip_empty_lines: true, bom: true }) as typeof rows;
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 0;
    result.problems.push({ line, reason: `cannot read the CSV: ${(error as Error).message}` });
    return result;
  }
  for (const { record, info } of rows) {
    const converted: Record<string, unknown> = {};
    let ok = true;
    for (const [column, cell] of Object.entries(record)) {
      if (cell === '') continue;
      if (column.startsWith(ATTRIBUTE_PREFIX)) {
        const attributes = (converted.attributes ?? {}) as Record<string, unknown>;
        converted.attributes = attributes;
        attributes[column.slice(ATTRIBUTE_PREFIX.length)] = NUMBER.test(cell) ? Number(cell) : cell;
      } else if (JSON_COLUMNS.has(column)) {
        try {
          converted[column] = JSON.parse(cell);
        } catch {
          ok = false;
          result.problems.push({
            line: info.lines,
            reason: `${column} must be JSON, e.g. [{"participantId":"p-1","share":1}]`,
          });
        }
      } else if (NUMBER_COLUMNS.has(column) && NUMBER.test(cell)) {
        converted[column] = Number(cell);
      } else if (BOOLEAN_COLUMNS.has(column) && (cell === 'true' || cell === 'false')) {
        converted[column] = cell === 'true';
      } else {
        // Left as text: validation then says what the field should be.
        converted[column] = cell;
      }
    }
    if (ok) {
      result.records.push(converted);
      result.lines.push(info.lines);
    }
  }
  return result;
}
