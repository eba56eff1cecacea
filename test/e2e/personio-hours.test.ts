import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PersonioEmulator, startPersonioEmulator } from '../../emulators/personio/personio-emulator.server.ts';
import { type Client, createTenant, eventually, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';
import { launchBrowser, shot } from './browser.ts';

/**
 * Hours to Personio in Chromium (issue 9, F-20, F-21, F-25), in Dutch: open the Personio report from the
 * integration, see one row per approved shift (new, and one that cannot go because its employee is not
 * linked), send after the confirmation, edit a shift, see it as changed, send again — the emulator then holds
 * exactly the periods of the shifts, nothing twice — compare with Personio, and switch on the hourly export.
 * Screenshots: test-artifacts/e2e/personio-hours-*.png.
 */
let k: TestKoppel;
let em: PersonioEmulator;
let browser: Browser;
let owner: Client;
let email: string;
let password: string;
let integrationId: string;
const people: Array<{ employeeId: string; personId: string }> = [];

/** Monday of this week and the day after, as the page's default week shows them (the browser's clock). */
function thisWeek() {
  const now = new Date();
  const monday = new Date(now.getFullYear(), now.getMonth(), now.getDate() - ((now.getDay() + 6) % 7));
  const iso = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  return { mon: iso(monday), tue: iso(new Date(monday.getFullYear(), monday.getMonth(), monday.getDate() + 1)) };
}
const { mon, tue } = thisWeek();

beforeAll(async () => {
  [k, em] = await Promise.all([startTestKoppel({ worker: true, listen: true }), startPersonioEmulator({ employees: 4, seed: 5, referenceDate: '2026-03-02', latencyMs: 0 })]);
  const t = await createTenant(k, 'Uren Demo BV');
  owner = t.client;
  email = t.email;
  password = t.password;
  const created = await owner.post('/integrations', { vendor: 'personio', name: 'Personio', baseUrl: em.url, credentials: em.credentials, settings: { autoAddEmployees: true, timeExchange: { attendances: true } } });
  expect(created.status).toBe(201);
  integrationId = created.body.id;
  const waitRun = (runId: string) =>
    eventually(async () => {
      const r = await owner.get(`/sync-runs/${runId}`);
      return r.body?.status === 'succeeded' || r.body?.status === 'failed' ? r.body : null;
    }, 30_000);
  const preview = await waitRun((await owner.post(`/integrations/${integrationId}/sync`, {})).body.runId);
  expect((await waitRun((await owner.post(`/sync-runs/${preview.id}/apply`)).body.runId)).status).toBe('succeeded');
  const links = await k.db
    .selectFrom('external_records')
    .select(['external_id', 'employee_id'])
    .where('integration_id', '=', integrationId)
    .where('link_state', '=', 'linked')
    .orderBy('external_id')
    .execute();
  for (const l of links.slice(0, 2)) people.push({ employeeId: l.employee_id!, personId: l.external_id });
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await k?.stop();
  await em?.close();
});

async function shift(employeeId: string, date: string, startTime: string, endTime: string, breakMinutes: number) {
  const res = await owner.post('/shifts', { employeeId, date, startTime, endTime, breakMinutes });
  expect(res.status).toBe(201);
  expect((await owner.post(`/shifts/${res.body.id}/approve`)).status).toBe(200);
  return res.body.id as string;
}

const held = () =>
  em.state
    .listPeriods()
    .map((p) => `${p.person} ${p.type} ${p.start}–${p.end ?? ''}`)
    .sort();

async function rowStates(page: Page) {
  const rows = page.getByTestId('hours-row');
  await rows.first().waitFor();
  return (await rows.evaluateAll((els) => els.map((e) => `${e.getAttribute('data-shift-id')}:${e.getAttribute('data-state')}`))).sort();
}

describe('hours to Personio in the browser', () => {
  it('report → preview → send → edit a shift → send again: Personio holds exactly the right periods (nl)', async () => {
    const [a, b] = people as [(typeof people)[0], (typeof people)[0]];
    const s1 = await shift(a.employeeId, mon, '08:00', '16:30', 30);
    const s2 = await shift(b.employeeId, tue, '12:00', '20:00', 0);
    const nora = (await owner.post('/employees', { firstName: 'Nora', lastName: 'Nietgekoppeld' })).body.id as string;
    // Nora's shift has no department of its own: it counts for her contract's (issue 15 item 2).
    const bar = (await owner.post('/departments', { name: 'Bar' })).body.id as string;
    expect((await owner.post(`/employees/${nora}/contracts`, { startDate: '2020-01-01', departmentId: bar, weeklyHours: 16 })).status).toBe(201);
    const s3 = await shift(nora, tue, '09:00', '13:00', 0);

    const page = await (await browser.newContext({ locale: 'nl-NL', viewport: { width: 1366, height: 900 } })).newPage();
    page.on('pageerror', (e) => {
      throw new Error(`page error: ${e.message}`);
    });
    await page.goto(`${k.address}/login`);
    await page.getByTestId('login-email').fill(email);
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('nav-employees').waitFor();
    await page.getByTestId('language-switcher').selectOption('nl');

    await page.goto(`${k.address}/settings/integrations/${integrationId}`);
    await page.getByTestId('integration-hours-report').click();
    await page.getByRole('heading', { name: 'Personio-rapport' }).first().waitFor();

    // Preview: two new rows and one that cannot go, with the reason.
    expect(await rowStates(page)).toEqual([`${s1}:new`, `${s2}:new`, `${s3}:blocked`].sort());
    await expect.poll(() => page.locator(`[data-shift-id="${s3}"] [data-testid="hours-reason"]`).innerText()).toContain('niet gekoppeld');
    expect(await page.locator(`[data-shift-id="${s1}"]`).innerText()).toContain(a.personId);
    expect(await page.locator(`[data-shift-id="${s3}"] [data-testid="hours-department-cell"]`).innerText()).toBe('Bar');
    await shot(page, 'personio-hours-preview');
    expect(held()).toEqual([]);

    // Send, after the confirmation.
    await page.getByTestId('hours-send').click();
    await page.getByTestId('hours-confirm').getByText('2 nieuw').waitFor();
    await page.getByTestId('hours-confirm-send').click();
    const result = page.getByTestId('hours-result');
    await result.waitFor();
    await page.getByTestId('hours-confirm-send').waitFor({ state: 'hidden' });
    expect(await result.getAttribute('data-status')).toBe('partial');
    expect(await page.getByTestId('hours-outcome-sent').getAttribute('data-value')).toBe('2');
    expect(await page.getByTestId('hours-outcome-blocked').getAttribute('data-value')).toBe('1');
    await expect.poll(() => rowStates(page)).toEqual([`${s1}:unchanged`, `${s2}:unchanged`, `${s3}:blocked`].sort());
    await shot(page, 'personio-hours-sent');
    expect(held()).toEqual(
      [
        `${a.personId} WORK ${mon}T08:00:00–${mon}T12:00:00`,
        `${a.personId} BREAK ${mon}T12:00:00–${mon}T12:30:00`,
        `${a.personId} WORK ${mon}T12:30:00–${mon}T16:30:00`,
        `${b.personId} WORK ${tue}T12:00:00–${tue}T20:00:00`,
      ].sort(),
    );

    // Edit a shift (it goes back to pending; approve it again): the report shows it as changed.
    expect((await owner.patch(`/shifts/${s2}`, { endTime: '18:00', breakMinutes: 30, reason: 'eerder naar huis', confirmCorrection: true })).status).toBe(200);
    expect((await owner.post(`/shifts/${s2}/approve`)).status).toBe(200);
    await page.reload();
    await expect.poll(() => rowStates(page)).toEqual([`${s1}:unchanged`, `${s2}:changed`, `${s3}:blocked`].sort());
    await page.getByTestId('hours-send').click();
    await page.getByTestId('hours-confirm-send').click();
    await page.getByTestId('hours-result').waitFor();
    await expect.poll(() => rowStates(page)).toEqual([`${s1}:unchanged`, `${s2}:unchanged`, `${s3}:blocked`].sort());
    const expected = [
      `${a.personId} WORK ${mon}T08:00:00–${mon}T12:00:00`,
      `${a.personId} BREAK ${mon}T12:00:00–${mon}T12:30:00`,
      `${a.personId} WORK ${mon}T12:30:00–${mon}T16:30:00`,
      `${b.personId} WORK ${tue}T12:00:00–${tue}T14:45:00`,
      `${b.personId} BREAK ${tue}T14:45:00–${tue}T15:15:00`,
      `${b.personId} WORK ${tue}T15:15:00–${tue}T18:00:00`,
    ].sort();
    expect(held()).toEqual(expected);
    expect(em.state.listPeriods()).toHaveLength(6);

    // Compare with Personio: every day matches.
    await page.getByTestId('hours-compare').click();
    const summary = page.getByTestId('hours-reconcile-summary');
    await summary.waitFor();
    expect(await summary.getAttribute('data-matching')).toBe('2');
    expect(await summary.getAttribute('data-differences')).toBe('0');
    await shot(page, 'personio-hours-resent');

    // Someone shortens Koppel's period in Personio: the comparison shows it, "correct" writes Koppel's hours again.
    const drifted = em.state.listPeriods().find((p) => p.comment.includes(s2) && p.end === `${tue}T18:00:00`)!;
    em.state.updatePeriod(drifted.id, { end: `${tue}T17:00:00` });
    await page.getByTestId('hours-compare').click();
    await expect.poll(() => summary.getAttribute('data-differences')).toBe('1');
    await page.getByTestId('hours-reconcile-row').first().waitFor();
    await shot(page, 'personio-hours-difference');
    await page.getByTestId('hours-repair').click();
    await expect.poll(() => summary.getAttribute('data-differences')).toBe('0');
    expect(held()).toEqual(expected);

    // The hourly export is switched on in the configuration.
    await page.goto(`${k.address}/settings/integrations/${integrationId}/configuration`);
    await page.getByTestId('config-attendance-export').waitFor();
    await page.getByTestId('config-attendance-continuous').click({ force: true });
    await page.getByTestId('config-attendance-from').fill(`${mon.slice(8, 10)}-${mon.slice(5, 7)}-${mon.slice(0, 4)}`);
    await page.getByTestId('config-save').click();
    await expect
      .poll(async () => (await owner.get(`/integrations/${integrationId}`)).body.settings.attendanceExport)
      .toEqual({ continuous: true, from: mon });
    await shot(page, 'personio-hours-settings');
    expect(held()).toEqual(expected);
  });
});
