/**
 * Slot search benchmark (issue 4): 10 interviewers, each with a year of calendar as iCalendar text
 * (daily and weekly recurrences with EXDATEs and RECURRENCE-ID overrides, a monthly meeting,
 * ~1–2 single events per working day, all-day, private, cancelled and free events), then a 4-week
 * search for a 60-minute slot with all 10 and one of 3 rooms. Parse+expand time and search time are
 * measured separately over several runs. Prints one JSON line.
 *
 * The calendars go through recruiting's busy cache (src/recruiting/busy-cache.ts, the expander the CalDAV
 * provider is handed), keyed here by content hash as no server sends ETags:
 * - coldMs: the first search, nothing cached (every calendar parsed and expanded);
 * - parseExpandMs / searchMs / totalMs: the searches after it, calendars unchanged (the goal of issue 13:
 *   totalMs median < 20 ms);
 * - oneChangedMs: one of the 10 calendars changed before each search (that one is parsed again);
 * - uncachedMs: expandIcs on every calendar on every search, as before the cache.
 *
 *   node --import tsx bench/slot-search.bench.ts [runs]
 */
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { expandIcs } from '../src/domain/ical/ical-expand.ts';
import type { Interval } from '../src/domain/time/interval.ts';
import { findSlots, type SlotParticipant } from '../src/domain/slots/slot-search.ts';
import { weekdayHours } from '../src/domain/slots/working-hours.ts';
import { createBusyCache } from '../src/recruiting/busy-cache.ts';
import { goal } from './goal.ts';

const DAY = 86_400_000;
const YEAR_START = Date.UTC(2025, 8, 1); // a year of events: 2025-09-01 … 2026-08-31
const WINDOW = { from: Date.UTC(2026, 2, 16), to: Date.UTC(2026, 3, 13) }; // 4 weeks over the EU DST change
const GOAL_MS = 20; // issue 13: total (parse+expand+search) median of a search over unchanged calendars

interface Person {
  id: string;
  zone: string;
  /** TZID written in the file; Outlook users get a Windows name plus a VTIMEZONE. */
  tzid: string;
  vtimezone?: string;
  country: string;
}

const W_EUROPE = [
  'BEGIN:VTIMEZONE',
  'TZID:W. Europe Standard Time',
  'BEGIN:STANDARD',
  'DTSTART:16011028T030000',
  'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'END:STANDARD',
  'BEGIN:DAYLIGHT',
  'DTSTART:16010325T020000',
  'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'END:DAYLIGHT',
  'END:VTIMEZONE',
].join('\r\n');

const PEOPLE: Person[] = [
  { id: 'i01', zone: 'Europe/Amsterdam', tzid: 'W. Europe Standard Time', vtimezone: W_EUROPE, country: 'NL' },
  { id: 'i02', zone: 'Europe/Amsterdam', tzid: 'W. Europe Standard Time', vtimezone: W_EUROPE, country: 'NL' },
  { id: 'i03', zone: 'Europe/Amsterdam', tzid: 'Europe/Amsterdam', country: 'NL' },
  { id: 'i04', zone: 'Europe/Amsterdam', tzid: 'Europe/Amsterdam', country: 'NL' },
  { id: 'i05', zone: 'Europe/Berlin', tzid: 'Europe/Berlin', country: 'DE' },
  { id: 'i06', zone: 'Europe/Berlin', tzid: 'W. Europe Standard Time', vtimezone: W_EUROPE, country: 'DE' },
  { id: 'i07', zone: 'Europe/London', tzid: 'Europe/London', country: 'GB' },
  { id: 'i08', zone: 'America/New_York', tzid: 'America/New_York', country: 'US' },
  { id: 'i09', zone: 'Asia/Kolkata', tzid: 'Asia/Kolkata', country: 'IN' },
  { id: 'i10', zone: 'Europe/Amsterdam', tzid: 'Europe/Amsterdam', country: 'NL' },
];

/** Deterministic pseudo-random numbers (mulberry32). */
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
const localStamp = (day: number, minutes: number) => {
  const d = new Date(day + minutes * 60_000);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}00`;
};
const dateStamp = (day: number) => localStamp(day, 0).slice(0, 8);

function buildCalendar(p: Person, seed: number): { ics: string; events: number } {
  const r = rng(seed);
  const lines: string[] = ['BEGIN:VCALENDAR', 'VERSION:2.0', `PRODID:-//Koppel//bench ${p.id}//EN`, 'METHOD:PUBLISH'];
  if (p.vtimezone) lines.push(p.vtimezone);
  let events = 0;
  const tz = `TZID="${p.tzid}"`;
  const event = (uid: string, props: string[]) => {
    lines.push('BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20250801T000000Z', ...props, 'END:VEVENT');
    events++;
  };
  const weekday = (day: number) => new Date(day).getUTCDay();
  const workdays: number[] = [];
  for (let d = YEAR_START; d < YEAR_START + 365 * DAY; d += DAY) if (weekday(d) >= 1 && weekday(d) <= 5) workdays.push(d);
  const pick = () => workdays[Math.floor(r() * workdays.length)]!;

  // Daily standup, a year long, with exceptions.
  const standupMin = 9 * 60 + 15 + 15 * Math.floor(r() * 3);
  const exdates = Array.from({ length: 20 }, () => `EXDATE;${tz}:${localStamp(pick(), standupMin)}`);
  event(`${p.id}-standup`, [`DTSTART;${tz}:${localStamp(workdays[0]!, standupMin)}`, `DTEND;${tz}:${localStamp(workdays[0]!, standupMin + 15)}`, 'RRULE:FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR', ...exdates, 'SUMMARY:Standup']);
  for (let i = 0; i < 10; i++) {
    const day = pick();
    event(`${p.id}-standup`, [`RECURRENCE-ID;${tz}:${localStamp(day, standupMin)}`, `DTSTART;${tz}:${localStamp(day, standupMin + 60 * (1 + Math.floor(r() * 5)))}`, 'DURATION:PT15M', 'SEQUENCE:1', 'SUMMARY:Standup (moved)']);
  }
  // Daily focus block (free: TRANSP:TRANSPARENT) and a daily lunch that blocks.
  event(`${p.id}-focus`, [`DTSTART;${tz}:${localStamp(workdays[0]!, 8 * 60)}`, 'DURATION:PT1H', 'RRULE:FREQ=DAILY', 'TRANSP:TRANSPARENT', 'SUMMARY:Focus']);
  event(`${p.id}-lunch`, [`DTSTART;${tz}:${localStamp(workdays[0]!, 12 * 60)}`, 'DURATION:PT30M', 'RRULE:FREQ=DAILY;INTERVAL=1;BYDAY=MO,TU,WE,TH,FR', 'SUMMARY:Lunch']);
  // Weekly meetings: 1:1s (some biweekly, some ending), team meeting; exceptions on each.
  for (let w = 0; w < 5; w++) {
    const first = workdays[Math.floor(r() * 5)]!;
    const minute = (10 + Math.floor(r() * 7)) * 60 + 30 * Math.floor(r() * 2);
    const interval = w % 2 === 0 ? 1 : 2;
    const until = w === 4 ? `;UNTIL=${dateStamp(first + 200 * DAY)}T000000Z` : '';
    const uid = `${p.id}-weekly-${w}`;
    const ex = Array.from({ length: 4 }, () => `EXDATE;${tz}:${localStamp(first + 7 * interval * DAY * Math.floor(r() * 40), minute)}`);
    event(uid, [`DTSTART;${tz}:${localStamp(first, minute)}`, `DTEND;${tz}:${localStamp(first, minute + 30)}`, `RRULE:FREQ=WEEKLY;INTERVAL=${interval}${until}`, ...ex, `SUMMARY:Weekly ${w}`]);
    for (let k = 0; k < 3; k++) {
      const occ = first + 7 * interval * DAY * (5 + Math.floor(r() * 40));
      event(uid, [`RECURRENCE-ID;${tz}:${localStamp(occ, minute)}`, `DTSTART;${tz}:${localStamp(occ + DAY, minute + 60)}`, `DTEND;${tz}:${localStamp(occ + DAY, minute + 105)}`, 'SEQUENCE:2', `SUMMARY:Weekly ${w} (moved)`]);
    }
  }
  // Monthly all-hands, first Tuesday (goes through ical.js's iterator).
  event(`${p.id}-allhands`, [`DTSTART;${tz}:${localStamp(Date.UTC(2025, 8, 2), 16 * 60)}`, 'DURATION:PT1H', 'RRULE:FREQ=MONTHLY;BYDAY=1TU', 'SUMMARY:All hands']);
  // ~1.5 single events per working day, with the odd private, cancelled, tentative and all-day one.
  for (const day of workdays) {
    const n = Math.floor(r() * 3) + (r() < 0.5 ? 1 : 0) - (r() < 0.5 ? 1 : 0);
    for (let i = 0; i < n; i++) {
      const minute = (8 + Math.floor(r() * 9)) * 60 + 15 * Math.floor(r() * 4);
      const len = [30, 30, 45, 60, 90][Math.floor(r() * 5)]!;
      const x = r();
      const props = [`DTSTART;${tz}:${localStamp(day, minute)}`, `DTEND;${tz}:${localStamp(day, minute + len)}`, 'SUMMARY:Meeting'];
      if (x < 0.1) props.push('CLASS:PRIVATE');
      else if (x < 0.15) props.push('STATUS:CANCELLED');
      else if (x < 0.2) props.push('STATUS:TENTATIVE');
      event(`${p.id}-single-${day}-${i}`, props);
    }
    if (r() < 0.02) event(`${p.id}-allday-${day}`, [`DTSTART;VALUE=DATE:${dateStamp(day)}`, `DTEND;VALUE=DATE:${dateStamp(day + DAY)}`, 'SUMMARY:Offsite']);
  }
  lines.push('END:VCALENDAR', '');
  return { ics: lines.join('\r\n'), events };
}

function stats(values: number[]): { median: number; p99: number; min: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  const round = (n: number) => Math.round(n * 100) / 100;
  return { median: round(rank(0.5)), p99: round(rank(0.99)), min: round(sorted[0]!), max: round(sorted[sorted.length - 1]!) };
}

export interface SlotSearchBenchResult {
  bench: 'slot-search';
  interviewers: number;
  eventsPerInterviewer: number;
  icsBytes: number;
  windowDays: number;
  runs: number;
  busyIntervals: number;
  slots: number;
  coldMs: { parseExpand: number; search: number; total: number };
  parseExpandMs: ReturnType<typeof stats>;
  searchMs: ReturnType<typeof stats>;
  totalMs: ReturnType<typeof stats>;
  oneChangedMs: ReturnType<typeof stats>;
  uncachedMs: ReturnType<typeof stats>;
  cache: { hits: number; misses: number; entries: number; intervals: number };
  goal_of: string;
  figure_ms: number;
  goal_ms: number;
  ratio: number;
  meets_goal: boolean;
  node: string;
}

/** Runs the benchmark, prints its one JSON line (as bench/run.ts expects) and returns the figures. */
export default function run(runs = 30): SlotSearchBenchResult {
  const calendars = PEOPLE.map((p, i) => ({ person: p, ...buildCalendar(p, 1000 + i) }));
  const rooms = [0, 1, 2].map((i) => ({
    id: `room-${i}`,
    busy: Array.from({ length: 40 }, (_, k) => ({ start: WINDOW.from + (k * 17 + i * 5) * 3_600_000, end: WINDOW.from + (k * 17 + i * 5 + 2) * 3_600_000 })),
  }));
  const cache = createBusyCache();
  const expanders = calendars.map((c) => cache.expanderFor('bench-tenant', `connection-${c.person.id}`));
  type Expand = (i: number, ics: string) => Interval[];
  const cached: Expand = (i, ics) => expanders[i]!(ics, { from: WINDOW.from, to: WINDOW.to, timeZone: calendars[i]!.person.zone }, { resource: 'calendar.ics' }).busy;
  const direct: Expand = (i, ics) => expandIcs(ics, { from: WINDOW.from, to: WINDOW.to, timeZone: calendars[i]!.person.zone }).busy;
  const once = (expand: Expand, texts: string[]) => {
    const t0 = performance.now();
    const busy: Interval[][] = texts.map((ics, i) => expand(i, ics));
    const t1 = performance.now();
    const participants: SlotParticipant[] = calendars.map((c, i) => ({
      id: c.person.id,
      timeZone: c.person.zone,
      workingHours: c.person.zone === 'America/New_York' ? weekdayHours('07:30', '16:00') : c.person.zone === 'Asia/Kolkata' ? weekdayHours('12:00', '21:00') : weekdayHours(),
      busy: busy[i]!,
      holidayRegion: { country: c.person.country },
    }));
    const slots = findSlots({
      participants,
      window: WINDOW,
      durationMinutes: 60,
      bufferBeforeMinutes: 5,
      bufferAfterMinutes: 10,
      stepMinutes: 15,
      rooms,
    });
    const t2 = performance.now();
    return { parseExpand: t1 - t0, search: t2 - t1, busy: busy.reduce((n, b) => n + b.length, 0), slots: slots.length };
  };
  const texts = calendars.map((c) => c.ics);
  const cold = once(cached, texts);
  const samples = Array.from({ length: runs }, () => once(cached, texts));
  // One calendar edited before each search (a new event appended): only that one is parsed again.
  const changed = Array.from({ length: runs }, (_, r) => {
    const i = r % texts.length;
    texts[i] = texts[i]!.replace(/END:VCALENDAR\r\n$/, `BEGIN:VEVENT\r\nUID:edit-${r}\r\nDTSTAMP:20250801T000000Z\r\nDTSTART:20260317T${pad(8 + (r % 8))}0000Z\r\nDURATION:PT30M\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n`);
    return once(cached, texts);
  });
  const uncached = Array.from({ length: Math.max(3, Math.floor(runs / 3)) }, () => once(direct, calendars.map((c) => c.ics)));
  const round = (n: number) => Math.round(n * 100) / 100;
  const totalMs = stats(samples.map((s) => s.parseExpand + s.search));
  const result: SlotSearchBenchResult = {
    bench: 'slot-search',
    interviewers: calendars.length,
    eventsPerInterviewer: Math.round(calendars.reduce((n, c) => n + c.events, 0) / calendars.length),
    icsBytes: calendars.reduce((n, c) => n + c.ics.length, 0),
    windowDays: (WINDOW.to - WINDOW.from) / DAY,
    runs,
    busyIntervals: cold.busy,
    slots: cold.slots,
    coldMs: { parseExpand: round(cold.parseExpand), search: round(cold.search), total: round(cold.parseExpand + cold.search) },
    parseExpandMs: stats(samples.map((s) => s.parseExpand)),
    searchMs: stats(samples.map((s) => s.search)),
    totalMs,
    oneChangedMs: stats(changed.map((s) => s.parseExpand + s.search)),
    uncachedMs: stats(uncached.map((s) => s.parseExpand + s.search)),
    cache: { hits: cache.stats.hits, misses: cache.stats.misses, entries: cache.stats.entries, intervals: cache.stats.intervals },
    ...goal('totalMs.median (unchanged calendars)', totalMs.median, GOAL_MS),
    node: process.version,
  };
  console.log(JSON.stringify(result));
  return result;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const runs = Number(process.argv[2] ?? 30);
  run(Number.isInteger(runs) && runs > 0 ? runs : 30);
}
