import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../../src/app/demo/seed.ts';
import { type LoketEmulator, startLoketEmulator } from '../../emulators/loket/loket-emulator.server.ts';
import { parseLoketCsv } from '../../src/connectors/hr/loket/loket.csv.ts';
import { eventually, login as apiLogin, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';
import { launchBrowser, shot } from './browser.ts';

/**
 * The Loket.nl journey in Chromium (issue 11), in Dutch: the seed's connect form (user name, password,
 * omgevingscode; "never stored" and the webservice-user help shown), the employer choice, a sync, the
 * component mapping by number (an unknown number refused), then the Loket report: preview, CSV download,
 * e-mail (in the catcher), API push, and a re-send after an edit that deletes the dropped value.
 * Screenshots: test-artifacts/e2e/loket-*.png.
 */
let k: TestKoppel;
let em: LoketEmulator;
let browser: Browser;
let base: string;

beforeAll(async () => {
  [k, em] = await Promise.all([startTestKoppel({ worker: true, listen: true }), startLoketEmulator({ employers: 2, employees: 8, seed: 21, referenceYear: new Date().getFullYear() })]);
  base = k.address!;
  [browser] = await Promise.all([launchBrowser(), seedDemo(k.db, k.services.box, { employees: 4 })]);
});
afterAll(async () => {
  await browser?.close();
  await k?.stop();
  await em?.close();
});

async function newPage(locale: string): Promise<Page> {
  const page = await (await browser.newContext({ locale, viewport: { width: 1366, height: 900 }, acceptDownloads: true })).newPage();
  page.on('pageerror', (e) => {
    throw new Error(`page error: ${e.message}`);
  });
  return page;
}

describe('Loket.nl in the browser', () => {
  it('connect → employer → sync → mapping → report: CSV, mail, API push, re-send after an edit (nl)', async () => {
    const year = new Date().getFullYear();
    const page = await newPage('nl-NL');
    await page.goto(`${base}/login`);
    await page.getByTestId('login-email').fill('owner@demo.koppel.test');
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('nav-employees').waitFor();
    await page.getByTestId('language-switcher').selectOption('nl');

    // F-10: the App center lists Loket.nl; the seed's form says the login is not stored and how to make the webservice user.
    await page.getByTestId('nav-appCenter').click();
    expect(await page.getByTestId('vendor-loket').getAttribute('data-available')).toBe('true');
    await page.getByTestId('vendor-add-loket').click();
    await page.getByTestId('connect-not-stored').waitFor();
    expect(await page.getByTestId('connect-help').innerText()).toContain('Webservice gebruiker');
    await page.getByTestId('connect-baseUrl').fill(em.apiUrl);
    await page.getByTestId('connect-username').fill(em.login.username);
    await page.getByTestId('connect-password').fill(em.login.password);
    await page.getByTestId('connect-environment').fill('OMG-E2E');
    await shot(page, 'loket-nl-01-connect');
    await page.getByTestId('connect-submit').click();
    await page.waitForURL(/\/settings\/integrations\/[0-9a-f-]+\/configuration/);
    const id = /integrations\/([0-9a-f-]+)\//.exec(page.url())![1]!;
    const row = await k.db.selectFrom('integrations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    for (const secret of [em.login.username, em.login.password, 'OMG-E2E']) expect(JSON.stringify(row)).not.toContain(secret);

    // The employer choice (two employers: the user picks one).
    const employer = em.world.employers[0]!;
    await page.getByTestId(`account-scope-option-${employer.id}`).check();
    await shot(page, 'loket-nl-02-employer');
    await page.getByTestId('account-scope-save').click();
    await page.getByTestId('account-scope-item').waitFor();

    // Sync (auto-add on, through the API: the sync screens are the shared ones, covered by the Personio journey).
    const owner = await apiLogin(k, 'owner@demo.koppel.test', DEMO_PASSWORD);
    await owner.patch(`/integrations/${id}`, { settings: { autoAddEmployees: true, notificationEmails: ['salaris@demo.koppel.test'] } });
    const waitRun = (runId: string) => eventually(async () => ((await owner.get(`/sync-runs/${runId}`)).body.status === 'succeeded' ? true : null), 30_000);
    const preview = (await owner.post(`/integrations/${id}/sync`, {})).body.runId;
    await waitRun(preview);
    await waitRun((await owner.post(`/sync-runs/${preview}/apply`)).body.runId);

    // Hour components in Koppel; mapping by NUMBER on the configuration tab (an unknown one refused with the reason).
    const norm = (await owner.post('/hour-components', { code: 'NORM', name: 'Normaal', isDefault: true })).body.id;
    const avond = (await owner.post('/hour-components', { code: 'AVOND', name: 'Avond' })).body.id;
    await page.reload();
    await page.getByTestId('loket-mapping').waitFor();
    await page.getByTestId('loket-code-hour_component-NORM').fill('999');
    await page.getByTestId('loket-save-hour_component').click();
    await page.getByText('Loket kent in deze administratie geen looncomponent 999').waitFor();
    await page.getByTestId('loket-code-hour_component-NORM').fill('2');
    await page.getByTestId('loket-code-hour_component-AVOND').fill('15');
    await page.getByTestId('loket-save-hour_component').click();
    await eventually(async () => ((await k.db.selectFrom('loket_mappings').select('koppel_id').where('integration_id', '=', id).execute()).length === 2 ? true : null));
    await shot(page, 'loket-nl-03-mapping');

    // Approved shifts in period 3 for two linked employees.
    const linked = await k.db.selectFrom('external_records').select(['employee_id', 'external_id']).where('integration_id', '=', id).where('link_state', '=', 'linked').execute();
    const running = linked.filter((l) => em.world.employments.some((m) => m.employeeId === l.external_id.toLowerCase() && m.startDate <= `${year}-03-31` && (!m.endDate || m.endDate >= `${year}-03-01`)));
    expect(running.length).toBeGreaterThanOrEqual(2);
    const shiftIds: string[] = [];
    for (const [i, s] of [
      { employeeId: running[0]!.employee_id, date: `${year}-03-03`, startTime: '09:00', endTime: '17:30', breakMinutes: 30, hourComponentId: norm },
      { employeeId: running[0]!.employee_id, date: `${year}-03-04`, startTime: '18:00', endTime: '22:00', breakMinutes: 0, hourComponentId: avond },
      { employeeId: running[1]!.employee_id, date: `${year}-03-05`, startTime: '08:00', endTime: '12:15', breakMinutes: 0, hourComponentId: norm },
    ].entries()) {
      const c = await owner.post('/shifts', s);
      expect(c.status, String(i)).toBe(201);
      await owner.post(`/shifts/${c.body.id}/approve`);
      shiftIds.push(c.body.id);
    }

    // The report: preview, CSV download, mail, API push.
    await page.getByTestId('loket-open-report').click();
    await page.getByTestId('loket-report-period').selectOption('3');
    await page.getByTestId('loket-report-preview').waitFor();
    expect(await page.getByTestId('loket-report-preview').innerText()).toContain('4,25');
    await shot(page, 'loket-nl-04-report');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('loket-download').click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('aanslnr;persnr;ploeg;verdelingseenheid;2;15');
    expect(parseLoketCsv(csv).rows).toHaveLength(2);

    await page.getByTestId('loket-mail').click();
    const mail = await eventually(async () => (await k.db.selectFrom('caught_mails').selectAll().execute()).find((m) => m.rcpt_to.includes('salaris@demo.koppel.test') && m.subject.includes('importbestand')), 20_000);
    expect(mail.text_body).toContain('Overschrijven');
    expect(mail.text_body).toContain('Verdelingseenheid');

    await page.getByTestId('loket-send').click();
    await page.getByTestId('loket-send-result').waitFor();
    expect(await page.getByTestId('loket-send-result').innerText()).toContain('3 nieuw');
    await shot(page, 'loket-nl-05-sent');

    // An edit on a sent day (the evening shift goes): the re-send deletes component 15 and leaves the rest.
    const del = await owner.delete(`/shifts/${shiftIds[1]}?reason=${encodeURIComponent('Niet gewerkt')}&confirmCorrection=true`);
    expect(del.status).toBe(200);
    await page.reload();
    await page.getByTestId('loket-report-period').selectOption('3');
    await page.getByTestId('loket-report-preview').waitFor();
    await page.getByText('1 eerder verstuurde waarde(n) zijn vervallen').waitFor();
    await page.getByTestId('loket-send').click();
    await page.getByTestId('loket-send-result').waitFor();
    const result = await page.getByTestId('loket-send-result').innerText();
    expect(result).toContain('1 verwijderd');
    expect(result).toContain('2 ongewijzigd');
    await shot(page, 'loket-nl-06-resent');
    const held = [...em.periodData.values()].flatMap((d) => [...d.components.keys()]);
    expect(held.sort()).toEqual([2, 2]);
  });
});
