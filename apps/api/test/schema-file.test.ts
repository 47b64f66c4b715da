import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { printSchemaFile, SCHEMA_FILE } from '../src/schema/print.js';

describe('schema.graphql', () => {
  it('matches the schema the code builds', () => {
    const checkedIn = readFileSync(SCHEMA_FILE, 'utf8');
    const message =
      'schema.graphql differs from the schema the code builds. If the change is intended, run `pnpm --filter @attain/api schema` and commit schema.graphql.';
    expect(printSchemaFile() === checkedIn, message).toBe(true);
  });
});
