import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoPersonio } from '../../src/app/demo/personio-demo.ts';
import { DEMO_PASSWORD, seedDemo } from '../../src/app/demo/seed.ts';
import { login as apiLogin, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';
import { waitRun } from '../integration/sync-support.ts';
import { launchBrowser, shot } from './browser.ts';

/**
 * Issue 15 item 8 as the demo shows it: after the first preview of "Personio (demo)", Link employees lists
 * green proposals (by e-mail, BSN, personnel number) and only a few red rows, with messages that fit them.
 * Screenshots: test-artifacts/e2e/demo-personio-*.png.
 */
let k: TestKoppel;
let browser: Browser;
let emulator: Awaited<ReturnType<typeof startDemoPersonio>>;
let integrationId: string;
let runId: string;

beforeAll(async () => {
  k = await startTestKoppel({ worker: true, listen: true });
  const seeded = await seedDemo(k.db, k.services.box, {});
  emulator = await startDemoPersonio(k.db, k.services, seeded.tenantId, { port: 0 });
  browser = await launchBrowser();
  const owner = await apiLogin(k, 'owner@demo.koppel.test', DEMO_PASSWORD);
  integrationId = (await owner.get('/integrations')).body.find((i: { vendor: string }) => i.vendor === 'personio').id;
  const run = await waitRun(owner, (await owner.post(`/integrations/${integrationId}/sync`, {})).body.runId);
  expect(run.status).toBe('succeeded');
  runId = run.id;
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await emulator?.close();
  await k?.stop();
});

describe('the demo Personio in the browser', () => {
  it('shows automatic matching: mostly proposed links, a few decisions, sensible messages (nl)', async () => {
    const page = await (await browser.newContext({ locale: 'nl-NL', viewport: { width: 1400, height: 1000 } })).newPage();
    await page.goto(`${k.address}/login`);
    await page.getByTestId('login-email').fill('owner@demo.koppel.test');
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('nav-employees').waitFor();
    await page.getByTestId('language-switcher').selectOption('nl');
    await page.goto(`${k.address}/settings/integrations/${integrationId}/employees`);
    await page.getByTestId('record-row').first().waitFor();
    await page.waitForLoadState('networkidle');
    await shot(page, 'demo-personio-nl-link-employees');
    // Red rows come first: the few decisions and new hires, then the proposed links on the same first page.
    const rows = page.getByTestId('record-row');
    const red = await rows.filter({ has: page.getByTestId('record-issue') }).count();
    expect(red).toBeGreaterThan(0);
    expect(red).toBeLessThanOrEqual(10);
    const proposals = await page.locator('[data-testid="record-proposal"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
    expect(proposals.filter((a) => a === 'link').length).toBeGreaterThanOrEqual(15);
    const issues = await page.getByTestId('record-issue').allTextContents();
    expect(issues.some((i) => /personeelsnummer is al in gebruik/i.test(i))).toBe(false);
    expect(issues.some((i) => /geboortedatum en naam/i.test(i))).toBe(true);
  });
  it('the first preview: figures add up to the rows, each filter chip matches its figure, cost centers read as names and shares (nl, de, en)', async () => {
    const labels = { nl: 'Kostenplaatsen', de: 'Kostenstellen', en: 'Cost centers' } as const;
    for (const lang of ['nl', 'de', 'en'] as const) {
      const page = await (await browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 1000 } })).newPage();
      page.on('pageerror', (e) => {
        throw new Error(`page error: ${e.message}`);
      });
      await page.goto(`${k.address}/login`);
      await page.getByTestId('login-email').fill('owner@demo.koppel.test');
      await page.getByTestId('login-password').fill(DEMO_PASSWORD);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('nav-employees').waitFor();
      await page.getByTestId('language-switcher').selectOption(lang);
      await page.goto(`${k.address}/settings/integrations/${integrationId}/sync?run=${runId}`);
      await page.getByTestId('run-count-checked').waitFor();
      const figure = async (key: string) => Number(await page.getByTestId(`run-count-${key}`).getAttribute('data-value'));
      let sum = 0;
      for (const key of ['added', 'linked', 'updated', 'unchanged', 'excluded', 'needsAction', 'skipped', 'former', 'failed']) sum += await figure(key);
      expect(sum).toBe(await figure('checked'));
      expect(await figure('read')).toBe(await figure('checked'));
      // Each chip's count is the figure of the same name.
      const chips = await page.getByTestId('diff-filter').innerText();
      for (const key of ['linked', 'needsAction']) {
        const value = await figure(key);
        if (value > 0) expect(chips).toContain(`(${value})`);
      }
      const costCenters = page.locator('[data-testid="diff-change"][data-field="costCenters"]').first();
      await costCenters.waitFor();
      const text = await costCenters.innerText();
      expect(text).toContain(labels[lang]);
      expect(text).not.toContain('{');
      expect(text).toMatch(/\(\d+ %\)/);
      await shot(page, `demo-personio-${lang}-first-preview`);
      await page.context().close();
    }
  });
});
