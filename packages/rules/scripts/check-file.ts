/** Prints the diagnostics of a plan file: `tsx scripts/check-file.ts docs/examples/renewal.plan`. */
import { readFileSync } from 'node:fs';
import { checkPlan } from '../src/index.js';

const file = process.argv[2];
if (!file) {
  console.error('usage: tsx scripts/check-file.ts <plan file>');
  process.exit(2);
}
const result = checkPlan(readFileSync(file, 'utf8'));
for (const d of result.diagnostics) {
  console.log(`${file}:${d.range.start.line}:${d.range.start.column} ${d.severity} ${d.code} ${d.message}`);
}
console.log(result.plan ? 'compiled' : 'not compiled');
process.exit(result.plan ? 0 : 1);
