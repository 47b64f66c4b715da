/**
 * `pnpm --filter @attain/rules bench:services`: the editor's latency on a 300-line plan, the
 * time from a keystroke to the answer. Diagnostics after an edit (a new document: tokens, parse,
 * checks, compile and examples), completion and hover on a fresh document version (so nothing is
 * cached from an earlier request), and formatting. Prints BENCH lines: the median and the 95th
 * percentile of many runs, after a warm-up. Goals: diagnostics <= 20 ms, completion and hover <= 5 ms.
 */
import { performance } from 'node:perf_hooks';
import { createLanguageServices, type LspPosition, PlanDocument } from '../src/index.js';
import { benchmarkPlan } from './services-plan.js';

const RUNS = 200;
const WARM_UP = 30;

function measure(name: string, run: (i: number) => void): void {
  for (let i = 0; i < WARM_UP; i++) run(i);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    run(i);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  console.log(`BENCH ${name}_min_ms ${at(0).toFixed(3)}`);
  console.log(`BENCH ${name}_median_ms ${at(0.5).toFixed(3)}`);
  console.log(`BENCH ${name}_p95_ms ${at(0.95).toFixed(3)}`);
}

const text = benchmarkPlan();
const services = createLanguageServices({ goals: () => [{ name: 'Revenue 1', unit: 'money' }] });
const check = services.diagnostics(new PlanDocument(text));
const errors = check.filter((d) => d.severity === 1);
if (errors.length > 0) {
  console.error(
    errors
      .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${d.message}`)
      .join('\n'),
  );
  process.exit(1);
}
console.log(`BENCH services_plan_lines ${text.split('\n').length}`);

// An edit: one digit of a band near the end changes, as an admin typing would.
const editAt = text.lastIndexOf('from 30% up to');
const edited = (i: number) => `${text.slice(0, editAt + 6)}${i % 10}${text.slice(editAt + 7)}`;
measure('services_diagnostics_after_edit', (i) => services.diagnostics(new PlanDocument(edited(i))));
measure('services_diagnostics_after_edit_no_examples', (i) =>
  createLanguageServices({ examples: false }).diagnostics(new PlanDocument(edited(i))),
);

function positionIn(doc: PlanDocument, needle: string, delta: number): LspPosition {
  return doc.positionAt(doc.text.lastIndexOf(needle) + delta);
}
// Completion and hover on a fresh document version: completion reads only the tokens (it does
// not wait for the parse); hover reads the tree, so a cold hover includes the parse and the checks.
const completionAt = (doc: PlanDocument) =>
  positionIn(doc, 'pays curve on margin_10', 'pays curve on '.length);
const fieldAt = (doc: PlanDocument) =>
  positionIn(doc, 'order.cost where productLine is "line 10"', 'order.'.length);
const measureAt = (doc: PlanDocument) => positionIn(doc, 'pays curve on margin_10', 'pays curve on m'.length);
const bandAt = (doc: PlanDocument) => positionIn(doc, 'from 30% up to', 2);
measure('services_completion', (i) => {
  const doc = new PlanDocument(edited(i));
  services.completion(doc, completionAt(doc));
});
measure('services_completion_fields', (i) => {
  const doc = new PlanDocument(edited(i));
  services.completion(doc, fieldAt(doc));
});
measure('services_hover_measure_cold', (i) => {
  const doc = new PlanDocument(edited(i));
  services.hover(doc, measureAt(doc));
});
// As a server answers them: the edit's diagnostics have already analysed this version.
const analysed = Array.from({ length: 10 }, (_, i) => {
  const doc = new PlanDocument(edited(i));
  services.diagnostics(doc);
  return doc;
});
measure('services_completion_after_diagnostics', (i) => {
  const doc = analysed[i % 10]!;
  services.completion(doc, completionAt(doc));
});
measure('services_hover_measure_after_diagnostics', (i) => {
  const doc = analysed[i % 10]!;
  services.hover(doc, measureAt(doc));
});
measure('services_hover_band_after_diagnostics', (i) => {
  const doc = analysed[i % 10]!;
  services.hover(doc, bandAt(doc));
});
measure('services_format', (i) => services.format(new PlanDocument(edited(i))));
