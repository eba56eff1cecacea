import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../../src/app/demo/seed.ts';
import { login as apiLogin, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';
import { launchBrowser, shot } from './browser.ts';

/**
 * Issue 12 in the browser: Settings → Background jobs lists a mail that could not be sent (no mail transport) and
 * retries it, the users list marks the invitation, and a planner's employee page shows no private fields.
 */
let k: TestKoppel;
let browser: Browser;
let base: string;

beforeAll(async () => {
  k = await startTestKoppel({ worker: true, listen: true, mailCatcher: false });
  await seedDemo(k.db, k.services.box, { employees: 6 });
  base = k.address!;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await k?.stop();
});

async function newPage(locale: string): Promise<Page> {
  const page = await (await browser.newContext({ locale, viewport: { width: 1366, height: 900 } })).newPage();
  page.on('pageerror', (e) => {
    throw new Error(`page error: ${e.message}`);
  });
  return page;
}

async function login(page: Page, email: string) {
  await page.goto(`${base}/login`);
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('nav-employees').waitFor();
}

describe('issue 12 in the browser', () => {
  it('an admin sees the invitation that could not be sent, under Background jobs and in the users list, and retries it (nl)', async () => {
    const owner = await apiLogin(k, 'owner@demo.koppel.test', DEMO_PASSWORD);
    expect((await owner.post('/users', { email: 'nina.nomail@example.test', name: 'Nina Nomail', role: 'planner' })).status).toBe(201);
    const page = await newPage('nl-NL');
    await login(page, 'owner@demo.koppel.test');
    await page.goto(`${base}/settings/jobs`);
    const row = page.getByTestId('job-row').filter({ hasText: 'nina.nomail@example.test' });
    await row.waitFor();
    expect(await row.getByTestId('job-reason').textContent()).toBe('Er is geen mailserver ingesteld (SMTP_URL ontbreekt): er is niets verzonden.');
    await shot(page, 'issue12-jobs-page-nl');
    await page.goto(`${base}/settings/users`);
    await page.getByTestId('user-mail-failed').first().waitFor();
    await shot(page, 'issue12-users-mail-failed-nl');
    const body = await page.locator('body').textContent();
    expect(body).not.toContain('undefined');
    await page.goto(`${base}/settings/jobs`);
    await row.getByTestId('job-retry').click();
    await page.getByText('De taak wordt opnieuw uitgevoerd.').waitFor();
  });

  it('a planner reads an employee without birth date, address, notes, BSN or wage (de)', async () => {
    const page = await newPage('de-DE');
    await login(page, 'planner@demo.koppel.test');
    await page.getByTestId('nav-employees').click();
    await page.locator('table tbody tr').first().click();
    await page.waitForURL(/\/employees\/[0-9a-f-]{36}/);
    await page.getByText('Personalnummer').first().waitFor();
    const text = (await page.locator('main').textContent()) ?? '';
    await shot(page, 'issue12-planner-employee-de');
    expect(text).not.toContain('undefined');
    expect(text).not.toMatch(/Geburtsdatum|(?<!E-Mail-)Adresse|BSN|Notizen/);
    await page.getByRole('tab', { name: 'Verträge' }).click();
    await page.getByTestId('contracts-table').waitFor();
    await shot(page, 'issue12-planner-contracts-de');
    const contracts = (await page.getByTestId('contracts-table').textContent()) ?? '';
    expect(contracts).toContain('Wochenstunden');
    expect(contracts).not.toMatch(/Stundenlohn|€|undefined/);
  });
});
