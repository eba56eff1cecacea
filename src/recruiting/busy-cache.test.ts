import { describe, expect, it } from 'vitest';
import { expandIcs } from '../domain/ical/ical-expand.ts';
import { createBusyCache } from './busy-cache.ts';

const DAY = 86_400_000;
const ics = (summary: string, extra: string[] = []) =>
  [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Koppel//busy cache test//EN',
    'BEGIN:VEVENT',
    'UID:standup',
    'DTSTAMP:20260101T000000Z',
    'DTSTART;TZID=Europe/Amsterdam:20260302T091500',
    'DURATION:PT15M',
    'RRULE:FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR',
    'EXDATE;TZID=Europe/Amsterdam:20260318T091500',
    `SUMMARY:${summary}`,
    'END:VEVENT',
    'BEGIN:VEVENT',
    'UID:private-lunch',
    'DTSTAMP:20260101T000000Z',
    'DTSTART;TZID=Europe/Amsterdam:20260316T120000',
    'DTEND;TZID=Europe/Amsterdam:20260316T130000',
    'CLASS:PRIVATE',
    'SUMMARY:Dentist',
    'END:VEVENT',
    ...extra,
    'END:VCALENDAR',
    '',
  ].join('\r\n');

const WINDOW = { from: Date.UTC(2026, 2, 16), to: Date.UTC(2026, 3, 13), timeZone: 'Europe/Amsterdam' };

function counted() {
  let calls = 0;
  const cache = createBusyCache({
    expand: (text, o) => {
      calls++;
      return expandIcs(text, o);
    },
  });
  return { cache, calls: () => calls };
}

describe('busy cache (issue 13: an unchanged calendar is not parsed again)', () => {
  it('expands an unchanged resource once and answers the same busy time as expandIcs', () => {
    const { cache, calls } = counted();
    const expand = cache.expanderFor('tenant-a', 'conn-1');
    const text = ics('Standup');
    const first = expand(text, WINDOW, { resource: '/cal/a.ics' });
    const second = expand(text, WINDOW, { resource: '/cal/a.ics' });
    expect(calls()).toBe(1);
    expect(second).toEqual(expandIcs(text, WINDOW));
    expect(first.busy.length).toBeGreaterThan(15);
    expect(cache.stats).toMatchObject({ hits: 1, misses: 1, entries: 1 });
  });

  it('parses again when the content changes (content hash) and forgets the old version', () => {
    const { cache, calls } = counted();
    const expand = cache.expanderFor('tenant-a', 'conn-1');
    expand(ics('Standup'), WINDOW, { resource: '/cal/a.ics' });
    const changed = expand(ics('Standup (moved room)'), WINDOW, { resource: '/cal/a.ics' });
    expect(calls()).toBe(2);
    expect(changed.busy[0]!.summary).toBe('Standup (moved room)');
    expect(cache.stats.entries).toBe(1);
    // Back to the first text: a new version again, not the stale entry.
    expect(expand(ics('Standup'), WINDOW, { resource: '/cal/a.ics' }).busy[0]!.summary).toBe('Standup');
    expect(calls()).toBe(3);
  });

  it('keys by the ETag when the server sends one', () => {
    const { cache, calls } = counted();
    const expand = cache.expanderFor('tenant-a', 'conn-1');
    expand(ics('Standup'), WINDOW, { resource: '/cal/a.ics', etag: '"1"' });
    expand(ics('Standup'), WINDOW, { resource: '/cal/a.ics', etag: '"1"' });
    expect(calls()).toBe(1);
    const updated = expand(ics('Renamed'), WINDOW, { resource: '/cal/a.ics', etag: '"2"' });
    expect(calls()).toBe(2);
    expect(updated.busy[0]!.summary).toBe('Renamed');
  });

  it('never shares between tenants, connections, resources or options', () => {
    const { cache, calls } = counted();
    const text = ics('Standup');
    cache.expanderFor('tenant-a', 'conn-1')(text, WINDOW, { resource: '/cal/a.ics' });
    cache.expanderFor('tenant-b', 'conn-1')(text, WINDOW, { resource: '/cal/a.ics' });
    cache.expanderFor('tenant-a', 'conn-2')(text, WINDOW, { resource: '/cal/a.ics' });
    cache.expanderFor('tenant-a', 'conn-1')(text, WINDOW, { resource: '/cal/b.ics' });
    expect(calls()).toBe(4);
    const expand = cache.expanderFor('tenant-a', 'conn-1');
    const hidden = expand(text, WINDOW, { resource: '/cal/a.ics' });
    const shown = expand(text, { ...WINDOW, keepPrivateDetails: true }, { resource: '/cal/a.ics' });
    expect(calls()).toBe(5);
    expect(hidden.busy.find((b) => b.uid === 'private-lunch')!.summary).toBeUndefined();
    expect(shown.busy.find((b) => b.uid === 'private-lunch')!.summary).toBe('Dentist');
    expand(text, { ...WINDOW, timeZone: 'Europe/London' }, { resource: '/cal/a.ics' });
    expand(text, { ...WINDOW, ownerEmails: ['anna@example.test'] }, { resource: '/cal/a.ics' });
    expect(calls()).toBe(7);
  });

  it('answers a window inside a cached one by filtering, exactly as expanding that window would', () => {
    const { cache, calls } = counted();
    const expand = cache.expanderFor('tenant-a', 'conn-1');
    const text = ics('Standup');
    expand(text, WINDOW, { resource: '/cal/a.ics' });
    for (const [from, to] of [
      [WINDOW.from, WINDOW.from + DAY],
      [Date.UTC(2026, 2, 16, 8, 20), Date.UTC(2026, 2, 16, 8, 25)], // inside one occurrence (09:15–09:30 CET)
      [Date.UTC(2026, 2, 16, 8, 30), Date.UTC(2026, 2, 16, 11, 0)], // starts where one ends
      [Date.UTC(2026, 2, 20), WINDOW.to],
    ] as const) {
      expect(expand(text, { ...WINDOW, from, to }, { resource: '/cal/a.ics' })).toEqual(expandIcs(text, { ...WINDOW, from, to }));
    }
    expect(calls()).toBe(1);
    // Outside the cached window: expanded.
    expand(text, { ...WINDOW, to: WINDOW.to + DAY }, { resource: '/cal/a.ics' });
    expect(calls()).toBe(2);
  });

  it('reuses an expansion with warnings only for its exact window', () => {
    const { cache, calls } = counted();
    const expand = cache.expanderFor('tenant-a', 'conn-1');
    const broken = ics('Standup', ['BEGIN:VEVENT', 'UID:broken', 'DTSTAMP:20260101T000000Z', 'DTSTART;TZID=Nowhere/Atlantis:20260317T100000', 'DURATION:PT1H', 'END:VEVENT']);
    const o = { ...WINDOW, onInvalidEvent: 'skip' as const };
    const r = expand(broken, o, { resource: '/cal/a.ics' });
    expect(r.warnings.length).toBeGreaterThan(0);
    expect(expand(broken, o, { resource: '/cal/a.ics' })).toBe(r);
    expect(calls()).toBe(1);
    expand(broken, { ...o, to: WINDOW.to - DAY }, { resource: '/cal/a.ics' });
    expect(calls()).toBe(2);
  });

  it('caches nothing when the expansion throws', () => {
    const { cache, calls } = counted();
    const expand = cache.expanderFor('tenant-a', 'conn-1');
    expect(() => expand('BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VCALENDAR', WINDOW, { resource: '/x' })).toThrow();
    expect(() => expand('BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VCALENDAR', WINDOW, { resource: '/x' })).toThrow();
    expect(calls()).toBe(2);
    expect(cache.stats.entries).toBe(0);
  });

  it('stays within its bounds, least recently used out first', () => {
    let calls = 0;
    const cache = createBusyCache({
      maxEntries: 2,
      expand: (text, o) => {
        calls++;
        return expandIcs(text, o);
      },
    });
    const expand = cache.expanderFor('tenant-a', 'conn-1');
    const text = ics('Standup');
    expand(text, WINDOW, { resource: '/a' });
    expand(text, WINDOW, { resource: '/b' });
    expand(text, WINDOW, { resource: '/a' }); // /a is now the most recent
    expand(text, WINDOW, { resource: '/c' }); // evicts /b
    expect(cache.stats).toMatchObject({ entries: 2, evictions: 1 });
    expand(text, WINDOW, { resource: '/a' });
    expect(calls).toBe(3);
    expand(text, WINDOW, { resource: '/b' });
    expect(calls).toBe(4);

    const small = createBusyCache({ maxIntervals: 30 });
    const e = small.expanderFor('tenant-a', 'conn-1');
    e(text, WINDOW, { resource: '/a' });
    e(text, WINDOW, { resource: '/b' });
    expect(small.stats.entries).toBe(1);
    expect(small.stats.intervals).toBeLessThanOrEqual(30);
  });
});
