/**
 * Slot search through CalDAV against a real DAViCal (issue 4): 10 interviewers, each with a year of
 * events (daily and weekly recurrences with EXDATEs and RECURRENCE-ID overrides, a monthly meeting,
 * ~1.5 single events per working day, private/cancelled/tentative/free ones) stored as one resource
 * per UID, then a 4-week search for a 45-minute slot (5-minute buffers) with all 10.
 *
 * Measured per run: wall time, time inside HTTP requests (server + transfer: "server time"), the rest
 * (XML parse, iCalendar parse + recurrence expansion, slot search). Fetching is measured sequentially
 * (so http + client adds up to wall) and in parallel (as the scheduling service does it), for both
 * free/busy strategies: 'events' (calendar-query + client-side expansion, the default) and 'report'
 * (DAViCal's free-busy-query), plus one RFC 6638 outbox POST for all 10. Prints one JSON line.
 *
 *   node --import tsx bench/caldav-slot-search.bench.ts [runs]
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createCaldavProvider, type CaldavProvider } from '../src/connectors/calendar/caldav/caldav.provider.ts';
import { vtimezoneLines } from '../src/connectors/calendar/caldav/ical-write.ts';
import type { BusyBlock } from '../src/connectors/calendar/calendar-provider.ts';
import { expandIcs } from '../src/domain/ical/ical-expand.ts';
import { findSlots } from '../src/domain/slots/slot-search.ts';
import { weekdayHours } from '../src/domain/slots/working-hours.ts';
import { startDavical } from '../test/helpers/caldav-servers.ts';

const DAY = 86_400_000;
const YEAR_START = Date.UTC(2025, 8, 1); // 2025-09-01 … 2026-08-31
const WINDOW = { from: Date.UTC(2026, 2, 16), to: Date.UTC(2026, 3, 13) }; // 4 weeks over the EU DST change

const PEOPLE = [
  { id: 'i01', zone: 'Europe/Amsterdam', country: 'NL' },
  { id: 'i02', zone: 'Europe/Amsterdam', country: 'NL' },
  { id: 'i03', zone: 'Europe/Amsterdam', country: 'NL' },
  { id: 'i04', zone: 'Europe/Amsterdam', country: 'NL' },
  { id: 'i05', zone: 'Europe/Berlin', country: 'DE' },
  { id: 'i06', zone: 'Europe/Berlin', country: 'DE' },
  { id: 'i07', zone: 'Europe/London', country: 'GB' },
  { id: 'i08', zone: 'America/New_York', country: 'US' },
  { id: 'i09', zone: 'Asia/Kolkata', country: 'IN' },
  { id: 'i10', zone: 'Europe/Amsterdam', country: 'NL' },
];

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pad = (n: number) => String(n).padStart(2, '0');
const local = (day: number, minutes: number) => {
  const d = new Date(day + minutes * 60_000);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}00`;
};

/** A year of one person's calendar as one VCALENDAR (DAViCal's import splits it into one resource per UID). */
export function buildCalendar(p: (typeof PEOPLE)[number], seed: number): { ics: string; events: number; uids: number } {
  const r = rng(seed);
  const tz = `TZID=${p.zone}`;
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', `PRODID:-//Koppel//caldav bench ${p.id}//EN`, ...vtimezoneLines(p.zone, YEAR_START, YEAR_START + 365 * DAY)];
  let events = 0;
  const uids = new Set<string>();
  const event = (uid: string, props: string[]) => {
    lines.push('BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20250801T000000Z', ...props, 'END:VEVENT');
    events++;
    uids.add(uid);
  };
  const weekday = (d: number) => new Date(d).getUTCDay();
  const workdays: number[] = [];
  for (let d = YEAR_START; d < YEAR_START + 365 * DAY; d += DAY) if (weekday(d) >= 1 && weekday(d) <= 5) workdays.push(d);
  const pick = () => workdays[Math.floor(r() * workdays.length)]!;

  const standup = 9 * 60 + 15 + 15 * Math.floor(r() * 3);
  const exdates = [...new Set(Array.from({ length: 20 }, () => pick()))].map((d) => `EXDATE;${tz}:${local(d, standup)}`);
  event(`${p.id}-standup`, [`DTSTART;${tz}:${local(workdays[0]!, standup)}`, `DTEND;${tz}:${local(workdays[0]!, standup + 15)}`, 'RRULE:FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR', ...exdates, 'SUMMARY:Standup']);
  const moved = new Set<number>();
  for (let i = 0; i < 10; i++) {
    const d = pick();
    if (moved.has(d) || exdates.some((x) => x.endsWith(local(d, standup)))) continue;
    moved.add(d);
    event(`${p.id}-standup`, [`RECURRENCE-ID;${tz}:${local(d, standup)}`, `DTSTART;${tz}:${local(d, standup + 60 * (1 + Math.floor(r() * 5)))}`, 'DURATION:PT15M', 'SEQUENCE:1', 'SUMMARY:Standup (moved)']);
  }
  event(`${p.id}-focus`, [`DTSTART;${tz}:${local(workdays[0]!, 8 * 60)}`, 'DURATION:PT1H', 'RRULE:FREQ=DAILY', 'TRANSP:TRANSPARENT', 'SUMMARY:Focus']);
  event(`${p.id}-lunch`, [`DTSTART;${tz}:${local(workdays[0]!, 12 * 60)}`, 'DURATION:PT30M', 'RRULE:FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR', 'SUMMARY:Lunch']);
  for (let w = 0; w < 5; w++) {
    const first = workdays[Math.floor(r() * 5)]!;
    const minute = (10 + Math.floor(r() * 7)) * 60 + 30 * Math.floor(r() * 2);
    const interval = w % 2 === 0 ? 1 : 2;
    const until = w === 4 ? `;UNTIL=${local(first + 200 * DAY, 0).slice(0, 8)}T000000Z` : '';
    const uid = `${p.id}-weekly-${w}`;
    const ks = [...new Set(Array.from({ length: 7 }, () => Math.floor(r() * 25)))];
    const ex = ks.slice(0, 4).map((k) => `EXDATE;${tz}:${local(first + 7 * interval * DAY * k, minute)}`);
    event(uid, [`DTSTART;${tz}:${local(first, minute)}`, `DTEND;${tz}:${local(first, minute + 30)}`, `RRULE:FREQ=WEEKLY;INTERVAL=${interval}${until}`, ...ex, `SUMMARY:Weekly ${w}`]);
    for (const k of ks.slice(4)) {
      const occ = first + 7 * interval * DAY * (k + 1);
      event(uid, [`RECURRENCE-ID;${tz}:${local(occ, minute)}`, `DTSTART;${tz}:${local(occ + DAY, minute + 60)}`, `DTEND;${tz}:${local(occ + DAY, minute + 105)}`, 'SEQUENCE:2', `SUMMARY:Weekly ${w} (moved)`]);
    }
  }
  event(`${p.id}-allhands`, [`DTSTART;${tz}:${local(Date.UTC(2025, 8, 2), 16 * 60)}`, 'DURATION:PT1H', 'RRULE:FREQ=MONTHLY;BYDAY=1TU', 'SUMMARY:All hands']);
  for (const day of workdays) {
    const n = Math.floor(r() * 3) + (r() < 0.5 ? 1 : 0) - (r() < 0.5 ? 1 : 0);
    for (let i = 0; i < n; i++) {
      const minute = (8 + Math.floor(r() * 9)) * 60 + 15 * Math.floor(r() * 4);
      const len = [30, 30, 45, 60, 90][Math.floor(r() * 5)]!;
      const x = r();
      const props = [`DTSTART;${tz}:${local(day, minute)}`, `DTEND;${tz}:${local(day, minute + len)}`, 'SUMMARY:Meeting'];
      if (x < 0.1) props.push('CLASS:PRIVATE');
      else if (x < 0.15) props.push('STATUS:CANCELLED');
      else if (x < 0.2) props.push('STATUS:TENTATIVE');
      event(`${p.id}-single-${day}-${i}`, props);
    }
  }
  lines.push('END:VCALENDAR', '');
  return { ics: lines.join('\r\n'), events, uids: uids.size };
}

function stats(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  const round = (n: number) => Math.round(n * 10) / 10;
  return { median: round(rank(0.5)), p99: round(rank(0.99)), min: round(sorted[0]!), max: round(sorted[sorted.length - 1]!) };
}

function search(busy: BusyBlock[][]) {
  return findSlots({
    participants: PEOPLE.map((p, i) => ({
      id: p.id,
      timeZone: p.zone,
      workingHours: p.zone === 'America/New_York' ? weekdayHours('07:30', '16:00') : p.zone === 'Asia/Kolkata' ? weekdayHours('12:00', '21:00') : weekdayHours(),
      busy: busy[i]!,
      holidayRegion: { country: p.country },
    })),
    window: WINDOW,
    durationMinutes: 45,
    bufferBeforeMinutes: 5,
    bufferAfterMinutes: 5,
    stepMinutes: 15,
  });
}

export default async function run(runs = 5) {
  const t0 = performance.now();
  const dav = await startDavical({ users: PEOPLE.map((p) => ({ username: p.id, password: `pw-${p.id}-bench`, email: `${p.id}@example.test`, name: p.id })), workers: 4 });
  const bootMs = performance.now() - t0;
  try {
    const calendars = PEOPLE.map((p, i) => buildCalendar(p, 2000 + i));
    const t1 = performance.now();
    // One at a time: parallel imports race on DAViCal's shared timezones table (unique violation → 500).
    for (const [i, c] of calendars.entries()) await dav.importCalendar(PEOPLE[i]!.id, c.ics);
    const loadMs = performance.now() - t1;

    const providers = (strategy: 'events' | 'report') => PEOPLE.map((p) => createCaldavProvider(dav.credentials(p.id), {}, { freeBusy: strategy }));
    const query = (i: number) => ({ ...WINDOW, timeZone: PEOPLE[i]!.zone });
    const httpOf = (ps: CaldavProvider[]) => ps.reduce((n, p) => n + p.timings.httpMs, 0);
    const requestsOf = (ps: CaldavProvider[]) => ps.reduce((n, p) => n + p.timings.requests, 0);

    /** Parallel fetching, as the scheduling service does it; the first (warm-up) pass gives the result. */
    const measure = async (strategy: 'events' | 'report') => {
      const ps = providers(strategy);
      const d0 = performance.now();
      await Promise.all(ps.map((p) => p.discover()));
      const discoveryMs = performance.now() - d0;
      const par: number[] = [];
      let result: { busy: BusyBlock[][]; slots: number; requests: number } | undefined;
      for (let r = 0; r <= runs; r++) {
        const q0 = requestsOf(ps);
        const p0 = performance.now();
        const busy = await Promise.all(ps.map((p, i) => p.freeBusy(query(i)).then((x) => x.busy)));
        const slots = search(busy);
        const p1 = performance.now();
        if (r === 0) result = { busy, slots: slots.length, requests: requestsOf(ps) - q0 };
        else par.push(p1 - p0);
      }
      return { discoveryMs, par, result: result! };
    };

    // The providers' HTTP counters also run during the parallel pass, so measure the sequential split separately.
    const split = async (strategy: 'events' | 'report') => {
      const ps = providers(strategy);
      await Promise.all(ps.map((p) => p.discover()));
      const wall: number[] = [];
      const http: number[] = [];
      const client: number[] = [];
      const searchMs: number[] = [];
      for (let r = 0; r <= runs; r++) {
        const h0 = httpOf(ps);
        const s0 = performance.now();
        const busy: BusyBlock[][] = [];
        for (let i = 0; i < ps.length; i++) busy.push((await ps[i]!.freeBusy(query(i))).busy);
        const s1 = performance.now();
        search(busy);
        const s2 = performance.now();
        if (r === 0) continue;
        const h = httpOf(ps) - h0;
        wall.push(s2 - s0);
        http.push(h);
        client.push(s1 - s0 - h);
        searchMs.push(s2 - s1);
      }
      return { wallMs: stats(wall), httpMs: stats(http), parseExpandMs: stats(client), searchMs: stats(searchMs), serverShare: Math.round((http.reduce((a, b) => a + b, 0) / wall.reduce((a, b) => a + b, 0)) * 100) / 100 };
    };

    const events = await measure('events');
    const report = await measure('report');
    const eventsSplit = await split('events');
    const reportSplit = await split('report');

    // One outbox POST for all 10 (server-side expansion; DAViCal hides others' private events).
    const organizer = createCaldavProvider(dav.credentials(PEOPLE[0]!.id));
    await organizer.discover();
    const outbox: number[] = [];
    const outboxHttp: number[] = [];
    for (let r = 0; r <= runs; r++) {
      const h0 = organizer.timings.httpMs;
      const o0 = performance.now();
      await organizer.freeBusyMany(
        PEOPLE.map((p) => `${p.id}@example.test`),
        { ...WINDOW, timeZone: 'Europe/Amsterdam' },
      );
      if (r === 0) continue;
      outbox.push(performance.now() - o0);
      outboxHttp.push(organizer.timings.httpMs - h0);
    }

    // The server's time-range filter must not lose anything: compare with expanding the generated files locally.
    const local = calendars.map((c, i) => expandIcs(c.ics, { ...WINDOW, timeZone: PEOPLE[i]!.zone, ownerEmails: [`${PEOPLE[i]!.id}@example.test`] }).busy);
    const key = (busy: Array<Array<{ start: number; end: number }>>) => JSON.stringify(busy.map((b) => b.map((x) => [x.start, x.end])));
    const matchesLocalExpansion = key(local) === key(events.result.busy);
    const same = JSON.stringify(events.result.busy.map((b) => b.map((x) => [x.start, x.end]))) === JSON.stringify(report.result.busy.map((b) => b.map((x) => [x.start, x.end])));
    const result = {
      bench: 'caldav-slot-search',
      server: 'DAViCal (php -S, 4 workers) + own PostgreSQL',
      interviewers: PEOPLE.length,
      eventsPerInterviewer: Math.round(calendars.reduce((n, c) => n + c.events, 0) / calendars.length),
      resourcesPerInterviewer: Math.round(calendars.reduce((n, c) => n + c.uids, 0) / calendars.length),
      icsBytes: calendars.reduce((n, c) => n + c.ics.length, 0),
      windowDays: (WINDOW.to - WINDOW.from) / DAY,
      runs,
      bootMs: Math.round(bootMs),
      loadMs: Math.round(loadMs),
      busyIntervals: events.result.busy.reduce((n, b) => n + b.length, 0),
      slots: events.result.slots,
      sameBusyBothStrategies: same,
      matchesLocalExpansion,
      events: { discoveryMs: Math.round(events.discoveryMs), requestsPerSearch: events.result.requests, sequential: eventsSplit, parallelWallMs: stats(events.par) },
      report: { discoveryMs: Math.round(report.discoveryMs), requestsPerSearch: report.result.requests, sequential: reportSplit, parallelWallMs: stats(report.par) },
      outboxAllTen: { wallMs: stats(outbox), httpMs: stats(outboxHttp) },
      node: process.version,
    };
    console.log(JSON.stringify(result));
    return result;
  } finally {
    await dav.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const runs = Number(process.argv[2] ?? 5);
  await run(Number.isInteger(runs) && runs > 0 ? runs : 5);
}
