import ICAL from 'ical.js';
import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOGLE_DEFAULT_CLIENT, type GoogleEmulator, startGoogleCalendarEmulator } from '../../emulators/google/google-emulator.ts';
import { startZoomEmulator, ZOOM_DEFAULT_CLIENT, type ZoomEmulator } from '../../emulators/zoom/zoom-emulator.ts';
import { busyCache } from '../../src/recruiting/calendar-data.ts';
import { type CaldavTestServer, startDavical } from '../helpers/caldav-servers.ts';
import { type Client, createTenant, eventually, login, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';

/**
 * Recruiting through the real HTTP API (issue 4): catalogues, connections (DAViCal, Google and Zoom
 * emulators, OAuth through the API), availability, booking with the double-booking guard, provider
 * writes by the job, the candidate's iMIP mail read with ical.js, decline → organizer mail,
 * reschedule keeps the link, iMIP REPLY by mail, cancel, smart scheduling link.
 */

let k: TestKoppel;
let dav: CaldavTestServer;
let google: GoogleEmulator;
let zoom: ZoomEmulator;
let owner: Client;
let rita: Client;
let anna: Client;
let bob: Client;
let clara: Client;
const ids: Record<string, string> = {};
const PW = 'correct horse battery';
const REDIRECT = 'http://localhost:3000/recruiting/oauth/callback';

// Monday 7 December 2026, 10:00 in Amsterdam (09:00 UTC): a working day without holidays.
const MON = '2026-12-07';
const at = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+01:00`).toISOString();

async function caughtTo(email: string, subject?: RegExp) {
  const rows = await k.db.selectFrom('caught_mails').selectAll().orderBy('id').execute();
  return rows.filter((m) => m.rcpt_to.includes(email) && (!subject || subject.test(m.subject)));
}
async function calendarOf(raw: string) {
  const parsed = await simpleParser(raw);
  const part = parsed.attachments.find((a) => /text\/calendar/i.test(a.contentType));
  if (!part) throw new Error('no text/calendar part');
  return { text: part.content.toString('utf8'), contentType: part.contentType, headers: part.headers, method: /method=([A-Z]+)/i.exec(String(part.headers.get('content-type') ? JSON.stringify(part.headers.get('content-type')) : ''))?.[1] };
}
async function oauthConnect(client: Client, kind: 'google' | 'zoom') {
  const start = await client.post('/recruiting/connections/oauth/start', { kind, redirectUri: REDIRECT });
  expect(start.status).toBe(200);
  const res = await fetch(start.body.authorizeUrl, { redirect: 'manual' });
  expect(res.status).toBe(302);
  const back = new URL(res.headers.get('location')!);
  expect(back.searchParams.get('state')).toBe(start.body.state);
  const done = await client.post('/recruiting/connections/oauth/callback', { state: back.searchParams.get('state'), code: back.searchParams.get('code') });
  expect(done.status, JSON.stringify(done.body)).toBe(201);
  return done.body;
}

beforeAll(async () => {
  [dav, google, zoom] = await Promise.all([
    startDavical({
      users: [
        { username: 'anna', password: 'pw-anna', email: 'anna.jansen@example.com', name: 'Anna Jansen' },
        { username: 'bob', password: 'pw-bob', email: 'bob@example.test', name: 'Bob Bakker' },
        { username: 'room1', password: 'pw-room', email: 'room1@example.test', name: 'Room Amstel', room: true },
      ],
    }),
    startGoogleCalendarEmulator({ autoApprove: true }),
    startZoomEmulator({ autoApprove: true }),
  ]);
  k = await startTestKoppel({ worker: true });
  ({ client: owner } = await createTenant(k, 'Recruit BV'));
  const mk = async (email: string, name: string, role: string, locale = 'en') => {
    const r = await owner.post('/users', { email, name, role, password: PW, locale, timeZone: 'Europe/Amsterdam' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id as string;
  };
  ids.rita = await mk('rita.recruiter@example.com', 'Rita Recruiter', 'recruiter', 'nl');
  ids.anna = await mk('anna.jansen@example.com', 'Anna Jansen', 'interviewer');
  ids.bob = await mk('bob@example.test', 'Bob Bakker', 'interviewer', 'de');
  ids.clara = await mk('clara.weber@example.com', 'Clara Weber', 'interviewer');
  rita = await login(k, 'rita.recruiter@example.com', PW, 'nl');
  anna = await login(k, 'anna.jansen@example.com', PW);
  bob = await login(k, 'bob@example.test', PW, 'de');
  clara = await login(k, 'clara.weber@example.com', PW);
}, 120_000);

afterAll(async () => {
  await k?.stop();
  await Promise.all([dav?.stop(), google?.close(), zoom?.close()]);
});

describe('recruiting catalogues (F-30)', () => {
  it('creates jobs, candidates, applications, types, forms, roles and rooms with validation', async () => {
    const job = await rita.post('/recruiting/jobs', { title: 'Backend developer', responsibleUserId: ids.rita });
    expect(job.status, JSON.stringify(job.body)).toBe(201);
    expect(job.body.responsibleUserName).toBe('Rita Recruiter');
    ids.job = job.body.id;
    const cand = await rita.post('/recruiting/candidates', { name: 'Carla Candidate', email: 'Carla@Candidate.test', language: 'de', timeZone: 'Europe/Berlin' });
    expect(cand.status).toBe(201);
    expect(cand.body.email).toBe('carla@candidate.test');
    ids.candidate = cand.body.id;
    const dup = await rita.post('/recruiting/candidates', { name: 'Carla Again', email: 'carla@candidate.test', language: 'nl', timeZone: 'Europe/Amsterdam' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('duplicate');
    expect(dup.body.error.message).toMatch(/bestaat al/);
    const badZone = await rita.post('/recruiting/candidates', { name: 'X', email: 'x@candidate.test', language: 'nl', timeZone: 'Mars/Olympus' });
    expect(badZone.status).toBe(400);
    expect(badZone.body.error.details[0].field).toBe('timeZone');
    const app = await rita.post('/recruiting/applications', { candidateId: ids.candidate, jobId: ids.job });
    expect(app.status).toBe(201);
    expect(app.body).toMatchObject({ stage: 'applied', candidateName: 'Carla Candidate', jobTitle: 'Backend developer' });
    ids.application = app.body.id;
    const form = await rita.post('/recruiting/evaluation-forms', { name: 'Tech interview', questions: [{ text: 'Coding skills', kind: 'rating' }, { text: 'Hire?', kind: 'yes_no' }] });
    expect(form.status).toBe(201);
    expect(form.body.questions[0].id).toBeTruthy();
    ids.form = form.body.id;
    const type = await rita.post('/recruiting/interview-types', { name: 'First interview', defaultDurationMinutes: 60, defaultEvaluationFormId: ids.form });
    expect(type.status).toBe(201);
    ids.type = type.body.id;
    const tooLong = await rita.post('/recruiting/interview-types', { name: 'Marathon', defaultDurationMinutes: 9999 });
    expect(tooLong.status).toBe(400);
    const role = await rita.post('/recruiting/roles', { name: 'Panel', permissions: { candidateContact: false, applicationNotes: false, otherEvaluations: true, interviewNotes: true } });
    expect(role.status).toBe(201);
    ids.role = role.body.id;
    const room = await rita.post('/recruiting/rooms', { name: 'Room Amstel', email: 'room1@example.test', capacity: 6 });
    expect(room.status).toBe(201);
    expect(room.body.calendarConnected).toBe(false);
    ids.room = room.body.id;
    // Interviewers read but do not manage; deleting a used form is refused.
    expect((await anna.get('/recruiting/jobs')).body).toHaveLength(1);
    expect((await anna.post('/recruiting/jobs', { title: 'Nope', responsibleUserId: ids.anna })).status).toBe(403);
    const inUse = await rita.delete(`/recruiting/evaluation-forms/${ids.form}`);
    expect(inUse.status).toBe(409);
    expect(inUse.body.error.code).toBe('in_use');
  });
});

describe('connections (F-31)', () => {
  it('checks CalDAV credentials live, stores them encrypted and never returns them', async () => {
    const bad = await anna.post('/recruiting/connections/caldav', { ...dav.credentials('anna'), password: 'wrong' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('integration_credentials_invalid');
    const nl = await rita.post('/recruiting/connections/caldav', { ...dav.credentials('anna'), password: 'wrong' });
    expect(nl.body.error.message).toMatch(/geweigerd/);
    // CalDAV has a user name and password, not an OAuth client ID and secret (UI request 3), in each language.
    expect(nl.body.error.message).toMatch(/gebruikersnaam en het wachtwoord/);
    expect(nl.body.error.message).not.toMatch(/client/i);
    expect(bad.body.error.message).toMatch(/user name and password/);
    expect(bad.body.error.details).toEqual([{ field: 'password', message: bad.body.error.message }]);
    const de = await bob.post('/recruiting/connections/caldav', { ...dav.credentials('bob'), password: 'wrong' });
    expect(de.body.error.message).toMatch(/Benutzername und Passwort/);
    for (const [client, user] of [
      [anna, 'anna'],
      [bob, 'bob'],
    ] as const) {
      const { kind: _k, ...creds } = dav.credentials(user);
      const ok = await client.post('/recruiting/connections/caldav', creds);
      expect(ok.status, JSON.stringify(ok.body)).toBe(201);
      expect(ok.body).toMatchObject({ kind: 'caldav', category: 'calendar', status: 'connected' });
      expect(JSON.stringify(ok.body)).not.toContain(creds.password);
    }
    const { kind: _k, ...roomCreds } = dav.credentials('room1');
    const roomConn = await rita.post('/recruiting/connections/caldav', { ...roomCreds, roomId: ids.room });
    expect(roomConn.status, JSON.stringify(roomConn.body)).toBe(201);
    const stored = await k.db.selectFrom('recruiting_connections').select('credentials_encrypted').execute();
    for (const s of stored) expect(s.credentials_encrypted).not.toMatch(/pw-/);
  });

  it('connects Google and Zoom through OAuth with tenant OAuth apps', async () => {
    const missing = await clara.post('/recruiting/connections/oauth/start', { kind: 'google', redirectUri: REDIRECT });
    expect(missing.status).toBe(409);
    const put = await owner.put('/recruiting/oauth-apps', { kind: 'google', clientId: GOOGLE_DEFAULT_CLIENT.clientId, clientSecret: GOOGLE_DEFAULT_CLIENT.clientSecret, authorizeUrl: google.authorizeUrl, tokenUrl: google.tokenUrl, apiBaseUrl: google.url });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body.hasSecret).toBe(true);
    expect(JSON.stringify(put.body)).not.toContain(GOOGLE_DEFAULT_CLIENT.clientSecret);
    expect((await rita.put('/recruiting/oauth-apps', { kind: 'google', clientId: 'x', authorizeUrl: google.authorizeUrl, tokenUrl: google.tokenUrl, apiBaseUrl: google.url })).status).toBe(403);
    await owner.put('/recruiting/oauth-apps', { kind: 'zoom', clientId: ZOOM_DEFAULT_CLIENT.clientId, clientSecret: ZOOM_DEFAULT_CLIENT.clientSecret, authorizeUrl: zoom.authorizeUrl, tokenUrl: zoom.tokenUrl, apiBaseUrl: zoom.url });
    const g = await oauthConnect(clara, 'google');
    expect(g).toMatchObject({ kind: 'google', account: 'clara.weber@example.com', status: 'connected' });
    const z = await oauthConnect(anna, 'zoom');
    expect(z).toMatchObject({ kind: 'zoom', category: 'video' });
    const users = (await rita.get('/recruiting/users')).body as Array<{ id: string; calendarConnected: boolean; videoProviders: string[] }>;
    expect(users.find((u) => u.id === ids.anna)).toMatchObject({ calendarConnected: true, videoProviders: ['zoom'] });
    expect(users.find((u) => u.id === ids.clara)).toMatchObject({ calendarConnected: true, videoProviders: ['google_meet'] });
    expect(users.find((u) => u.id === ids.rita)).toMatchObject({ calendarConnected: false });
  });
});

describe('availability (F-32, F-33, F-40)', () => {
  it('shows private events as busy, titles only for admins who ask, plus holidays', async () => {
    await dav.putEvent(
      'bob',
      ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//t//t//EN', 'BEGIN:VEVENT', 'UID:bob-private-1', 'DTSTAMP:20261101T000000Z', 'DTSTART;TZID=Europe/Amsterdam:20261207T140000', 'DTEND;TZID=Europe/Amsterdam:20261207T150000', 'SUMMARY:Dentist', 'CLASS:PRIVATE', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n'),
    );
    const body = { userIds: [ids.anna, ids.bob, ids.rita], from: at(MON, '00:00'), to: at('2026-12-08', '00:00'), durationMinutes: 60 };
    const r = await rita.post('/recruiting/availability', body);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const bobView = r.body.participants.find((p: { userId: string }) => p.userId === ids.bob);
    const dentist = bobView.busy.find((b: { start: string }) => b.start === at(MON, '14:00'));
    expect(dentist).toMatchObject({ private: true, title: null, source: 'calendar' });
    // The per-participant error carries a message in the caller's language (UI request 2): Rita reads Dutch, Bob German.
    expect(r.body.participants.find((p: { userId: string }) => p.userId === ids.rita).error).toEqual({ code: 'not_connected', message: 'Geen agenda gekoppeld.' });
    const asOwner = await owner.post('/recruiting/availability', body, { 'accept-language': 'de' });
    expect(asOwner.status, JSON.stringify(asOwner.body)).toBe(200);
    expect(asOwner.body.participants.find((p: { userId: string }) => p.userId === ids.rita).error).toEqual({ code: 'not_connected', message: 'Kein Kalender verbunden.' });
    expect(r.body.participants.find((p: { userId: string }) => p.userId === ids.anna).error).toBeNull();
    expect(r.body.slots.some((s: { start: string }) => s.start === at(MON, '14:00'))).toBe(false);
    expect(r.body.slots.some((s: { start: string }) => s.start === at(MON, '10:00'))).toBe(true);
    // Titles only for an admin who asks; a recruiter asking gets "busy".
    const asRecruiter = await rita.post('/recruiting/availability', { ...body, showPrivateTitles: true });
    expect(asRecruiter.body.participants[1].busy.find((b: { start: string }) => b.start === at(MON, '14:00')).title).toBeNull();
    const asAdmin = await owner.post('/recruiting/availability', { ...body, showPrivateTitles: true });
    expect(asAdmin.body.participants[1].busy.find((b: { start: string }) => b.start === at(MON, '14:00')).title).toBe('Dentist');
    // F-33 on Google: a public event shows its title to everyone, a private one stays "busy" unless an admin asks.
    google.addBusy('clara.weber@example.com', { summary: 'Teamoverleg keuken', start: at(MON, '13:00'), end: at(MON, '14:00'), visibility: 'public' });
    google.addBusy('clara.weber@example.com', { summary: 'Huisarts', start: at(MON, '15:00'), end: at(MON, '16:00'), visibility: 'private' });
    const claraBody = { userIds: [ids.clara], from: at(MON, '00:00'), to: at('2026-12-08', '00:00') };
    const claraBusy = (await rita.post('/recruiting/availability', claraBody)).body.participants[0].busy;
    expect(claraBusy.find((b: { start: string }) => b.start === at(MON, '13:00'))).toMatchObject({ title: 'Teamoverleg keuken', private: false });
    expect(claraBusy.find((b: { start: string }) => b.start === at(MON, '15:00'))).toMatchObject({ title: null, private: true });
    const claraAdmin = (await owner.post('/recruiting/availability', { ...claraBody, showPrivateTitles: true })).body.participants[0].busy;
    expect(claraAdmin.find((b: { start: string }) => b.start === at(MON, '15:00')).title).toBe('Huisarts');
    // Christmas is a public holiday in NL: no slots on 25 December.
    const xmas = await rita.post('/recruiting/availability', { userIds: [ids.rita], from: at('2026-12-25', '00:00'), to: at('2026-12-26', '00:00'), durationMinutes: 30 });
    expect(xmas.status, JSON.stringify(xmas.body)).toBe(200);
    expect(xmas.body.participants[0].holidays.length).toBeGreaterThan(0);
    expect(xmas.body.slots).toEqual([]);
  });
});

describe('busy cache (issue 13)', () => {
  it('does not parse an unchanged calendar again, and sees a changed event at once', async () => {
    const ics = (start: string) =>
      ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//t//t//EN', 'BEGIN:VEVENT', 'UID:bob-cache-1', 'DTSTAMP:20261101T000000Z', `DTSTART;TZID=Europe/Amsterdam:20261209T${start}00`, 'DURATION:PT1H', 'RRULE:FREQ=DAILY;COUNT=3', 'SUMMARY:Planning', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
    await dav.putEvent('bob', ics('1000'));
    const body = { userIds: [ids.bob], from: at('2026-12-09', '00:00'), to: at('2026-12-12', '00:00') };
    const starts = (r: { body: { participants: Array<{ busy: Array<{ start: string; source: string }> }> } }) =>
      r.body.participants[0]!.busy.filter((b) => b.source === 'calendar').map((b) => b.start);
    const first = await rita.post('/recruiting/availability', body);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(starts(first)).toContain(at('2026-12-10', '10:00'));
    const before = { ...busyCache.stats };
    const again = await rita.post('/recruiting/availability', body);
    expect(starts(again)).toEqual(starts(first));
    expect(busyCache.stats.misses).toBe(before.misses);
    expect(busyCache.stats.hits).toBeGreaterThan(before.hits);
    // The event moves: new ETag, parsed again, the new time is busy and the old one free.
    await dav.putEvent('bob', ics('1500'));
    const moved = await rita.post('/recruiting/availability', body);
    expect(busyCache.stats.misses).toBeGreaterThan(before.misses);
    expect(starts(moved)).toContain(at('2026-12-10', '15:00'));
    expect(starts(moved)).not.toContain(at('2026-12-10', '10:00'));
    await dav.deleteEvent('bob', 'bob-cache-1');
  });
});

describe('a calendar that cannot be expanded in time (issue 13)', () => {
  it('is "could not be read" for that participant only: the others are searched as usual', async () => {
    // An event every second: 172 800 occurrences in two days, past the expansion budget (100 000).
    const runaway = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//t//t//EN', 'BEGIN:VEVENT', 'UID:bob-runaway-1', 'DTSTAMP:20261101T000000Z', 'DTSTART:20261207T000000Z', 'DURATION:PT1S', 'RRULE:FREQ=SECONDLY', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
    await dav.putEvent('bob', runaway);
    try {
      const body = { userIds: [ids.anna, ids.bob], from: at(MON, '00:00'), to: at('2026-12-09', '00:00'), durationMinutes: 60 };
      const r = await rita.post('/recruiting/availability', body);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      const view = (id: string) => r.body.participants.find((p: { userId: string }) => p.userId === id);
      expect(view(ids.bob).error).toMatchObject({ code: 'unreadable' });
      expect(view(ids.bob).error.message).toMatch(/^De agenda kon niet worden gelezen/);
      expect(view(ids.anna).error).toBeNull();
      expect(r.body.slots.some((s: { start: string }) => s.start === at(MON, '10:00'))).toBe(true);
    } finally {
      await dav.deleteEvent('bob', 'bob-runaway-1');
    }
  });
});

describe('interviews (F-32 … F-38)', () => {
  it('refuses a video provider the host has not connected and an organizer who is not responsible', async () => {
    const base = { applicationId: ids.application, interviewTypeId: ids.type, organizerId: ids.rita, interviewers: [{ userId: ids.bob }], start: at(MON, '09:00'), end: at(MON, '10:00'), method: 'video', videoProvider: 'zoom' };
    const noZoom = await rita.post('/recruiting/interviews', base);
    expect(noZoom.status).toBe(400);
    expect(noZoom.body.error.details[0].field).toBe('videoProvider');
    const wrongOrganizer = await rita.post('/recruiting/interviews', { ...base, organizerId: ids.anna, method: 'in_person' });
    expect(wrongOrganizer.status).toBe(400);
    expect(wrongOrganizer.body.error.details[0].field).toBe('organizerId');
    const busy = await rita.post('/recruiting/interviews', { ...base, method: 'in_person', start: at(MON, '14:00'), end: at(MON, '15:00') });
    expect(busy.status).toBe(409);
    expect(busy.body.error.message).toMatch(/Bob Bakker/);
  });

  it('books once when two requests race for the same interviewer and slot', async () => {
    const body = { applicationId: ids.application, interviewTypeId: ids.type, organizerId: ids.rita, interviewers: [{ userId: ids.anna }, { userId: ids.bob }, { userId: ids.clara }], start: at(MON, '10:00'), end: at(MON, '11:00'), roomId: ids.room, method: 'video', videoProvider: 'zoom', videoHostUserId: ids.anna, candidateMessage: 'Bring your laptop.', notes: 'Focus on APIs' };
    const [a, b] = await Promise.all([rita.post('/recruiting/interviews', body), rita.post('/recruiting/interviews', body)]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([201, 409]);
    const won = a.status === 201 ? a : b;
    ids.interview = won.body.id;
    expect(won.body).toMatchObject({ status: 'scheduled', method: 'video', timeZone: 'Europe/Amsterdam', startLocal: '2026-12-07T10:00', evaluationFormId: ids.form });
    const count = await k.db.selectFrom('recruiting_interviews').select(k.db.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('creates the Zoom meeting, every interviewer event and the candidate iMIP mail', async () => {
    const iv = await eventually(async () => {
      const r = await rita.get(`/recruiting/interviews/${ids.interview}`);
      return r.body.delivery === 'done' ? r.body : r.body.delivery === 'failed' ? Promise.reject(new Error(JSON.stringify(r.body))) : undefined;
    }, 30_000);
    expect(iv.videoJoinUrl).toMatch(/^https:\/\/zoom\.us\/j\//);
    expect(zoom.meetings().filter((m) => !m.deleted)).toHaveLength(1);
    const row = await k.db.selectFrom('recruiting_interviews').selectAll().where('id', '=', ids.interview).executeTakeFirstOrThrow();
    ids.calendarUid = row.calendar_uid;
    ids.joinUrl = iv.videoJoinUrl;
    const annaEvent = await dav.getEvent('anna', row.calendar_uid);
    expect(annaEvent?.ics).toContain('CLASS:PRIVATE');
    expect(annaEvent?.ics.replace(/\r\n /g, '')).toContain(iv.videoJoinUrl);
    expect(await dav.getEvent('bob', row.calendar_uid)).toBeDefined();
    const parts = await k.db.selectFrom('recruiting_participants').selectAll().where('interview_id', '=', ids.interview).execute();
    const claraRef = parts.find((p) => p.user_id === ids.clara)!.event_ref as { externalId: string };
    const gEvents = google.events('clara.weber@example.com').filter((e) => !e.deleted);
    expect(gEvents.find((e) => e.resource.id === claraRef.externalId)?.resource.visibility, JSON.stringify(gEvents.map((e) => e.resource))).toBe('private');
    for (const p of parts.filter((x) => x.kind === 'interviewer')) expect(p.event_ref).toBeTruthy();

    const mail = await eventually(async () => (await caughtTo('carla@candidate.test', /Einladung/))[0]);
    const parsed = await simpleParser(mail.raw);
    expect(parsed.text).toContain('Bring your laptop.');
    expect(parsed.text).toContain(iv.videoJoinUrl);
    expect(mail.raw).toMatch(/text\/calendar; ?charset="?utf-8"?; ?method=REQUEST|text\/calendar; ?method=REQUEST/i);
    const { text } = await calendarOf(mail.raw);
    const cal = new ICAL.Component(ICAL.parse(text) as unknown[]);
    expect(cal.getFirstPropertyValue('method')).toBe('REQUEST');
    const vtz = cal.getFirstSubcomponent('vtimezone')!;
    expect(vtz.getFirstPropertyValue('tzid')).toBe('Europe/Amsterdam');
    const ev = cal.getFirstSubcomponent('vevent')!;
    expect(ev.getFirstPropertyValue('uid')).toBe(row.candidate_uid);
    expect(row.candidate_uid).not.toBe(row.calendar_uid);
    expect(ev.getFirstPropertyValue('sequence')).toBe(0);
    expect(ev.getFirstProperty('dtstart')!.getParameter('tzid')).toBe('Europe/Amsterdam');
    const tz = new ICAL.Timezone(vtz);
    const start = ev.getFirstPropertyValue('dtstart') as ICAL.Time;
    start.zone = tz;
    expect(start.toUnixTime() * 1000).toBe(Date.parse(at(MON, '10:00')));
    expect(String(ev.getFirstPropertyValue('description'))).toContain('Bring your laptop.');
    expect(ev.getFirstPropertyValue('class')).toBe('PRIVATE');
    expect(String(ev.getFirstProperty('attendee')!.getFirstValue())).toBe('mailto:carla@candidate.test');
    const cand = (await rita.get(`/recruiting/interviews/${ids.interview}`)).body.participants.find((p: { kind: string }) => p.kind === 'candidate');
    expect(cand.status).toBe('email_sent');
  });

  it('a decline in the calendar flows back and the organizer is mailed with replacements', async () => {
    await dav.setPartstat('bob', ids.calendarUid, 'bob@example.test', 'DECLINED');
    const r = await rita.post(`/recruiting/interviews/${ids.interview}/refresh`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.participants.find((p: { userId: string }) => p.userId === ids.bob).status).toBe('declined');
    const mail = await eventually(async () => (await caughtTo('rita.recruiter@example.com', /afgewezen/))[0]);
    expect(mail.text_body).toContain('Bob Bakker');
    const bobPart = r.body.participants.find((p: { userId: string }) => p.userId === ids.bob);
    const rep = await rita.get(`/recruiting/interviews/${ids.interview}/replacements?participantId=${bobPart.id}`);
    expect(rep.status).toBe(200);
    expect(rep.body.unavailable.some((u: { userId: string; reason: string }) => u.userId === ids.rita && u.reason === 'not_connected')).toBe(true);
  });

  it('answers for the room: accepted while free, declined with a free replacement room once booked elsewhere (F-41)', async () => {
    // DAViCal never answers for a room; Koppel checked its calendar when delivering and accepted on its behalf.
    const before = (await rita.get(`/recruiting/interviews/${ids.interview}`)).body;
    const roomPart = before.participants.find((p: { kind: string }) => p.kind === 'room');
    expect(roomPart).toMatchObject({ roomId: ids.room, status: 'accepted' });
    expect(before.roomReplacements).toBeNull();
    const maas = await rita.post('/recruiting/rooms', { name: 'Room Maas', email: 'maas@example.test', capacity: 4 });
    expect(maas.status).toBe(201);
    // Someone books Room Amstel directly in its calendar, overlapping the interview: the next re-check declines.
    const foreign = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//t//t//EN', 'BEGIN:VEVENT', 'UID:room1-board', 'DTSTAMP:20261101T000000Z', 'DTSTART;TZID=Europe/Amsterdam:20261207T103000', 'DTEND;TZID=Europe/Amsterdam:20261207T113000', 'SUMMARY:Board meeting', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
    await dav.putEvent('room1', foreign);
    const r = await rita.post(`/recruiting/interviews/${ids.interview}/refresh`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.participants.find((p: { kind: string }) => p.kind === 'room').status).toBe('declined');
    expect(r.body.roomReplacements).toEqual([{ roomId: maas.body.id, name: 'Room Maas' }]);
    const rep = await rita.get(`/recruiting/interviews/${ids.interview}/replacements?participantId=${roomPart.id}`);
    expect(rep.status, JSON.stringify(rep.body)).toBe(200);
    expect(rep.body.available).toEqual([{ roomId: maas.body.id, name: 'Room Maas' }]);
    // Interviewers do not see staff suggestions.
    expect((await anna.get(`/recruiting/interviews/${ids.interview}`)).body.roomReplacements).toBeNull();
    // Once the other booking is gone, the room is free again and Koppel accepts for it.
    expect(await dav.deleteEvent('room1', 'room1-board')).toBe(true);
    const again = await rita.post(`/recruiting/interviews/${ids.interview}/refresh`);
    expect(again.body.participants.find((p: { kind: string }) => p.kind === 'room').status).toBe('accepted');
    expect(again.body.roomReplacements).toBeNull();
  });

  it('reschedules with SEQUENCE+1, the same video link and a new candidate mail', async () => {
    const r = await rita.patch(`/recruiting/interviews/${ids.interview}`, { start: at(MON, '11:00'), end: at(MON, '12:00') });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.sequence).toBe(1);
    const iv = await eventually(async () => {
      const x = await rita.get(`/recruiting/interviews/${ids.interview}`);
      return x.body.delivery === 'done' ? x.body : undefined;
    }, 30_000);
    expect(iv.videoJoinUrl).toBe(ids.joinUrl);
    expect(zoom.meetings().filter((m) => !m.deleted)).toHaveLength(1);
    const annaEvent = await dav.getEvent('anna', ids.calendarUid);
    expect(annaEvent?.ics).toMatch(/SEQUENCE:1/);
    const mail = await eventually(async () => (await caughtTo('carla@candidate.test', /Geändert/))[0]);
    const cal = new ICAL.Component(ICAL.parse((await calendarOf(mail.raw)).text) as unknown[]);
    const ev = cal.getFirstSubcomponent('vevent')!;
    expect(ev.getFirstPropertyValue('sequence')).toBe(1);
    expect(String(ev.getFirstPropertyValue('description'))).toContain(ids.joinUrl);
  });

  it('reads a mailed iMIP REPLY from the candidate', async () => {
    const row = await k.db.selectFrom('recruiting_interviews').selectAll().where('id', '=', ids.interview).executeTakeFirstOrThrow();
    const reply = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Mail client//EN', 'METHOD:REPLY', 'BEGIN:VEVENT', `UID:${row.candidate_uid}`, 'SEQUENCE:1', 'DTSTAMP:20261125T100000Z', 'ATTENDEE;PARTSTAT=ACCEPTED:mailto:carla@candidate.test', 'ORGANIZER:mailto:no-reply@koppel.local', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
    const transport = nodemailer.createTransport(k.config.smtpUrl!);
    // A forged reply from someone else must not change the status.
    await transport.sendMail({ from: 'mallory@evil.test', to: 'no-reply@koppel.local', subject: 'Accepted', text: 'ok', icalEvent: { method: 'REPLY', content: reply } });
    await transport.sendMail({ from: 'carla@candidate.test', to: 'no-reply@koppel.local', subject: 'Angenommen', text: 'ok', icalEvent: { method: 'REPLY', content: reply } });
    transport.close();
    const r = await rita.post(`/recruiting/interviews/${ids.interview}/refresh`);
    expect(r.body.participants.find((p: { kind: string }) => p.kind === 'candidate').status).toBe('accepted');
    const outcomes = (await k.db.selectFrom('recruiting_processed_mails').select('outcome').execute()).map((o) => o.outcome).sort();
    expect(outcomes).toEqual(['applied:accepted', 'sender_not_attendee']);
  });

  it('cancels: events cancelled, meeting deleted, everyone notified', async () => {
    const r = await rita.post(`/recruiting/interviews/${ids.interview}/cancel`, { reason: 'Position filled' });
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('cancelled');
    await eventually(async () => (await rita.get(`/recruiting/interviews/${ids.interview}`)).body.delivery === 'done', 30_000);
    expect(zoom.meetings().filter((m) => !m.deleted)).toHaveLength(0);
    const annaEvent = await dav.getEvent('anna', ids.calendarUid);
    expect(annaEvent === undefined || /STATUS:CANCELLED/.test(annaEvent.ics)).toBe(true);
    const mail = await eventually(async () => (await caughtTo('carla@candidate.test', /Abgesagt/))[0]);
    expect((await calendarOf(mail.raw)).text).toMatch(/METHOD:CANCEL/);
    await eventually(async () => (await caughtTo('anna.jansen@example.com', /Cancelled/)).length > 0);
    const again = await rita.post(`/recruiting/interviews/${ids.interview}/cancel`, {});
    expect(again.status).toBe(409);
  });
});

describe('smart scheduling link (F-39)', () => {
  it('lists free options without login and books one; a used link is refused', async () => {
    const created = await rita.post(`/recruiting/applications/${ids.application}/scheduling-links`, { interviewTypeId: ids.type, organizerId: ids.rita, interviewerIds: [ids.anna, ids.bob], durationMinutes: 45, bufferBeforeMinutes: 15, bufferAfterMinutes: 15, days: 14, method: 'in_person' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const token = created.body.url.split('/').pop();
    const stored = await k.db.selectFrom('recruiting_scheduling_links').select('token_hash').executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);
    // Nor does the queued mail hold it in the clear (issue 12 #7): the mail that went out does.
    const queued = await k.db.selectFrom('jobs').select('payload').where('name', '=', 'mail.send').execute();
    expect(queued.length).toBeGreaterThan(0);
    expect(JSON.stringify(queued.map((j) => j.payload))).not.toContain(token);
    const sent = await eventually(async () => (await caughtTo('carla@candidate.test', /Termin/))[0]);
    expect(sent.text_body).toContain(`/schedule/${token}`);
    const view = await k.app.inject({ method: 'GET', url: `/api/v1/recruiting/public/scheduling/${token}` });
    expect(view.statusCode, view.body).toBe(200);
    const options = view.json().options as Array<{ start: string; end: string }>;
    expect(options.length).toBeGreaterThan(0);
    expect(view.json()).toMatchObject({ language: 'de', durationMinutes: 45, candidateName: 'Carla Candidate' });
    const gone = await k.app.inject({ method: 'POST', url: `/api/v1/recruiting/public/scheduling/${token}/book`, payload: { start: '2030-01-01T03:00:00.000Z' } });
    expect(gone.statusCode).toBe(409);
    expect(gone.json().error.code).toBe('conflict');
    const book = await k.app.inject({ method: 'POST', url: `/api/v1/recruiting/public/scheduling/${token}/book`, payload: { start: options[0]!.start } });
    expect(book.statusCode, book.body).toBe(200);
    const iv = await rita.get(`/recruiting/interviews/${book.json().interviewId}`);
    expect(iv.body).toMatchObject({ status: 'scheduled', start: options[0]!.start });
    const used = await k.app.inject({ method: 'GET', url: `/api/v1/recruiting/public/scheduling/${token}`, headers: { 'accept-language': 'de' } });
    expect(used.statusCode).toBe(409);
    expect(used.json().error.message).toMatch(/bereits verwendet/);
    const unknown = await k.app.inject({ method: 'GET', url: `/api/v1/recruiting/public/scheduling/${'x'.repeat(43)}` });
    expect(unknown.statusCode).toBe(404);
  });
});

describe('working hours per user', () => {
  const localParts = (iso: string) => {
    const f = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(iso));
    const get = (t: string) => f.find((p) => p.type === t)!.value;
    return { weekday: get('weekday'), minutes: Number(get('hour')) * 60 + Number(get('minute')) };
  };

  it('are the default until set, editable by the user or staff only, validated, and used by availability, slots and smart links', async () => {
    const initial = await anna.get(`/recruiting/users/${ids.anna}/working-hours`);
    expect(initial.status, JSON.stringify(initial.body)).toBe(200);
    expect(initial.body).toMatchObject({ userId: ids.anna, timeZone: 'Europe/Amsterdam', isDefault: true });
    expect(initial.body.days).toHaveLength(5);
    expect(initial.body.days[0]).toEqual({ weekday: 1, start: '09:00', end: '17:00' });
    // Only Mondays, 12:00–18:00, set by Anna herself.
    const put = await anna.put(`/recruiting/users/${ids.anna}/working-hours`, { days: [{ weekday: 1, start: '12:00', end: '18:00' }] });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body).toMatchObject({ isDefault: false, days: [{ weekday: 1, start: '12:00', end: '18:00' }] });
    // Someone else's hours: staff yes, a fellow interviewer no.
    expect((await anna.put(`/recruiting/users/${ids.bob}/working-hours`, { days: [] })).status).toBe(403);
    expect((await bob.get(`/recruiting/users/${ids.anna}/working-hours`)).status).toBe(403);
    const byRecruiter = await rita.put(`/recruiting/users/${ids.clara}/working-hours`, { days: [{ weekday: 2, start: '08:00', end: '12:00' }] });
    expect(byRecruiter.status).toBe(200);
    // Bad input: translated error, nothing written.
    const backwards = await rita.put(`/recruiting/users/${ids.anna}/working-hours`, { days: [{ weekday: 1, start: '18:00', end: '09:00' }] });
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.code).toBe('validation_failed');
    expect(backwards.body.error.message).toMatch(/niet geldig/);
    expect(backwards.body.error.details[0].field).toBe('days.0.end');
    const twice = await anna.put(`/recruiting/users/${ids.anna}/working-hours`, { days: [{ weekday: 3, start: '09:00', end: '10:00' }, { weekday: 3, start: '11:00', end: '12:00' }] });
    expect(twice.status).toBe(400);
    expect((await anna.get(`/recruiting/users/${ids.anna}/working-hours`)).body.days).toEqual([{ weekday: 1, start: '12:00', end: '18:00' }]);

    // Availability and the slot search follow them: Monday 14 December 12:00–18:00 local, nothing on Tuesday.
    const r = await rita.post('/recruiting/availability', { userIds: [ids.anna], from: at('2026-12-14', '00:00'), to: at('2026-12-16', '00:00'), durationMinutes: 60 });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.participants[0].working).toEqual([{ start: at('2026-12-14', '12:00'), end: at('2026-12-14', '18:00') }]);
    expect(r.body.slots.length).toBeGreaterThan(0);
    expect(r.body.slots[0].start).toBe(at('2026-12-14', '12:00'));
    for (const s of r.body.slots as Array<{ start: string; end: string }>) {
      expect(s.start >= at('2026-12-14', '12:00') && s.end <= at('2026-12-14', '18:00'), JSON.stringify(s)).toBe(true);
    }

    // A smart link offers only times inside them.
    const link = await rita.post(`/recruiting/applications/${ids.application}/scheduling-links`, { interviewTypeId: ids.type, organizerId: ids.rita, interviewerIds: [ids.anna], durationMinutes: 30, days: 35, method: 'in_person', sendMail: false });
    expect(link.status, JSON.stringify(link.body)).toBe(201);
    const view = await k.app.inject({ method: 'GET', url: `/api/v1/recruiting/public/scheduling/${link.body.url.split('/').pop()}` });
    expect(view.statusCode, view.body).toBe(200);
    const options = view.json().options as Array<{ start: string; end: string }>;
    expect(options.length).toBeGreaterThan(0);
    for (const o of options) {
      const s = localParts(o.start);
      const e = localParts(o.end);
      expect(s.weekday, o.start).toBe('Mon');
      expect(s.minutes >= 12 * 60 && e.minutes <= 18 * 60, `${o.start}–${o.end}`).toBe(true);
    }
  });
});
