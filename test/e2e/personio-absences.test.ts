import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PersonioEmulator, startPersonioEmulator } from '../../emulators/personio/personio-emulator.server.ts';
import { addDays, todayIn } from '../../src/domain/dates.ts';
import { type Client, createTenant, eventually, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';
import { launchBrowser, shot } from './browser.ts';

/**
 * Absence import from Personio in Chromium (F-22), in Dutch: map Personio's absence types on the integration
 * page, import, see the imported absence with its source comment, a synced type's absences locked with the
 * reason (actions disabled, the type not selectable when adding), and a "not plannable" one still manageable.
 * Screenshots: test-artifacts/e2e/personio-absences-*.png.
 */
let k: TestKoppel;
let em: PersonioEmulator;
let browser: Browser;
let base: string;
let owner: Client;
let email: string;
let password: string;
let integrationId: string;

const today = todayIn('Europe/Amsterdam');
let monday = addDays(today, 14);
while (new Date(`${monday}T00:00:00Z`).getUTCDay() !== 1) monday = addDays(monday, 1);
const d = (n: number) => addDays(monday, n);

beforeAll(async () => {
  [k, em] = await Promise.all([startTestKoppel({ worker: true, listen: true }), startPersonioEmulator({ employees: 4, seed: 17, referenceDate: '2026-03-02', latencyMs: 0 })]);
  base = k.address!;
  browser = await launchBrowser();
  for (const t of em.state.listTimeOffs()) em.state.removeTimeOff(t.id);
  const t = await createTenant(k, 'Afwezig BV');
  ({ email, password } = t);
  owner = t.client;
  const res = await owner.post('/integrations', { vendor: 'personio', name: 'Personio', baseUrl: em.url, credentials: em.credentials, settings: { autoAddEmployees: true, timeExchange: { absences: true } } });
  expect(res.status).toBe(201);
  integrationId = res.body.id;
  const waitRun = (id: string) => eventually(async () => ((await owner.get(`/sync-runs/${id}`)).body.status === 'succeeded' ? id : null), 60_000);
  const preview = await waitRun((await owner.post(`/integrations/${integrationId}/sync`, {})).body.runId);
  await waitRun((await owner.post(`/sync-runs/${preview}/apply`)).body.runId);
  const ids: Record<string, string> = {};
  for (const [name, kind] of [
    ['Vakantie', 'vacation'],
    ['Thuiswerk', 'other'],
    ['Niet planbaar', 'not_plannable'],
  ] as const) {
    const created = await owner.post('/absence-types', { name, kind });
    expect(created.status).toBe(201);
    ids[name] = created.body.id;
  }
  const link = await k.db.selectFrom('external_records').select(['external_id', 'employee_id']).where('integration_id', '=', integrationId).where('link_state', '=', 'linked').where('former', '=', false).orderBy('external_id').executeTakeFirstOrThrow();
  em.state.addTimeOff({ employee: Number(link.external_id), time_off_type_id: 113437, start_date: d(0), end_date: d(3) });
  em.state.addTimeOff({ employee: Number(link.external_id), time_off_type_id: 113460, start_date: d(7), end_date: d(7), start_time: '09:00', end_time: '13:00' });
  expect((await owner.post('/absences', { employeeId: link.employee_id, absenceTypeId: ids['Niet planbaar'], startDate: d(10), endDate: d(10), unit: 'days', comment: 'Vrije dag geschoven' })).status).toBe(201);
}, 180_000);
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

describe('Personio absence import in the browser', () => {
  it('maps types, imports, shows the imported absence with its source and locks the synced type (nl)', async () => {
    const page = await newPage('nl-NL');
    await page.goto(`${base}/login`);
    await page.getByTestId('login-email').fill(email);
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('nav-employees').waitFor();
    await page.getByTestId('language-switcher').selectOption('nl');

    await page.goto(`${base}/settings/integrations/${integrationId}/configuration`);
    const section = page.getByTestId('absence-import-section');
    await section.getByText('Afwezigheden importeren').waitFor();
    const row = (name: string) => section.locator(`[data-testid="absence-import-row"][data-vendor-type="${name}"]`);
    await row('Paid vacation').waitFor();
    await expect(row('Home office').getByText('Uren')).toBeTruthy();
    await row('Paid vacation').getByTestId('absence-import-select').selectOption({ label: 'Vakantie' });
    await row('Home office').getByTestId('absence-import-select').selectOption({ label: 'Thuiswerk' });
    // "Niet planbaar" is offered but cannot be chosen: it stays Koppel's.
    expect(await row('Sick leave').locator('option', { hasText: 'Niet planbaar' }).isDisabled()).toBe(true);
    await section.getByTestId('absence-import-save').click();
    await page.getByText('Opgeslagen').first().waitFor();
    await section.getByTestId('absence-import-run').click();
    await section.locator('[data-testid="absence-import-last"][data-status="succeeded"]').waitFor({ timeout: 30_000 });
    expect(await section.getByTestId('absence-import-counts').textContent()).toContain('aangemaakt 2');
    await shot(page, 'personio-absences-integration');

    await page.goto(`${base}/absences`);
    await page.getByTestId('absence-lock-notice').waitFor();
    expect(await page.getByTestId('absence-lock-notice').textContent()).toMatch(/Vakantie.*Personio/);
    const vacation = page.locator('[data-testid="absence-row"]', { hasText: `Personio: Paid vacation` });
    await vacation.waitFor();
    expect(await vacation.getAttribute('data-locked')).toBe('true');
    expect(await vacation.getByTestId('absence-actions-locked').isDisabled()).toBe(true);
    expect(await vacation.getByTestId('absence-locked').getAttribute('aria-label')).toBe('Beheerd in Personio');
    const hours = page.locator('[data-testid="absence-row"]', { hasText: 'Personio: Home office' });
    expect(await hours.textContent()).toContain('4');
    const own = page.locator('[data-testid="absence-row"]', { hasText: 'Vrije dag geschoven' });
    expect(await own.getAttribute('data-locked')).toBeNull();
    expect(await own.getByTestId('absence-actions-locked').count()).toBe(0);
    await shot(page, 'personio-absences-locked');

    // Adding: the synced type is not selectable; "Niet planbaar" is.
    await page.getByTestId('absence-add').click();
    const typeSelect = page.getByTestId('absence-type');
    expect(await typeSelect.locator('option', { hasText: 'Vakantie' }).isDisabled()).toBe(true);
    expect(await typeSelect.locator('option', { hasText: 'Niet planbaar' }).isDisabled()).toBe(false);
    await shot(page, 'personio-absences-add');

    // The not_plannable absence stays manageable: approve it.
    await page.keyboard.press('Escape');
    await own.getByTestId('absence-approve').click();
    await page.locator('[data-testid="absence-row"][data-status="approved"]', { hasText: 'Vrije dag geschoven' }).waitFor();
  });
});
