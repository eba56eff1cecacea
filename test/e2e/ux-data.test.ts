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
    startTestKoppel({ worker: true, listen: true, config: { loginRateLimit: 1000 } }), // signs the owner in a dozen times within minutes
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

  it('shows the component the rules give a night shift and its contract department, and corrects an approved shift with a reason (nl, de)', async () => {
    const employees = (await owner.get('/employees?status=active&pageSize=50')).body.items as { id: string; displayName: string }[];
    let target: { id: string; department: string } | null = null;
    for (const e of employees) {
      const contracts = (await owner.get(`/employees/${e.id}/contracts`)).body as { endDate: string | null; departmentName: string | null }[];
      const open = contracts.find((c) => c.endDate === null && c.departmentName);
      if (open) {
        target = { id: e.id, department: open.departmentName! };
        break;
      }
    }
    expect(target).not.toBeNull();
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const night = await owner.post('/shifts', { employeeId: target!.id, date: yesterday, startTime: '22:00', endTime: '06:00', breakMinutes: 30 });
    expect(night.status).toBe(201);

    const page = await newPage('nl-NL');
    await login(page, 'nl');
    await page.goto(`${base}/employees/${target!.id}/hours`);
    const row = page.locator(`[data-testid="shift-row"][data-shift-id="${night.body.id}"]`);
    await row.waitFor();
    expect(await row.getByTestId('shift-components').getAttribute('data-codes')).toBe('TNACHT');
    expect(await row.getByTestId('shift-components').innerText()).not.toContain('Automatisch');
    expect(await row.getByTestId('shift-department-cell').innerText()).toContain(target!.department);
    expect(await row.getByTestId('shift-department-cell').innerText()).toContain('uit contract');
    await shot(page, 'ux-nl-night-shift-resolved');

    // Approved: edit, reopen and delete are offered, each asking for a reason.
    await row.getByTestId('shift-approve').click();
    await page.locator(`[data-testid="shift-row"][data-shift-id="${night.body.id}"][data-status="approved"]`).waitFor();
    await row.getByTestId('shift-edit').click();
    await page.getByTestId('shift-correction-note').waitFor();
    await page.getByTestId('shift-end').fill('05:00');
    await page.getByTestId('shift-submit').click();
    await page.getByText('Een goedgekeurde dienst corrigeer je alleen met een reden.').waitFor();
    await page.waitForTimeout(300);
    await shot(page, 'ux-nl-shift-correction-reason');
    await page.getByTestId('shift-reason').fill('Eerder naar huis');
    await page.getByTestId('shift-submit').click();
    await page.locator(`[data-testid="shift-row"][data-shift-id="${night.body.id}"][data-status="pending"]`).waitFor();
    expect((await owner.get(`/shifts/${night.body.id}`)).body).toMatchObject({ endTime: '05:00', status: 'pending' });

    await row.getByTestId('shift-approve').click();
    await page.locator(`[data-testid="shift-row"][data-shift-id="${night.body.id}"][data-status="approved"]`).waitFor();
    await row.getByTestId('shift-reopen').click();
    await page.getByTestId('shift-reopen-reason').fill('Verkeerde afdeling');
    await page.waitForTimeout(300);
    await shot(page, 'ux-nl-shift-reopen');
    await page.getByTestId('shift-reopen-confirm').click();
    await page.locator(`[data-testid="shift-row"][data-shift-id="${night.body.id}"][data-status="pending"]`).waitFor();
    await row.getByTestId('shift-approve').click();
    await page.locator(`[data-testid="shift-row"][data-shift-id="${night.body.id}"][data-status="approved"]`).waitFor();
    await page.context().close();

    // In German: the list shows the same booking, and an approved shift is deleted with a reason.
    const de = await newPage('de-DE');
    await login(de, 'de');
    await de.goto(`${base}/shifts`);
    const deRow = de.locator(`[data-testid="shift-row"][data-shift-id="${night.body.id}"]`);
    await deRow.waitFor();
    expect(await deRow.getByTestId('shift-department-cell').innerText()).toContain('aus dem Vertrag');
    await deRow.getByTestId('shift-delete-approved').click();
    await de.getByTestId('shift-delete-approved-confirm').click();
    await de.getByText('Geben Sie eine Begründung an.').waitFor();
    await de.getByTestId('shift-delete-approved-reason').fill('Doppelt erfasst');
    await de.waitForTimeout(300);
    await shot(de, 'ux-de-shift-delete-approved');
    await de.getByTestId('shift-delete-approved-confirm').click();
    await deRow.waitFor({ state: 'detached' });
    const entries = await k.db.selectFrom('audit_log').select(['action', 'changes']).where('entity_id', '=', night.body.id).orderBy('id').execute();
    expect(entries.map((e) => e.action)).toEqual(['create', 'approve', 'correct', 'approve', 'reopen', 'approve', 'delete']);
    expect(entries.filter((e) => (e.changes as { reason?: unknown })?.reason).map((e) => (e.changes as { reason: { new: string } }).reason.new)).toEqual([
      'Eerder naar huis',
      'Verkeerde afdeling',
      'Doppelt erfasst',
    ]);
    await de.context().close();
  });

  it('link dialog shows what it overwrites, a linked employee shows its source, figures have tooltips and add up, a failing sync is visible (nl)', async () => {
    const NOTIFY = 'storingen@demo.koppel.test';
    const integration = await connect(owner, em, { notificationEmails: [NOTIFY] }, 'Personio e2e');
    const preview = await waitRun(owner, (await owner.post(`/integrations/${integration.id}/sync`, {})).body.runId);
    expect(preview.status).toBe('succeeded');
    const demo = await k.db
      .selectFrom('employees')
      .select(['id', 'first_name', 'last_name', 'personnel_number'])
      .where('source', '=', 'manual')
      .where('personnel_number', 'is not', null)
      .orderBy('last_name', 'desc')
      .executeTakeFirstOrThrow();

    const page = await newPage('nl-NL');
    await login(page, 'nl');
    await page.goto(`${base}/settings/integrations/${integration.id}/employees`);
    const row = page.locator('[data-testid="record-row"][data-needs-action="true"]').first();
    await row.waitFor();
    const externalId = await row.getAttribute('data-external-id');
    await row.getByTestId('record-link').click();
    await page.getByTestId('link-picker').fill(demo.last_name);
    await page.getByRole('listbox').getByRole('option').filter({ hasText: `(${demo.personnel_number})` }).click();
    const previewBox = page.getByTestId('link-preview');
    await previewBox.waitFor();
    expect(Number(await previewBox.getAttribute('data-count'))).toBeGreaterThan(0);
    // The first name is overwritten: the dialog says so, old → new.
    const firstName = page.locator('[data-testid="link-preview-change"][data-field="firstName"]');
    expect(await firstName.innerText()).toContain(demo.first_name);
    await page.waitForTimeout(300);
    await shot(page, 'ux-nl-link-preview');
    await page.getByTestId('link-submit').click();
    await page.locator(`[data-testid="record-row"][data-external-id="${externalId}"]`).waitFor({ state: 'detached' });

    // The linked employee shows Personio as its source, and the Source filter finds it.
    await page.goto(`${base}/employees?source=personio`);
    const empRow = page.getByTestId('employee-row').filter({ hasText: demo.last_name });
    await empRow.first().waitFor();
    expect(await empRow.first().innerText()).toMatch(/personio/i);
    await shot(page, 'ux-nl-employees-source-personio');
    await page.goto(`${base}/employees?source=manual`);
    await page.getByTestId('employee-row').first().waitFor();
    expect(await page.getByTestId('employee-row').filter({ hasText: `${demo.first_name}` }).filter({ hasText: demo.last_name }).count()).toBe(0);

    // The preview's figures: each has a tooltip, and the needs-action figure equals its filter's rows.
    await page.goto(`${base}/settings/integrations/${integration.id}/sync?run=${preview.id}`);
    await page.getByTestId('run-count-checked').waitFor();
    const figure = async (key: string) => Number(await page.getByTestId(`run-count-${key}`).getAttribute('data-value'));
    const rowFigures = ['added', 'linked', 'updated', 'unchanged', 'excluded', 'needsAction', 'skipped', 'former', 'failed'];
    let sum = 0;
    for (const key of rowFigures) sum += await figure(key);
    expect(sum).toBe(await figure('checked'));
    const needs = await figure('needsAction');
    expect(await page.getByTestId('diff-filter').innerText()).toContain(`(${needs})`);
    await page.getByTestId('run-count-checked-label').hover();
    await page.getByRole('tooltip').waitFor();
    expect(await page.getByRole('tooltip').innerText()).toContain('HR-record');
    await shot(page, 'ux-nl-sync-figures-tooltip');

    // An outage: the HR system answers 503 to every listing; the run says it is retrying and why.
    em.injectFault({ status: 503, path: '/v1/company/employees', retryAfterSeconds: 1, times: 8 });
    await page.getByTestId('sync-now').click();
    await page.getByTestId('sync-retrying').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('sync-retrying').innerText()).toContain('Opnieuw proberen');
    await shot(page, 'ux-nl-sync-retrying');
    await page.locator('[data-testid="run-panel"][data-status="failed"]').waitFor({ timeout: 30_000 });
    await page.goto(`${base}/`);
    const alert = page.getByTestId('dashboard-sync-failed');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('Personio e2e');
    await shot(page, 'ux-nl-dashboard-sync-failed');
    const mails = await k.db.selectFrom('caught_mails').select(['subject', 'rcpt_to']).execute();
    expect(mails.some((m) => m.rcpt_to.includes(NOTIFY) && m.subject.includes('mislukt'))).toBe(true);
    await page.context().close();
    // The same alert in German and English.
    const failed = { de: 'fehlgeschlagen', en: 'failed' } as const;
    for (const lang of ['de', 'en'] as const) {
      const p = await newPage(lang === 'de' ? 'de-DE' : 'en-GB');
      await login(p, lang);
      await p.goto(`${base}/`);
      const a = p.getByTestId('dashboard-sync-failed');
      await a.waitFor();
      expect(await a.innerText()).toContain(failed[lang]);
      await shot(p, `ux-${lang}-dashboard-sync-failed`);
      await p.context().close();
    }
  });

  it('asks before unsaved mapping changes are dropped by switching tabs (nl; the question in de and en too)', async () => {
    const integration = await connect(owner, em, {}, 'Personio mapping');
    const question = { de: 'Nicht gespeicherte Zuordnungen', en: 'Unsaved mapping changes' } as const;
    for (const lang of ['de', 'en'] as const) {
      const p = await newPage(lang === 'de' ? 'de-DE' : 'en-GB');
      await login(p, lang);
      await p.goto(`${base}/settings/integrations/${integration.id}/mapping`);
      const select = p.getByTestId('mapping-table-department').getByTestId('mapping-target').first();
      await select.waitFor();
      await select.selectOption((await select.locator('option').nth(1).getAttribute('value'))!);
      await p.getByTestId('tab-employees').click();
      await p.getByTestId('mapping-leave-stay').waitFor();
      await p.waitForTimeout(400);
      expect(await p.getByRole('dialog').innerText()).toContain(question[lang]);
      await shot(p, `ux-${lang}-mapping-leave`);
      await p.getByTestId('mapping-leave-stay').click();
      expect(p.url()).toContain('/mapping');
      await p.context().close();
    }
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
  });
});
