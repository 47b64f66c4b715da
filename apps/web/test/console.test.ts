import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { graphql, launchBrowser, openTab, screenshot, seriousViolations, signIn } from './support/browser';
import { DEMO_PARTICIPANT_ID } from './support/console-server';

const chromium = inject('chromium');
const baseUrl = inject('baseUrl');
const keys = inject('keys');

/** A colleague of the demo participant on the same plan: the statement a participant must not reach. */
const OTHER_PARTICIPANT_ID = 'p-001-02';

/** Puts the cursor at the end of a 1-based line of the editor, with the keyboard. */
async function goToLineEnd(page: Page, line: number): Promise<void> {
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+Home');
  for (let n = 1; n < line; n++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
}

/** Waits until the problems list shows an error with this code, and returns where it says it is. */
async function errorShown(page: Page, code: string): Promise<{ line: string | null; column: string | null }> {
  const item = page.locator(`[data-testid="diagnostics"] li.error[data-code="${code}"]`).first();
  await item.waitFor();
  return { line: await item.getAttribute('data-line'), column: await item.getAttribute('data-column') };
}

describe.skipIf(!chromium)('the console in a real browser', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser(chromium!);
  });
  afterAll(async () => {
    await browser?.close();
  });

  describe('sign in', () => {
    it('refuses a wrong key and a revoked key with a message that says what to do', async () => {
      const { context, page } = await openTab(browser);
      await signIn(page, baseUrl, 'attain_this-is-not-a-key');
      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toContain(
        'This key was not accepted: it is wrong, or it has been revoked.',
      );
      await screenshot(page, 'sign-in-refused');
      await page.getByLabel('API key').fill(keys.revoked);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByText('This key was not accepted').waitFor();
      expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
      await context.close();
    });

    it('lands an admin key on the plans, shows the admin navigation, and keeps the key out of the URL', async () => {
      const { context, page } = await openTab(browser);
      await page.goto(baseUrl);
      await screenshot(page, 'sign-in');
      await signIn(page, baseUrl, keys.admin);
      await page.getByRole('heading', { name: 'Plans', level: 1 }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/plans');
      const nav = page.getByRole('navigation', { name: 'Main' });
      expect(await nav.getByRole('link').allTextContents()).toEqual([
        'Plans',
        'Payouts',
        'Backtests',
        'Imports',
      ]);
      expect(page.url()).not.toContain(keys.admin);
      expect(await page.evaluate(() => sessionStorage.getItem('attain.apiKey'))).toBe(keys.admin);
      // The three demo plans, each a link to its editor.
      await page.getByRole('link', { name: 'Key accounts - team performance' }).waitFor();
      await screenshot(page, 'plans');
      // A reload keeps the session (sessionStorage), and signing out forgets the key.
      await page.reload();
      await page.getByRole('heading', { name: 'Plans', level: 1 }).waitFor();
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByLabel('API key').waitFor();
      expect(await page.evaluate(() => sessionStorage.getItem('attain.apiKey'))).toBeNull();
      await context.close();
    });

    it('gives a participant key only its statements in the navigation', async () => {
      const { context, page } = await openTab(browser);
      await signIn(page, baseUrl, keys.participant);
      await page.getByRole('heading', { name: 'My statements', level: 1 }).waitFor();
      const nav = page.getByRole('navigation', { name: 'Main' });
      expect(await nav.getByRole('link').allTextContents()).toEqual(['My statements', 'What if']);
      // The plans page by URL: refused by the console (and by the API, which it would ask).
      await page.goto(`${baseUrl}/plans`);
      await page.getByText('A participant key cannot use this page.').waitFor();
      await context.close();
    });
  });

  describe('plan editor', () => {
    it('shows a typed error at its line with the code and range the server gives, and clears it when fixed', async () => {
      const { context, page } = await openTab(browser);
      await signIn(page, baseUrl, keys.admin, '/plans/team-performance');
      await page.getByRole('heading', { name: 'Key accounts - team performance' }).waitFor();
      // The demo plan has no errors; its payout range is shown once the browser has checked it.
      await page.getByTestId('payout-range').waitFor();
      expect(await page.locator('[data-testid="diagnostics"] li.error').count()).toBe(0);
      // Its two checked examples pass.
      const examples = page.locator('[data-testid="examples"] li');
      expect(
        await examples.evaluateAll((items) => items.map((item) => item.getAttribute('data-status'))),
      ).toEqual(['passed', 'passed']);
      await screenshot(page, 'plan-editor');
      // Line 74 expects "Team revenue" to pay 3,600.00; expecting 3,600.05 makes "On target" fail there.
      await goToLineEnd(page, 74);
      await page.keyboard.press('Backspace');
      await page.keyboard.type('5');
      const failed = page.locator('[data-testid="examples"] li[data-status="failed"]');
      await failed.waitFor();
      expect(await failed.textContent()).toMatch(/^line 69 “On target”: failsline 74: /);
      await screenshot(page, 'plan-editor-example-failed');
      await page.keyboard.press('Backspace');
      await page.keyboard.type('0');
      await page.locator('[data-testid="examples"] li[data-status="failed"]').waitFor({ state: 'detached' });

      // Line 12 is `measure cost = sum of order.cost`; a name no measure has makes it an error.
      const typed = ' + bogus_measure';
      await goToLineEnd(page, 12);
      await page.keyboard.type(typed);
      const shown = await errorShown(page, 'UNKNOWN_MEASURE');
      await screenshot(page, 'plan-editor-error');

      // The server's checker, on the same text, gives the same code at the same place.
      const { plan } = await graphql<{ plan: { draftText: string } }>(
        baseUrl,
        keys.admin,
        '{ plan(id: "team-performance") { draftText } }',
      );
      const lines = plan.draftText.split('\n');
      lines[11] = `${lines[11]}${typed}`;
      const { validatePlan } = await graphql<{
        validatePlan: {
          diagnostics: {
            code: string;
            severity: string;
            range: { start: { line: number; column: number } };
          }[];
        };
      }>(
        baseUrl,
        keys.admin,
        'query ($text: String!) { validatePlan(text: $text) { diagnostics { code severity range { start { line column } } } } }',
        { text: lines.join('\n') },
      );
      const serverError = validatePlan.diagnostics.find((d) => d.severity === 'error');
      expect(serverError?.code).toBe('UNKNOWN_MEASURE');
      expect(serverError?.range.start.line).toBe(12);
      expect(shown).toEqual({
        line: String(serverError?.range.start.line),
        column: String(serverError?.range.start.column),
      });
      // CodeMirror underlines it on line 12 too.
      expect(await page.locator('.cm-line').nth(11).locator('.cm-lintRange-error').count()).toBeGreaterThan(
        0,
      );

      // Deleting what was typed fixes it.
      for (let n = 0; n < typed.length; n++) await page.keyboard.press('Backspace');
      await page.locator('[data-testid="diagnostics"] li.error').waitFor({ state: 'detached' });
      await page.getByTestId('payout-range').waitFor();
      await context.close();
    });

    it("plots each component's payout curve or table from the text as it is typed, without the server", async () => {
      const { context, page } = await openTab(browser);
      await signIn(page, baseUrl, keys.admin, '/plans/team-performance');
      await page.getByTestId('payout-range').waitFor();
      const curves = page.locator('[data-testid="payout-curve"]');
      await curves.first().locator('svg').waitFor();
      const { plan } = await graphql<{ plan: { draftText: string } }>(
        baseUrl,
        keys.admin,
        '{ plan(id: "team-performance") { draftText } }',
      );
      expect(await curves.count()).toBe(plan.draftText.match(/^component "/gm)?.length);
      // "Team revenue" (lines 23-28): four bands, bounded at 80%, 100% and 150%, each bound
      // drawn as two ends, the paying one filled.
      const revenue = curves.first();
      expect(await revenue.locator('h3').textContent()).toBe('Team revenue (weight 30%)');
      expect(await revenue.locator('svg circle').count()).toBe(6);
      expect(await revenue.locator('figcaption').textContent()).toContain(
        'At 100%: band 3 (from 100% up to and including 150%) applies.',
      );
      // 200% of its 30% weight: at most 60% of target incentive.
      expect(await revenue.locator('p').first().textContent()).toBe('Pays 0% to 60% of target incentive.');
      expect(await page.getByTestId('plan-payout-range').textContent()).toMatch(/^The plan pays /);

      // Line 28 is `above 150%: 200%`; 250% instead raises the top: 250% of 30% = 75%.
      await goToLineEnd(page, 28);
      for (let n = 0; n < 4; n++) await page.keyboard.press('Backspace');
      await page.keyboard.type('250%');
      await page.getByText('Pays 0% to 75% of target incentive.').waitFor();
      expect(await revenue.locator('td code').last().textContent()).toBe('above 150%: 250%');
      // The individual table of the mixed template, the rates of portfolio: see the axe scan's pages.
      await screenshot(page, 'plan-editor-curves');
      await context.close();
    });

    it('starts a new plan from a template, whose examples pass, and inserts a snippet at the cursor', async () => {
      const { context, page } = await openTab(browser);
      await signIn(page, baseUrl, keys.admin, '/plans');
      await page.getByText('New plan from a template').click();
      await page.getByLabel('Template').selectOption({ label: 'Renewal (defend existing revenue)' });
      await page.getByLabel('Id').fill('renewal-2027');
      await page.getByLabel('Name').fill('Renewal 2027');
      await page.getByRole('button', { name: 'Create the draft' }).click();
      await page.getByRole('heading', { name: 'Renewal 2027', level: 1 }).waitFor();
      await page.getByTestId('payout-range').waitFor();
      // The template is a working plan under its new name: no errors, its examples pass.
      expect(await page.locator('[data-testid="diagnostics"] li.error').count()).toBe(0);
      const statuses = await page
        .locator('[data-testid="examples"] li')
        .evaluateAll((items) => items.map((item) => item.getAttribute('data-status')));
      expect(statuses.length).toBeGreaterThan(0);
      expect(new Set(statuses)).toEqual(new Set(['passed']));
      const { plan } = await graphql<{ plan: { draftText: string; versions: unknown[] } }>(
        baseUrl,
        keys.admin,
        '{ plan(id: "renewal-2027") { draftText versions { version } } }',
      );
      expect(plan.draftText).toMatch(/^plan "Renewal 2027"$/m);
      expect(plan.versions).toEqual([]);
      // A snippet goes in at the start of the cursor's line: here the end of the text.
      await page.locator('.cm-content').click();
      await page.keyboard.press('Control+End');
      await page.getByLabel('Insert a snippet').selectOption({ label: 'A rate table' });
      expect(await page.locator('.cm-content').textContent()).toContain(
        'pays rates on revenue, marginal, on the period total:',
      );
      await screenshot(page, 'plan-from-template');
      await context.close();
    });

    it('formats the text with the format button', async () => {
      const { context, page } = await openTab(browser);
      await signIn(page, baseUrl, keys.admin, '/plans/renewal');
      await page.getByTestId('payout-range').waitFor();
      // Extra spaces inside a line are not the canonical layout.
      await goToLineEnd(page, 1);
      await page.keyboard.press('Home');
      await page.keyboard.type('#    a comment   \n');
      await page.getByRole('button', { name: 'Format' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: /Formatted|Already formatted/ })
        .waitFor();
      expect(await page.locator('.cm-line').first().textContent()).not.toContain('    a comment   ');
      await context.close();
    });

    it('saves the draft, then publishes it from a date after a confirmation', async () => {
      const { context, page } = await openTab(browser);
      await signIn(page, baseUrl, keys.admin, '/plans/team-performance');
      await page.getByTestId('payout-range').waitFor();
      await goToLineEnd(page, 2);
      await page.keyboard.type(' Reviewed in the console.');
      await page.getByRole('button', { name: 'Save draft' }).click();
      await page.getByRole('status').filter({ hasText: 'Draft saved.' }).waitFor();
      const saved = await graphql<{ plan: { draftText: string } }>(
        baseUrl,
        keys.admin,
        '{ plan(id: "team-performance") { draftText } }',
      );
      expect(saved.plan.draftText.split('\n')[1]).toContain('Reviewed in the console.');

      await page.getByLabel('In force from').fill('2026-01-01');
      await page.getByRole('button', { name: 'Publish…' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      expect(await dialog.textContent()).toContain('in force from 2026-01-01');
      await screenshot(page, 'plan-publish-confirm');
      // Cancel publishes nothing.
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await page.getByRole('button', { name: 'Publish…' }).click();
      await dialog.getByRole('button', { name: 'Publish version 2' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: 'Published version 2, in force from 2026-01-01.' })
        .waitFor();
      const published = await graphql<{
        plan: { versions: { version: number; effectiveFrom: string; text: string }[] };
      }>(baseUrl, keys.admin, '{ plan(id: "team-performance") { versions { version effectiveFrom text } } }');
      expect(published.plan.versions.map((v) => [v.version, v.effectiveFrom])).toEqual([
        [1, '2024-01-01'],
        [2, '2026-01-01'],
      ]);
      expect(published.plan.versions[1]?.text).toContain('Reviewed in the console.');
      // The version history compares v1 with v2 side by side: line 2 replaced.
      await page.getByLabel('Compare').selectOption('1');
      await page.getByLabel('with').selectOption('2');
      await page.getByRole('button', { name: 'Show the differences' }).click();
      await page.getByRole('status').filter({ hasText: '2 changed lines from v1 to v2.' }).waitFor();
      const changed = page
        .locator('[data-testid="plan-diff"] tbody tr')
        .filter({ has: page.locator('td.added') });
      expect(await changed.count()).toBe(1);
      const cells = await changed.locator('td').allTextContents();
      expect(cells[0]).toBe('2');
      expect(cells[1]).toMatch(/^removed: /);
      expect(cells[2]).toBe('2');
      expect(cells[3]).toMatch(/^added: .*Reviewed in the console\.$/);
      await screenshot(page, 'plan-version-diff');
      await context.close();
    });

    it('explains a publish that conflicts with one made meanwhile, and publishes nothing', async () => {
      const { context, page } = await openTab(browser);
      await signIn(page, baseUrl, keys.admin, '/plans/renewal');
      await page.getByTestId('payout-range').waitFor();
      // Someone else publishes version 2 while this page still knows only version 1.
      const meanwhile = await graphql<{ publishPlanVersion: { __typename: string } }>(
        baseUrl,
        keys.admin,
        'mutation { publishPlanVersion(planId: "renewal", effectiveFrom: "2026-04-01", expectedVersion: 1) { __typename } }',
      );
      expect(meanwhile.publishPlanVersion.__typename).toBe('PlanVersion');
      await page.getByLabel('In force from').fill('2026-07-01');
      await page.getByRole('button', { name: 'Publish…' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Publish version 2' }).click();
      const alert = page.getByRole('alert').filter({ hasText: 'Not published' });
      await alert.waitFor();
      expect(await alert.textContent()).toContain(
        'someone else published a new version of this plan after you opened it',
      );
      await screenshot(page, 'plan-publish-conflict');
      const after = await graphql<{ plan: { versions: { version: number }[] } }>(
        baseUrl,
        keys.admin,
        '{ plan(id: "renewal") { versions { version } } }',
      );
      expect(after.plan.versions.map((v) => v.version)).toEqual([1, 2]);
      // After reloading the versions the page offers version 3.
      await page.getByRole('button', { name: 'Reload versions' }).click();
      await page.getByRole('button', { name: 'Publish…' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Publish version 3' }).waitFor();
      await context.close();
    });
  });

  describe('accessibility', () => {
    // Eighteen page loads and axe scans (the editor's now with its curve figures): on a loaded
    // machine that passes the 60 s default, which says nothing about the pages.
    it('has no serious or critical axe-core violation on any page, at 1280×800 and at 390×844', {
      timeout: 240_000,
    }, async () => {
      const { statements } = await graphql<{ statements: { id: string }[] }>(
        baseUrl,
        keys.admin,
        `{ statements(participantId: "${DEMO_PARTICIPANT_ID}", period: "2025-Q4") { id } }`,
      );
      const { payoutRuns } = await graphql<{ payoutRuns: { edges: { node: { id: string } }[] } }>(
        baseUrl,
        keys.admin,
        '{ payoutRuns(first: 1) { edges { node { id } } } }',
      );
      const pages: [string, string, string][] = [
        ['admin', '/plans', 'h1'],
        ['admin', '/plans/portfolio', '[data-testid="payout-curve"] svg'],
        ['admin', '/payouts', 'h2'],
        ['admin', `/payouts/runs/${encodeURIComponent(payoutRuns.edges[0]!.node.id)}`, 'table'],
        ['admin', '/backtests', 'form'],
        ['admin', '/imports', 'form'],
        ['participant', '/me', 'table'],
        ['participant', '/what-if', 'form'],
        ['participant', `/statements/${encodeURIComponent(statements[0]!.id)}`, '[data-testid="statement"]'],
      ];
      const found: Record<string, unknown> = {};
      for (const viewport of [
        { width: 1280, height: 800 },
        { width: 390, height: 844 },
      ]) {
        const { context, page } = await openTab(browser, viewport);
        await page.goto(baseUrl);
        await page.getByLabel('API key').waitFor();
        const signInViolations = await seriousViolations(page);
        if (signInViolations.length) found[`sign-in ${viewport.width}`] = signInViolations;
        let signedInAs = '';
        for (const [role, path, ready] of pages) {
          if (role !== signedInAs) {
            await page.evaluate('sessionStorage.clear()');
            await signIn(page, baseUrl, role === 'admin' ? keys.admin : keys.participant, path);
            signedInAs = role;
          } else {
            await page.goto(`${baseUrl}${path}`);
          }
          await page.locator(ready).first().waitFor();
          const violations = await seriousViolations(page);
          if (violations.length) found[`${path} ${viewport.width}`] = violations;
        }
        await context.close();
      }
      expect(found).toEqual({});
    });
  });

  describe('backtests', () => {
    it('replays the saved draft over 2025 with progress from the server, and shows the totals', async () => {
      const { context, page } = await openTab(browser);
      await signIn(page, baseUrl, keys.admin, '/backtests');
      await page.getByLabel('Plan').selectOption({ label: 'Key accounts - team performance' });
      await page.getByLabel('First period').fill('2025-Q1');
      await page.getByLabel('Last period').fill('2025-Q4');
      await page.getByRole('button', { name: 'Run backtest' }).click();
      // The progress bar follows the backtestProgress subscription until the job completes.
      await page.locator('progress#backtest-progress').waitFor();
      await page.getByTestId('backtest-status').filter({ hasText: '100% · complete' }).waitFor();
      const totals = page.getByTestId('backtest-totals');
      await totals.waitFor();
      const cells = await totals.locator('tbody tr').first().locator('td').allTextContents();
      expect(cells[0]).toBe('saved draft');
      expect(cells[1]).toMatch(/^[\d,]+\.\d{2} USD$/);
      // The draft differs from version 1 (in force through 2025) by a comment only: it pays the same.
      expect(cells[2]).toBe(cells[1]);
      expect(cells[3]).toMatch(/^0\.00 USD/);
      // Every delta is 0, so the histogram says so in words instead of drawing one bin.
      expect(await page.getByTestId('backtest-histogram-flat').textContent()).toBe(
        'No change: every delta is 0.00 USD.',
      );
      // The per-person deltas: sortable, 20 rows a page, each explained on demand.
      const deltas = page.getByTestId('backtest-deltas');
      await deltas.locator('tbody tr').first().waitFor();
      // The plan pays 4 people over 4 quarters: 16 rows, one page.
      expect(await deltas.locator('tbody tr').count()).toBe(16);
      expect(
        await page.getByRole('navigation', { name: 'Pages of the deltas of saved draft' }).textContent(),
      ).toContain('Page 1 of 1 · 16 rows');
      const participantHeader = deltas.getByRole('columnheader', { name: 'Participant' });
      await participantHeader.getByRole('button').click();
      expect(await participantHeader.getAttribute('aria-sort')).toBe('ascending');
      // The server sorts: the table is busy until the sorted page arrives.
      await page.locator('section.table-scroll[aria-busy="false"]').waitFor();
      const ids = await deltas.locator('tbody tr td:first-child').allTextContents();
      expect(ids).toEqual([...ids].sort());
      await deltas
        .getByRole('button', { name: /^Explain / })
        .first()
        .click();
      const explanation = page.getByTestId('backtest-explanation');
      const sides = explanation.getByTestId('explained-side');
      await sides.nth(1).waitFor();
      expect(await sides.locator('h3').allTextContents()).toEqual([
        expect.stringMatching(/^Baseline: [\d,]+\.\d{2} USD$/),
        expect.stringMatching(/^saved draft: [\d,]+\.\d{2} USD$/),
      ]);
      expect(await sides.nth(0).getByTestId('explanation-tree').count()).toBeGreaterThan(0);
      await screenshot(page, 'backtests');
      await context.close();
    });
  });

  describe('backtest choices', () => {
    it("compares the editor's unsaved text and a published version with the baseline, for one person", async () => {
      const { context, page } = await openTab(browser);
      await signIn(page, baseUrl, keys.admin, '/plans/team-performance');
      await page.getByTestId('payout-range').waitFor();
      await page.getByRole('button', { name: 'Backtest this text' }).click();
      await page.getByRole('heading', { name: 'Backtests' }).waitFor();
      expect(await page.getByLabel('Plan').inputValue()).toBe('team-performance');
      // The editor's text is ticked; version 1 is ticked here too; the saved draft is not.
      expect(await page.getByLabel("the editor's text").isChecked()).toBe(true);
      expect(await page.getByLabel('saved draft').isChecked()).toBe(false);
      await page.getByLabel('version 1').check();
      await page.getByLabel('Baseline').selectOption({ label: 'Version 1 only (from 2024-01-01)' });
      await page.getByLabel('Only these people (ids)').fill(DEMO_PARTICIPANT_ID);
      await page.getByRole('button', { name: 'Run backtest' }).click();
      const totals = page.getByTestId('backtest-totals');
      await totals.waitFor();
      const rows = await totals
        .locator('tbody tr')
        .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
      expect(rows.map((row) => row[0])).toEqual(["the editor's text", 'version 1']);
      // Version 1 against a baseline of version 1 only: the same pay, a difference of 0.00.
      expect(rows[1]?.[2]).toBe(rows[1]?.[1]);
      expect(rows[1]?.[3]).toMatch(/^0\.00 USD/);
      // One person, over the four quarters.
      expect(await page.getByText(/^1 participant over 2025-Q1, 2025-Q2, 2025-Q3, 2025-Q4\.$/).count()).toBe(
        1,
      );
      await screenshot(page, 'backtests-choices');
      await context.close();
    });
  });

  describe('imports', () => {
    /** Chooses the kind and the file (made here, never on disk) and presses Import. */
    async function importFile(page: Page, kind: string, name: string, text: string): Promise<void> {
      await page.getByLabel('Kind').selectOption(kind);
      await page
        .getByLabel('File')
        .setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(text) });
      await page.getByRole('button', { name: 'Import' }).click();
    }

    it('shows the line of a fact crediting an unknown person, and writes none of the file', async () => {
      const { accounts } = await graphql<{ accounts: { edges: { node: { externalId: string } }[] } }>(
        baseUrl,
        keys.admin,
        '{ accounts(first: 1) { edges { node { externalId } } } }',
      );
      const account = accounts.edges[0]!.node.externalId;
      const credit = (participantId: string) => `"[{""participantId"":""${participantId}"",""share"":1}]"`;
      const csv = [
        'id,kind,date,accountId,currency,amount,cost,productLine,repeat,credits',
        `web-import-1,order,2026-11-02,${account},USD,1000000,400000,Core,false,${credit(DEMO_PARTICIPANT_ID)}`,
        `web-import-2,order,2026-11-03,${account},USD,500000,200000,Core,false,${credit('p-nobody')}`,
        '',
      ].join('\n');
      const { context, page } = await openTab(browser);
      await signIn(page, baseUrl, keys.admin, '/imports');
      await page.getByLabel('File').waitFor();
      // The progress bar is shown while the file is read and sent (too briefly to wait for here).
      await page.evaluate(() => {
        const seen = { progress: false };
        (window as unknown as { seen: typeof seen }).seen = seen;
        new MutationObserver(() => {
          if (document.querySelector('progress#import-progress')) seen.progress = true;
        }).observe(document.body, { childList: true, subtree: true });
      });
      await importFile(page, 'facts', 'facts.csv', csv);
      const outcome = page.getByTestId('import-outcome');
      await outcome.waitFor();
      expect(await outcome.textContent()).toContain('Nothing was imported: facts.csv has 1 problem.');
      expect(
        await page.evaluate(() => (window as unknown as { seen: { progress: boolean } }).seen.progress),
      ).toBe(true);
      // The header is line 1, so the second record is line 3 of the file.
      const row = page.locator('[data-testid="import-problems"] tbody tr');
      expect(await row.count()).toBe(1);
      expect(await row.first().getAttribute('data-line')).toBe('3');
      expect(await row.first().locator('td').allTextContents()).toEqual([
        '3',
        'credits[0].participantId',
        'no participant has id "p-nobody"; import it first with importParticipants, or fix the id',
      ]);
      await screenshot(page, 'imports-rejected');
      // The good line was not written either.
      const { facts } = await graphql<{ facts: { edges: unknown[] } }>(
        baseUrl,
        keys.admin,
        `{ facts(accountId: "${account}", from: "2026-11-01", to: "2026-11-30") { edges { node { externalId } } } }`,
      );
      expect(facts.edges).toEqual([]);
      await context.close();
    });

    it('shows the line of a cell the schema refuses, and of a line that is not JSON, before writing anything', async () => {
      const { context, page } = await openTab(browser);
      await signIn(page, baseUrl, keys.admin, '/imports');
      // A target that is not a number is left as text by the parser; the API's schema refuses it.
      await importFile(
        page,
        'participants',
        'people.csv',
        [
          'id,name,role,geography,vertical,currency,annualTargetIncentiveMinor,hireDate',
          'web-p-1,Web One,account executive,EMEA,retail,USD,4000000,2026-01-01',
          'web-p-2,Web Two,account executive,EMEA,retail,USD,40k,2026-01-01',
          '',
        ].join('\n'),
      );
      await page.getByTestId('import-outcome').filter({ hasText: 'people.csv has 1 problem' }).waitFor();
      const refused = await page.locator('[data-testid="import-problems"] tbody tr td').allTextContents();
      expect(refused.slice(0, 2)).toEqual(['3', 'annualTargetIncentiveMinor']);
      expect(refused[2]).toContain('Expected a whole number of minor units');
      await screenshot(page, 'imports-refused-cell');
      // NDJSON: line 2 is not JSON; the browser's parser (the API's) says so and nothing is sent.
      await importFile(page, 'accounts', 'accounts.ndjson', '{"id":"web-a-1"}\n{"id": web-a-2}\n');
      await page.getByTestId('import-outcome').filter({ hasText: 'accounts.ndjson has 1 problem' }).waitFor();
      const cells = await page.locator('[data-testid="import-problems"] tbody tr td').allTextContents();
      expect(cells[0]).toBe('2');
      expect(cells[2]).toMatch(/^not valid JSON/);
      const { participants } = await graphql<{ participants: { edges: { node: { externalId: string } }[] } }>(
        baseUrl,
        keys.admin,
        '{ participants(first: 100) { edges { node { externalId } } } }',
      );
      expect(participants.edges.map(({ node }) => node.externalId)).not.toContain('web-p-1');
      await context.close();
    });

    it('imports a good file and says how many records were inserted', async () => {
      const { context, page } = await openTab(browser);
      await signIn(page, baseUrl, keys.admin, '/imports');
      await importFile(
        page,
        'teams',
        'teams.ndjson',
        '{"id":"web-team-ok","name":"Imported from the console","members":[]}\n',
      );
      await page.getByTestId('import-outcome').filter({ hasText: 'Imported teams.ndjson' }).waitFor();
      expect(await page.getByTestId('import-outcome').textContent()).toBe(
        'Imported teams.ndjson (teams): 1 inserted, 0 updated, 0 unchanged.',
      );
      await screenshot(page, 'imports');
      await context.close();
    });
  });

  describe('what if', () => {
    it('shows a rep what a 250,000 order would pay, line by line and why, and stores nothing', async () => {
      const statementTotal = async () =>
        (
          await graphql<{ statements: { total: { formatted: string } }[] }>(
            baseUrl,
            keys.participant,
            `{ statements(participantId: "${DEMO_PARTICIPANT_ID}", period: "2025-Q4") { total { formatted } } }`,
          )
        ).statements.map((s) => s.total.formatted);
      const before = await statementTotal();
      const { context, page } = await openTab(browser);
      await signIn(page, baseUrl, keys.participant);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'What if' }).click();
      await page.getByRole('heading', { name: 'What if', level: 1 }).waitFor();
      await page.getByLabel('Account id').fill('acc-001-001');
      await page.getByLabel('Order amount (USD)').fill('250,000');
      await page.getByLabel('Closing date').fill('2025-11-20');
      await page.getByRole('button', { name: 'Estimate' }).click();
      const summary = page.getByTestId('estimate-summary');
      await summary.waitFor();
      // The page shows what the API estimates for the same deal (its amounts are worked by hand
      // in apps/api/test/payouts/estimate-payout.test.ts).
      const { estimatePayout } = await graphql<{
        estimatePayout: {
          baseline: { total: { formatted: string } };
          estimate: { total: { formatted: string } };
          difference: { formatted: string; minorUnits: number };
          lines: { component: string }[];
        };
      }>(
        baseUrl,
        keys.participant,
        `{ estimatePayout(participantId: "${DEMO_PARTICIPANT_ID}", period: "2025-Q4", deals: [{ accountId: "acc-001-001", date: "2025-11-20", amount: 25000000 }]) {
          ... on PayoutEstimate { baseline { total { formatted } } estimate { total { formatted } } difference { formatted minorUnits } lines { component } } } }`,
      );
      expect(estimatePayout.difference.minorUnits).toBeGreaterThan(0);
      expect(await summary.textContent()).toBe(
        `You would be paid ${estimatePayout.estimate.total.formatted} for 2025-Q4 instead of ${estimatePayout.baseline.total.formatted}: ${estimatePayout.difference.formatted} more.`,
      );
      const rows = page.locator('[data-testid="estimate-lines"] tbody tr');
      expect(await rows.locator('td:first-child').allTextContents()).toEqual(
        estimatePayout.lines.map((line) => line.component),
      );
      expect(await page.getByTestId('explanation-tree').count()).toBe(estimatePayout.lines.length);
      await screenshot(page, 'what-if');
      // Nothing hypothetical was stored: the statement and the account's facts are as they were.
      expect(await statementTotal()).toEqual(before);
      const { facts } = await graphql<{ facts: { edges: { node: { externalId: string } }[] } }>(
        baseUrl,
        keys.admin,
        '{ facts(accountId: "acc-001-001", from: "2025-11-20", to: "2025-11-20") { edges { node { externalId } } } }',
      );
      expect(facts.edges.map(({ node }) => node.externalId).filter((id) => id.startsWith('what-if'))).toEqual(
        [],
      );
      // A bad amount is explained before anything is asked.
      await page.getByLabel('Order amount (USD)').fill('250k');
      await page.getByRole('button', { name: 'Estimate' }).click();
      await page.getByRole('alert').filter({ hasText: 'Write the amount in USD' }).waitFor();
      await context.close();
    });
  });

  describe('payouts and statements', () => {
    it('lists the runs per period and opens a statement with its explanation tree (admin)', async () => {
      const { context, page } = await openTab(browser);
      await signIn(page, baseUrl, keys.admin, '/payouts');
      await page.getByRole('heading', { name: '2025-Q4', level: 2 }).waitFor();
      await page.getByRole('heading', { name: '2025-H2', level: 2 }).waitFor();
      // Team totals open on demand, one row per team paid in the period, as the API sums them.
      await page.getByText('Team totals for 2025-Q4').click();
      const teamTable = page.getByTestId('team-totals-2025-Q4');
      await teamTable.waitFor();
      const { teamTotals } = await graphql<{ teamTotals: { totals: { formatted: string }[] } }>(
        baseUrl,
        keys.admin,
        '{ teamTotals(teamId: "team-001", period: "2025-Q4") { totals { formatted } } }',
      );
      const firstTeam = await teamTable.locator('tbody tr').first().locator('td').allTextContents();
      expect(firstTeam[2]).toBe(teamTotals.totals.map((t) => t.formatted).join(' + '));
      await screenshot(page, 'payouts');
      await page
        .getByRole('region', { name: '2025-Q4' })
        .getByRole('link', { name: 'Key accounts - team performance' })
        .click();
      await page.getByRole('heading', { name: 'Key accounts - team performance · 2025-Q4' }).waitFor();
      await screenshot(page, 'payout-run');
      // The CSV of the run: one row per line, amounts as decimals that add up to the run's total.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download CSV' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe('payout-run-Key-accounts-team-performance-2025-Q4.csv');
      const csv = await readFile((await download.path())!, 'utf8');
      const [header, ...rows] = csv.trimEnd().split('\r\n');
      expect(header).toBe('participant_id,participant,plan,period,component,kind,from,to,amount,currency');
      const cents = (decimal: string) => Number(decimal.replace(/[,.]/g, ''));
      const sum = rows.reduce((total, row) => total + cents(row.split(',').at(-2)!), 0);
      const runTotal = (await page.locator('main p strong').first().textContent())!.replace(' USD', '');
      expect(sum).toBe(cents(runTotal));
      expect(rows.length).toBeGreaterThan(0);
      await page.getByRole('link').filter({ hasText: /\w/ }).last().click();
      await page.getByTestId('statement').waitFor();
      await screenshot(page, 'statement-admin');
      await context.close();
    });

    it("lets a participant read its own statement and open its explanation tree, with the API's total", async () => {
      const { context, page } = await openTab(browser);
      await signIn(page, baseUrl, keys.participant);
      const link = page.getByRole('link', { name: '2025-Q4' });
      await link.waitFor();
      await screenshot(page, 'my-statements');
      await link.click();
      const statement = page.getByTestId('statement');
      await statement.waitFor();
      const { statements } = await graphql<{ statements: { total: { formatted: string } }[] }>(
        baseUrl,
        keys.admin,
        `{ statements(participantId: "${DEMO_PARTICIPANT_ID}", period: "2025-Q4") { total { formatted } } }`,
      );
      expect(await page.getByTestId('statement-total').textContent()).toBe(statements[0]?.total.formatted);
      // Each line's tree: the root is open, its branches start closed and open on a click.
      const trees = page.getByTestId('explanation-tree');
      expect(await trees.count()).toBeGreaterThan(0);
      const closed = trees.first().locator('details:not([open]) > summary').first();
      const closedCount = await trees.first().locator('details:not([open])').count();
      expect(closedCount).toBeGreaterThan(0);
      await closed.click();
      expect(await trees.first().locator('details:not([open])').count()).toBe(closedCount - 1);
      // Each stretch says how its target follows from the annual one (team-performance: quarters, actual/365).
      expect(await page.getByTestId('proration').first().textContent()).toMatch(
        /^[\d,]+\.\d{2} USD a year \/ 4 × (the whole period|\d+ of [\d.]+ days) \([\d.]+%, actual\/365\)$/,
      );
      // No money in minor units: every amount on the page is formatted with its currency.
      expect(await statement.textContent()).toMatch(/\d[\d,]*\.\d{2} (USD|EUR)/);
      await screenshot(page, 'statement');
      const small = await openTab(browser, { width: 390, height: 844 });
      await small.page.goto(baseUrl);
      await signIn(small.page, baseUrl, keys.participant, new URL(page.url()).pathname);
      await small.page.getByTestId('statement').waitFor();
      await screenshot(small.page, 'statement-390');
      await small.context.close();
      await context.close();
    });

    it("keeps a participant from another person's statement, by URL and by id", async () => {
      const { statements: others } = await graphql<{
        statements: { id: string; total: { formatted: string }; participant: { name: string } }[];
      }>(
        baseUrl,
        keys.admin,
        `{ statements(participantId: "${OTHER_PARTICIPANT_ID}", period: "2025-Q4") { id total { formatted } participant { name } } }`,
      );
      const other = others[0]!;
      const { context, page } = await openTab(browser);
      await signIn(page, baseUrl, keys.participant);
      await page.getByRole('link', { name: '2025-Q4' }).waitFor();

      await page.goto(`${baseUrl}/statements/${encodeURIComponent(other.id)}`);
      await page.getByTestId('not-found').waitFor();
      expect(await page.locator('main').textContent()).not.toContain(other.participant.name);
      await screenshot(page, 'statement-not-yours');

      await page.goto(`${baseUrl}/people/${OTHER_PARTICIPANT_ID}/2025-Q4`);
      await page.getByTestId('not-yours').waitFor();
      const text = (await page.locator('main').textContent()) ?? '';
      expect(text).toContain('A participant key sees only its own statements.');
      expect(text).not.toContain(other.participant.name);
      expect(text).not.toContain(other.total.formatted);
      expect(await page.getByTestId('statement').count()).toBe(0);
      await context.close();
    });
  });
});
