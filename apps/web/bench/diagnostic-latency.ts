/**
 * Keystroke to diagnostic in the browser, on a 300-line plan: the time from the keydown that
 * makes an error to the error showing in the problems list (and from the keydown that fixes it to
 * the error leaving), measured inside the page with the event's timestamp and a MutationObserver.
 * It includes the editor's 100 ms pause before checking and the round trip to the checker worker.
 * Starts the same server as the browser tests (embedded database, demo data); needs Chromium and
 * a build (`pnpm --filter @attain/web bench` builds first). Options: `--rounds 20`.
 *
 * Then keystroke to completion on the same plan: from the keydown of the first letter of a word
 * to the completion list showing the rules package's items. It includes CodeMirror's 100 ms pause
 * before completing while typing (activateOnTypingDelay) and the round trip to the worker, which
 * also checks the text after the same keystroke.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { graphql, launchBrowser, openTab, signIn } from '../test/support/browser';
import { chromiumPath, startConsoleServer, WEB_DIR } from '../test/support/console-server';

const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 20;
const PLAN_LINES = 300;

/** team-performance.plan grown to 300 lines with more measures; line 13 reads `... / revenue`. */
function planOf300Lines(): string {
  const base = readFileSync(join(WEB_DIR, '..', '..', 'docs', 'examples', 'team-performance.plan'), 'utf8')
    .replace(/^plan "[^"]*"/m, 'plan "Bench 300 lines"')
    .trimEnd()
    .split('\n');
  const extra: string[] = ['', '# Measures added to make the plan 300 lines long.'];
  for (let n = 1; base.length + extra.length < PLAN_LINES; n++) {
    extra.push(`measure extra_${n} = sum of order.amount where amount > ${n * 100}`);
  }
  return [...base, ...extra].join('\n');
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const chromium = chromiumPath();
if (!chromium) {
  console.log(
    'SKIPPED web_keystroke_to_diagnostic: needs Chromium (apt-get install -y chromium, or set ATTAIN_CHROMIUM).',
  );
  process.exit(0);
}
const server = await startConsoleServer();
const browser = await launchBrowser(chromium);
try {
  const text = planOf300Lines();
  const lines = text.split('\n');
  if (!lines[12]?.endsWith('/ revenue')) throw new Error(`line 13 of the bench plan changed: ${lines[12]}`);
  await graphql(
    server.baseUrl,
    server.keys.admin,
    'mutation { createPlan(id: "bench-300", name: "Bench 300 lines") { __typename } }',
  );
  await graphql(
    server.baseUrl,
    server.keys.admin,
    'mutation ($text: String!) { savePlanDraft(planId: "bench-300", text: $text) { __typename } }',
    {
      text,
    },
  );
  const { page } = await openTab(browser);
  await signIn(page, server.baseUrl, server.keys.admin, '/plans/bench-300');
  await page.getByTestId('payout-range').waitFor();
  // Scripts for the page are strings: tsx would name the functions with a helper the page lacks.
  await page.evaluate(
    "document.addEventListener('keydown', (event) => { window.lastKeydown = event.timeStamp; }, true)",
  );
  /** Resolves with the ms from the last keydown until an UNKNOWN_MEASURE error is (or is no longer) listed. */
  const armed = (present: boolean) =>
    page.evaluate(`new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        const shown = document.querySelector('[data-testid="diagnostics"] li.error[data-code="UNKNOWN_MEASURE"]') !== null;
        if (shown !== ${present}) return;
        observer.disconnect();
        resolve(performance.now() - window.lastKeydown);
      });
      observer.observe(document.body, { subtree: true, childList: true, attributes: true });
    })`) as Promise<number>;
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+Home');
  for (let n = 1; n < 13; n++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  const toError: number[] = [];
  const toCleared: number[] = [];
  for (let round = 0; round < rounds; round++) {
    // `revenue` becomes `revenuex`, a name no measure has; Backspace makes it right again.
    const error = armed(true);
    await page.keyboard.press('x');
    toError.push(await error);
    const cleared = armed(false);
    await page.keyboard.press('Backspace');
    toCleared.push(await cleared);
  }
  // At the end of the text, a measure's definition to complete: `a` offers `average` (and more).
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('measure bench_completion = ');
  const list = page.locator('.cm-tooltip-autocomplete');
  const toCompletion: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const shown = page.evaluate(`new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        if (!document.querySelector('.cm-tooltip-autocomplete li')) return;
        observer.disconnect();
        resolve(performance.now() - window.lastKeydown);
      });
      observer.observe(document.body, { subtree: true, childList: true });
    })`) as Promise<number>;
    await page.keyboard.press('a');
    toCompletion.push(await shown);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Backspace');
    await list.waitFor({ state: 'detached' });
  }
  console.log(`plan of ${lines.length} lines, ${rounds} rounds`);
  console.log(`BENCH web_keystroke_to_diagnostic_p50_ms ${percentile(toError, 50).toFixed(1)}`);
  console.log(`BENCH web_keystroke_to_diagnostic_p90_ms ${percentile(toError, 90).toFixed(1)}`);
  console.log(`BENCH web_keystroke_to_diagnostic_max_ms ${Math.max(...toError).toFixed(1)}`);
  console.log(`BENCH web_keystroke_to_cleared_p50_ms ${percentile(toCleared, 50).toFixed(1)}`);
  console.log(`BENCH web_completion_ms ${percentile(toCompletion, 50).toFixed(1)}`);
  console.log(`BENCH web_completion_p90_ms ${percentile(toCompletion, 90).toFixed(1)}`);
} finally {
  await browser.close();
  await server.stop();
}
