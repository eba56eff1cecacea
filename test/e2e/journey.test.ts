import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../../src/app/demo/seed.ts';
import { startTestKoppel, type TestKoppel } from '../helpers/harness.ts';
import { launchBrowser, shot } from './browser.ts';

/**
 * The foundation journey in Debian's Chromium, as a user does it: log in, create an employee with a
 * contract, record and approve a shift, add a vacation absence and see the leave balance change.
 * Runs in Dutch, then looks at the main pages in German and English. Screenshots: test-artifacts/e2e/.
 */
let k: TestKoppel;
let browser: Browser;
let base: string;

beforeAll(async () => {
  k = await startTestKoppel({ worker: true, listen: true });
  await seedDemo(k.db, k.services.box, { employees: 12 });
  base = k.address!;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await k?.stop();
});

const cspViolations: string[] = [];
const iso = (d: Date) => d.toISOString().slice(0, 10);

async function newPage(locale: string): Promise<Page> {
  const page = await (await browser.newContext({ locale, viewport: { width: 1366, height: 900 } })).newPage();
  page.on('pageerror', (e) => {
    throw new Error(`page error: ${e.message}`);
  });
  // The pages run under the server's Content-Security-Policy: anything it blocks is a bug.
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  return page;
}

async function login(page: Page, email = 'owner@demo.koppel.test') {
  await page.goto(`${base}/login`);
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('nav-employees').waitFor();
}

describe('foundation journey', () => {
  it('creates an employee with a contract, approves a shift and sees leave change after an absence (nl)', async () => {
    const page = await newPage('nl-NL');
    await page.goto(`${base}/login`);
    await shot(page, 'nl-01-login');
    await login(page);
    await shot(page, 'nl-02-dashboard');

    await page.getByTestId('nav-employees').click();
    await page.getByTestId('employee-new').click();
    await page.getByTestId('employee-firstName').fill('Eva');
    await page.getByTestId('employee-prefix').fill('van der');
    await page.getByTestId('employee-lastName').fill('Journey');
    await page.getByTestId('employee-personnelNumber').fill('E2E-1');
    await page.getByTestId('employee-email').fill('eva.journey@example.test');
    await page.getByTestId('employee-bsn').fill('111222333');
    await page.getByTestId('employee-birthDate').fill('1990-04-01');
    await shot(page, 'nl-03-employee-new');
    await page.getByTestId('employee-submit').click();
    await page.getByTestId('employee-name').filter({ hasText: 'Eva van der Journey' }).waitFor();
    // The BSN is masked on screen.
    expect(await page.content()).not.toContain('111222333');
    expect(await page.content()).toContain('******333');

    await page.getByTestId('tab-contracts').click();
    await page.getByTestId('contract-add').click();
    await page.getByTestId('contract-type').selectOption({ label: 'Vaste uren' });
    await page.getByTestId('contract-department').selectOption({ label: 'Keuken' });
    await page.getByTestId('contract-function').selectOption({ label: 'Kok' });
    const year = new Date().getUTCFullYear();
    await page.getByTestId('contract-startDate').fill(`${year}-01-01`);
    await page.getByTestId('contract-weeklyHours').fill('40');
    await page.getByTestId('contract-hourlyWage').fill('18.50');
    await page.getByTestId('contract-submit').click();
    await page.getByTestId('contract-row').first().waitFor();
    await shot(page, 'nl-04-contracts');

    await page.getByTestId('tab-leave').click();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="leave-entitlement"]')?.getAttribute('data-value')) > 0);
    const plannedBefore = Number(await page.getByTestId('leave-planned').getAttribute('data-value'));
    const remainingBefore = Number(await page.getByTestId('leave-remaining').getAttribute('data-value'));
    expect(Number(await page.getByTestId('leave-entitlement').getAttribute('data-value'))).toBe(160);

    await page.getByTestId('tab-hours').click();
    await page.getByTestId('shift-add').click();
    await page.getByTestId('shift-date').fill(iso(new Date(Date.now() - 86_400_000)));
    await page.getByTestId('shift-start').fill('09:00');
    await page.getByTestId('shift-end').fill('17:30');
    await page.getByTestId('shift-break').fill('30');
    await page.getByTestId('shift-department').selectOption({ label: 'Keuken' });
    await page.getByTestId('shift-submit').click();
    const row = page.getByTestId('shift-row').first();
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('pending');
    await row.getByTestId('shift-approve').click();
    await page.locator('[data-testid="shift-row"][data-status="approved"]').first().waitFor();
    await shot(page, 'nl-05-shift-approved');

    await page.getByTestId('tab-absences').click();
    await page.getByTestId('absence-add').click();
    await page.getByTestId('absence-type').selectOption({ label: 'Vakantie' });
    // Monday to Friday two weeks ahead: 5 working days × 8 h.
    const monday = new Date();
    monday.setUTCDate(monday.getUTCDate() + 14 - ((monday.getUTCDay() + 6) % 7));
    const friday = new Date(monday.getTime() + 4 * 86_400_000);
    await page.getByTestId('absence-startDate').fill(iso(monday));
    await page.getByTestId('absence-endDate').fill(iso(friday));
    await page.getByTestId('absence-submit').click();
    await page.getByTestId('absence-row').first().waitFor();

    await page.getByTestId('tab-leave').click();
    await page.waitForFunction((b) => Number(document.querySelector('[data-testid="leave-planned"]')?.getAttribute('data-value')) > b, plannedBefore);
    const plannedAfter = Number(await page.getByTestId('leave-planned').getAttribute('data-value'));
    const remainingAfter = Number(await page.getByTestId('leave-remaining').getAttribute('data-value'));
    // Planned leave can fall in next year when "two weeks ahead" crosses New Year; then this year's figures stay.
    if (iso(friday).startsWith(String(year))) {
      expect(plannedAfter - plannedBefore).toBe(40);
      expect(remainingBefore - remainingAfter).toBe(40);
    }
    await shot(page, 'nl-06-leave-after-absence');

    // The same data through the API the UI uses.
    const shifts = await k.db.selectFrom('shifts').innerJoin('employees', 'employees.id', 'shifts.employee_id').select(['shifts.status']).where('employees.last_name', '=', 'Journey').execute();
    expect(shifts).toEqual([{ status: 'approved' }]);
  });

  it('the owner sets the company time zone under Settings → Organisation → Company (de)', async () => {
    const page = await newPage('de-DE');
    await login(page);
    await page.getByTestId('language-switcher').selectOption('de');
    await page.goto(`${base}/settings/organisation/company`);
    const zone = page.getByTestId('company-time-zone');
    await zone.waitFor();
    expect(await zone.inputValue()).toBe('Europe/Amsterdam');
    await zone.click();
    await zone.fill('Europe/Berl');
    await page.getByRole('option', { name: 'Europe/Berlin' }).click();
    await page.getByTestId('company-save').click();
    await page.getByText('Unternehmenseinstellungen gespeichert').waitFor();
    await shot(page, 'de-company-settings');
    const tenant = await k.db.selectFrom('tenants').select('time_zone').where('name', '=', 'Demo Horeca BV').executeTakeFirstOrThrow();
    expect(tenant.time_zone).toBe('Europe/Berlin');
    // HR reads the settings but only admins change them.
    const hr = await newPage('nl-NL');
    await login(hr, 'hr@demo.koppel.test');
    await hr.goto(`${base}/settings/organisation/company`);
    await hr.getByTestId('company-time-zone').waitFor();
    expect(await hr.getByTestId('company-time-zone').isDisabled()).toBe(true);
    expect(await hr.getByTestId('company-save').count()).toBe(0);
    await shot(hr, 'nl-company-settings-hr');
  });

  for (const [locale, lang, expected] of [
    ['de-DE', 'de', 'Mitarbeitende'],
    ['en-GB', 'en', 'Employees'],
  ] as const) {
    it(`shows the main pages translated (${lang})`, async () => {
      const page = await newPage(locale);
      await login(page, 'planner@demo.koppel.test');
      // The planner's saved language is German; switch explicitly to the language under test.
      await page.getByTestId('language-switcher').selectOption(lang);
      await page.getByTestId('nav-employees').click();
      await page.getByRole('heading', { name: expected }).waitFor();
      await page.getByTestId('employee-row').first().waitFor().catch(() => undefined);
      await shot(page, `${lang}-employees`);
      await page.getByTestId('nav-shifts').click();
      await page.waitForLoadState('networkidle');
      await shot(page, `${lang}-shifts`);
      await page.getByTestId('nav-absences').click();
      await page.waitForLoadState('networkidle');
      await shot(page, `${lang}-absences`);
      const text = await page.locator('body').innerText();
      // No raw i18n keys on screen.
      expect(text).not.toMatch(/\b[a-z]+\.[a-z]+\.[a-zA-Z]+\b/);
    });
  }

  it('no page broke the Content-Security-Policy', () => {
    expect(cspViolations).toEqual([]);
  });
});
