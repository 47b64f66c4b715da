/** Writes schema.graphql from the Pothos schema: `pnpm --filter @attain/api schema`. */
import { writeFileSync } from 'node:fs';
import { printSchemaFile, SCHEMA_FILE } from '../src/schema/print.js';

writeFileSync(SCHEMA_FILE, printSchemaFile());
console.log(`Wrote ${SCHEMA_FILE}`);
