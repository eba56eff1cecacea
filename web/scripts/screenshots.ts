/**
 * Screenshots of the main pages in several languages, for looking at the UI by eye.
 * Run against a demo server: node --import tsx web/scripts/screenshots.ts [baseUrl] [outDir] [langs]
 * Defaults: http://localhost:3222, /tmp/koppel-shots, nl,de
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';

const base = process.argv[2] ?? 'http://localhost:3222';
const out = process.argv[3] ?? '/tmp/koppel-shots';
const langs = (process.argv[4] ?? 'nl,de').split(',');
mkdirSync(out, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});

async function shot(page: Page, name: string, fullPage = true) {
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(out, `${name}.png`), fullPage });
}
/** Modals are fixed to the viewport; a full-page shot would cut them off. */
const modalShot = (page: Page, name: string) => shot(page, name, false);

const consoleErrors: string[] = [];
for (const lang of langs) {
  const context = await browser.newContext({ locale: lang, viewport: { width: 1366, height: 860 } });
  const page = await context.newPage();
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(`[${lang}] ${m.text()}`));
  page.on('pageerror', (e) => consoleErrors.push(`[${lang}] pageerror ${e.message}`));

  await page.goto(`${base}/forgot-password`);
  await page.getByTestId('forgot-email').fill('owner@demo.koppel.test');
  await page.getByTestId('forgot-submit').click();
  await page.getByTestId('forgot-password-sent').waitFor();
  await shot(page, `${lang}-00-forgot-sent`);
  await page.goto(`${base}/reset-password?token=not-a-real-token-123`);
  await page.getByTestId('reset-password').fill('a-new-password-1');
  await page.getByTestId('reset-password-repeat').fill('a-new-password-1');
  await page.getByTestId('reset-submit').click();
  await page.getByTestId('error-alert').waitFor();
  await shot(page, `${lang}-00-reset-invalid`);
  await page.goto(`${base}/login`);
  await shot(page, `${lang}-01-login`);
  await page.getByTestId('login-email').fill('owner@demo.koppel.test');
  await page.getByTestId('login-password').fill('wrong-password');
  await page.getByTestId('login-submit').click();
  await page.getByTestId('error-alert').waitFor();
  await shot(page, `${lang}-02-login-error`);
  await page.getByTestId('login-password').fill('koppel-demo-2026');
  await page.getByTestId('login-submit').click();
  await page.getByTestId('nav-employees').waitFor();
  await shot(page, `${lang}-03-dashboard`);

  await page.getByTestId('nav-employees').click();
  await page.getByTestId('employee-row').first().waitFor();
  await shot(page, `${lang}-04-employees`);
  await page.getByTestId('employee-new').click();
  await shot(page, `${lang}-05-employee-new`);
  await page.goBack();
  await page.getByTestId('employee-row').first().click();
  await page.getByTestId('tab-details').waitFor();
  await shot(page, `${lang}-06-employee-details`);
  for (const tab of ['contracts', 'hours', 'absences', 'leave', 'history']) {
    await page.getByTestId(`tab-${tab}`).click();
    await shot(page, `${lang}-07-employee-${tab}`);
  }
  await page.getByTestId('tab-contracts').click();
  await page.getByTestId('contract-add').click();
  await modalShot(page, `${lang}-08-contract-modal`);
  await page.keyboard.press('Escape');

  await page.getByTestId('nav-shifts').click();
  await page.getByTestId('shift-row').first().waitFor();
  await shot(page, `${lang}-09-shifts`);
  await page.getByTestId('shift-add').click();
  await page.getByTestId('shift-employee').fill('Linden');
  await page.getByRole('listbox').getByRole('option').first().waitFor();
  await modalShot(page, `${lang}-10-shift-modal`);
  await page.keyboard.press('Escape'); // closes the employee dropdown
  await page.keyboard.press('Escape'); // closes the dialog
  await page.getByTestId('shift-import').click();
  await page.getByTestId('shift-import-csv').fill('personnel_number;date;start;end;break_minutes\n1001;2026-13-01;09:00;17:00;30\n99999;2026-01-05;09:00;17:00;30\n');
  await page.getByTestId('shift-import-dryrun').click();
  await page.getByTestId('error-alert').waitFor();
  await modalShot(page, `${lang}-11-shift-import-errors`);
  await page.keyboard.press('Escape');

  await page.getByTestId('nav-absences').click();
  await page.getByTestId('absence-row').first().waitFor();
  await shot(page, `${lang}-12-absences`);
  await page.getByTestId('tab-absence-types').click();
  await shot(page, `${lang}-13-absence-types`);

  for (const tab of ['departments', 'cost-centers', 'contract-types', 'functions']) {
    await page.goto(`${base}/settings/organisation/${tab}`);
    await shot(page, `${lang}-14-org-${tab}`);
  }
  for (const tab of ['hour-components', 'hour-component-rules', 'wage-components']) {
    await page.goto(`${base}/settings/payroll/${tab}`);
    await shot(page, `${lang}-15-payroll-${tab}`);
  }
  await page.goto(`${base}/settings/payroll/hour-component-rules`);
  await page.getByTestId('hour-component-rules-add').click();
  await modalShot(page, `${lang}-15b-rule-modal`);
  await page.keyboard.press('Escape');
  for (const p of ['users', 'api-tokens', 'audit', 'mails']) {
    await page.goto(`${base}/settings/${p}`);
    await shot(page, `${lang}-16-${p}`);
  }
  const firstMail = page.getByTestId('mail-item').first();
  if (await firstMail.count()) {
    await firstMail.click();
    await shot(page, `${lang}-17-mail`);
  }
  await page.getByTestId('user-menu').click();
  await modalShot(page, `${lang}-18-user-menu`);
  await page.getByTestId('menu-change-password').click();
  await modalShot(page, `${lang}-19-change-password`);
  await page.keyboard.press('Escape');
  await page.goto(`${base}/settings/api-tokens`);
  await page.getByTestId('token-create').click();
  await page.getByTestId('token-name').fill(`Screenshot ${lang}`);
  await page.getByTestId('token-submit').click();
  await page.getByTestId('token-value').waitFor();
  await modalShot(page, `${lang}-20-token-created`);
  await context.close();
}
await browser.close();
if (consoleErrors.length) console.log('console errors:\n' + consoleErrors.join('\n'));
console.log('screenshots in', out);
