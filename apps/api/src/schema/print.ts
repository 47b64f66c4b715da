import { resolve } from 'node:path';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { schema } from './index.js';

/** The checked-in schema file (apps/api/schema.graphql). */
export const SCHEMA_FILE = resolve(import.meta.dirname, '..', '..', 'schema.graphql');

/** The schema as written to schema.graphql: sorted, so diffs show real changes only. */
export function printSchemaFile(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
