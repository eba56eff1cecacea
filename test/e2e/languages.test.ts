import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GoogleEmulator, startGoogleCalendarEmulator } from '../../emulators/google/google-emulator.ts';
import { startZoomEmulator, type ZoomEmulator } from '../../emulators/zoom/zoom-emulator.ts';
import { RECRUITING_DEMO_PASSWORD, seedRecruitingDemo } from '../../src/app/demo/recruiting-demo.ts';
import { DEMO_PASSWORD, seedDemo } from '../../src/app/demo/seed.ts';
import { type Client, login as apiLogin, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';
import { launchBrowser, shot as fullShot } from './browser.ts';

/**
 * Issue 15, the walk a new user makes, in Chromium with an ENGLISH browser (en-US: the browser's own date inputs
 * would show mm/dd/yyyy and AM/PM) and Koppel switched to Dutch, then German:
 *   - the main pages, a validation error and a CSV import error show no English-only text (item 15), the audit log
 *     and the employee history show field labels, not column names, and dates/times follow the app's language
 *     (item 14: no native date/time inputs, dd-mm-jjjj / TT.MM.JJJJ, 24 hours);
 *   - "Add application" preselects nothing (item 12);
 *   - the scheduling calendar offers no past time (item 10) and the video provider follows the host (item 11).
 * Screenshots: test-artifacts/e2e/lang-*.png.
 */
let k: TestKoppel;
let google: GoogleEmulator;
let zoom: ZoomEmulator;
let browser: Browser;
let base: string;
let owner: Client;
const ids: Record<string, string> = {};
const ANNA = { email: 'anna.jansen@example.com', name: 'Anna Jansen' };
const BRAM = { email: 'bram.devries@example.com', name: 'Bram de Vries' };
const REDIRECT = 'http://localhost:3000/recruiting/connections/callback';

/** Strings that only ever appear in English: any of them on an nl/de page is a missing translation. */
const ENGLISH_ONLY = [
  'Required',
  'Some fields are not valid',
  'Already exists',
  'already exists',
  'No calendar connected',
  'No employee with personnel number',
  'ECONNREFUSED',
  'is not reachable',
  'refused these credentials',
  'mm/dd/yyyy',
  'Not a date',
  'Choose…',
  'Save',
  'Cancel',
  'Employees',
  'Absences',
  'Settings',
  'Created',
  'Changed',
  'Date of birth',
  'First name',
];
/** Column and field names that must never reach the screen. */
const RAW_KEYS = /\b(job_id|candidate_id|birth_date|first_name|last_name|personnel_number_conflict|department_id|contract_type_id|hour_component_id|start_time|end_time|break_minutes|absence_type_id)\b/;

beforeAll(async () => {
  [k, google, zoom] = await Promise.all([
    startTestKoppel({ worker: true, listen: true }),
    startGoogleCalendarEmulator({ autoApprove: true, users: [{ email: ANNA.email, name: ANNA.name, timeZone: 'Europe/Amsterdam' }] }),
    startZoomEmulator({ autoApprove: true, users: [{ email: BRAM.email, name: BRAM.name, timeZone: 'Europe/Amsterdam' }] }),
  ]);
  base = k.address!;
  const seeded = await seedDemo(k.db, k.services.box, { employees: 6 });
  await seedRecruitingDemo(k.services, seeded.tenantId);
  browser = await launchBrowser();
  owner = await apiLogin(k, 'owner@demo.koppel.test', DEMO_PASSWORD);
  for (const [kind, em] of [
    ['google', google],
    ['zoom', zoom],
  ] as const) {
    const r = await owner.put('/recruiting/oauth-apps', { kind, clientId: em.client.clientId, clientSecret: em.client.clientSecret, authorizeUrl: em.authorizeUrl, tokenUrl: em.tokenUrl, apiBaseUrl: em.url });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }
  // Anna's calendar is Google (so she offers Google Meet); Bram has only Zoom.
  for (const [who, kind] of [
    [ANNA, 'google'],
    [BRAM, 'zoom'],
  ] as const) {
    const client = await apiLogin(k, who.email, RECRUITING_DEMO_PASSWORD);
    const start = await client.post('/recruiting/connections/oauth/start', { kind, redirectUri: REDIRECT });
    expect(start.status, JSON.stringify(start.body)).toBe(200);
    const back = new URL((await fetch(start.body.authorizeUrl, { redirect: 'manual' })).headers.get('location')!);
    const done = await client.post('/recruiting/connections/oauth/callback', { state: back.searchParams.get('state'), code: back.searchParams.get('code') });
    expect(done.status, JSON.stringify(done.body)).toBe(201);
  }
  // Something in the audit log and in an employee's history: a changed birth date and e-mail address.
  const employees = (await owner.get('/employees?pageSize=5')).body.items as Array<{ id: string }>;
  ids.employee = employees[0]!.id;
  const patched = await owner.patch(`/employees/${ids.employee}`, { birthDate: '1990-04-05', email: 'nieuw.adres@demo-horeca.test' });
  expect(patched.status, JSON.stringify(patched.body)).toBe(200);
  const apps = (await owner.get('/recruiting/applications')).body as Array<{ id: string }> | { items: Array<{ id: string }> };
  ids.application = (Array.isArray(apps) ? apps : apps.items)[0]!.id;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([k?.stop(), google?.close(), zoom?.close()]);
});

async function shot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await fullShot(page, name);
}

async function newPage(): Promise<Page> {
  // An English browser in Amsterdam: whatever Koppel shows in nl/de must not come from the browser's locale.
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 1000 }, timezoneId: 'Europe/Amsterdam' });
  const page = await context.newPage();
  page.on('pageerror', (e) => {
    throw new Error(`page error: ${e.message}`);
  });
  return page;
}

async function login(page: Page, email: string, password: string, lang: 'nl' | 'de') {
  await page.goto(`${base}/login`);
  await page.getByTestId('language-switcher').selectOption(lang);
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('nav-employees').or(page.getByTestId('nav-recruiting')).first().waitFor();
}

/** The visible text of the page must contain none of the English-only strings and no raw column names. */
async function expectNoEnglish(page: Page, where: string, opts: { fileFormat?: boolean } = {}) {
  await page.waitForLoadState('networkidle');
  const text = await page.locator('body').innerText();
  const found = ENGLISH_ONLY.filter((s) => new RegExp(`(^|[^\\p{L}])${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^\\p{L}]|$)`, 'u').test(text));
  expect(found, `${where}: English on screen`).toEqual([]);
  // The CSV import explains its file format, whose column names (personnel_number, start_time, …) are literal.
  if (!opts.fileFormat) expect(text, `${where}: raw field names on screen`).not.toMatch(RAW_KEYS);
  // Native date and time inputs show mm/dd/yyyy and AM/PM in an English browser: none may be visible.
  expect(await page.locator('input[type="date"]:visible, input[type="time"]:visible').count(), `${where}: native date/time inputs`).toBe(0);
}

describe('nl and de in an English browser', () => {
  for (const lang of ['nl', 'de'] as const) {
    it(`walks the main pages, a validation error and a CSV import error without English (${lang})`, async () => {
      const page = await newPage();
      await login(page, 'owner@demo.koppel.test', DEMO_PASSWORD, lang);
      const pages: Array<[string, string]> = [
        ['employees', '/employees'],
        ['employee-history', `/employees/${ids.employee}/history`],
        ['shifts', '/shifts'],
        ['absences', '/absences'],
        ['organisation', '/settings/organisation'],
        ['payroll', '/settings/payroll'],
        ['app-center', '/settings/integrations'],
        ['audit', '/settings/audit'],
        ['recruiting', '/recruiting'],
        ['connections', '/recruiting/connections'],
      ];
      for (const [name, path] of pages) {
        await page.goto(`${base}${path}`);
        await page.locator('main, [role="main"], body').first().waitFor();
        await page.waitForLoadState('networkidle');
        await shot(page, `lang-${lang}-${name}`);
        await expectNoEnglish(page, `${lang} ${path}`);
      }
      // The history shows the label of the changed field, in this language.
      await page.goto(`${base}/employees/${ids.employee}/history`);
      await page.getByTestId('audit-row').first().waitFor();
      const labels = await page.locator('[data-testid="audit-row"] strong[data-field="birth_date"]').allTextContents();
      expect(labels[0]).toBe(lang === 'nl' ? 'Geboortedatum' : 'Geburtsdatum');
      // …and its dates in the app's format.
      expect(await page.getByTestId('audit-row').first().innerText()).toContain(lang === 'nl' ? '05-04-1990' : '05.04.1990');

      // Date filters in the app's format, typed as a Dutch or German user types them.
      await page.goto(`${base}/shifts`);
      const from = page.getByTestId('shifts-from');
      await from.fill(lang === 'nl' ? '01-12-2026' : '01.12.2026');
      await from.blur();
      await expect.poll(() => new URL(page.url()).searchParams.get('from')).toBe('2026-12-01');
      expect(await from.inputValue()).toBe(lang === 'nl' ? '01-12-2026' : '01.12.2026');
      expect(await from.getAttribute('placeholder')).toBe(lang === 'nl' ? 'dd-mm-jjjj' : 'TT.MM.JJJJ');

      // A validation error: the new-shift form sent without a time.
      await page.getByTestId('shift-add').click();
      await page.getByTestId('shift-date').waitFor();
      expect(await page.getByTestId('shift-start').getAttribute('placeholder')).toMatch(/^(uu|hh):mm$/);
      await page.getByTestId('shift-start').fill('25:00');
      await page.getByTestId('shift-submit').click();
      await page.locator('[aria-invalid="true"]').first().waitFor();
      await shot(page, `lang-${lang}-shift-validation`);
      await expectNoEnglish(page, `${lang} shift form errors`);
      await page.keyboard.press('Escape');

      // A CSV import error: a personnel number nobody has.
      await page.getByTestId('shift-import').click();
      await page.getByTestId('shift-import-csv').fill('personnel_number,date,start,end\n999999,2026-12-01,09:00,17:00\n');
      await page.getByTestId('shift-import-dryrun').click();
      await page.getByTestId('shift-import-error-row').first().waitFor();
      await shot(page, `lang-${lang}-csv-error`);
      const problem = await page.getByTestId('shift-import-error-row').first().innerText();
      expect(problem).toContain(lang === 'nl' ? 'Geen medewerker met personeelsnummer "999999"' : 'Unter der Personalnummer „999999“ ist niemand erfasst.');
      await expectNoEnglish(page, `${lang} CSV import errors`, { fileFormat: true });
      await page.keyboard.press('Escape');

      // "Add application": nothing preselected; saving an existing pair names candidate and job.
      await page.goto(`${base}/recruiting/applications`);
      await page.getByTestId('applications-add').click();
      await page.getByTestId('applications-candidateId').waitFor();
      expect(await page.getByTestId('applications-candidateId').inputValue()).toBe('');
      expect(await page.getByTestId('applications-jobId').inputValue()).toBe('');
      await shot(page, `lang-${lang}-add-application`);
      await page.getByTestId('applications-submit').click();
      await page.locator('[data-testid="applications-candidateId"][aria-invalid="true"]').waitFor();
      await expectNoEnglish(page, `${lang} empty application`);
      await page.getByTestId('applications-candidateId').selectOption({ label: 'Sanne de Boer <sanne.deboer@candidate.test>' });
      await page.getByTestId('applications-jobId').selectOption({ label: 'Backend developer' });
      await page.getByTestId('applications-submit').click();
      const alert = page.getByTestId('error-alert');
      await alert.waitFor();
      expect(await alert.innerText()).toContain(lang === 'nl' ? 'Sanne de Boer heeft al gesolliciteerd op Backend developer.' : 'Sanne de Boer hat sich bereits auf Backend developer beworben.');
      await shot(page, `lang-${lang}-duplicate-application`);
      await expectNoEnglish(page, `${lang} duplicate application`);
      await page.context().close();
    });
  }

  it('the scheduling calendar offers no past time, and the video provider follows the host (nl)', async () => {
    const page = await newPage();
    await login(page, 'owner@demo.koppel.test', DEMO_PASSWORD, 'nl');
    await page.goto(`${base}/recruiting/applications/${ids.application}/schedule`);
    await page.getByTestId('schedule-interviewers').click();
    for (const name of [ANNA.name, BRAM.name]) await page.getByRole('listbox').getByRole('option', { name }).click();
    await page.keyboard.press('Escape');
    await page.getByTestId('schedule-find-time').click();
    await page.locator('[data-testid="interview-calendar"][data-loading="false"]').waitFor();
    await page.locator('.koppel-suggested').first().waitFor({ timeout: 30_000 });
    await shot(page, 'lang-nl-schedule-week');
    // Whole days that have passed carry no suggestion, and no suggestion starts before now.
    expect(await page.locator('td.fc-day-past .koppel-suggested').count()).toBe(0);
    const today = await page.locator('td.fc-timegrid-col.fc-day-today').getAttribute('data-date');
    expect(today).not.toBeNull();
    // A click on a day that has passed selects nothing.
    const past = page.locator('td.fc-timegrid-col.fc-day-past').first();
    if (await past.count()) {
      const box = (await past.boundingBox())!;
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      expect(await page.getByTestId('schedule-selected').getAttribute('data-start')).toBe('');
    }

    // Video: Anna hosts → Google Meet; Bram hosts → Zoom, and Zoom is what is sent.
    await page.locator('.koppel-suggested').first().click({ force: true });
    await expect.poll(() => page.getByTestId('schedule-selected').getAttribute('data-start')).not.toBe('');
    await page.getByTestId('schedule-video-host').selectOption({ label: ANNA.name });
    await expect.poll(() => page.getByTestId('schedule-video-provider').inputValue()).toBe('google_meet');
    await page.getByTestId('schedule-video-host').selectOption({ label: BRAM.name });
    await expect.poll(() => page.getByTestId('schedule-video-provider').inputValue()).toBe('zoom');
    expect(await page.locator('[data-testid="schedule-video-provider"] option').allTextContents()).toEqual(['Zoom']);
    await shot(page, 'lang-nl-schedule-host-changed');
    await page.getByTestId('schedule-submit').click();
    await page.waitForURL(/\/recruiting\/interviews\/[0-9a-f-]+$/, { timeout: 30_000 });
    const id = page.url().split('/').pop()!;
    const row = await k.db.selectFrom('recruiting_interviews').select(['video_provider', 'video_host_user_id', 'start_at']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.video_provider).toBe('zoom');
    expect(row.start_at.getTime()).toBeGreaterThan(Date.now() - 60_000);
    await page.context().close();
  });
});
