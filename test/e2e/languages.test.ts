import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GoogleEmulator, startGoogleCalendarEmulator } from '../../emulators/google/google-emulator.ts';
import { type PersonioEmulator, startPersonioEmulator } from '../../emulators/personio/personio-emulator.server.ts';
import { startZoomEmulator, type ZoomEmulator } from '../../emulators/zoom/zoom-emulator.ts';
import { RECRUITING_DEMO_PASSWORD, seedRecruitingDemo } from '../../src/app/demo/recruiting-demo.ts';
import { DEMO_PASSWORD, seedDemo } from '../../src/app/demo/seed.ts';
import type { OutboundSink, SinkItem, SinkResult } from '../../src/connectors/kit/sink.ts';
import type { Actor } from '../../src/domain/actor.ts';
import { spanText } from '../../src/domain/date-text.ts';
import { isLocale } from '../../src/domain/locale.ts';
import { t as serverText } from '../../src/platform/i18n/catalog.ts';
import { createOutboundService } from '../../src/integrations/outbound/outbound.service.ts';
import { type Client, login as apiLogin, eventually, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';
import { launchBrowser, shot as fullShot, webText } from './browser.ts';
import { expectNoEnglish, problemsOn } from './english-leaks.ts';

/**
 * Issue 15, the walk a new user makes, in Chromium with an ENGLISH browser (en-US: the browser's own date inputs
 * would show mm/dd/yyyy and AM/PM) and Koppel switched to Dutch, then German:
 *   - the main pages, a validation error and a CSV import error show no English-only text (item 15), the audit log
 *     and the employee history show field labels, not column names, and dates/times follow the app's language
 *     (item 14: no native date/time inputs, dd-mm-jjjj / TT.MM.JJJJ, 24 hours);
 *   - "Add application" preselects nothing (item 12);
 *   - the scheduling calendar offers no past time (item 10) and the video provider follows the host (item 11);
 *   - the candidate's invitation names the interview's span as a native speaker writes it (item 13);
 *   - every page and main dialog — including a Personio integration's tabs and hours report, the Nmbrs and Loket
 *     connect pages, the Loket report, the health page with dead letters and corrections, the absence import,
 *     background jobs with a failed mail, an interview, its evaluation and the candidate's scheduling page — shows
 *     none of the English-only strings of english-leaks.ts (item 15).
 * Screenshots: test-artifacts/e2e/lang-*.png.
 */
let k: TestKoppel;
let personio: PersonioEmulator;
let google: GoogleEmulator;
let zoom: ZoomEmulator;
let browser: Browser;
let base: string;
let owner: Client;
const ids: Record<string, string> = {};
const ANNA = { email: 'anna.jansen@example.com', name: 'Anna Jansen' };
const BRAM = { email: 'bram.devries@example.com', name: 'Bram de Vries' };
const REDIRECT = 'http://localhost:3000/recruiting/connections/callback';

beforeAll(async () => {
  [k, personio, google, zoom] = await Promise.all([
    startTestKoppel({ worker: true, listen: true }),
    startPersonioEmulator({ employees: 4, seed: 5, referenceDate: '2026-03-02', latencyMs: 0 }),
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
  ids.tenant = seeded.tenantId;

  // A Personio integration with hours and absences exchange, synced once (its tabs, hours report, absence import).
  const created = await owner.post('/integrations', { vendor: 'personio', name: 'Personio', baseUrl: personio.url, credentials: personio.credentials, settings: { autoAddEmployees: true, timeExchange: { attendances: true, absences: true } } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  ids.personio = created.body.id;
  const waitRun = (runId: string) =>
    eventually(async () => {
      const r = await owner.get(`/sync-runs/${runId}`);
      return r.body?.status === 'succeeded' || r.body?.status === 'failed' ? r.body : null;
    }, 60_000);
  const preview = await waitRun((await owner.post(`/integrations/${ids.personio}/sync`, {})).body.runId);
  expect((await waitRun((await owner.post(`/sync-runs/${preview.id}/apply`)).body.runId)).status).toBe('succeeded');

  // The health page's lists: one send that gave up after an outage, one the vendor refused (in the vendor's English),
  // and a correction of a day that was sent.
  const ownerUser = await k.db.selectFrom('users').select(['id', 'name']).where('email', '=', 'owner@demo.koppel.test').executeTakeFirstOrThrow();
  const actor: Actor = { tenantId: seeded.tenantId, type: 'user', id: ownerUser.id, userId: ownerUser.id, name: ownerUser.name, role: 'owner', timeZone: 'Europe/Amsterdam' };
  const shift = await owner.post('/shifts', { employeeId: ids.employee, date: '2026-11-04', startTime: '09:00', endTime: '17:00', breakMinutes: 30 });
  expect(shift.status, JSON.stringify(shift.body)).toBe(201);
  const run = await createOutboundService(k.db, { policy: { maxAttempts: 1 } }).send(
    actor,
    { integrationId: ids.personio, kind: 'personio.attendance', from: '2026-11-02', to: '2026-11-08' },
    [
      { idempotencyKey: `shift:${shift.body.id}:0`, subjectId: shift.body.id, periodDate: '2026-11-04', payload: { n: 1000 } },
      { idempotencyKey: 'shift:refused:0', subjectId: null, periodDate: '2026-11-05', payload: { n: -1 } },
    ],
    new EnglishVendor(),
  );
  expect(run.counts).toMatchObject({ dead: 1, refused: 1 });
  const corrected = await owner.patch(`/shifts/${shift.body.id}`, { endTime: '16:00', confirmCorrection: true });
  expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);

  // A mail that could not be sent: Background jobs shows it with the mail server's own words.
  await k.db
    .insertInto('jobs')
    .values({ name: 'mail.send', tenant_id: seeded.tenantId, payload: JSON.stringify({ to: 'quinn@example.com', subject: 'Test', text: 'x' }), status: 'dead', run_at: new Date(), attempts: 5, max_attempts: 5, last_error: 'connect ECONNREFUSED 127.0.0.1:1025', finished_at: new Date() })
    .execute();

  // A scheduling link for the candidate's page.
  const rita = await k.db.selectFrom('users').select('id').where('email', '=', 'rita.recruiter@example.com').executeTakeFirstOrThrow();
  const anna = await k.db.selectFrom('users').select('id').where('email', '=', ANNA.email).executeTakeFirstOrThrow();
  const types = (await owner.get('/recruiting/interview-types')).body as Array<{ id: string }> | { items: Array<{ id: string }> };
  const link = await owner.post(`/recruiting/applications/${ids.application}/scheduling-links`, {
    interviewTypeId: (Array.isArray(types) ? types : types.items)[0]!.id,
    organizerId: rita.id,
    interviewerIds: [anna.id],
    durationMinutes: 45,
    days: 14,
    method: 'in_person',
  });
  expect(link.status, JSON.stringify(link.body)).toBe(201);
  ids.linkPath = new URL(link.body.url).pathname;
}, 240_000);

/** A vendor that answers in English: down (503) for n >= 1000, refuses n < 0. */
class EnglishVendor implements OutboundSink<{ n: number }> {
  readonly vendor = 'stand-in';
  async write(items: readonly SinkItem<{ n: number }>[]): Promise<SinkResult[]> {
    return items.map((i) =>
      i.payload.n < 0
        ? { idempotencyKey: i.idempotencyKey, outcome: 'failed' as const, error: { code: 'rejected', message: 'The attendance period overlaps an existing one', retryable: false } }
        : { idempotencyKey: i.idempotencyKey, outcome: 'failed' as const, error: { code: 'unavailable', message: '503 Service Unavailable', retryable: true } },
    );
  }
  async readBack() {
    return [];
  }
}

afterAll(async () => {
  await browser?.close();
  await Promise.all([k?.stop(), personio?.close(), google?.close(), zoom?.close()]);
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

/** A new interview for the demo application with Anna and Bram, and its calendar opened. */
async function openSchedulingCalendar(page: Page, lang: 'nl' | 'de') {
  await login(page, 'owner@demo.koppel.test', DEMO_PASSWORD, lang);
  await page.goto(`${base}/recruiting/applications/${ids.application}/schedule`);
  await page.getByTestId('schedule-interviewers').click();
  for (const name of [ANNA.name, BRAM.name]) await page.getByRole('listbox').getByRole('option', { name }).click();
  await page.keyboard.press('Escape');
  await page.getByTestId('schedule-find-time').click();
}

describe('nl and de in an English browser', () => {
  it('the scheduling calendar offers no past time, and the video provider follows the host (nl)', async () => {
    const page = await newPage();
    await openSchedulingCalendar(page, 'nl');
    await page.locator('[data-testid="interview-calendar"][data-first-week-judged="true"][data-loading="false"]').waitFor();
    await page.locator('.koppel-suggested').first().waitFor({ timeout: 30_000 });
    await shot(page, 'lang-nl-schedule-week');
    // Whole days that have passed carry no suggestion, and no suggestion starts before now.
    expect(await page.locator('td.fc-day-past .koppel-suggested').count()).toBe(0);
    // From a Friday evening to Sunday no time of this week is free any more: the calendar opened on the next one
    // (the test below pins that down on a Saturday); otherwise it shows this week with today in it.
    const movedOn = (await page.getByTestId('calendar-next-week-shown').count()) > 0;
    if (!movedOn) expect(await page.locator('td.fc-timegrid-col.fc-day-today').getAttribute('data-date')).not.toBeNull();
    // A click on a day that has passed selects nothing; nor does one on today's first hour once it has passed.
    const past = page.locator('td.fc-timegrid-col.fc-day-past').first();
    if (await past.count()) {
      const box = (await past.boundingBox())!;
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      expect(await page.getByTestId('schedule-selected').getAttribute('data-start')).toBe('');
    }
    const hourNow = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', hour: '2-digit', hourCycle: 'h23' }).format(new Date()));
    const firstSlot = page.locator('td.fc-timegrid-slot-lane').first();
    if (hourNow >= 8 && !movedOn) {
      const col = (await page.locator('td.fc-timegrid-col.fc-day-today').boundingBox())!;
      const lane = (await firstSlot.boundingBox())!;
      await page.mouse.click(col.x + col.width / 2, lane.y + lane.height / 2);
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
    const row = await k.db.selectFrom('recruiting_interviews').select(['video_provider', 'video_host_user_id', 'start_at', 'end_at', 'time_zone']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.video_provider).toBe('zoom');
    expect(row.start_at.getTime()).toBeGreaterThan(Date.now() - 60_000);
    ids.interview = id;

    // Item 13: the candidate's invitation names the span as the candidate's language writes it
    // ("Mittwoch, 2. Dezember 2026, 14:00–14:45 Uhr" / "woensdag 2 december 2026, 14:00–14:45"), in the subject and the body.
    const cand = await k.db
      .selectFrom('recruiting_applications as a')
      .innerJoin('recruiting_candidates as c', 'c.id', 'a.candidate_id')
      .select(['c.email', 'c.language'])
      .where('a.id', '=', ids.application!)
      .executeTakeFirstOrThrow();
    const lang = isLocale(cand.language) ? cand.language : 'en';
    const span = spanText(lang, row.start_at.getTime(), row.end_at.getTime(), row.time_zone);
    expect(span).toMatch(lang === 'de' ? /^[A-Z][a-z]+, \d{1,2}\. [A-Z][a-zä]+ \d{4}, \d{2}:\d{2}–\d{2}:\d{2} Uhr$/ : /, \d{2}:\d{2}–\d{2}:\d{2}$/);
    // The invitation (with its calendar part), not the scheduling-link mail the same candidate got before.
    const mail = await eventually(async () => (await k.db.selectFrom('caught_mails').selectAll().execute()).find((m) => m.rcpt_to.includes(cand.email) && /text\/calendar/i.test(m.raw)), 30_000);
    expect(mail.subject).toContain(span);
    expect(mail.text_body).toContain(span);
    // The interviewers' calendar event is titled in the company's language ("Sollicitatiegesprek: …"), not in English.
    const tenant = await k.db.selectFrom('tenants').select('locale').where('id', '=', ids.tenant!).executeTakeFirstOrThrow();
    const word = serverText(isLocale(tenant.locale) ? tenant.locale : 'en', 'recruiting.event_summary', { candidate: '', job: '' }).split(':')[0]!;
    const annaEvents = await eventually(async () => {
      const list = google.events(ANNA.email).filter((e) => !e.deleted);
      return list.length ? list : undefined;
    }, 30_000);
    expect(annaEvents.map((e) => String((e.resource as { summary?: string }).summary))).toContainEqual(expect.stringMatching(new RegExp(`^${word}: `)));
    if (tenant.locale !== 'en') expect(word).not.toBe('Interview');
    await page.context().close();
  });
  it('on a Saturday the scheduling calendar opens on the next week, which has free time, and says so (de)', async () => {
    const page = await newPage();
    // The browser's clock on a Saturday morning at least a week ahead: the server still suggests that week's
    // working days (they are in the future for it), but for the browser all of them have passed.
    const saturday = new Date(Date.now() + 7 * 86_400_000);
    saturday.setUTCDate(saturday.getUTCDate() + ((6 - saturday.getUTCDay() + 7) % 7));
    saturday.setUTCHours(9, 0, 0, 0);
    await page.clock.setFixedTime(saturday);
    await openSchedulingCalendar(page, 'de');
    await page.getByTestId('calendar-next-week-shown').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('calendar-next-week-shown').textContent()).toBe(webText('de', 'recruiting.calendar.nextWeekShown'));
    await page.locator('.koppel-suggested').first().waitFor({ timeout: 30_000 });
    // The week on screen begins after that Saturday: no day of it is "today" or past for the browser.
    expect(await page.locator('td.fc-timegrid-col.fc-day-today').count()).toBe(0);
    const first = await page.locator('td.fc-timegrid-col[data-date]').first().getAttribute('data-date');
    expect(Date.parse(`${first}T12:00:00Z`)).toBeGreaterThan(saturday.getTime());
    await shot(page, 'lang-de-schedule-next-week');
    // Going back shows the Saturday's own week without the notice, and nothing in it is offered.
    await page.locator('.fc-prev-button').click();
    await page.locator('[data-testid="interview-calendar"][data-loading="false"]').waitFor();
    expect(await page.getByTestId('calendar-next-week-shown').count()).toBe(0);
    expect(await page.locator('td.fc-timegrid-col.fc-day-today').count()).toBe(1);
    await page.context().close();
  });
  for (const lang of ['nl', 'de'] as const) {
    it(`walks every page and main dialog, a validation error and a CSV import error without English (${lang})`, async () => {
      const page = await newPage();
      await login(page, 'owner@demo.koppel.test', DEMO_PASSWORD, lang);
      const emp = `/employees/${ids.employee}`;
      const pi = `/settings/integrations/${ids.personio}`;
      const pages: Array<[string, string]> = [
        ['dashboard', '/'],
        ['employees', '/employees'],
        ['employee-new', '/employees/new'],
        ['employee-details', `${emp}/details`],
        ['employee-contracts', `${emp}/contracts`],
        ['employee-hours', `${emp}/hours`],
        ['employee-absences', `${emp}/absences`],
        ['employee-leave', `${emp}/leave`],
        ['employee-history', `${emp}/history`],
        ['shifts', '/shifts'],
        ['absences', '/absences/list'],
        ['absence-types', '/absences/types'],
        ['organisation', '/settings/organisation/company'],
        ['departments', '/settings/organisation/departments'],
        ['cost-centers', '/settings/organisation/cost-centers'],
        ['contract-types', '/settings/organisation/contract-types'],
        ['functions', '/settings/organisation/functions'],
        ['payroll', '/settings/payroll/hour-components'],
        ['payroll-rules', '/settings/payroll/hour-component-rules'],
        ['wage-components', '/settings/payroll/wage-components'],
        ['app-center', '/settings/integrations'],
        ['connect-personio', '/settings/integrations/new/personio'],
        ['connect-nmbrs', '/settings/integrations/new/nmbrs'],
        ['connect-loket', '/settings/integrations/new/loket'],
        ['personio-configuration', `${pi}/configuration`],
        ['personio-mapping', `${pi}/mapping`],
        ['personio-employees', `${pi}/employees`],
        ['personio-sync', `${pi}/sync`],
        ['personio-hours', `${pi}/report/hours`],
        ['loket-report', '/reports/loket'],
        ['health', '/settings/integration-health'],
        ['users', '/settings/users'],
        ['api-tokens', '/settings/api-tokens'],
        ['audit', '/settings/audit'],
        ['jobs', '/settings/jobs'],
        ['mails', '/settings/mails'],
        ['recruiting', '/recruiting/applications'],
        ['interviews', '/recruiting/interviews'],
        ['jobs-positions', '/recruiting/jobs'],
        ['candidates', '/recruiting/candidates'],
        ['interview-types', '/recruiting/interview-types'],
        ['evaluation-forms', '/recruiting/evaluation-forms'],
        ['recruiting-roles', '/recruiting/roles'],
        ['rooms', '/recruiting/rooms'],
        ['connections', '/recruiting/connections'],
        ['application', `/recruiting/applications/${ids.application}/interviews`],
        ['application-links', `/recruiting/applications/${ids.application}/links`],
        ['schedule', `/recruiting/applications/${ids.application}/schedule`],
        ...(ids.interview
          ? ([
              ['interview', `/recruiting/interviews/${ids.interview}`],
              ['evaluation', `/recruiting/interviews/${ids.interview}/evaluation`],
              ['reschedule', `/recruiting/interviews/${ids.interview}/reschedule`],
            ] as Array<[string, string]>)
          : []),
      ];
      const leaks: string[] = [];
      for (const [name, path] of pages) {
        await page.goto(`${base}${path}`);
        await page.locator('main, [role="main"], body').first().waitFor();
        await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => {});
        await shot(page, `lang-${lang}-${name}`);
        // Collected, so one run names every page that leaks.
        const found = await problemsOn(page);
        if (found.length) leaks.push(`${path}: ${found.join(', ')}`);
      }
      expect(leaks, `${lang}: English on these pages`).toEqual([]);

      // Folded technical details (a run's, a dead letter's, a job's) are the system's own words; their label is not.
      await page.goto(`${base}/settings/jobs`);
      await page.getByTestId('job-row').first().waitFor();
      expect(await page.getByTestId('job-reason').first().innerText()).not.toMatch(/ECONNREFUSED/);
      await page.goto(`${base}/settings/integration-health`);
      await page.getByTestId('dead-letter-row').first().waitFor();
      await page.getByTestId('dead-letters').scrollIntoViewIfNeeded();
      await shot(page, `lang-${lang}-dead-letters`);
      await page.getByTestId('dead-letter-attempts').first().click();
      await page.getByTestId('attempt-row').first().waitFor();
      await page.waitForTimeout(400);
      await shot(page, `lang-${lang}-dead-letter-attempts`);
      await expectNoEnglish(page, `${lang} dead letter attempts`);
      await page.keyboard.press('Escape');

      // The candidate's page (no login), in the language switched to there.
      const cand = await newPage();
      await cand.goto(`${base}${ids.linkPath}?lang=${lang}`);
      await cand.getByTestId('public-day').first().waitFor();
      await shot(cand, `lang-${lang}-public-scheduling`);
      await expectNoEnglish(cand, `${lang} public scheduling page`);
      await cand.getByTestId('public-option').first().click();
      await cand.getByTestId('public-confirm-panel').waitFor();
      expect(await cand.getByTestId('public-confirm-panel').innerText()).toMatch(lang === 'de' ? /, \d{1,2}\. [A-Z][a-zä]+ \d{4}, \d{2}:\d{2}–\d{2}:\d{2} Uhr \(/ : /[a-z]+ \d{1,2} [a-z]+ \d{4}, \d{2}:\d{2}–\d{2}:\d{2} \(/);
      await expectNoEnglish(cand, `${lang} public scheduling confirmation`);
      await cand.context().close();

      // Main dialogs: opened, sent empty (their "required" errors), read, closed.
      const dialogs: Array<[string, string, string]> = [
        ['/employees', 'employee-new', 'employee form'],
        [`${emp}/contracts`, 'contract-add', 'contract form'],
        ['/absences/list', 'absence-add', 'absence form'],
        ['/settings/organisation/departments', 'departments-add', 'department form'],
        ['/settings/payroll/hour-component-rules', 'hour-component-rules-add', 'rule form'],
        ['/settings/payroll/hour-components', 'hour-components-add', 'hour component form'],
        ['/settings/users', 'user-invite', 'invite form'],
        ['/settings/api-tokens', 'token-create', 'token form'],
        ['/recruiting/candidates', 'candidates-add', 'candidate form'],
        ['/recruiting/jobs', 'jobs-add', 'job form'],
        ['/recruiting/rooms', 'rooms-add', 'room form'],
        [`/recruiting/applications/${ids.application}/links`, 'links-add', 'scheduling link form'],
      ];
      const dialogLeaks: string[] = [];
      for (const [path, button, what] of dialogs) {
        await page.goto(`${base}${path}`);
        await page.getByTestId(button).click();
        const dialog = page.getByRole('dialog');
        const inDialog = await dialog
          .first()
          .waitFor({ timeout: 3_000 })
          .then(() => true)
          .catch(() => false);
        const submit = (inDialog ? dialog.first() : page).locator('button[type="submit"]').first();
        if (await submit.count()) {
          await submit.click();
          await page.waitForTimeout(300);
        }
        await shot(page, `lang-${lang}-dialog-${button}`);
        const found = await problemsOn(page);
        if (found.length) dialogLeaks.push(`${what}: ${found.join(', ')}`);
        await page.keyboard.press('Escape');
      }
      expect(dialogLeaks, `${lang}: English in these dialogs`).toEqual([]);
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
    }, 480_000);
  }

});
