// Adds up the vitest JSON reports of every package and prints one closing line for the run.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

let passed = 0;
let failed = 0;
let skipped = 0;
for (const group of ['apps', 'packages', 'tools', 'editors']) {
  for (const name of readdirSync(group)) {
    const report = join(group, name, 'test-results.json');
    try {
      statSync(report);
    } catch {
      continue;
    }
    const result = JSON.parse(readFileSync(report, 'utf8'));
    passed += result.numPassedTests;
    failed += result.numFailedTests;
    skipped += result.numPendingTests + result.numTodoTests;
    console.log(`${report}: ${result.numPassedTests} passed, ${result.numFailedTests} failed`);
  }
}
console.log(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
