import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { graphql, launchBrowser, openTab, screenshot, seriousViolations, signIn } from '../support/browser';

const chromium = inject('chromium');
const baseUrl = inject('baseUrl');
const keys = inject('keys');

/**
 * A commission plan small enough to pay by hand, for six people of their own team beside the
 * demo's: version 1 pays 2% of each quarter's revenue, the saved draft 3%. Person w-i sells
 * 10,000.00 x i + 1,000.00 x q in quarter q of 2025, so the draft's delta there is
 * 1% of that: 100.00 x i + 10.00 x q, from 110.00 (w-1, Q1) to 640.00 (w-6, Q4), all different.
 */
const PLAN_ID = 'web-commission';
const PLAN_NAME = 'Web test commission';
const planText = (percent: number) => `plan "${PLAN_NAME}"
  period quarter
  currency USD

measure revenue = sum of order.amount

component "Commission" for individual
  pays ${percent}% of revenue
`;
const PEOPLE = [1, 2, 3, 4, 5, 6].map((i) => `w-${i}`);
const QUARTER_DAYS = ['2025-02-15', '2025-05-15', '2025-08-15', '2025-11-15'];

const IMPORT = (kind: string, input: string) =>
  `mutation ($records: [${input}!]!) { result: import${kind}(records: $records) { __typename ... on Error { message } } }`;

async function setUpPlan(): Promise<void> {
  const admin = keys.admin;
  const imported = async (kind: string, input: string, records: unknown[]) => {
    const { result } = await graphql<{ result: { __typename: string; message?: string } }>(
      baseUrl,
      admin,
      IMPORT(kind, input),
      { records },
    );
    expect(result.__typename, `${kind}: ${result.message}`).toBe('ImportResult');
  };
  await imported(
    'Participants',
    'ParticipantInput',
    PEOPLE.map((id) => ({
      id,
      name: `Web ${id}`,
      role: 'account executive',
      geography: 'EMEA',
      vertical: 'retail',
      currency: 'USD',
      annualTargetIncentiveMinor: 1_000_000,
      hireDate: '2020-01-01',
    })),
  );
  await imported('Teams', 'TeamInput', [
    {
      id: 't-web',
      name: 'Web test',
      members: PEOPLE.map((participantId) => ({
        participantId,
        role: 'account executive',
        from: '2020-01-01',
      })),
    },
  ]);
  await imported('Accounts', 'AccountInput', [
    {
      id: 'a-web',
      name: 'Web account',
      teamId: 't-web',
      geography: 'EMEA',
      vertical: 'retail',
      segment: 'core',
    },
  ]);
  const created = await graphql<{ createPlan: { __typename: string } }>(
    baseUrl,
    admin,
    'mutation ($id: String!, $name: String!) { createPlan(id: $id, name: $name) { __typename } }',
    { id: PLAN_ID, name: PLAN_NAME },
  );
  expect(created.createPlan.__typename).toBe('Plan');
  const published = await graphql<{ publishPlanVersion: { __typename: string } }>(
    baseUrl,
    admin,
    'mutation ($id: String!, $text: String!) { publishPlanVersion(planId: $id, effectiveFrom: "2025-01-01", text: $text) { __typename } }',
    { id: PLAN_ID, text: planText(2) },
  );
  expect(published.publishPlanVersion.__typename).toBe('PlanVersion');
  const saved = await graphql<{ savePlanDraft: { __typename: string } }>(
    baseUrl,
    admin,
    'mutation ($id: String!, $text: String!) { savePlanDraft(planId: $id, text: $text) { __typename } }',
    { id: PLAN_ID, text: planText(3) },
  );
  expect(saved.savePlanDraft.__typename).not.toMatch(/Error/);
  await imported(
    'Assignments',
    'AssignmentInput',
    PEOPLE.map((participantId) => ({
      id: `${participantId}/2025`,
      participantId,
      planId: PLAN_ID,
      from: '2025-01-01',
    })),
  );
  await imported(
    'Facts',
    'FactInput',
    PEOPLE.flatMap((participantId, p) =>
      QUARTER_DAYS.map((date, q) => ({
        id: `web-order-${participantId}-q${q + 1}`,
        kind: 'order',
        date,
        accountId: 'a-web',
        currency: 'USD',
        // 10,000.00 x i + 1,000.00 x q, in cents.
        amount: 1_000_000 * (p + 1) + 100_000 * (q + 1),
        cost: 0,
        productLine: 'Core',
        repeat: false,
        credits: [{ participantId, share: 1 }],
      })),
    ),
  );
}

/** Runs the draft and version 1 against the plan's versions over 2025 and waits for the results. */
async function runBacktest(page: Page): Promise<void> {
  await signIn(page, baseUrl, keys.admin, '/backtests');
  await page.getByLabel('Plan').selectOption({ label: PLAN_NAME });
  await page.getByLabel('saved draft').check();
  await page.getByLabel('version 1').check();
  await page.getByLabel('First period').fill('2025-Q1');
  await page.getByLabel('Last period').fill('2025-Q4');
  await page.getByRole('button', { name: 'Run backtest' }).click();
  await page.getByTestId('backtest-status').filter({ hasText: '100% · complete' }).waitFor();
}

const DRAFT_TABLE = 'Deltas of saved draft per person and period';

/**
 * The first five cells of each row of the draft's deltas table, once the pager says `status`,
 * no page is loading and the first row is `firstRow` ("participant period"): a page stays shown
 * while the next one loads, so the test waits for the one it asked for.
 */
async function draftRows(page: Page, status: string, firstRow: string): Promise<string[][]> {
  await page
    .getByRole('navigation', { name: 'Pages of the deltas of saved draft' })
    .getByText(status)
    .waitFor();
  await page.waitForFunction(
    ([label, expected]) => {
      const region = document.querySelector(`[aria-label="${label}"][aria-busy="false"]`);
      const cells = region?.querySelectorAll('tbody tr:first-child td');
      return cells !== undefined && `${cells[0]?.textContent} ${cells[1]?.textContent}` === expected;
    },
    [DRAFT_TABLE, firstRow] as const,
  );
  return page
    .getByRole('region', { name: DRAFT_TABLE, exact: true })
    .locator('tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 5).map((td) => td.textContent ?? '')),
    );
}

describe.skipIf(!chromium)('the deltas of a backtest, sorted and paged by the server', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser(chromium!);
    await setUpPlan();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('sorts by the delta largest first, pages forward and back, and explains a line of the sorted page', async () => {
    const { context, page } = await openTab(browser);
    await runBacktest(page);
    const pager = page.getByRole('navigation', { name: 'Pages of the deltas of saved draft' });
    const table = page.getByRole('region', { name: DRAFT_TABLE, exact: true });
    const difference = table.getByRole('columnheader', { name: 'Difference' });
    // Away from the delta and back to it: an amount starts largest first.
    await table.getByRole('columnheader', { name: 'Participant' }).getByRole('button').click();
    await difference.getByRole('button').click();
    expect(await difference.getAttribute('aria-sort')).toBe('descending');
    // 6 people x 4 quarters = 24 rows, 20 a page. The largest delta is w-6 in Q4: revenue
    // 60,000.00 + 4,000.00 = 64,000.00; 2% = 1,280.00, 3% = 1,920.00, delta 640.00; then w-6 in Q3, 630.00.
    const first = await draftRows(page, 'Page 1 of 2 · 24 rows', 'w-6 2025-Q4');
    expect(first).toHaveLength(20);
    expect(first[0]).toEqual(['w-6', '2025-Q4', '1,280.00 USD', '1,920.00 USD', '640.00 USD']);
    expect(first[1]?.[4]).toBe('630.00 USD');
    // Page 2 holds the 4 smallest: w-1 in Q4 down to Q1, 140.00 to 110.00.
    await pager.getByRole('button', { name: 'Next' }).click();
    const second = await draftRows(page, 'Page 2 of 2 · 24 rows', 'w-1 2025-Q4');
    expect(second.map((row) => `${row[0]} ${row[1]} ${row[4]}`)).toEqual([
      'w-1 2025-Q4 140.00 USD',
      'w-1 2025-Q3 130.00 USD',
      'w-1 2025-Q2 120.00 USD',
      'w-1 2025-Q1 110.00 USD',
    ]);
    expect(await pager.getByRole('button', { name: 'Next' }).isDisabled()).toBe(true);
    await pager.getByRole('button', { name: 'Previous' }).click();
    expect(await draftRows(page, 'Page 1 of 2 · 24 rows', 'w-6 2025-Q4')).toEqual(first);
    expect(await pager.getByRole('button', { name: 'Previous' }).isDisabled()).toBe(true);
    // Explain the top line of the sorted page: the baseline's 2% and the draft's 3% side by side.
    await table.getByRole('button', { name: 'Explain w-6 in 2025-Q4' }).click();
    const sides = page.getByTestId('backtest-explanation').getByTestId('explained-side');
    await sides.nth(1).waitFor();
    expect(await sides.locator('h3').allTextContents()).toEqual([
      'Baseline: 1,280.00 USD',
      'saved draft: 1,920.00 USD',
    ]);
    await screenshot(page, 'backtests-sorted');
    await context.close();
  });

  it('turns the sort round from the keyboard, smallest delta first', async () => {
    const { context, page } = await openTab(browser);
    await runBacktest(page);
    const table = page.getByRole('region', { name: DRAFT_TABLE, exact: true });
    await draftRows(page, 'Page 1 of 2 · 24 rows', 'w-6 2025-Q4');
    await table.getByRole('columnheader', { name: 'Difference' }).getByRole('button').focus();
    await page.keyboard.press('Enter');
    expect(await table.getByRole('columnheader', { name: 'Difference' }).getAttribute('aria-sort')).toBe(
      'ascending',
    );
    const rows = await draftRows(page, 'Page 1 of 2 · 24 rows', 'w-1 2025-Q1');
    // The smallest: w-1 in Q1, 1% of 11,000.00 = 110.00.
    expect(rows[0]).toEqual(['w-1', '2025-Q1', '220.00 USD', '330.00 USD', '110.00 USD']);
    await context.close();
  });

  it("lists one participant's rows when asked, and everyone's again", async () => {
    const { context, page } = await openTab(browser);
    await runBacktest(page);
    const table = page.getByRole('region', { name: 'Per person: saved draft', exact: true });
    await draftRows(page, 'Page 1 of 2 · 24 rows', 'w-6 2025-Q4');
    await table.getByLabel('Only this participant (id)').fill('w-3');
    await table.getByRole('button', { name: 'Show' }).click();
    // w-3's four quarters, largest delta first: 300.00 + 10.00 x q, Q4 down to Q1.
    const rows = await draftRows(page, 'Page 1 of 1 · 4 rows', 'w-3 2025-Q4');
    expect(rows.map((row) => `${row[0]} ${row[1]} ${row[4]}`)).toEqual([
      'w-3 2025-Q4 340.00 USD',
      'w-3 2025-Q3 330.00 USD',
      'w-3 2025-Q2 320.00 USD',
      'w-3 2025-Q1 310.00 USD',
    ]);
    await table.getByLabel('Only this participant (id)').fill('w-9');
    await table.getByRole('button', { name: 'Show' }).click();
    await table.getByText('No row of w-9 in this backtest: check the id.').waitFor();
    await table.getByRole('button', { name: 'Everyone' }).click();
    await draftRows(page, 'Page 1 of 2 · 24 rows', 'w-6 2025-Q4');
    await context.close();
  });

  it('says in words that an unchanged candidate changes nothing, and charts the one that does', async () => {
    const { context, page } = await openTab(browser);
    await runBacktest(page);
    // Version 1 against the versions in force (version 1 all year): every delta is 0.
    const unchanged = page.getByRole('region', { name: 'Deltas of version 1', exact: true });
    expect(await unchanged.getByTestId('backtest-histogram-flat').textContent()).toBe(
      'No change: every delta is 0.00 USD.',
    );
    expect(await unchanged.locator('svg').count()).toBe(0);
    // The draft: 24 rows from 110.00 to 640.00, 53,001 cents in 20 bins of ceil(53001 / 20) = 2,651.
    const changed = page.getByRole('region', { name: 'Deltas of saved draft', exact: true });
    await changed.locator('svg').first().waitFor();
    expect(await changed.locator('figcaption').textContent()).toBe(
      'Histogram of the change in pay per person and period under saved draft: 24 rows in 20 bins from +110.00 USD to +640.00 USD; 0 unchanged.',
    );
    await context.close();
  });

  it('has no serious accessibility violation on the results, at 1280×800 and 390×844', async () => {
    const found: Record<string, unknown> = {};
    for (const viewport of [
      { width: 1280, height: 800 },
      { width: 390, height: 844 },
    ]) {
      const { context, page } = await openTab(browser, viewport);
      await runBacktest(page);
      await draftRows(page, 'Page 1 of 2 · 24 rows', 'w-6 2025-Q4');
      await page
        .getByRole('region', { name: 'Deltas of saved draft', exact: true })
        .locator('svg')
        .first()
        .waitFor();
      const violations = await seriousViolations(page);
      if (violations.length) found[String(viewport.width)] = violations;
      if (viewport.width === 390) await screenshot(page, 'backtests-phone');
      await context.close();
    }
    expect(found).toEqual({});
  });
});
