import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../../src/app/demo/seed.ts';
import { type PersonioEmulator, startPersonioEmulator } from '../../emulators/personio/personio-emulator.server.ts';
import { eventually, login as apiLogin, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';
import { launchBrowser, shot } from './browser.ts';

/**
 * The Personio journey in Chromium (F-10 … F-19), as an HR administrator does it, in Dutch:
 * connect to the Personio emulator (a wrong secret first), configure a notification address, map
 * a department, preview the first sync, link / add / exclude employees, apply the preview, read the
 * notification mail in the mail catcher, reconnect after "reconnect needed", undo the run; then the
 * same screens in German.
 * Screenshots: test-artifacts/e2e/personio-*.png.
 */
let k: TestKoppel;
let em: PersonioEmulator;
let browser: Browser;
let base: string;
const NOTIFY = 'hr-meldingen@demo.koppel.test';

beforeAll(async () => {
  [k, em] = await Promise.all([
    startTestKoppel({ worker: true, listen: true }),
    startPersonioEmulator({ employees: 10, seed: 7, referenceDate: '2026-03-02', latencyMs: 0 }),
  ]);
  base = k.address!;
  [browser] = await Promise.all([launchBrowser(), seedDemo(k.db, k.services.box, { employees: 8 })]);
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

async function login(page: Page, email = 'owner@demo.koppel.test') {
  await page.goto(`${base}/login`);
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('nav-employees').waitFor();
}

const runParam = (page: Page) => new URL(page.url()).searchParams.get('run');

/** Waits until the run shown in the sync tab has finished, and returns its id. */
async function finishedRun(page: Page, previous: string | null) {
  await page.waitForURL((u) => {
    const run = new URL(u).searchParams.get('run');
    return !!run && run !== previous;
  });
  const id = runParam(page)!;
  const panel = page.locator(`[data-testid="run-panel"][data-run-id="${id}"]`);
  await panel.and(page.locator('[data-status="succeeded"], [data-status="failed"]')).waitFor({ timeout: 30_000 });
  expect(await panel.getAttribute('data-status')).toBe('succeeded');
  return id;
}

const count = async (page: Page, key: string) => Number(await page.getByTestId(`run-count-${key}`).getAttribute('data-value'));

describe('Personio integration in the browser', () => {
  it('connects, maps, links, previews, applies and mails (nl), then shows the screens in German', async () => {
    // One emulator person already exists in Koppel under the same email: the preview proposes a link and says why.
    const owner = await apiLogin(k, 'owner@demo.koppel.test', DEMO_PASSWORD);
    const known = em.state.listEmployees().find((e) => e.email && e.status === 'active')!;
    const existing = await owner.post('/employees', { firstName: known.first_name, lastName: known.last_name, email: known.email });
    expect(existing.status).toBe(201);

    const page = await newPage('nl-NL');
    await login(page);
    await page.getByTestId('language-switcher').selectOption('nl');

    // F-10: the App center, a wrong secret (translated refusal), then the right one.
    await page.getByTestId('nav-appCenter').click();
    await page.getByTestId('vendor-personio').waitFor();
    // Nmbrs (issue 10) and Loket.nl (issue 11) are both available.
    expect(await page.getByTestId('vendor-nmbrs').getAttribute('data-available')).toBe('true');
    expect(await page.getByTestId('vendor-loket').getAttribute('data-available')).toBe('true');
    await shot(page, 'personio-nl-01-appcenter');
    await page.getByTestId('vendor-add-personio').click();
    await page.getByTestId('connect-baseUrl').fill(em.url);
    await page.getByTestId('connect-clientId').fill(em.credentials.clientId);
    await page.getByTestId('connect-clientSecret').fill('niet-het-goede-secret');
    await page.getByTestId('connect-submit').click();
    await page.getByTestId('error-alert').filter({ hasText: 'geweigerd' }).waitFor();
    await shot(page, 'personio-nl-02-connect-refused');
    await page.getByTestId('connect-clientSecret').fill(em.credentials.clientSecret);
    await page.getByTestId('connect-submit').click();

    // F-11: configuration — a notification address, saved.
    await page.getByTestId('config-form').waitFor();
    await page.getByTestId('first-sync-note').waitFor();
    await page.getByTestId('config-emails').fill(NOTIFY);
    await page.getByTestId('config-emails').press('Enter');
    const saved = page.waitForResponse((r) => r.request().method() === 'PATCH' && /\/api\/v1\/integrations\//.test(r.url()));
    await page.getByTestId('config-save').click();
    expect((await saved).status()).toBe(200);
    await shot(page, 'personio-nl-03-configuration');
    const integrationId = new URL(page.url()).pathname.split('/')[3]!;
    const stored = await k.db.selectFrom('integrations').select(['settings', 'credentials_encrypted']).where('id', '=', integrationId).executeTakeFirstOrThrow();
    expect((stored.settings as { notificationEmails: string[] }).notificationEmails).toEqual([NOTIFY]);
    expect(stored.credentials_encrypted).not.toContain(em.credentials.clientSecret);

    // F-12: map the emulator's "Keuken" to Koppel's "Keuken"; the tab saves on its own.
    await page.getByTestId('tab-mapping').click();
    const row = page.locator('[data-testid="mapping-table-department"] [data-testid="mapping-row"][data-name="Keuken"]');
    await row.getByTestId('mapping-target').selectOption({ label: 'Keuken' });
    await page.locator('[data-testid="mapping-state-department"][data-dirty="true"]').waitFor();
    await page.getByTestId('mapping-save-department').click();
    await page.locator('[data-testid="mapping-state-department"][data-dirty="false"]').waitFor();
    await shot(page, 'personio-nl-04-mapping');
    const mapped = await k.db.selectFrom('integration_mappings').select(['external_name', 'kind']).where('integration_id', '=', integrationId).execute();
    expect(mapped).toEqual([{ external_name: 'Keuken', kind: 'department' }]);

    // F-17: the first sync is a preview, whatever was asked.
    await page.getByTestId('tab-sync').click();
    await page.getByTestId('sync-first-preview').waitFor();
    await page.getByTestId('sync-now').click();
    await page.getByTestId('sync-started-note').waitFor();
    const previewId = await finishedRun(page, null);
    expect(await page.locator('[data-testid="run-panel"]').getAttribute('data-mode')).toBe('preview');
    expect(await count(page, 'read')).toBe(em.state.listEmployees().length);
    expect(await count(page, 'apiCalls')).toBeGreaterThan(0);
    await page.getByTestId('run-preview-note').waitFor();
    await shot(page, 'personio-nl-05-preview');
    expect(await k.db.selectFrom('employees').select('id').where('source', '=', 'personio').execute()).toEqual([]);

    // F-13: the review lists — red first, the proposal with its reason, then add / link / exclude.
    await page.getByTestId('tab-employees').click();
    await page.getByTestId('record-row').first().waitFor();
    const rows = page.getByTestId('record-row');
    const reds = async () => (await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-needs-action') === 'true')));
    const redsFirst = (flags: boolean[]) => flags.every((red, i) => i === 0 || !red || flags[i - 1]);
    expect(redsFirst(await reds())).toBe(true);
    const proposed = page.locator(`[data-testid="record-row"][data-external-id="${known.id}"]`);
    await expect.poll(() => proposed.getByTestId('record-reasons').getAttribute('data-reasons')).toContain('email');
    expect(await proposed.getAttribute('data-needs-action')).toBe('false');

    const red = page.locator('[data-testid="record-row"][data-needs-action="true"]');
    const redBefore = await red.count();
    expect(redBefore).toBeGreaterThanOrEqual(3);
    // Add the first red one: it turns green and sorts after the red rows.
    const first = red.first();
    const addId = await first.getAttribute('data-external-id');
    await first.getByTestId('record-add').click();
    await page.locator(`[data-testid="record-row"][data-external-id="${addId}"][data-needs-action="false"]`).waitFor();
    expect(redsFirst(await reds())).toBe(true);
    // Link the next red one to an existing demo employee, found by server-side search.
    const demo = await k.db
      .selectFrom('employees')
      .select(['id', 'last_name', 'personnel_number'])
      .where('source', '=', 'manual')
      .where('personnel_number', 'is not', null)
      .orderBy('last_name')
      .executeTakeFirstOrThrow();
    const linkRow = red.first();
    const linkId = await linkRow.getAttribute('data-external-id');
    await linkRow.getByTestId('record-link').click();
    await page.getByTestId('link-picker').fill(demo.last_name);
    await page.getByRole('listbox').getByRole('option').filter({ hasText: `(${demo.personnel_number})` }).click();
    await shot(page, 'personio-nl-06-link-dialog');
    await page.getByTestId('link-submit').click();
    await page.locator(`[data-testid="record-row"][data-external-id="${linkId}"]`).waitFor({ state: 'detached' });
    // Exclude the next one.
    const exclRow = red.first();
    const exclId = await exclRow.getAttribute('data-external-id');
    await exclRow.getByTestId('record-exclude').click();
    await page.locator(`[data-testid="record-row"][data-external-id="${exclId}"]`).waitFor({ state: 'detached' });
    await expect.poll(() => red.count()).toBe(redBefore - 3);
    await shot(page, 'personio-nl-07-employees');
    await page.getByTestId('records-list-linked').click();
    await page.locator(`[data-testid="record-row"][data-external-id="${linkId}"][data-link-state="linked"]`).waitFor();
    await page.getByTestId('records-list-excluded').click();
    await page.locator(`[data-testid="record-row"][data-external-id="${exclId}"][data-link-state="excluded"]`).waitFor();
    await shot(page, 'personio-nl-08-excluded');
    await page.getByTestId('records-show-former').click({ force: true });
    await page.getByTestId('records-list-former').waitFor();

    // F-17 apply, F-16 counts and diff.
    await page.goto(`${base}/settings/integrations/${integrationId}/sync?run=${previewId}`);
    await page.getByTestId('run-apply').click();
    const applyId = await finishedRun(page, previewId);
    expect(await page.locator('[data-testid="run-panel"]').getAttribute('data-mode')).toBe('apply');
    expect(await count(page, 'added')).toBeGreaterThan(0);
    await page.getByTestId('diff-row').first().waitFor();
    // An addition shows the values it wrote (F-17), not just a name.
    await page.getByTestId('diff-filter').locator('input[value="add"] + label').click();
    const addRow = page.locator('[data-testid="diff-row"][data-action="add"]').first();
    await addRow.locator('[data-testid="diff-change"][data-field="lastName"]').waitFor();
    expect(await addRow.locator('[data-testid="diff-change"][data-field="startDate"]').count()).toBe(1);
    await page.locator(`[data-testid="run-row"][data-run-id="${applyId}"][data-status="succeeded"]`).waitFor();
    await shot(page, 'personio-nl-09-applied');
    // Issue 14: the contract shows the cost centers as Personio splits them (read-only), a split one if there is one.
    const withShares = (await k.db.selectFrom('external_records').select(['employee_id', 'data']).where('integration_id', '=', integrationId).where('employee_id', 'is not', null).execute())
      .map((r) => ({ employeeId: r.employee_id!, shares: ((r.data as { costCenters?: { percentage: number | null }[] }).costCenters ?? []).length }))
      .filter((r) => r.shares > 0)
      .sort((x, y) => y.shares - x.shares);
    expect(withShares.length).toBeGreaterThan(0);
    await page.goto(`${base}/employees/${withShares[0]!.employeeId}/contracts`);
    await page.getByTestId('contract-cost-centers').first().waitFor();
    expect(await page.getByTestId('contract-cost-centers').first().textContent()).toMatch(/\d+ %/);
    await shot(page, 'personio-nl-09b-contract-cost-centers');
    const linked = await k.db.selectFrom('external_records').select(['external_id', 'employee_id', 'link_state']).where('integration_id', '=', integrationId).execute();
    const byExt = new Map(linked.map((r) => [r.external_id, r]));
    expect(byExt.get(String(known.id))?.employee_id).toBe(existing.body.id);
    expect(byExt.get(linkId!)?.employee_id).toBe(demo.id);
    expect(byExt.get(exclId!)?.link_state).toBe('excluded');
    expect(byExt.get(addId!)?.link_state).toBe('linked');

    // F-15: the notification mail, in the mail catcher.
    await eventually(async () => {
      const mails = await k.db.selectFrom('caught_mails').select('rcpt_to').execute();
      return mails.some((m) => m.rcpt_to.includes(NOTIFY));
    }, 20_000);
    await page.getByTestId('nav-mails').click();
    await page.getByTestId('mail-item').filter({ hasText: NOTIFY }).first().click();
    await page.getByTestId('mail-subject').filter({ hasText: /Personio-synchronisatie .*toegevoegd/ }).waitFor();
    expect(await page.getByTestId('mail-text').innerText()).toMatch(/toegevoegd/i);
    await shot(page, 'personio-nl-10-mail');

    // F-19: health, then F-18: undo the applied run.
    await page.getByTestId('nav-integrationHealth').click();
    await page.locator('[data-testid="health-row"][data-state="healthy"]').waitFor();
    await shot(page, 'personio-nl-11-health');
    // A refused token refresh marks the integration "reconnect needed" (as the sync engine does); new credentials end it.
    await k.db.updateTable('integrations').set({ health: 'reconnect_needed', health_detail: 'reconnect_needed' }).where('id', '=', integrationId).execute();
    await page.reload();
    await page.getByTestId('reconnect-alert').waitFor();
    await page.locator('[data-testid="health-row"][data-state="reconnect_needed"]').waitFor();
    await shot(page, 'personio-nl-12-reconnect-needed');
    await page.getByTestId('reconnect-open').click();
    await page.getByTestId('reconnect-clientId').fill(em.credentials.clientId);
    await page.getByTestId('reconnect-clientSecret').fill(em.credentials.clientSecret);
    await page.getByTestId('reconnect-submit').click();
    await page.getByTestId('reconnect-alert').waitFor({ state: 'detached' });
    await page.locator('[data-testid="health-row"][data-state="healthy"]').waitFor();
    await page.goto(`${base}/settings/integrations/${integrationId}/sync?run=${applyId}`);
    await page.getByTestId('run-undo').click();
    await page.getByTestId('run-undo-confirm').click();
    const undoId = await finishedRun(page, applyId);
    expect(await page.locator('[data-testid="run-panel"]').getAttribute('data-mode')).toBe('undo');
    await page.locator(`[data-testid="run-row"][data-run-id="${undoId}"]`).waitFor();
    await shot(page, 'personio-nl-13-undone');

    // F-14: the trash icon deactivates (data kept, no syncing); activating again is one click.
    await page.getByTestId('integration-deactivate').click();
    await page.getByTestId('integration-deactivate-confirm').click();
    await page.getByTestId('integration-inactive').waitFor();
    expect(await page.getByTestId('sync-now').isDisabled()).toBe(true);
    await shot(page, 'personio-nl-14-deactivated');
    expect(await k.db.selectFrom('external_records').select('id').where('integration_id', '=', integrationId).execute()).toHaveLength(linked.length);
    await page.getByTestId('integration-reactivate').click();
    await page.getByTestId('integration-inactive').waitFor({ state: 'detached' });

    // The same screens in German: translated, no raw keys.
    await page.getByTestId('language-switcher').selectOption('de');
    await page.getByTestId('tab-sync').filter({ hasText: 'Synchronisieren' }).waitFor();
    await shot(page, 'personio-de-01-sync');
    await page.getByTestId('tab-employees').click();
    await page.getByTestId('record-row').first().waitFor();
    await shot(page, 'personio-de-02-employees');
    await page.getByTestId('tab-mapping').click();
    await page.getByTestId('mapping-table-department').waitFor();
    await shot(page, 'personio-de-03-mapping');
    await page.getByTestId('nav-appCenter').click();
    await page.getByTestId('integration-row').waitFor();
    await shot(page, 'personio-de-04-appcenter');
    const text = await page.locator('body').innerText();
    expect(text).toContain('Integrationen');
    expect(text).not.toMatch(/\bintegrations\.[a-zA-Z]/);
    // A long journey: on a loaded shared machine it needs more than the suite's default two minutes.
  }, 300_000);
});
