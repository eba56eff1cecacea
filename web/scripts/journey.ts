/**
 * The end-to-end journey the e2e test drives, using only the documented selectors:
 * log in → create an employee → add a contract → record a shift → approve it → add a vacation
 * absence → the leave balance changes. Run: node --import tsx web/scripts/journey.ts [baseUrl] [lang]
 */
import { chromium } from 'playwright-core';

const base = process.argv[2] ?? 'http://localhost:3222';
const lang = process.argv[3] ?? 'nl';
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const page = await (await browser.newContext({ locale: lang, viewport: { width: 1366, height: 900 } })).newPage();
page.on('pageerror', (e) => console.error('pageerror', e.message));
const step = (s: string) => console.log('•', s);

try {
  step('log in');
  await page.goto(`${base}/login`);
  await page.getByTestId('login-email').fill('owner@demo.koppel.test');
  await page.getByTestId('login-password').fill('koppel-demo-2026');
  await page.getByTestId('login-submit').click();

  step('create an employee');
  await page.getByTestId('nav-employees').click();
  await page.getByTestId('employee-new').click();
  const suffix = Date.now().toString().slice(-6);
  await page.getByTestId('employee-firstName').fill('Eva');
  await page.getByTestId('employee-prefix').fill('van der');
  await page.getByTestId('employee-lastName').fill(`Test${suffix}`);
  await page.getByTestId('employee-personnelNumber').fill(`E2E${suffix}`);
  await page.getByTestId('employee-email').fill(`eva.${suffix}@example.test`);
  await page.getByTestId('employee-bsn').fill('111222333');
  await page.getByTestId('employee-birthDate').fill('1990-04-01');
  await page.getByTestId('employee-submit').click();
  await page.getByTestId('employee-name').filter({ hasText: `Eva van der Test${suffix}` }).waitFor();

  step('add a contract');
  await page.getByTestId('tab-contracts').click();
  await page.getByTestId('contract-add').click();
  await page.getByTestId('contract-type').selectOption({ label: 'Vaste uren' });
  await page.getByTestId('contract-department').selectOption({ label: 'Keuken' });
  await page.getByTestId('contract-function').selectOption({ label: 'Kok' });
  const year = new Date().getFullYear();
  await page.getByTestId('contract-startDate').fill(`${year}-01-01`);
  await page.getByTestId('contract-weeklyHours').fill('40');
  await page.getByTestId('contract-hourlyWage').fill('18.50');
  await page.getByTestId('contract-submit').click();
  await page.getByTestId('contract-row').first().waitFor();

  step('leave balance before');
  await page.getByTestId('tab-leave').click();
  const planned = page.getByTestId('leave-planned');
  await planned.waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid="leave-entitlement"]')?.getAttribute('data-value') !== '0');
  const before = Number(await planned.getAttribute('data-value'));
  const entitlement = Number(await page.getByTestId('leave-entitlement').getAttribute('data-value'));
  console.log('  entitlement', entitlement, 'planned', before);

  step('record a shift');
  await page.getByTestId('tab-hours').click();
  await page.getByTestId('shift-add').click();
  const today = new Date();
  const iso = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  await page.getByTestId('shift-date').fill(iso(new Date(today.getTime() - 86400000)));
  await page.getByTestId('shift-start').fill('09:00');
  await page.getByTestId('shift-end').fill('17:30');
  await page.getByTestId('shift-break').fill('30');
  await page.getByTestId('shift-department').selectOption({ label: 'Keuken' });
  await page.getByTestId('shift-submit').click();
  const row = page.getByTestId('shift-row').first();
  await row.waitFor();
  console.log('  status', await row.getAttribute('data-status'));

  step('approve it');
  await row.getByTestId('shift-approve').click();
  await page.locator('[data-testid="shift-row"][data-status="approved"]').first().waitFor();
  console.log('  status', await page.getByTestId('shift-row').first().getAttribute('data-status'));

  step('add a vacation absence');
  await page.getByTestId('tab-absences').click();
  await page.getByTestId('absence-add').click();
  await page.getByTestId('absence-type').selectOption({ label: 'Vakantie' });
  const start = new Date(today.getTime() + 7 * 86400000);
  const end = new Date(today.getTime() + 11 * 86400000);
  await page.getByTestId('absence-startDate').fill(iso(start));
  await page.getByTestId('absence-endDate').fill(iso(end));
  await page.getByTestId('absence-submit').click();
  await page.getByTestId('absence-row').first().waitFor();

  step('leave balance after');
  await page.getByTestId('tab-leave').click();
  // The tab may first show the cached figures; wait for the refetched ones.
  await page.waitForFunction((b) => {
    const v = document.querySelector('[data-testid="leave-planned"]')?.getAttribute('data-value');
    return v !== null && v !== undefined && v !== '' && Number(v) > b;
  }, before, { timeout: 10_000 });
  const after = Number(await page.getByTestId('leave-planned').getAttribute('data-value'));
  const remaining = Number(await page.getByTestId('leave-remaining').getAttribute('data-value'));
  console.log('  planned', before, '→', after, 'remaining', remaining);
  await page.screenshot({ path: `/tmp/koppel-journey-${lang}.png`, fullPage: true });
  if (!(after > before)) throw new Error('planned leave did not go up');
  console.log('journey ok');
} catch (err) {
  await page.screenshot({ path: `/tmp/koppel-journey-${lang}-failed.png`, fullPage: true });
  console.error('journey failed:', err);
  process.exitCode = 1;
} finally {
  await browser.close();
}
