// Writes dist/trusted-documents.json, the manifest a production API runs with
// (ATTAIN_TRUSTED_DOCUMENTS=packages/client/dist/trusted-documents.json ATTAIN_TRUSTED_DOCUMENTS_ONLY=1).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { trustedDocuments } from '../src/trusted-documents.js';

const out = join(import.meta.dirname, '../dist/trusted-documents.json');
mkdirSync(join(out, '..'), { recursive: true });
const manifest = await trustedDocuments();
writeFileSync(out, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`${out}: ${Object.keys(manifest).length} operations`);
