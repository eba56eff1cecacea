import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../../src/app/demo/seed.ts';
import { type LoketEmulator, startLoketEmulator } from '../../emulators/loket/loket-emulator.server.ts';
import { parseLoketCsv } from '../../src/connectors/hr/loket/loket.csv.ts';
import { eventually, login as apiLogin, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';
import { launchBrowser, shot } from './browser.ts';

/**
 * The Loket.nl journey in Chromium (issue 11), in Dutch, German and English (a fresh Koppel and emulator per
 * language, so each walk starts from an empty App center): the seed's connect form (user name, password,
 * omgevingscode; "never stored" and the webservice-user help shown), the employer choice, a sync, the
 * Kostenplaatsen step (cost center and distribution unit chosen from Loket's live lists), the component mapping by
 * number (an unknown number refused, in the user's language), then the Loket report: preview, CSV download,
 * e-mail (in the catcher), API push, and a re-send after an edit that deletes the dropped value.
 * Screenshots: test-artifacts/e2e/loket-*.png.
 */
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** What the walk reads on screen and in the mail, per language. */
const TEXT = {
  nl: { mailSent: 'is verstuurd', locale: 'nl-NL', unknown999: 'Loket kent in deze administratie geen looncomponent 999', hours: '4,25', mailSubject: 'importbestand', sent: '3 nieuw', removedNotice: '1 eerder verstuurde waarde(n) zijn vervallen', deleted: '1 verwijderd', unchanged: '2 ongewijzigd' },
  de: { mailSent: 'wurde gesendet', locale: 'de-DE', unknown999: 'Loket kennt in dieser Administration keine Lohnkomponente 999', hours: '4,25', mailSubject: 'Importdatei', sent: '3 neu', removedNotice: '1 früher gesendete Wert(e) sind entfallen', deleted: '1 gelöscht', unchanged: '2 unverändert' },
  en: { mailSent: 'was sent', locale: 'en-GB', unknown999: 'Loket has no payroll component 999 in this administration', hours: '4.25', mailSubject: 'import file', sent: '3 new', removedNotice: '1 value(s) sent earlier are no longer there', deleted: '1 deleted', unchanged: '2 unchanged' },
} as const;
type Lang = keyof typeof TEXT;

async function newPage(locale: string): Promise<Page> {
  const page = await (await browser.newContext({ locale, viewport: { width: 1366, height: 900 }, acceptDownloads: true })).newPage();
  page.on('pageerror', (e) => {
    throw new Error(`page error: ${e.message}`);
  });
  return page;
}

describe.each(['nl', 'de', 'en'] as const)('Loket.nl in the browser (%s)', (lang: Lang) => {
  const text = TEXT[lang];
  let k: TestKoppel;
  let em: LoketEmulator;
  let base: string;
  beforeAll(async () => {
    [k, em] = await Promise.all([startTestKoppel({ worker: true, listen: true }), startLoketEmulator({ employers: 2, employees: 8, seed: 21, referenceYear: new Date().getFullYear() })]);
    base = k.address!;
    await seedDemo(k.db, k.services.box, { employees: 4 });
  });
  afterAll(async () => {
    await k?.stop();
    await em?.close();
  });

  it('connect → employer → sync → cost centers → components → report: CSV, mail, API push, re-send after an edit', async () => {
    const year = new Date().getFullYear();
    const page = await newPage(text.locale);
    await page.goto(`${base}/login`);
    await page.getByTestId('login-email').fill('owner@demo.koppel.test');
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('nav-employees').waitFor();
    await page.getByTestId('language-switcher').selectOption(lang);

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
    await shot(page, `loket-${lang}-01-connect`);
    await page.getByTestId('connect-submit').click();
    await page.waitForURL(/\/settings\/integrations\/[0-9a-f-]+\/configuration/);
    const id = /integrations\/([0-9a-f-]+)\//.exec(page.url())![1]!;
    const row = await k.db.selectFrom('integrations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    for (const secret of [em.login.username, em.login.password, 'OMG-E2E']) expect(JSON.stringify(row)).not.toContain(secret);

    // The employer choice (two employers: the user picks one).
    const employer = em.world.employers[0]!;
    await page.getByTestId(`account-scope-option-${employer.id}`).check();
    await shot(page, `loket-${lang}-02-employer`);
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
    const keuken = (await owner.post('/departments', { name: 'Keuken E2E' })).body.id;
    await page.reload();
    await page.getByTestId('loket-mapping').waitFor();
    const kinds = async (kind: string) => (await k.db.selectFrom('loket_mappings').select(['koppel_id', 'loket_code']).where('integration_id', '=', id).where('kind', '=', kind as 'cost_center').execute());

    // Kostenplaatsen: per department a cost center and a distribution unit, chosen from Loket's live lists.
    const employerData = em.world.employers[0]!;
    const ccSelect = page.getByTestId('loket-cc-Keuken E2E');
    await ccSelect.locator('option', { hasText: employerData.costCenters[1]!.description }).waitFor({ state: 'attached' });
    await ccSelect.selectOption(String(employerData.costCenters[1]!.key));
    await page.getByTestId('loket-du-Keuken E2E').selectOption(employerData.distributionUnits[1]!.key);
    await page.getByTestId('loket-save-cost_center').click();
    await eventually(async () => ((await kinds('distribution_unit')).some((r) => r.koppel_id === keuken) ? true : null));
    expect((await kinds('cost_center')).find((r) => r.koppel_id === keuken)?.loket_code).toBe(String(employerData.costCenters[1]!.key));

    await page.getByTestId('loket-code-hour_component-NORM').fill('999');
    await page.getByTestId('loket-save-hour_component').click();
    await page.getByText(text.unknown999).waitFor();
    await page.getByTestId('loket-code-hour_component-NORM').fill('2');
    await page.getByTestId('loket-code-hour_component-AVOND').fill('15');
    await page.getByTestId('loket-save-hour_component').click();
    await eventually(async () => ((await kinds('hour_component')).length === 2 ? true : null));
    await shot(page, `loket-${lang}-03-mapping`);

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
    expect(await page.getByTestId('loket-report-preview').innerText()).toContain(text.hours);
    await shot(page, `loket-${lang}-04-report`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('loket-download').click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('aanslnr;persnr;ploeg;verdelingseenheid;2;15');
    expect(parseLoketCsv(csv).rows).toHaveLength(2);

    await page.getByTestId('loket-mail').click();
    const mail = await eventually(async () => (await k.db.selectFrom('caught_mails').selectAll().execute()).find((m) => m.rcpt_to.includes('salaris@demo.koppel.test') && m.subject.includes(text.mailSubject)), 20_000);
    expect(mail.text_body).toContain('Overschrijven');
    expect(mail.text_body).toContain('Verdelingseenheid');
    // The page follows the mail until it went out (issue 12 #6), in the user's language.
    const delivery = page.locator('[data-testid="mail-delivery"][data-state="sent"]');
    await delivery.waitFor({ timeout: 20_000 });
    expect(await delivery.innerText()).toContain(text.mailSent);

    await page.getByTestId('loket-send').click();
    await page.getByTestId('loket-send-result').waitFor();
    expect(await page.getByTestId('loket-send-result').innerText()).toContain(text.sent);
    await shot(page, `loket-${lang}-05-sent`);

    // An edit on a sent day (the evening shift goes): the re-send deletes component 15 and leaves the rest.
    const del = await owner.delete(`/shifts/${shiftIds[1]}?reason=${encodeURIComponent('Niet gewerkt')}&confirmCorrection=true`);
    expect(del.status).toBe(200);
    await page.reload();
    await page.getByTestId('loket-report-period').selectOption('3');
    await page.getByTestId('loket-report-preview').waitFor();
    await page.getByText(text.removedNotice).waitFor();
    await page.getByTestId('loket-send').click();
    await page.getByTestId('loket-send-result').waitFor();
    const result = await page.getByTestId('loket-send-result').innerText();
    expect(result).toContain(text.deleted);
    expect(result).toContain(text.unchanged);
    await shot(page, `loket-${lang}-06-resent`);
    const held = [...em.periodData.values()].flatMap((d) => [...d.components.keys()]);
    expect(held.sort()).toEqual([2, 2]);
  });
});
