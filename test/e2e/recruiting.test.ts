import type { Browser, Page } from 'playwright-core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../../src/app/demo/seed.ts';
import { type GoogleEmulator, startGoogleCalendarEmulator } from '../../emulators/google/google-emulator.ts';
import { startZoomEmulator, type ZoomEmulator } from '../../emulators/zoom/zoom-emulator.ts';
import { type CaldavTestServer, icsUid, startDavical } from '../helpers/caldav-servers.ts';
import { login as apiLogin, eventually, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';
import { launchBrowser, shot as fullShot } from './browser.ts';

/**
 * The recruiting journey in Chromium (issue 4, F-30 … F-41), against real peers: a private DAViCal for two
 * interviewers and a room, the Google Calendar emulator for the third interviewer, the Zoom emulator for the
 * video link, Koppel's own mail catcher for the candidate's invitation.
 *   1. Bob connects his CalDAV calendar in the UI (a wrong password first: the server's refusal is shown).
 *   2. Anna connects Google Calendar and Zoom through the OAuth consent pages of the emulators.
 *   3. The owner creates an interview type, a job, a candidate and an application in the UI (validation errors
 *      at the fields), then schedules from the application: three interviewers, the calendar, a dragged slot,
 *      the room, a Zoom meeting hosted by Anna, notes → "Invite interviewers".
 *   4. The events land in DAViCal and Google (private, with the Zoom link); the candidate's iMIP mail is in the
 *      catcher; Dirk declines in his own calendar and the interview page shows "Declined" and a replacement.
 *   5. The interview is rescheduled on the same screen (same Zoom link, SEQUENCE+1) and then cancelled.
 *   6. A smart scheduling link is made from the application and used on the public page without a login.
 * Screenshots: test-artifacts/e2e/recruiting-*.png.
 */
let k: TestKoppel;
let dav: CaldavTestServer;
let google: GoogleEmulator;
let zoom: ZoomEmulator;
let browser: Browser;
let base: string;

const PW = 'interview-pass-2026';
const ANNA = { email: 'anna.jansen@example.com', name: 'Anna Jansen' };
const BOB = { email: 'bob.bakker@example.test', name: 'Bob Bakker', dav: 'bob', pw: 'dav-bob-secret' };
const DIRK = { email: 'dirk.dewit@example.test', name: 'Dirk de Wit', dav: 'dirk', pw: 'dav-dirk-secret' };
const ROOM = { email: 'zaal.rhone@example.test', name: 'Vergaderzaal Rhône', dav: 'zaalrhone', pw: 'dav-room-secret' };
const CANDIDATE = { name: 'Clara Weber', email: 'clara.weber@kandidaat.example.org' };

beforeAll(async () => {
  // DAViCal first and alone: its bootstrap (initdb + php workers) is the slowest and most load-sensitive part.
  dav = await startDavical({
    users: [
      { username: BOB.dav, password: BOB.pw, email: BOB.email, name: BOB.name },
      { username: DIRK.dav, password: DIRK.pw, email: DIRK.email, name: DIRK.name },
      { username: ROOM.dav, password: ROOM.pw, email: ROOM.email, name: ROOM.name, room: true },
    ],
  });
  [k, google, zoom] = await Promise.all([
    startTestKoppel({ worker: true, listen: true }),
    startGoogleCalendarEmulator({ users: [{ email: ANNA.email, name: ANNA.name, timeZone: 'Europe/Amsterdam' }] }),
    startZoomEmulator({ users: [{ email: ANNA.email, name: ANNA.name, timeZone: 'Europe/Amsterdam' }] }),
  ]);
  base = k.address!;
  [browser] = await Promise.all([launchBrowser(), seedDemo(k.db, k.services.box, { employees: 4 })]);

  // What an administrator sets up once: the OAuth apps (pointing at the emulators), the interviewers, the room.
  const owner = await apiLogin(k, 'owner@demo.koppel.test', DEMO_PASSWORD);
  for (const [kind, em] of [
    ['google', google],
    ['zoom', zoom],
  ] as const) {
    const r = await owner.put('/recruiting/oauth-apps', { kind, clientId: em.client.clientId, clientSecret: em.client.clientSecret, authorizeUrl: em.authorizeUrl, tokenUrl: em.tokenUrl, apiBaseUrl: em.url });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }
  for (const u of [ANNA, BOB, DIRK]) {
    const r = await owner.post('/users', { email: u.email, name: u.name, role: 'interviewer', password: PW, timeZone: 'Europe/Amsterdam', locale: 'nl' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  }
  const room = await owner.post('/recruiting/rooms', { name: ROOM.name, email: ROOM.email, capacity: 8 });
  expect(room.status, JSON.stringify(room.body)).toBe(201);
  const roomCal = await owner.post('/recruiting/connections/caldav', { url: dav.url, username: ROOM.dav, password: ROOM.pw, roomId: room.body.id });
  expect(roomCal.status, JSON.stringify(roomCal.body)).toBe(201);
  // Dirk connects through the API (Bob shows the form in the browser).
  const dirk = await apiLogin(k, DIRK.email, PW);
  const dirkCal = await dirk.post('/recruiting/connections/caldav', { url: dav.url, username: DIRK.dav, password: DIRK.pw });
  expect(dirkCal.status, JSON.stringify(dirkCal.body)).toBe(201);
  // Busy time the scheduling calendar must show (F-32, F-33): Bob a private appointment, Dirk a trade fair over two
  // days (the all-day row), Anna a public meeting on Google with its title.
  const { tuesday, wednesday, friday } = nextWeek();
  const compact = (d: string) => d.replace(/-/g, '');
  const vevent = (uid: string, lines: string[]) =>
    ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Koppel e2e//EN', 'BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20260101T000000Z', ...lines, 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
  await dav.putEvent(BOB.dav, vevent('bob-tandarts@e2e', ['SUMMARY:Tandarts', 'CLASS:PRIVATE', `DTSTART:${compact(tuesday)}T120000Z`, `DTEND:${compact(tuesday)}T130000Z`]));
  await dav.putEvent(DIRK.dav, vevent('dirk-beurs@e2e', ['SUMMARY:Vakbeurs Horecava', `DTSTART;VALUE=DATE:${compact(wednesday)}`, `DTEND;VALUE=DATE:${compact(friday)}`]));
  google.addBusy(ANNA.email, { summary: 'Teamoverleg keuken', start: `${tuesday}T07:00:00Z`, end: `${tuesday}T08:00:00Z`, visibility: 'public' });
  const form = await owner.post('/recruiting/evaluation-forms', { name: 'Vakkennis keuken', questions: [{ text: 'Kennis van HACCP', kind: 'rating' }, { text: 'Zou je met deze persoon willen werken?', kind: 'yes_no' }] });
  expect(form.status, JSON.stringify(form.body)).toBe(201);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([k?.stop(), dav?.stop(), google?.close(), zoom?.close()]);
});

/** Full-page screenshot from the top (scrolled pages would draw the fixed header mid-page). */
async function shot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await fullShot(page, name);
}

async function newPage(locale: string): Promise<Page> {
  const context = await browser.newContext({ locale, viewport: { width: 1400, height: 1000 }, timezoneId: 'Europe/Amsterdam' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  const page = await context.newPage();
  page.on('pageerror', (e) => {
    throw new Error(`page error: ${e.message}`);
  });
  return page;
}

async function login(page: Page, email: string, password: string, lang: 'nl' | 'de' | 'en') {
  await page.goto(`${base}/login`);
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('nav-recruiting').waitFor();
  await page.getByTestId('language-switcher').selectOption(lang);
}

/** The emulators' consent page: pick the account, allow; the browser comes back to Koppel's callback. */
async function consent(page: Page, email: string) {
  await page.waitForURL((u) => !u.toString().startsWith(base));
  await page.locator(`input[name="account"][value="${email}"]`).check();
  await page.locator('#allow').click();
  await page.waitForURL(`${base}/recruiting/connections`);
}

/** Drags on the time grid from `from` (HH:MM, on a 30-minute row) for `minutes`, as a user selects a slot. */
async function dragSlot(page: Page, date: string, from: string, minutes: number) {
  const col = page.locator(`td.fc-timegrid-col[data-date="${date}"]`);
  const start = page.locator(`td.fc-timegrid-slot-lane[data-time="${from}:00"]`);
  await start.scrollIntoViewIfNeeded();
  const c = (await col.boundingBox())!;
  const s = (await start.boundingBox())!;
  const x = c.x + c.width / 2;
  await page.mouse.move(x, s.y + 2);
  await page.mouse.down();
  // FullCalendar snaps to 15 minutes: end a little above the wanted end line.
  await page.mouse.move(x, s.y + (minutes / 30) * s.height - 3, { steps: 10 });
  await page.mouse.up();
}

/** Monday of next week and the Tuesday after it (YYYY-MM-DD, Amsterdam): a week with no surprises from "now". */
function nextWeek() {
  const d = new Date();
  const day = (d.getUTCDay() + 6) % 7;
  const monday = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day + 7);
  const iso = (n: number) => new Date(monday + n * 86_400_000).toISOString().slice(0, 10);
  return { monday: iso(0), tuesday: iso(1), wednesday: iso(2), friday: iso(4) };
}

describe('recruiting in the browser', () => {
  let applicationUrl = '';
  let interviewUrl = '';

  it('connects calendars, schedules an interview across DAViCal, Google and Zoom, mails the candidate and shows a decline', async () => {
    // 1. Bob: CalDAV with a wrong password first — DAViCal refuses, the form says so; then the right one.
    const bob = await newPage('nl-NL');
    await login(bob, BOB.email, PW, 'nl');
    await bob.getByTestId('nav-recruiting').click();
    await bob.getByTestId('my-connections-link').click();
    await bob.getByTestId('no-calendar-alert').waitFor();
    await bob.getByTestId('connect-caldav').click();
    await bob.getByTestId('caldav-url').fill(dav.url);
    await bob.getByTestId('caldav-username').fill(BOB.dav);
    await bob.getByTestId('caldav-password').fill('fout-wachtwoord');
    await bob.getByTestId('caldav-submit').click();
    await bob.getByTestId('error-alert').waitFor();
    await shot(bob, 'recruiting-nl-01-caldav-refused');
    await bob.getByTestId('caldav-password').fill(BOB.pw);
    await bob.getByTestId('caldav-submit').click();
    await bob.locator('[data-testid="connection-row"][data-kind="caldav"][data-status="connected"]').waitFor();
    await shot(bob, 'recruiting-nl-02-caldav-connected');
    // Stored encrypted (SecretBox): the password is not in the row.
    const stored = await sql<{ credentials_encrypted: string }>`SELECT credentials_encrypted FROM recruiting_connections WHERE kind = 'caldav' AND account <> ''`.execute(k.db);
    expect(stored.rows.length).toBeGreaterThan(0);
    for (const row of stored.rows) expect(row.credentials_encrypted).not.toContain(BOB.pw);
    await bob.context().close();

    // 2. Anna: Google Calendar and Zoom through OAuth (the emulators' consent pages).
    const anna = await newPage('en-GB');
    await login(anna, ANNA.email, PW, 'en');
    await anna.goto(`${base}/recruiting/connections`);
    await anna.getByTestId('connect-google').click();
    await consent(anna, ANNA.email);
    await anna.locator('[data-testid="connection-row"][data-kind="google"][data-status="connected"]').waitFor();
    await anna.getByTestId('connect-zoom').click();
    await consent(anna, ANNA.email);
    await anna.locator('[data-testid="connection-row"][data-kind="zoom"][data-status="connected"]').waitFor();
    await shot(anna, 'recruiting-en-03-oauth-connected');
    await anna.context().close();

    // 3. The owner sets up the recruiting basics in the UI (F-30), errors at the fields.
    const page = await newPage('nl-NL');
    await login(page, 'owner@demo.koppel.test', DEMO_PASSWORD, 'nl');
    await page.getByTestId('nav-recruiting').click();
    await page.getByTestId('tab-interview-types').click();
    await page.getByTestId('interview-types-add').click();
    await page.getByTestId('interview-types-name').fill('Eerste gesprek');
    await page.getByTestId('interview-types-defaultDurationMinutes').fill('1000');
    await page.getByTestId('interview-types-submit').click();
    await expect.poll(() => page.locator('[data-testid="interview-types-defaultDurationMinutes"][aria-invalid="true"]').count()).toBe(1);
    await shot(page, 'recruiting-nl-04-type-validation');
    await page.getByTestId('interview-types-defaultDurationMinutes').fill('45');
    await page.getByTestId('interview-types-submit').click();
    await page.locator('[data-testid="interview-types-row"][data-name="Eerste gesprek"]').waitFor();

    await page.getByTestId('tab-jobs').click();
    await page.getByTestId('jobs-add').click();
    await page.getByTestId('jobs-submit').click();
    await expect.poll(() => page.locator('[data-testid="jobs-title"][aria-invalid="true"]').count()).toBe(1);
    await page.getByTestId('jobs-title').fill('Zelfstandig werkend kok');
    await page.getByTestId('jobs-responsibleUserId').selectOption({ label: 'Olivia de Boer' });
    await page.getByTestId('jobs-location').fill('Utrecht');
    await page.getByTestId('jobs-submit').click();
    await page.locator('[data-testid="jobs-row"][data-name="Zelfstandig werkend kok"]').waitFor();

    await page.getByTestId('tab-candidates').click();
    await page.getByTestId('candidates-add').click();
    await page.getByTestId('candidates-name').fill(CANDIDATE.name);
    await page.getByTestId('candidates-email').fill(CANDIDATE.email);
    await page.getByTestId('candidates-language').selectOption('de');
    await page.getByTestId('candidates-timeZone').fill('Europe/Berlin');
    await page.getByTestId('candidates-submit').click();
    await page.locator(`[data-testid="candidates-row"][data-name="${CANDIDATE.name}"]`).waitFor();
    // The candidate's applications (none yet), then a new one from there.
    await page.locator(`[data-testid="candidates-row"][data-name="${CANDIDATE.name}"]`).getByTestId('candidate-applications').click();
    await page.getByTestId('filter-candidate').waitFor();
    await page.getByTestId('applications-add').click();
    await page.getByTestId('applications-jobId').selectOption({ label: 'Zelfstandig werkend kok' });
    await page.getByTestId('applications-submit').click();
    await page.getByTestId('application-link').first().click();
    await page.getByTestId('new-interview').waitFor();
    applicationUrl = page.url();
    await shot(page, 'recruiting-nl-05-application');

    // 4. Schedule (F-32 … F-35): the calendar only opens once a participant is chosen.
    await page.getByTestId('new-interview').click();
    expect(await page.getByTestId('schedule-find-time').isDisabled()).toBe(true);
    await page.getByTestId('schedule-interviewers').click();
    for (const name of [BOB.name, DIRK.name, ANNA.name]) await page.getByRole('listbox').getByRole('option', { name }).click();
    await page.keyboard.press('Escape');
    expect(await page.locator('[data-testid="schedule-participant"] [data-testid="not-connected"]').count()).toBe(0);
    await page.getByTestId('schedule-find-time').click();
    // Once the first week is judged (from a Friday evening on it has no free time left and the calendar moves on to
    // the next by itself), forward to next week's Tuesday.
    await page.locator('[data-testid="interview-calendar"][data-first-week-judged="true"]').waitFor();
    const { tuesday } = nextWeek();
    if (!(await page.locator(`td.fc-timegrid-col[data-date="${tuesday}"]`).count())) await page.locator('.fc-next-button').click();
    await page.locator(`td.fc-timegrid-col[data-date="${tuesday}"]`).waitFor();
    await page.locator('[data-testid="interview-calendar"][data-loading="false"]').waitFor();
    await expect.poll(async () => (await page.getByTestId('calendar-zone').textContent()) ?? '').toContain('Europe/Amsterdam');
    // Everyone's busy time was read; Bob's private appointment shows as "busy" (never its title), Anna's Google
    // meeting in her colour, Dirk's two-day fair in the all-day row.
    expect(await page.getByTestId('participant-calendar-error').count()).toBe(0);
    const busy = page.locator('[data-testid="interview-calendar"] .koppel-busy');
    await busy.filter({ hasText: `${BOB.name}: Bezet` }).first().waitFor();
    expect(await busy.filter({ hasText: 'Tandarts' }).count()).toBe(0);
    await busy.filter({ hasText: `${ANNA.name}:` }).first().waitFor();
    await page.locator('.fc-daygrid-body .koppel-busy', { hasText: 'Vakbeurs Horecava' }).first().waitFor();
    await dragSlot(page, tuesday, '10:00', 45);
    await expect.poll(() => page.getByTestId('schedule-selected').getAttribute('data-start')).not.toBe('');
    const selectedStart = (await page.getByTestId('schedule-selected').getAttribute('data-start'))!;
    // 10:00 in Amsterdam on a November Tuesday is 09:00 UTC.
    expect(selectedStart).toBe(`${tuesday}T09:00:00.000Z`);
    await page.getByTestId('schedule-room').selectOption({ label: ROOM.name });
    await page.getByTestId('schedule-video-host').selectOption({ label: ANNA.name });
    await expect.poll(() => page.locator('[data-testid="schedule-video-provider"] option').allTextContents()).toEqual(expect.arrayContaining(['Zoom', 'Google Meet']));
    await page.getByTestId('schedule-video-provider').selectOption('zoom');
    await page.getByTestId('schedule-candidate-message').fill('Wir freuen uns auf das Gespräch!');
    await page.getByTestId('schedule-notes').fill('Let op: proefkoken bespreken.');
    await shot(page, 'recruiting-nl-06-schedule');
    await page.getByTestId('schedule-submit').click();
    await page.waitForURL(/\/recruiting\/interviews\/[0-9a-f-]+$/);
    interviewUrl = page.url();
    const interviewId = interviewUrl.split('/').pop()!;

    // The invitations go out in the background; the page follows the delivery.
    await page.getByTestId('interview-video-link').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.locator('[data-testid="participant-delivery"][data-delivery="pending"]').count(), { timeout: 30_000 }).toBe(0);
    expect(await page.locator('[data-testid="participant-delivery"][data-delivery="failed"]').count()).toBe(0);
    const joinUrl = (await page.getByTestId('interview-video-link').textContent())!;
    expect(zoom.meetings().filter((m) => !m.deleted)).toHaveLength(1);
    expect(await page.getByTestId('interview-status').getAttribute('data-status')).toBe('scheduled');
    expect(await page.getByTestId('method-icon').first().getAttribute('data-method')).toBe('zoom');
    expect(await page.getByTestId('interview-time').textContent()).toContain('Europe/Amsterdam');
    expect(await page.getByTestId('interview-room').textContent()).toBe(ROOM.name);
    await shot(page, 'recruiting-nl-07-interview');

    // In the interviewers' calendars: DAViCal (Bob, Dirk) and Google (Anna), private, with notes and the Zoom link.
    const bobEvents = (await dav.listEvents(BOB.dav)).filter((e) => icsUid(e.ics) !== 'bob-tandarts@e2e');
    expect(bobEvents).toHaveLength(1);
    const uid = icsUid(bobEvents[0]!.ics)!;
    expect(bobEvents[0]!.ics).toMatch(/CLASS:(PRIVATE|CONFIDENTIAL)/);
    expect(bobEvents[0]!.ics.replace(/\r?\n[ \t]/g, '')).toContain(joinUrl);
    expect(await dav.getEvent(DIRK.dav, uid)).toBeTruthy();
    const annaEvents = google.events(ANNA.email).filter((e) => !e.deleted && e.resource.summary !== 'Teamoverleg keuken');
    expect(annaEvents).toHaveLength(1);
    expect(annaEvents[0]!.resource.visibility).toBe('private');
    expect(JSON.stringify(annaEvents[0]!.resource)).toContain(joinUrl);

    // The candidate's own invitation (iMIP REQUEST, a different event) is in the mail catcher.
    await page.getByTestId('nav-mails').click();
    const mail = page.getByTestId('mail-item').filter({ hasText: CANDIDATE.email }).first();
    await eventually(async () => {
      if (await mail.count()) return true;
      await page.reload();
      return false;
    }, 30_000);
    await mail.click();
    await page.getByTestId('mail-subject').waitFor();
    await expect.poll(async () => (await page.getByTestId('mail-text').textContent()) ?? '').toContain(joinUrl);
    await shot(page, 'recruiting-nl-08-candidate-mail');

    // F-36, F-41: Dirk declines in his own calendar; after a refresh the page shows it and proposes a replacement.
    await dav.setPartstat(DIRK.dav, uid, DIRK.email, 'DECLINED');
    await page.goto(interviewUrl);
    const dirkRow = page.locator(`[data-testid="participant-row"][data-email="${DIRK.email}"]`);
    await dirkRow.waitFor();
    await eventually(async () => {
      if ((await dirkRow.getAttribute('data-status')) === 'declined') return true;
      await page.getByTestId('interview-refresh').click();
      await page.waitForTimeout(500);
      return false;
    }, 30_000);
    await page.getByTestId('replacement-panel').waitFor();
    await shot(page, 'recruiting-nl-09-declined');
    const api = await apiLogin(k, 'owner@demo.koppel.test', DEMO_PASSWORD);
    const after = await api.get(`/recruiting/interviews/${interviewId}`);
    expect(after.body.participants.find((p: { email: string }) => p.email === DIRK.email).status).toBe('declined');

    // The same screen in German.
    await page.getByTestId('language-switcher').selectOption('de');
    await page.locator('[data-testid="interview-status"]', { hasText: 'Geplant' }).waitFor();
    await expect.poll(() => dirkRow.getByTestId('participant-status').textContent()).toBe('Abgelehnt');
    await shot(page, 'recruiting-de-10-declined');

    // F-38: reschedule on the same screen, prefilled; the Zoom link survives, the calendars get SEQUENCE+1.
    await page.getByTestId('language-switcher').selectOption('nl');
    await page.getByTestId('interview-reschedule').click();
    await page.locator(`td.fc-timegrid-col[data-date="${tuesday}"]`).waitFor();
    await page.locator('[data-testid="interview-calendar"] .koppel-selection').waitFor();
    await page.locator('[data-testid="interview-calendar"][data-loading="false"]').waitFor();
    await dragSlot(page, tuesday, '14:30', 45);
    await expect.poll(() => page.getByTestId('schedule-selected').getAttribute('data-start')).toBe(`${tuesday}T13:30:00.000Z`);
    await shot(page, 'recruiting-nl-11-reschedule');
    await page.getByTestId('schedule-submit').click();
    await page.waitForURL(interviewUrl);
    await expect.poll(async () => (await page.getByTestId('interview-time').textContent()) ?? '').toContain('14:30');
    expect(await page.getByTestId('interview-video-link').textContent()).toBe(joinUrl);
    await expect.poll(async () => (await dav.getEvent(BOB.dav, uid))?.ics ?? '', { timeout: 30_000 }).toMatch(/SEQUENCE:[1-9]/);
    expect(zoom.meetings().filter((m) => !m.deleted)).toHaveLength(1);
    expect(zoom.meetings()[0]!.updates).toBeGreaterThan(0);

    // Cancel with confirmation: the meeting is deleted and the status says so.
    await page.getByTestId('interview-cancel').click();
    await page.getByTestId('interview-cancel-reason').fill('Kandidaat heeft zich teruggetrokken');
    await page.getByTestId('interview-cancel-confirm').click();
    await page.locator('[data-testid="interview-status"][data-status="cancelled"]').waitFor();
    await page.getByTestId('interview-cancel-reason-shown').waitFor();
    await expect.poll(() => zoom.meetings().filter((m) => !m.deleted).length, { timeout: 30_000 }).toBe(0);
    await shot(page, 'recruiting-nl-12-cancelled');
    await page.context().close();
  }, 360_000);

  it('sends a smart scheduling link that the candidate uses without logging in', async () => {
    expect(applicationUrl).not.toBe('');
    const page = await newPage('nl-NL');
    await login(page, 'owner@demo.koppel.test', DEMO_PASSWORD, 'nl');
    await page.goto(applicationUrl);
    await page.getByTestId('new-scheduling-link').click();
    await page.getByTestId('link-interviewers').click();
    for (const name of [BOB.name, DIRK.name]) await page.getByRole('listbox').getByRole('option', { name }).click();
    await page.keyboard.press('Escape');
    await page.getByTestId('link-method').getByText('Persoonlijk').click();
    await page.getByTestId('link-room').selectOption({ label: ROOM.name });
    await page.getByTestId('link-days').fill('14');
    await page.getByTestId('link-submit').click();
    await page.getByTestId('link-url').waitFor();
    const url = await page.getByTestId('link-url').inputValue();
    expect(url).toMatch(/\/schedule\/[A-Za-z0-9_-]{20,}$/);
    await page.getByTestId('link-submit').waitFor({ state: 'hidden' });
    await page.locator('[data-testid="link-row"][data-status="active"]').waitFor();
    await shot(page, 'recruiting-nl-13-link-created');
    await page.context().close();

    // The candidate (German) opens it without an account.
    const cand = await newPage('de-DE');
    await cand.goto(`${base}${new URL(url).pathname}`);
    await cand.getByTestId('public-days').waitFor();
    const options = cand.getByTestId('public-option');
    await expect.poll(() => options.count()).toBeGreaterThan(0);
    expect(await cand.getByTestId('public-zone').textContent()).toContain('Europe/Berlin');
    await shot(cand, 'recruiting-de-14-public-options');
    const first = options.first();
    const start = (await first.getAttribute('data-start'))!;
    await first.click();
    await cand.getByTestId('public-confirm').click();
    await cand.getByTestId('public-booked').waitFor();
    await shot(cand, 'recruiting-de-15-public-booked');
    // The link is used up: opening it again says so.
    await cand.reload();
    await cand.getByTestId('public-error').waitFor();
    expect(await cand.getByTestId('public-error').getAttribute('data-code')).toBe('invalid_state');
    await shot(cand, 'recruiting-de-16-public-used');
    const owner = await apiLogin(k, 'owner@demo.koppel.test', DEMO_PASSWORD);
    const list = await owner.get('/recruiting/interviews');
    expect(list.body.some((iv: { start: string }) => iv.start === start)).toBe(true);
    await cand.context().close();
  }, 180_000);
});
