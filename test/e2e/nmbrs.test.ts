import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../../src/app/demo/seed.ts';
import { startNmbrsEmulator, type NmbrsEmulator } from '../../emulators/nmbrs/nmbrs-emulator.server.ts';
import { login as apiLogin, createTenant, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';
import { launchBrowser, shot, webText } from './browser.ts';

/**
 * The Nmbrs journey in Chromium (issue 10). In Dutch, the whole walk of the seed: App center → the form (the
 * subscription key only: the OAuth client is Koppel's, configured by the operator) → Nmbrs' consent page (the
 * emulator's) → back in Koppel → choose the company → first sync (a preview) → the steps strip opens the
 * employee review → Koppelen, Aanmaken, Blokkeren, Overslaan → Bijwerken (apply) carries out all four → the
 * leave tab opens by itself with the recalculated leave → the red functions step opens the mapping tab, Nmbrs'
 * functions mapped (one onto a Koppel function, the rest created) turn it green → hours to Nmbrs: report, send, re-send (nothing
 * written the second time). In German and English a shorter walk: form, consent, company, preview (steps with
 * the labour-agreement step "not offered"), one decision, apply, the leave tab, the contract's company and the
 * employee form's notice naming it. Screenshots:
 * test-artifacts/e2e/nmbrs-<lang>-*.png.
 */
let k: TestKoppel;
const ems: Record<string, NmbrsEmulator> = {};
let browser: Browser;
let base: string;

const text = webText;

beforeAll(async () => {
  const emulator = (seed: number) => startNmbrsEmulator({ employees: 10, companies: 1, periodTypes: ['monthly'], seed, latencyMs: 0, rateLimitPerSecond: 0 });
  [k, ems.nl, ems.de, ems.en] = await Promise.all([startTestKoppel({ worker: true, listen: true }), emulator(9), emulator(21), emulator(33)]);
  base = k.address!;
  [browser] = await Promise.all([launchBrowser(), seedDemo(k.db, k.services.box, { employees: 4 })]);
});
afterAll(async () => {
  await browser?.close();
  await k?.stop();
  await Promise.all(Object.values(ems).map((e) => e.close()));
});

async function openPage(lang: string, email: string, password: string): Promise<Page> {
  const locale = { nl: 'nl-NL', de: 'de-DE', en: 'en-GB' }[lang]!;
  const page = await (await browser.newContext({ locale, viewport: { width: 1366, height: 900 } })).newPage();
  page.on('pageerror', (e) => {
    throw new Error(`page error: ${e.message}`);
  });
  await page.goto(`${base}/login`);
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('nav-employees').waitFor();
  await page.getByTestId('language-switcher').selectOption(lang);
  return page;
}

/** F-10: the App center, the form (subscription key only), Nmbrs' consent page, the company. Returns the integration id. */
async function connect(page: Page, lang: string, em: NmbrsEmulator) {
  await page.getByTestId('nav-appCenter').click();
  expect(await page.getByTestId('vendor-nmbrs').getAttribute('data-available')).toBe('true');
  await page.getByTestId('vendor-add-nmbrs').click();
  await page.getByTestId('connect-subscriptionKey').fill(em.subscriptionKey);
  // The OAuth client is Koppel's registered app (operator configuration): the user never types it.
  expect(await page.getByTestId('connect-clientId').count()).toBe(0);
  expect(await page.getByTestId('connect-clientSecret').count()).toBe(0);
  await page.getByTestId('connect-baseUrl').fill(em.url);
  await shot(page, `nmbrs-${lang}-01-form`);
  await page.getByTestId('connect-submit').click();
  await page.waitForURL((u) => u.origin === new URL(em.url).origin);
  await page.locator('#allow').waitFor();
  await shot(page, `nmbrs-${lang}-02-consent`);
  await page.locator('input[name="account"][value="salarisadministratie@example.nl"]').check();
  await page.locator('#allow').click();
  await page.waitForURL(/\/settings\/integrations\/[0-9a-f-]{36}\/configuration/);
  const integrationId = /integrations\/([0-9a-f-]{36})/.exec(page.url())![1]!;
  const company = em.data.companies[0]!;
  await page.getByTestId(`account-scope-option-${company.companyId}`).click();
  await shot(page, `nmbrs-${lang}-03-company`);
  await page.getByTestId('account-scope-save').click();
  await page.getByTestId('account-scope-change').waitFor();
  const row = await k.db.selectFrom('integrations').select(['credentials_encrypted', 'account_scope']).where('id', '=', integrationId).executeTakeFirstOrThrow();
  expect(row.credentials_encrypted).not.toContain(em.subscriptionKey);
  expect((row.account_scope as { id: string }[]).map((a) => a.id)).toEqual([company.companyId]);
  return integrationId;
}

/** The first sync (always a preview), finished; returns its run id. */
async function preview(page: Page) {
  await page.getByTestId('tab-sync').click();
  await page.getByTestId('sync-now').click();
  await page.waitForURL((u) => !!new URL(u).searchParams.get('run'));
  const id = new URL(page.url()).searchParams.get('run')!;
  const panel = page.locator(`[data-testid="run-panel"][data-run-id="${id}"]`);
  await panel.and(page.locator('[data-status="succeeded"], [data-status="failed"]')).waitFor({ timeout: 30_000 });
  expect(await panel.getAttribute('data-status')).toBe('succeeded');
  return id;
}

/** "Bijwerken": apply the preview; the seed opens the employee window on its leave tab, leave recalculated. */
async function applyAndSeeLeave(page: Page, lang: string, integrationId: string, previewId: string) {
  await page.goto(`${base}/settings/integrations/${integrationId}/sync?run=${previewId}`);
  await page.getByTestId('run-apply').click();
  await page.waitForURL(/\/employees\/[0-9a-f-]{36}\/leave\?afterSync=/, { timeout: 30_000 });
  const note = page.getByTestId('leave-after-sync');
  await note.waitFor();
  expect((await note.innerText()).toLowerCase()).toContain(text(lang, 'leave.afterSyncTitle').toLowerCase());
  await page.locator('[data-testid="leave-entitlement"][data-value]:not([data-value=""])').waitFor();
  const employeeId = /employees\/([0-9a-f-]{36})\/leave/.exec(page.url())![1]!;
  await shot(page, `nmbrs-${lang}-06-leave-after-apply`);
  return employeeId;
}

describe('Nmbrs in the browser', () => {
  it('nl: consent, company, the review with all four actions, Bijwerken carries them out, the leave tab, hours sent twice (the second time nothing)', async () => {
    const lang = 'nl';
    const em = ems.nl!;
    const page = await openPage(lang, 'owner@demo.koppel.test', DEMO_PASSWORD);
    const integrationId = await connect(page, lang, em);
    const owner = await apiLogin(k, 'owner@demo.koppel.test', DEMO_PASSWORD);
    const previewId = await preview(page);
    await shot(page, 'nmbrs-nl-04-preview');

    // F-13: the steps strip; the employees step opens the review, red rows first.
    await page.getByTestId('nmbrs-step-employees').click();
    const red = page.locator('[data-testid="record-row"][data-needs-action="true"]');
    await red.first().waitFor();
    expect(await red.count()).toBeGreaterThanOrEqual(4);
    // Aanmaken.
    const addId = (await red.first().getAttribute('data-external-id'))!;
    await red.first().getByTestId('record-add').click();
    await page.locator(`[data-testid="record-row"][data-external-id="${addId}"][data-needs-action="false"]`).waitFor();
    // Koppelen: a demo employee found by the dialog's search.
    const demo = await k.db.selectFrom('employees').select(['id', 'last_name', 'personnel_number']).where('source', '=', 'manual').where('personnel_number', 'is not', null).orderBy('last_name').executeTakeFirstOrThrow();
    const linkId = (await red.first().getAttribute('data-external-id'))!;
    await red.first().getByTestId('record-link').click();
    await page.getByTestId('link-picker').fill(demo.last_name);
    await page.getByRole('listbox').getByRole('option').filter({ hasText: `(${demo.personnel_number})` }).click();
    await page.getByTestId('link-preview').waitFor();
    await shot(page, 'nmbrs-nl-05a-link-dialog');
    await page.getByTestId('link-submit').click();
    await page.locator(`[data-testid="record-row"][data-external-id="${linkId}"]`).waitFor({ state: 'detached' });
    // Blokkeren.
    const blockId = (await red.first().getAttribute('data-external-id'))!;
    await red.first().getByTestId('record-exclude').click();
    await page.locator(`[data-testid="record-row"][data-external-id="${blockId}"]`).waitFor({ state: 'detached' });
    // Overslaan.
    const skipId = (await red.first().getAttribute('data-external-id'))!;
    await red.first().getByTestId('record-skip').click();
    await page.locator(`[data-testid="record-row"][data-external-id="${skipId}"][data-link-state="skipped"]`).waitFor();
    await shot(page, 'nmbrs-nl-05b-review');

    // Bijwerken: all four decisions in the FIRST apply; the leave tab opens by itself.
    await applyAndSeeLeave(page, lang, integrationId, previewId);
    const rec = async (externalId: string) => k.db.selectFrom('external_records').select(['link_state', 'employee_id', 'contract_id']).where('integration_id', '=', integrationId).where('external_id', '=', externalId).executeTakeFirstOrThrow();
    expect(await rec(addId)).toMatchObject({ link_state: 'linked', employee_id: expect.any(String) });
    expect(await rec(linkId)).toMatchObject({ link_state: 'linked', employee_id: demo.id, contract_id: expect.any(String) });
    expect(await rec(blockId)).toMatchObject({ link_state: 'excluded', employee_id: null });
    // Overslaan holds for the apply it was made for and is then released: nobody created, asked again next sync.
    expect(await rec(skipId)).toMatchObject({ link_state: 'unlinked', employee_id: null });
    // The linked demo employee's leave tab shows the entitlement of its new contract.
    await page.goto(`${base}/employees/${demo.id}/leave`);
    const expected = (await owner.get(`/employees/${demo.id}/leave?year=${new Date().getFullYear()}`)).body.entitlementHours as number;
    await expect.poll(async () => Number(await page.getByTestId('leave-entitlement').getAttribute('data-value'))).toBe(expected);

    // F-12: the functions step is red until Nmbrs' functions are mapped; it opens the mapping tab, where one function
    // goes onto an existing Koppel function and the others are created ("Aanmaken in Koppel").
    await page.goto(`${base}/settings/integrations/${integrationId}/sync`);
    await page.locator('[data-testid="nmbrs-step-functions"][data-state="red"]').click();
    await page.waitForURL(new RegExp(`/settings/integrations/${integrationId}/mapping$`));
    expect((await owner.post('/functions', { name: 'Eigen functie' })).status).toBe(201);
    await page.reload();
    await page.getByTestId('mapping-tab-function').click();
    const fnRows = page.getByTestId('mapping-table-function').getByTestId('mapping-row');
    await fnRows.first().waitFor();
    const nFunctions = await fnRows.count();
    expect(nFunctions).toBe(em.data.functions.get(em.data.companies[0]!.debtorId)!.length);
    await fnRows.first().getByTestId('mapping-target').selectOption({ label: 'Eigen functie' });
    for (let i = 1; i < nFunctions; i++) await fnRows.nth(i).getByTestId('mapping-target').selectOption('__create__');
    await shot(page, 'nmbrs-nl-05c-functions-mapping');
    await page.getByTestId('mapping-save-function').click();
    await page.locator('[data-testid="mapping-state-function"][data-dirty="false"]').waitFor();
    await page.locator('[data-testid="nmbrs-step-functions"][data-state="green"]').waitFor();
    const mappedFns = (await owner.get(`/integrations/${integrationId}/mappings/function`)).body.items as { koppelId: string | null }[];
    expect(mappedFns).toHaveLength(nFunctions);
    expect(mappedFns.every((m) => m.koppelId)).toBe(true);
    // Labour agreements: not offered by Nmbrs' REST API.
    const la = page.getByTestId('nmbrs-step-labour_agreements');
    expect(await la.getAttribute('data-state')).toBe('not_offered');
    expect((await la.innerText()).toLowerCase()).toContain(text(lang, 'nmbrsSteps.notOffered').toLowerCase());
    const linked = await k.db.selectFrom('external_records').select(['employee_id', 'external_id']).where('integration_id', '=', integrationId).where('link_state', '=', 'linked').where('former', '=', false).execute();
    expect(linked.length).toBeGreaterThan(3);

    // F-24: an hour component mapped to the company's first hour code, two approved shifts in the current period.
    const company = em.data.companies[0]!;
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
    // Nmbrs names the company's period type: no fallback note.
    expect(await page.getByTestId('nmbrs-period-type-note').count()).toBe(0);
    await shot(page, 'nmbrs-nl-07-report');
    await page.getByTestId('nmbrs-send').click();
    await page.getByTestId('nmbrs-send-confirm').click();
    await page.getByTestId('nmbrs-result').waitFor();
    await page.getByTestId('nmbrs-send-confirm').waitFor({ state: 'hidden' });
    await shot(page, 'nmbrs-nl-08-sent');
    const held = () => em.hourComponents().filter((h) => h.hourCode === code && h.year === current.year && h.period === current.period);
    expect(held().reduce((a, h) => a + h.hours, 0)).toBe(16);
    const writes = held().length;

    // The re-send: all unchanged, nothing written, the hours not doubled.
    await page.locator('[data-testid="nmbrs-count-unchanged"]', { hasText: '2' }).waitFor();
    await page.getByTestId('nmbrs-send').click();
    await page.getByTestId('nmbrs-send-confirm').click();
    await page.getByTestId('nmbrs-result').getByText(/2 ongewijzigd/).waitFor();
    await page.getByTestId('nmbrs-send-confirm').waitFor({ state: 'hidden' });
    await shot(page, 'nmbrs-nl-09-resent');
    expect(held()).toHaveLength(writes);
    expect(held().reduce((a, h) => a + h.hours, 0)).toBe(16);

    // Nmbrs does not name the period type (its answer's shape is UNCONFIRMED): the page says so and lets it be set.
    em.setPeriodTypeField(false);
    try {
      await page.reload();
      const note = page.getByTestId('nmbrs-period-type-note');
      await note.waitFor();
      expect(await note.getAttribute('data-source')).toBe('assumed');
      await page.getByTestId('nmbrs-period-type').click();
      await page.getByRole('option', { name: text(lang, 'nmbrsHours.types.monthly') }).click();
      await page.locator('[data-testid="nmbrs-period-type-note"][data-source="configured"]').waitFor();
      await shot(page, 'nmbrs-nl-10-period-type-configured');
    } finally {
      em.setPeriodTypeField(true);
    }
  });

  for (const lang of ['de', 'en'] as const) {
    it(`${lang}: consent, company, preview with the steps, one decision, apply and the leave tab`, async () => {
      const em = ems[lang]!;
      const t = await createTenant(k, `Nmbrs ${lang.toUpperCase()} GmbH`);
      const page = await openPage(lang, t.email, t.password);
      const integrationId = await connect(page, lang, em);
      const previewId = await preview(page);
      await shot(page, `nmbrs-${lang}-04-preview`);
      // The review opens on the first red step: the integration page without a tab goes to that step's tab.
      const first = (await t.client.get(`/integrations/${integrationId}/nmbrs-steps`)).body.first as string;
      const STEP_TAB: Record<string, string> = { companies: 'configuration', departments: 'mapping', functions: 'mapping', labour_agreements: 'mapping', employees: 'employees' };
      expect(first).toBeTruthy();
      await page.goto(`${base}/settings/integrations/${integrationId}`);
      await page.waitForURL(new RegExp(`/settings/integrations/${integrationId}/${STEP_TAB[first]}$`));
      const la = page.getByTestId('nmbrs-step-labour_agreements');
      await la.waitFor();
      expect((await la.innerText()).toLowerCase()).toContain(text(lang, 'nmbrsSteps.notOffered').toLowerCase());
      await page.getByTestId('nmbrs-step-employees').click();
      const red = page.locator('[data-testid="record-row"][data-needs-action="true"]');
      await red.first().waitFor();
      const skipId = (await red.first().getAttribute('data-external-id'))!;
      await red.first().getByTestId('record-skip').click();
      await page.locator(`[data-testid="record-row"][data-external-id="${skipId}"][data-link-state="skipped"]`).waitFor();
      await shot(page, `nmbrs-${lang}-05-review`);
      const employeeId = await applyAndSeeLeave(page, lang, integrationId, previewId);
      const e = await k.db.selectFrom('employees').select(['tenant_id', 'source']).where('id', '=', employeeId).executeTakeFirstOrThrow();
      expect(e).toEqual({ tenant_id: t.tenant.id, source: 'nmbrs' });
      // The skip is released after its apply (asked again next time) and nobody was created for it.
      expect(await k.db.selectFrom('external_records').select(['link_state', 'employee_id']).where('integration_id', '=', integrationId).where('external_id', '=', skipId).executeTakeFirstOrThrow()).toEqual({ link_state: 'unlinked', employee_id: null });
      // The contracts tab shows the company (werkmaatschappij) the sync stored on the contract.
      await page.goto(`${base}/employees/${employeeId}/contracts`);
      await page.getByTestId('contract-company').filter({ hasText: em.data.companies[0]!.name }).first().waitFor();
      // The employee form's notice names the company among the contract fields the next sync overwrites, and the labour
      // agreement as held in Nmbrs only, in this language.
      await page.goto(`${base}/employees/${employeeId}`);
      await page.getByTestId('employee-edit').click();
      const synced = page.getByTestId('synced-fields-notice-contracts');
      await synced.waitFor();
      expect((await synced.getAttribute('data-fields'))!.split(',')).toContain('company');
      expect((await synced.innerText()).toLowerCase()).toContain(text(lang, 'integrations.diffFields.company').toLowerCase());
      const notice = page.getByTestId('synced-fields-notice-vendor-only');
      expect(await notice.getAttribute('data-fields')).toBe('labourAgreement');
      expect((await notice.innerText()).toLowerCase()).toContain(text(lang, 'integrations.diffFields.labourAgreement').toLowerCase());
      await shot(page, `nmbrs-${lang}-07-employee-notice`);
    });
  }
});
