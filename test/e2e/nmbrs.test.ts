import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../../src/app/demo/seed.ts';
import { startNmbrsEmulator, type NmbrsEmulator } from '../../emulators/nmbrs/nmbrs-emulator.server.ts';
import { login as apiLogin, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';
import { launchBrowser, shot } from './browser.ts';

/**
 * The Nmbrs journey in Chromium (issue 10), in Dutch: App center → the form (subscription key, OAuth
 * client) → Nmbrs' consent page (the emulator's) → back in Koppel → choose the company → first sync
 * (preview) → apply → hours to Nmbrs: report, send, re-send (nothing written the second time).
 * Screenshots: test-artifacts/e2e/nmbrs-*.png.
 */
let k: TestKoppel;
let em: NmbrsEmulator;
let browser: Browser;
let base: string;

beforeAll(async () => {
  [k, em] = await Promise.all([
    startTestKoppel({ worker: true, listen: true }),
    startNmbrsEmulator({ employees: 10, companies: 1, periodTypes: ['monthly'], seed: 9, latencyMs: 0, rateLimitPerSecond: 0 }),
  ]);
  base = k.address!;
  [browser] = await Promise.all([launchBrowser(), seedDemo(k.db, k.services.box, { employees: 4 })]);
});
afterAll(async () => {
  await browser?.close();
  await k?.stop();
  await em?.close();
});

async function finishedRun(page: Page, previous: string | null) {
  await page.waitForURL((u) => {
    const run = new URL(u).searchParams.get('run');
    return !!run && run !== previous;
  });
  const id = new URL(page.url()).searchParams.get('run')!;
  const panel = page.locator(`[data-testid="run-panel"][data-run-id="${id}"]`);
  await panel.and(page.locator('[data-status="succeeded"], [data-status="failed"]')).waitFor({ timeout: 30_000 });
  expect(await panel.getAttribute('data-status')).toBe('succeeded');
  return id;
}

describe('Nmbrs in the browser', () => {
  it('connects through the consent page, chooses the company, syncs, and sends hours twice (the second time nothing)', async () => {
    const page = await (await browser.newContext({ locale: 'nl-NL', viewport: { width: 1366, height: 900 } })).newPage();
    page.on('pageerror', (e) => {
      throw new Error(`page error: ${e.message}`);
    });
    await page.goto(`${base}/login`);
    await page.getByTestId('login-email').fill('owner@demo.koppel.test');
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('nav-employees').waitFor();
    await page.getByTestId('language-switcher').selectOption('nl');

    // F-10: the App center, the form, Nmbrs' consent page.
    await page.getByTestId('nav-appCenter').click();
    expect(await page.getByTestId('vendor-nmbrs').getAttribute('data-available')).toBe('true');
    await page.getByTestId('vendor-add-nmbrs').click();
    await page.getByTestId('connect-subscriptionKey').fill(em.subscriptionKey);
    // The form asks for the subscription key only: the OAuth client is Koppel's app, configured by the operator.
    expect(await page.getByTestId('connect-clientId').count()).toBe(0);
    await page.getByTestId('connect-baseUrl').fill(em.url);
    await shot(page, 'nmbrs-nl-01-form');
    await page.getByTestId('connect-submit').click();
    await page.waitForURL((u) => u.origin === new URL(em.url).origin);
    await page.locator('#allow').waitFor();
    await shot(page, 'nmbrs-nl-02-consent');
    await page.locator('input[name="account"][value="salarisadministratie@example.nl"]').check();
    await page.locator('#allow').click();

    // Back in Koppel: the integration page asks for the company.
    await page.waitForURL(/\/settings\/integrations\/[0-9a-f-]{36}\/configuration/);
    const integrationId = /integrations\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    const company = em.data.companies[0]!;
    await page.getByTestId(`account-scope-option-${company.companyId}`).click();
    await shot(page, 'nmbrs-nl-03-company');
    await page.getByTestId('account-scope-save').click();
    await page.getByTestId('account-scope-change').waitFor();
    const row = await k.db.selectFrom('integrations').select(['credentials_encrypted', 'account_scope']).where('id', '=', integrationId).executeTakeFirstOrThrow();
    expect(row.credentials_encrypted).not.toContain(em.subscriptionKey);
    expect((row.account_scope as { id: string }[]).map((a) => a.id)).toEqual([company.companyId]);

    // F-13: add every new person automatically, then the first sync (a preview) and its apply.
    const owner = await apiLogin(k, 'owner@demo.koppel.test', DEMO_PASSWORD);
    expect((await owner.patch(`/integrations/${integrationId}`, { settings: { autoAddEmployees: true } })).status).toBe(200);
    await page.reload();
    await page.getByTestId('tab-sync').click();
    await page.getByTestId('sync-now').click();
    const previewId = await finishedRun(page, null);
    await shot(page, 'nmbrs-nl-04-preview');
    await page.getByTestId('run-apply').click();
    await finishedRun(page, previewId);
    await shot(page, 'nmbrs-nl-05-applied');
    // The seed's steps: functions were created by the apply; labour agreements are not offered by Nmbrs.
    await page.reload();
    await page.locator('[data-testid="nmbrs-step-functions"][data-state="green"]').waitFor();
    expect(await page.getByTestId('nmbrs-step-labour_agreements').getAttribute('data-state')).toBe('not_offered');
    const linked = await k.db.selectFrom('external_records').select(['employee_id', 'external_id']).where('integration_id', '=', integrationId).where('link_state', '=', 'linked').where('former', '=', false).execute();
    expect(linked.length).toBeGreaterThan(3);

    // F-24: an hour component mapped to the company's first hour code, two approved shifts in the current period.
    expect((await owner.post('/hour-components', { code: 'NU', name: 'Normale uren', isDefault: true })).status).toBe(201);
    const code = (await owner.get(`/integrations/${integrationId}/nmbrs-hours/codes?company=${company.companyId}`)).body.hourCodes[0].code as number;
    const current = em.currentPeriod(company.companyId);
    const day = `${current.year}-${String(current.period).padStart(2, '0')}-01`;
    for (const l of linked.slice(0, 2)) {
      const s = await owner.post('/shifts', { employeeId: l.employee_id, date: day, startTime: '09:00', endTime: '17:30', breakMinutes: 30, confirmCorrection: true });
      expect(s.status).toBe(201);
      expect((await owner.post(`/shifts/${s.body.id}/approve`)).status).toBe(200);
    }
    await page.goto(`${base}/settings/integrations/${integrationId}`);
    await page.getByTestId('integration-nmbrs-hours').click();
    await page.getByTestId('nmbrs-code-NU').click();
    await page.getByRole('option', { name: new RegExp(`^${code} ·`) }).click();
    await page.getByTestId('nmbrs-mapping-save').click();
    await page.locator('[data-testid="nmbrs-count-new"]', { hasText: '2' }).waitFor();
    await shot(page, 'nmbrs-nl-06-report');
    await page.getByTestId('nmbrs-send').click();
    await page.getByTestId('nmbrs-send-confirm').click();
    await page.getByTestId('nmbrs-result').waitFor();
    await page.getByTestId('nmbrs-send-confirm').waitFor({ state: 'hidden' });
    await shot(page, 'nmbrs-nl-07-sent');
    const held = () => em.hourComponents().filter((h) => h.hourCode === code && h.year === current.year && h.period === current.period);
    expect(held().reduce((a, h) => a + h.hours, 0)).toBe(16);
    const writes = held().length;

    // The re-send: all unchanged, nothing written, the hours not doubled.
    await page.locator('[data-testid="nmbrs-count-unchanged"]', { hasText: '2' }).waitFor();
    await page.getByTestId('nmbrs-send').click();
    await page.getByTestId('nmbrs-send-confirm').click();
    await page.getByTestId('nmbrs-result').getByText(/2 ongewijzigd/).waitFor();
    await page.getByTestId('nmbrs-send-confirm').waitFor({ state: 'hidden' });
    await shot(page, 'nmbrs-nl-08-resent');
    expect(held()).toHaveLength(writes);
    expect(held().reduce((a, h) => a + h.hours, 0)).toBe(16);
  });
});
