import { describe, expect, it } from 'vitest';
import { readCsv, recordsFormatOf } from '../../src/imports/parse-records.js';

describe('parse-records (the part of the file reader the console runs in the browser)', () => {
  it('tells CSV from NDJSON by the name, whatever its case, and refuses other names', () => {
    expect(recordsFormatOf('people.CSV')).toBe('csv');
    expect(recordsFormatOf('/tmp/facts-2025.ndjson')).toBe('ndjson');
    expect(recordsFormatOf('facts.jsonl')).toBe('ndjson');
    expect(recordsFormatOf('facts.json')).toBeNull();
    expect(recordsFormatOf('csv')).toBeNull();
  });

  it('numbers each record by the line it ends on, so a quoted cell over two lines moves the next record down', () => {
    const file = readCsv('id,name\na,"Two\nlines"\nb,B\n');
    expect(file.records).toEqual([
      { id: 'a', name: 'Two\nlines' },
      { id: 'b', name: 'B' },
    ]);
    expect(file.lines).toEqual([3, 4]);
  });
});
