import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  ARTIFACTS_DIR,
  graphql,
  launchBrowser,
  openTab,
  seriousViolations,
  signIn,
} from '../support/browser';

const chromium = inject('chromium');
const baseUrl = inject('baseUrl');
const keys = inject('keys');

/** The plan these tests open; they never save it, so other tests' drafts are what they read. */
const PLAN_ID = 'team-performance';

/** The 1-based line of the plan's saved text that starts with `start` (after its indentation). */
async function lineStarting(start: string): Promise<number> {
  const { plan } = await graphql<{ plan: { draftText: string } }>(
    baseUrl,
    keys.admin,
    `{ plan(id: "${PLAN_ID}") { draftText } }`,
  );
  const index = plan.draftText.split('\n').findIndex((line) => line.trimStart().startsWith(start));
  if (index < 0) throw new Error(`no line of ${PLAN_ID} starts with ${start}`);
  return index + 1;
}

/** Puts the cursor at the end of a 1-based line of the editor, with the keyboard. */
async function goToLineEnd(page: Page, line: number): Promise<void> {
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+Home');
  for (let n = 1; n < line; n++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
}

/** Puts the cursor just after the first `text` on a 1-based line, with the keyboard. */
async function goAfter(page: Page, line: number, text: string): Promise<void> {
  await goToLineEnd(page, line);
  await page.keyboard.press('Home');
  // Home goes to the first non-space character; the text is counted from the line's start.
  const lineText = (await page.locator('.cm-activeLine').textContent()) ?? '';
  const indent = lineText.length - lineText.trimStart().length;
  const at = lineText.indexOf(text);
  if (at < 0) throw new Error(`line ${line} has no ${text}: ${lineText}`);
  for (let n = indent; n < at + text.length; n++) await page.keyboard.press('ArrowRight');
}

/** The middle of the first `text` on the visible editor line that contains `within`, for the mouse. */
async function pointAt(page: Page, text: string, within = text): Promise<{ x: number; y: number }> {
  const point = await page.evaluate(
    ([wanted, context]) => {
      for (const line of document.querySelectorAll('.cm-line')) {
        if (!line.textContent?.includes(context)) continue;
        const at = line.textContent.indexOf(wanted);
        if (at < 0) continue;
        // Walk the line's text nodes (highlighting splits it) to the characters wanted.
        const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
        let seen = 0;
        const range = document.createRange();
        let started = false;
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const length = node.textContent?.length ?? 0;
          if (!started && at < seen + length) {
            range.setStart(node, at - seen);
            started = true;
          }
          if (started && at + wanted.length <= seen + length) {
            range.setEnd(node, at + wanted.length - seen);
            const rect = range.getBoundingClientRect();
            return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
          }
          seen += length;
        }
      }
      return null;
    },
    [text, within] as const,
  );
  if (!point) throw new Error(`no visible editor line shows ${text}`);
  return point;
}

/** The editor's text, as CodeMirror holds it. */
async function editorLine(page: Page, line: number): Promise<string> {
  return (
    (await page
      .locator('.cm-line')
      .nth(line - 1)
      .textContent()) ?? ''
  );
}

/** Saves what the window shows (the tooltips are near the top; a full page would dwarf them). */
async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS_DIR, `${name}.png`) });
}

async function openEditor(browser: Browser) {
  const tab = await openTab(browser);
  await signIn(tab.page, baseUrl, keys.admin, `/plans/${PLAN_ID}`);
  // Checked once: the worker is up and the text has no error.
  await tab.page.getByTestId('payout-range').waitFor();
  return tab;
}

describe.skipIf(!chromium)("the plan editor's language services in a real browser", () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser(chromium!);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('completes a partly typed keyword as it is typed, and a measure name on Ctrl-Space, inserting the whole word', async () => {
    const { context, page } = await openEditor(browser);
    const line = await lineStarting('measure csat =');
    await goToLineEnd(page, line);
    await page.keyboard.press('Enter');
    await page.keyboard.type('measure nps = aver');
    const list = page.locator('.cm-tooltip-autocomplete');
    await list.waitFor();
    // "aver" starts only the aggregate keyword `average`.
    expect(await list.locator('li').allTextContents()).toEqual(['average']);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'plan-editor-completion');
    await page.keyboard.press('Enter');
    expect(await editorLine(page, line + 1)).toBe('measure nps = average');
    await list.waitFor({ state: 'detached' });

    // On another new line, a name being typed: the measures that start with it.
    await page.keyboard.press('Enter');
    await page.keyboard.type('measure nps2 = nps + rev');
    await list.waitFor();
    // The measures whose names start with "rev", as the checker knows them from the text.
    const offered = await list.locator('.cm-completionLabel').allTextContents();
    expect(offered).toEqual(expect.arrayContaining(['revenue', 'revenue_last_year']));
    await page.keyboard.press('Escape');
    await list.waitFor({ state: 'detached' });
    await page.keyboard.press('Control+Space');
    await list.waitFor();
    // CodeMirror takes Enter only once the list has been open 75 ms (interactionDelay), against
    // accidental picks: waiting after it is shown does not race anything.
    await page.waitForTimeout(150);
    await page.keyboard.press('Enter');
    expect(await editorLine(page, line + 2)).toMatch(/^measure nps2 = nps \+ revenue(_last_year)?$/);
    await context.close();
  });

  it("shows what a component means (its weight and payout range) on hover, and a band's boundaries from the keyboard", async () => {
    const { context, page } = await openEditor(browser);
    const line = await lineStarting('component "Team revenue"');
    await goToLineEnd(page, line);
    await page.mouse.move(...(Object.values(await pointAt(page, '"Team revenue"')) as [number, number]));
    const hover = page.getByTestId('plan-hover');
    await hover.waitFor();
    // The demo plan gives "Team revenue" weight 30% and a curve up to 200%: 30% × 200% = 60%.
    expect(await hover.locator('strong').first().textContent()).toBe('component "Team revenue"');
    const facts = await hover.locator('li').allTextContents();
    expect(facts).toContain('weight 30%: its target is 30% of the target incentive');
    expect(facts).toContain('pays from 0% to 60% of the target incentive (0% to 200% of its target)');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'plan-editor-hover');
    await page.mouse.move(5, 5);
    await hover.waitFor({ state: 'detached' });

    // The band `from 80% up to 100%: 50% to 100%`, two lines below the curve's header.
    const band = await lineStarting('from 80% up to 100%: 50% to 100%');
    await goAfter(page, band, 'from 8');
    await page.keyboard.press('Control+k');
    await page.keyboard.press('Control+i');
    await hover.waitFor();
    expect(await hover.textContent()).toContain('80% included, 100% excluded');
    await page.keyboard.press('Escape');
    await hover.waitFor({ state: 'detached' });
    await context.close();
  });

  it("fixes weights that do not add up to 100% with the diagnostic's action, which clears it", async () => {
    const { context, page } = await openEditor(browser);
    // "Share of wallet" weighs 10%; 15% makes the weights add up to 105%.
    const line = await lineStarting('component "Share of wallet" weight 10%');
    await goAfter(page, line, 'weight 10');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('15');
    const problem = page.locator('[data-testid="diagnostics"] li[data-code="WEIGHTS_NOT_100"]');
    await problem.waitFor();
    // The lint tooltip over the underlined weight offers the service's fixes as buttons.
    await page.mouse.move(
      ...(Object.values(await pointAt(page, '15%', '"Share of wallet"')) as [number, number]),
    );
    const fix = page.locator('.cm-tooltip-lint .cm-diagnosticAction', {
      // The other six weigh 30 + 10 + 10 + 10 + 15 + 15 = 90%, so it must weigh 100 - 90 = 10%.
      hasText: 'Set the weight of "Share of wallet" to 10% so the weights add up to 100%',
    });
    await fix.waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'plan-editor-quick-fix');
    await fix.click();
    expect(await editorLine(page, line)).toContain(
      'component "Share of wallet" weight 10% for individual plus geography',
    );
    await problem.waitFor({ state: 'detached' });
    await page.getByTestId('payout-range').waitFor();
    await context.close();
  });

  it('offers the did-you-mean of a misspelt measure in the quick-fix menu (Ctrl-.), applied with Enter', async () => {
    const { context, page } = await openEditor(browser);
    const line = await lineStarting('pays curve on csat');
    // `csat` misspelt `cstat`: the checker's did-you-mean is csat.
    await goAfter(page, line, 'pays curve on cs');
    await page.keyboard.type('t');
    await page.locator('[data-testid="diagnostics"] li[data-code="UNKNOWN_MEASURE"]').waitFor();
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+.');
    const menu = page.getByRole('menu', { name: 'Quick fixes' });
    await menu.waitFor();
    const first = menu.getByRole('menuitem').first();
    expect(await first.textContent()).toBe("Replace with 'csat'");
    // The menu takes the focus, so Enter applies the first fix.
    expect(await first.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('Enter');
    await menu.waitFor({ state: 'detached' });
    expect((await editorLine(page, line)).trim()).toBe('pays curve on csat:');
    await page.locator('[data-testid="diagnostics"] li.error').waitFor({ state: 'detached' });
    // The focus is back in the text.
    expect(await page.evaluate(() => document.activeElement?.classList.contains('cm-content'))).toBe(true);
    await context.close();
  });
});
