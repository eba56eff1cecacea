/**
 * Screenshots of the integration screens (App center, connect, configuration, mapping, employees,
 * sync, health) for looking at them by eye. Needs a demo server and a Personio emulator:
 *   node --import tsx src/cli/main.ts demo --port 3333
 *   node --import tsx src/cli/main.ts emulator personio --port 4010 --employees 60 --seed 7
 *   node --import tsx web/scripts/integration-screenshots.ts [baseUrl] [emulatorUrl] [outDir] [langs]
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';

const base = process.argv[2] ?? 'http://localhost:3333';
const emulator = process.argv[3] ?? 'http://127.0.0.1:4010';
const out = process.argv[4] ?? '/tmp/koppel-int-shots';
const langs = (process.argv[5] ?? 'nl,de').split(',');
mkdirSync(out, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});

async function shot(page: Page, name: string, fullPage = true) {
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: path.join(out, `${name}.png`), fullPage });
  // Long pages shrink too much to read as a whole: the top part at full size as well.
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  if (fullPage && height > 1400) await page.screenshot({ path: path.join(out, `${name}-top.png`), clip: { x: 0, y: 0, width: 1366, height: 1100 }, fullPage: true });
}

const problems: string[] = [];
for (const lang of langs) {
  const context = await browser.newContext({ locale: lang, viewport: { width: 1366, height: 860 } });
  const page = await context.newPage();
  page.on('console', (m) => m.type() === 'error' && problems.push(`[${lang}] ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`[${lang}] pageerror ${e.message}`));
  await page.goto(`${base}/login`);
  await page.getByTestId('language-switcher').selectOption(lang);
  await page.getByTestId('login-email').fill('owner@demo.koppel.test');
  await page.getByTestId('login-password').fill('koppel-demo-2026');
  await page.getByTestId('login-submit').click();
  await page.getByTestId('nav-employees').waitFor();
  await page.getByTestId('language-switcher').selectOption(lang);

  await page.getByTestId('nav-appCenter').click();
  await page.getByTestId('vendor-personio').waitFor();
  await shot(page, `${lang}-int-01-appcenter`);
  const existing = page.getByTestId('integration-row');
  if ((await existing.count()) === 0) {
    await page.getByTestId('vendor-add-personio').click();
    await page.getByTestId('connect-clientId').waitFor();
    await shot(page, `${lang}-int-02-connect`);
    await page.getByTestId('connect-baseUrl').fill(emulator);
    await page.getByTestId('connect-clientId').fill('papi-emulator-client');
    await page.getByTestId('connect-clientSecret').fill('wrong-secret');
    await page.getByTestId('connect-submit').click();
    await page.getByTestId('error-alert').waitFor();
    await shot(page, `${lang}-int-03-connect-error`);
    await page.getByTestId('connect-clientSecret').fill('papi-emulator-secret');
    await page.getByTestId('connect-submit').click();
    await page.getByTestId('config-form').waitFor();
  } else {
    await page.getByTestId('vendor-add-personio').click();
    await page.getByTestId('connect-clientId').waitFor();
    await shot(page, `${lang}-int-02-connect`);
    await page.goBack();
    await existing.first().getByTestId('integration-open').click();
    await page.getByTestId('config-form').waitFor();
  }
  await shot(page, `${lang}-int-04-configuration`);

  await page.getByTestId('tab-mapping').click();
  await page.getByTestId('mapping-table-department').waitFor();
  await shot(page, `${lang}-int-05-mapping-departments`);
  await page.getByTestId('mapping-tab-contract_type_in').click();
  await shot(page, `${lang}-int-06-mapping-contract-in`);
  await page.getByTestId('mapping-tab-contract_type_out').click();
  await shot(page, `${lang}-int-07-mapping-contract-out`);

  await page.getByTestId('tab-sync').click();
  await page.getByTestId('runs-table').waitFor();
  if ((await page.getByTestId('run-row').count()) === 0) {
    await page.getByTestId('sync-preview').click();
    await page.waitForURL(/[?&]run=/);
  }
  await page.locator('[data-testid="run-panel"][data-status="succeeded"], [data-testid="run-panel"][data-status="failed"]').waitFor({ timeout: 60_000 });
  await shot(page, `${lang}-int-08-sync`);

  await page.getByTestId('tab-employees').click();
  await page.getByTestId('record-row').first().waitFor();
  await shot(page, `${lang}-int-09-employees`);
  await page.getByTestId('record-link').first().click();
  await page.getByTestId('link-picker').waitFor();
  await shot(page, `${lang}-int-10-link-modal`, false);
  await page.keyboard.press('Escape');
  await page.getByTestId('records-show-former').click({ force: true });
  await page.getByTestId('records-list-former').click();
  await page.waitForLoadState('networkidle');
  await shot(page, `${lang}-int-11-employees-former`);

  await page.getByTestId('nav-integrationHealth').click();
  await page.getByTestId('health-table').waitFor();
  await shot(page, `${lang}-int-12-health`);
  await page.getByTestId('nav-appCenter').click();
  await page.getByTestId('integration-row').first().waitFor();
  await shot(page, `${lang}-int-13-appcenter-list`);
  await context.close();
}
await browser.close();
if (problems.length) {
  console.log(problems.join('\n'));
  process.exitCode = 1;
}
console.log(`screenshots in ${out}`);
