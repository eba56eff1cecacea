import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../../src/app/demo/seed.ts';
import { type LoketEmulator, startLoketEmulator } from '../../emulators/loket/loket-emulator.server.ts';
import { parseLoketCsv } from '../../src/connectors/hr/loket/loket.csv.ts';
import { eventually, login as apiLogin, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';
import { launchBrowser, shot, webText } from './browser.ts';

/**
 * The Loket.nl journey in Chromium (issue 11), in Dutch, German and English (a fresh Koppel and emulator per
 * language, so each walk starts from an empty App center): the seed's connect form (user name, password,
 * omgevingscode; "never stored" and the webservice-user help shown), the employer choice, then the seed's four
 * configuration steps: Kostenplaatsen (cost center and distribution unit chosen from Loket's live lists),
 * Urencomponenten and Looncomponenten (mapped by number, an unknown number refused with the reason, in the user's
 * language), Medewerkers (the first sync started from the sync tab is a preview; in the review the red rows come
 * first, a Koppel employee with the same e-mail is proposed with "e-mail" as the reason and linked through the link
 * dialog, one row is added (Toevoegen), one not imported (Niet importeren), then the preview is applied); then the
 * Loket report: preview, CSV download, e-mail (in the catcher), API push, and a re-send after an edit that deletes
 * the dropped value.
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
const i18n = webText;

/**
 * The "saved" notices close by themselves; fixed to the viewport, they would sit mid-image in the full-page shots. One
 * under the pointer stays open (Mantine pauses its timer on hover, and the save button can sit under it): the pointer
 * moves away first.
 */
async function savedNoticesGone(page: Page, lang: string) {
  await page.mouse.move(0, 0);
  await page.getByText(i18n(lang, 'loket.mapping.saved')).first().waitFor({ state: 'detached', timeout: 15_000 });
}

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

/** Waits until a run other than `previous` is shown in the sync tab and has finished; returns its id. */
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

  it('connect → employer → cost centers → hour and wage components → sync, review (add, don\'t import, link) and apply → report: CSV, mail, API push, re-send after an edit', async () => {
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

    // Configuration in the seed's order. Koppel's own lists first (a department, two hour components; the demo has
    // two wage components), and the notification address for the report mail.
    const owner = await apiLogin(k, 'owner@demo.koppel.test', DEMO_PASSWORD);
    await owner.patch(`/integrations/${id}`, { settings: { notificationEmails: ['salaris@demo.koppel.test'] } });
    const norm = (await owner.post('/hour-components', { code: 'NORM', name: 'Normaal', isDefault: true })).body.id;
    const avond = (await owner.post('/hour-components', { code: 'AVOND', name: 'Avond' })).body.id;
    const keuken = (await owner.post('/departments', { name: 'Keuken E2E' })).body.id;
    const reiskosten = await k.db.selectFrom('wage_components').select('id').where('code', '=', 'L210').executeTakeFirstOrThrow();
    await page.reload();
    await page.getByTestId('loket-mapping').waitFor();
    const kinds = async (kind: string) => (await k.db.selectFrom('loket_mappings').select(['koppel_id', 'loket_code']).where('integration_id', '=', id).where('kind', '=', kind as 'cost_center').execute());

    // 1. Kostenplaatsen: per department a cost center and a distribution unit, chosen from Loket's live lists.
    const employerData = em.world.employers[0]!;
    const ccSelect = page.getByTestId('loket-cc-Keuken E2E');
    await ccSelect.locator('option', { hasText: employerData.costCenters[1]!.description }).waitFor({ state: 'attached' });
    await ccSelect.selectOption(String(employerData.costCenters[1]!.key));
    await page.getByTestId('loket-du-Keuken E2E').selectOption(employerData.distributionUnits[1]!.key);
    await page.getByTestId('loket-save-cost_center').click();
    await eventually(async () => ((await kinds('distribution_unit')).some((r) => r.koppel_id === keuken) ? true : null));
    expect((await kinds('cost_center')).find((r) => r.koppel_id === keuken)?.loket_code).toBe(String(employerData.costCenters[1]!.key));

    // 2. Urencomponenten, by NUMBER: an unknown one refused with the reason.
    await page.getByTestId('loket-code-hour_component-NORM').fill('999');
    await page.getByTestId('loket-save-hour_component').click();
    await page.getByTestId('loket-mapping-hour_component').getByText(text.unknown999).waitFor();
    await page.getByTestId('loket-code-hour_component-NORM').fill('2');
    await page.getByTestId('loket-code-hour_component-AVOND').fill('15');
    await page.getByTestId('loket-save-hour_component').click();
    await eventually(async () => ((await kinds('hour_component')).length === 2 ? true : null));

    // 3. Looncomponenten, the same way: 999 refused (the reason under the row, nothing stored), then 284
    //    ("Reiskosten" in Loket) for the travel allowance; the tips pot is not used and stays empty.
    const wage = page.getByTestId('loket-mapping-wage_component');
    await page.getByTestId('loket-code-wage_component-L210').fill('999');
    await page.getByTestId('loket-save-wage_component').click();
    await wage.getByText(text.unknown999).waitFor();
    await shot(page, `loket-${lang}-03a-wage-refused`);
    expect(await kinds('wage_component')).toEqual([]);
    await page.getByTestId('loket-code-wage_component-L210').fill('284');
    await page.getByTestId('loket-save-wage_component').click();
    await eventually(async () => ((await kinds('wage_component')).length === 1 ? true : null));
    await wage.getByText(text.unknown999).waitFor({ state: 'detached' });
    expect(await kinds('wage_component')).toEqual([{ koppel_id: reiskosten.id, loket_code: '284' }]);
    await savedNoticesGone(page, lang);
    await shot(page, `loket-${lang}-03-mapping`);

    // 4. Medewerkers. Three Loket employees of the chosen employer working in March: one is already in Koppel under the
    //    same e-mail (proposed, with the reason), one is added, one is not imported.
    const people = em.world.employees.filter((p) => p.employerId === employerData.id);
    const inMarch = people.filter((p) => em.world.employments.some((m) => m.employeeId === p.id && m.startDate <= `${year}-03-31` && (!m.endDate || m.endDate >= `${year}-03-01`)));
    const toLink = inMarch.find((p) => p.email)!;
    const toAdd = inMarch.find((p) => p !== toLink)!;
    const toExclude = people.find((p) => p !== toLink && p !== toAdd)!;
    expect([toLink, toAdd, toExclude].every(Boolean)).toBe(true);
    const existing = await owner.post('/employees', { firstName: 'Bestaand', lastName: 'Via Mail', email: toLink.email });
    expect(existing.status).toBe(201);

    // The first sync, started from the sync tab, is a preview.
    await page.getByTestId('tab-sync').click();
    await page.getByTestId('sync-first-preview').waitFor();
    await page.getByTestId('sync-now').click();
    const previewId = await finishedRun(page, null);
    expect(await page.locator('[data-testid="run-panel"]').getAttribute('data-mode')).toBe('preview');
    expect(await k.db.selectFrom('employees').select('id').where('source', '=', 'loket').execute()).toEqual([]);

    // The review: red rows first; the e-mail match proposed with its reason.
    await page.getByTestId('tab-employees').click();
    await savedNoticesGone(page, lang);
    const rows = page.getByTestId('record-row');
    await rows.first().waitFor();
    await expect.poll(() => rows.count()).toBe(people.length);
    const flags = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-needs-action') === 'true'));
    expect(flags.filter(Boolean).length).toBeGreaterThanOrEqual(2);
    expect(flags.every((red, i) => i === 0 || !red || flags[i - 1])).toBe(true);
    const recordRow = (p: { id: string }) => page.locator(`[data-testid="record-row"][data-external-id="${p.id}"]`);
    const reasons = recordRow(toLink).getByTestId('record-reasons');
    await expect.poll(() => reasons.getAttribute('data-reasons')).toBe('email');
    expect(await reasons.textContent()).toContain(i18n(lang, 'integrations.reasons.email'));
    expect(await recordRow(toLink).getByTestId('record-proposal').innerText()).toContain('Bestaand Via Mail');
    expect(await recordRow(toAdd).getAttribute('data-needs-action')).toBe('true');
    expect(await recordRow(toExclude).getAttribute('data-needs-action')).toBe('true');
    await shot(page, `loket-${lang}-04a-review`);

    // Toevoegen.
    await recordRow(toAdd).getByTestId('record-add').click();
    await page.locator(`[data-testid="record-row"][data-external-id="${toAdd.id}"][data-needs-action="false"]`).waitFor();
    // Niet importeren.
    await recordRow(toExclude).getByTestId('record-exclude').click();
    await recordRow(toExclude).waitFor({ state: 'detached' });
    // Koppelen, through the dialog: the proposal is the one-click choice; the preview says what the link overwrites.
    await recordRow(toLink).getByTestId('record-link').click();
    const candidate = page.getByTestId('link-candidate').filter({ hasText: 'Bestaand Via Mail' });
    await candidate.click();
    await page.getByTestId('link-preview').waitFor();
    await shot(page, `loket-${lang}-04b-link-dialog`);
    await page.getByTestId('link-submit').click();
    await recordRow(toLink).waitFor({ state: 'detached' });
    const after = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-needs-action') === 'true'));
    expect(after.every((red, i) => i === 0 || !red || after[i - 1])).toBe(true);
    await shot(page, `loket-${lang}-04c-review-decided`);

    // Apply the preview: the three decisions are carried out.
    await page.goto(`${base}/settings/integrations/${id}/sync?run=${previewId}`);
    await page.getByTestId('run-apply').click();
    await finishedRun(page, previewId);
    expect(await page.locator('[data-testid="run-panel"]').getAttribute('data-mode')).toBe('apply');
    await shot(page, `loket-${lang}-04d-applied`);
    const rec = async (externalId: string) => k.db.selectFrom('external_records').select(['link_state', 'employee_id', 'contract_id']).where('integration_id', '=', id).where('external_id', '=', externalId).executeTakeFirstOrThrow();
    expect(await rec(toLink.id)).toMatchObject({ link_state: 'linked', employee_id: existing.body.id });
    expect(await rec(toExclude.id)).toMatchObject({ link_state: 'excluded', employee_id: null });
    const added = await rec(toAdd.id);
    expect(added).toMatchObject({ link_state: 'linked', employee_id: expect.any(String), contract_id: expect.any(String) });
    const addedEmployee = await k.db.selectFrom('employees').select(['first_name', 'last_name', 'personnel_number', 'source']).where('id', '=', added.employee_id!).executeTakeFirstOrThrow();
    expect(addedEmployee).toEqual({ first_name: toAdd.firstName, last_name: toAdd.lastName, personnel_number: String(toAdd.employeeNumber), source: 'loket' });
    // The row left undecided had the proposal "add": applying a reviewed preview accepts its proposals (the sync
    // engine's documented decision), so it is added as well; the excluded one is not, and the linked one is not doubled.
    const rest = people.filter((p) => ![toLink, toAdd, toExclude].includes(p));
    const restIds = await Promise.all(rest.map(async (p) => (await rec(p.id)).employee_id));
    const fromLoket = (await k.db.selectFrom('employees').select('id').where('source', '=', 'loket').execute()).map((e) => e.id);
    expect(fromLoket.sort()).toEqual([added.employee_id, ...restIds].sort());
    expect(await k.db.selectFrom('employees').select('id').where('email', '=', toLink.email).execute()).toEqual([{ id: existing.body.id }]);

    // Approved shifts in period 3 for the added and the linked employee.
    const running = [added, await rec(toLink.id)];
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

    // The report, under reports in the menu (the seed's "Loket" report): preview, CSV download, mail, API push.
    await page.getByTestId('nav-loketReport').click();
    await page.getByTestId('loket-report-period').selectOption('3');
    await page.getByTestId('loket-report-preview').waitFor();
    expect(await page.getByTestId('loket-report-preview').innerText()).toContain(text.hours);
    await shot(page, `loket-${lang}-05-report`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('loket-download').click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('aanslnr;persnr;ploeg;verdelingseenheid;2;15;284');
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
    await shot(page, `loket-${lang}-06-sent`);

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
    await shot(page, `loket-${lang}-07-resent`);
    const held = [...em.periodData.values()].flatMap((d) => [...d.components.keys()]);
    expect(held.sort()).toEqual([2, 2]);
    // A long walk: on a loaded shared machine it needs more than the suite's default two minutes.
  }, 300_000);
});
