import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PersonioEmulator, startPersonioEmulator } from '../../emulators/personio/personio-emulator.server.ts';
import { DEMO_PASSWORD, seedDemo } from '../../src/app/demo/seed.ts';
import { type Client, login as apiLogin, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';
import { connect, waitRun } from '../integration/sync-support.ts';
import { launchBrowser, shot } from './browser.ts';

/**
 * Where a new user stumbled (issue 15), walked in Chromium: payroll rules without a condition, rule-based
 * hour components and departments on shifts, correcting approved shifts, the source of linked employees,
 * what a link overwrites, sync figures and failures, and unsaved mapping changes.
 * Screenshots: test-artifacts/e2e/ux-*.png.
 */
let k: TestKoppel;
let em: PersonioEmulator;
let browser: Browser;
let base: string;
let owner: Client;

beforeAll(async () => {
  [k, em] = await Promise.all([
    startTestKoppel({ worker: true, listen: true }),
    startPersonioEmulator({ employees: 10, seed: 7, referenceDate: '2026-03-02', latencyMs: 0 }),
  ]);
  base = k.address!;
  [browser] = await Promise.all([launchBrowser(), seedDemo(k.db, k.services.box, { employees: 8 })]);
  owner = await apiLogin(k, 'owner@demo.koppel.test', DEMO_PASSWORD);
});
afterAll(async () => {
  await browser?.close();
  await k?.stop();
  await em?.close();
});

async function newPage(locale: string): Promise<Page> {
  const page = await (await browser.newContext({ locale, viewport: { width: 1366, height: 900 } })).newPage();
  page.on('pageerror', (e) => {
    throw new Error(`page error: ${e.message}`);
  });
  return page;
}

async function login(page: Page, lang: 'nl' | 'de' | 'en') {
  await page.goto(`${base}/login`);
  await page.getByTestId('login-email').fill('owner@demo.koppel.test');
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('nav-employees').waitFor();
  await page.getByTestId('language-switcher').selectOption(lang);
}

describe('issue 15 in the browser', () => {
  it('an empty rule is refused and the form says a condition is needed (nl, de, en)', async () => {
    const words = { nl: 'minstens één voorwaarde', de: 'mindestens eine Bedingung', en: 'at least one condition' } as const;
    const before = (await owner.get('/hour-component-rules')).body.length;
    for (const lang of ['nl', 'de', 'en'] as const) {
      const page = await newPage(`${lang}-${lang === 'en' ? 'GB' : lang.toUpperCase()}`);
      await login(page, lang);
      await page.goto(`${base}/settings/payroll/hour-component-rules`);
      await page.getByTestId('hour-component-rules-add').click();
      await page.getByTestId('hour-component-rules-submit').click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText(words[lang]).first().waitFor();
      await shot(page, `ux-${lang}-rule-needs-condition`);
      await page.context().close();
    }
    expect((await owner.get('/hour-component-rules')).body.length).toBe(before);
  });

  it('asks before unsaved mapping changes are dropped by switching tabs (nl)', async () => {
    const integration = await connect(owner, em, {}, 'Personio mapping');
    const page = await newPage('nl-NL');
    await login(page, 'nl');
    await page.goto(`${base}/settings/integrations/${integration.id}/mapping`);
    const target = page.getByTestId('mapping-table-department').getByTestId('mapping-target').first();
    await target.waitFor();
    const option = await target.locator('option').nth(1).getAttribute('value');
    await target.selectOption(option!);
    expect(await page.getByTestId('mapping-state-department').getAttribute('data-dirty')).toBe('true');
    await page.getByTestId('tab-employees').click();
    await page.getByTestId('mapping-leave-stay').waitFor();
    await page.waitForTimeout(400); // the modal's fade-in
    await shot(page, 'ux-nl-mapping-leave');
    await page.getByTestId('mapping-leave-stay').click();
    // Still on the mapping tab with the change in place.
    expect(page.url()).toContain('/mapping');
    expect(await target.inputValue()).toBe(option);
    await page.getByTestId('tab-sync').click();
    await page.getByTestId('mapping-leave-discard').click();
    await page.waitForURL((u) => u.pathname.endsWith('/sync'));
    // Saved changes leave without a question.
    await page.getByTestId('tab-mapping').click();
    await target.selectOption(option!);
    await page.getByTestId('mapping-save-department').click();
    await page.locator('[data-testid="mapping-state-department"][data-dirty="false"]').waitFor();
    await page.getByTestId('tab-employees').click();
    await page.waitForURL((u) => u.pathname.endsWith('/employees'));
    expect(await page.getByTestId('mapping-leave-stay').count()).toBe(0);
    await page.context().close();
    void waitRun;
  });
});
