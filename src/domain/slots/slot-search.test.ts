import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expandIcs } from '../ical/ical-expand.ts';
import { holidayBlocks } from './holidays.ts';
import { SlotSearchError } from './slot-error.ts';
import { alignUp, findSlots, type SlotParticipant, suggestReplacement, suggestReplacementRooms } from './slot-search.ts';
import { weekdayHours } from './working-hours.ts';
import { ianaZone } from '../time/zone-rules.ts';

const at = (s: string) => Date.parse(s);
const starts = (slots: { startIso: string }[]) => slots.map((s) => s.startIso.slice(0, 16));

const person = (id: string, timeZone: string, extra: Partial<SlotParticipant> = {}): SlotParticipant => ({
  id,
  timeZone,
  workingHours: weekdayHours(),
  busy: [],
  ...extra,
});

describe('findSlots', () => {
  it('returns grid slots inside working hours, around busy time widened by the buffers', () => {
    const slots = findSlots({
      participants: [person('ann', 'UTC', { workingHours: weekdayHours('09:00', '13:00'), busy: [{ start: at('2026-06-01T10:00:00Z'), end: at('2026-06-01T11:00:00Z') }] })],
      window: { from: '2026-06-01T00:00:00Z', to: '2026-06-02T00:00:00Z' },
      durationMinutes: 45,
      bufferBeforeMinutes: 15,
      bufferAfterMinutes: 15,
      stepMinutes: 15,
    });
    // 09:00–09:45 leaves exactly the 15-minute buffer before the 10:00 meeting; after it, 11:15 is the first start.
    expect(starts(slots)).toEqual(['2026-06-01T09:00', '2026-06-01T11:15', '2026-06-01T11:30', '2026-06-01T11:45', '2026-06-01T12:00', '2026-06-01T12:15']);
    expect(slots[0]).toMatchObject({ start: at('2026-06-01T09:00:00Z'), end: at('2026-06-01T09:45:00Z'), endIso: '2026-06-01T09:45:00.000Z', rooms: [] });
  });

  it('follows Europe/Amsterdam local time across 2026-03-29 (09:00 local = 08:00Z before, 07:00Z after)', () => {
    const slots = findSlots({
      participants: [person('ann', 'Europe/Amsterdam')],
      window: { from: '2026-03-27T00:00:00Z', to: '2026-03-31T00:00:00Z' },
      durationMinutes: 60,
      stepMinutes: 60,
    });
    expect(starts(slots)).toEqual([
      ...['08', '09', '10', '11', '12', '13', '14', '15'].map((h) => `2026-03-27T${h}:00`),
      ...['07', '08', '09', '10', '11', '12', '13', '14'].map((h) => `2026-03-30T${h}:00`),
    ]);
  });

  it('follows it across 2026-10-25 too', () => {
    const slots = findSlots({
      participants: [person('ann', 'Europe/Amsterdam', { workingHours: weekdayHours('09:00', '10:00') })],
      window: { from: '2026-10-23T00:00:00Z', to: '2026-10-27T00:00:00Z' },
      durationMinutes: 60,
    });
    expect(starts(slots)).toEqual(['2026-10-23T07:00', '2026-10-26T08:00']);
  });

  it('intersects Amsterdam and New York through the weeks where only one of them is on summer time', () => {
    const input = {
      participants: [person('ams', 'Europe/Amsterdam'), person('nyc', 'America/New_York')],
      durationMinutes: 60,
      stepMinutes: 60,
    };
    // 2026-03-23: NY on EDT (since 8 March), Amsterdam still CET: 13:00–16:00Z in common.
    expect(starts(findSlots({ ...input, window: { from: '2026-03-23T00:00:00Z', to: '2026-03-24T00:00:00Z' } }))).toEqual([
      '2026-03-23T13:00',
      '2026-03-23T14:00',
      '2026-03-23T15:00',
    ]);
    // 2026-03-30: both on summer time: 13:00–15:00Z.
    expect(starts(findSlots({ ...input, window: { from: '2026-03-30T00:00:00Z', to: '2026-03-31T00:00:00Z' } }))).toEqual(['2026-03-30T13:00', '2026-03-30T14:00']);
  });

  it('handles a participant in Asia/Kolkata (UTC+05:30) with the grid in the organizer zone', () => {
    const input = {
      participants: [person('org', 'Europe/Amsterdam'), person('dev', 'Asia/Kolkata', { workingHours: weekdayHours('10:00', '18:30') })],
      window: { from: '2026-03-30T00:00:00Z', to: '2026-03-31T00:00:00Z' },
      durationMinutes: 30,
      stepMinutes: 60,
    };
    // Kolkata 10:00–18:30 = 04:30–13:00Z; Amsterdam (CEST) 09:00–17:00 = 07:00–15:00Z. Grid: whole hours in Amsterdam.
    expect(starts(findSlots(input))).toEqual(['2026-03-30T07:00', '2026-03-30T08:00', '2026-03-30T09:00', '2026-03-30T10:00', '2026-03-30T11:00', '2026-03-30T12:00']);
    // The same search with the grid on Kolkata's whole hours lands on :30 UTC.
    expect(starts(findSlots({ ...input, gridTimeZone: 'Asia/Kolkata' }))[0]).toBe('2026-03-30T07:30');
  });

  it('blocks public holidays from date-holidays (F-40) and explicitly given ones', () => {
    const window = { from: '2026-04-03T00:00:00Z', to: '2026-04-08T00:00:00Z' };
    const base = { window, durationMinutes: 480, stepMinutes: 60 };
    // NL: Easter Monday 6 April is public; Good Friday 3 April is not a public holiday there.
    const nl = findSlots({ ...base, participants: [person('nl', 'Europe/Amsterdam', { holidayRegion: { country: 'NL' } })] });
    expect(starts(nl)).toEqual(['2026-04-03T07:00', '2026-04-07T07:00']);
    // Berlin: Good Friday and Easter Monday.
    const de = findSlots({ ...base, participants: [person('de', 'Europe/Berlin', { holidayRegion: { country: 'DE', state: 'BE' } })] });
    expect(starts(de)).toEqual(['2026-04-07T07:00']);
    const given = findSlots({ ...base, participants: [person('x', 'Europe/Amsterdam')], holidays: { x: [{ startDate: '2026-04-07', endDate: '2026-04-07' }] } });
    expect(starts(given)).toEqual(['2026-04-03T07:00', '2026-04-06T07:00']);
    expect(holidayBlocks({ country: 'NL' }, '2026-04-27', '2026-04-27')).toEqual([expect.objectContaining({ startDate: '2026-04-27', name: 'Koningsdag', type: 'public' })]);
    expect(() => findSlots({ ...base, participants: [person('x', 'UTC', { holidayRegion: { country: 'XX' } })] })).toThrow(SlotSearchError);
  });

  it('blocks HR absences (F-40), half days included', () => {
    const slots = findSlots({
      participants: [
        person('ann', 'Europe/Amsterdam', {
          absences: [
            { startDate: '2026-06-02', endDate: '2026-06-03' },
            { startDate: '2026-06-04', endDate: '2026-06-04', startTime: '13:00' },
          ],
        }),
      ],
      window: { from: '2026-06-01T00:00:00Z', to: '2026-06-06T00:00:00Z' },
      durationMinutes: 240,
      stepMinutes: 60,
    });
    expect(starts(slots)).toEqual([
      ...['07', '08', '09', '10', '11'].map((h) => `2026-06-01T${h}:00`),
      '2026-06-04T07:00', // 09:00–13:00 local, then the afternoon is off
      ...['07', '08', '09', '10', '11'].map((h) => `2026-06-05T${h}:00`),
    ]);
  });

  it('requires at least one free room when rooms are given, and lists the free ones', () => {
    const input = {
      participants: [person('ann', 'UTC', { workingHours: weekdayHours('09:00', '12:00') })],
      window: { from: '2026-06-01T00:00:00Z', to: '2026-06-02T00:00:00Z' },
      durationMinutes: 60,
      stepMinutes: 60,
      rooms: [
        { id: 'amstel', busy: [{ start: at('2026-06-01T09:00:00Z'), end: at('2026-06-01T10:30:00Z') }] },
        { id: 'ij', busy: [{ start: at('2026-06-01T10:00:00Z'), end: at('2026-06-01T11:00:00Z') }] },
      ],
    };
    expect(findSlots(input).map((s) => [s.startIso.slice(11, 16), s.rooms])).toEqual([
      ['09:00', ['ij']],
      ['11:00', ['amstel', 'ij']],
    ]);
    expect(findSlots({ ...input, rooms: [] })).toEqual([]);
  });

  it('stops at maxResults and sorts by start', () => {
    const slots = findSlots({
      participants: [person('a', 'UTC'), person('b', 'Europe/Amsterdam')],
      window: { from: '2026-06-01T00:00:00Z', to: '2026-06-30T00:00:00Z' },
      durationMinutes: 30,
      maxResults: 5,
    });
    expect(starts(slots)).toEqual(['2026-06-01T09:00', '2026-06-01T09:15', '2026-06-01T09:30', '2026-06-01T09:45', '2026-06-01T10:00']);
  });

  it('schedules against a realistic Outlook export', () => {
    const busy = expandIcs(readFileSync(new URL('../ical/fixtures/outlook-w-europe.ics', import.meta.url), 'utf8'), {
      from: '2026-03-30T00:00:00Z',
      to: '2026-04-03T00:00:00Z',
      timeZone: 'Europe/Amsterdam',
    }).busy;
    const slots = findSlots({
      participants: [person('sanne', 'Europe/Amsterdam', { busy, holidayRegion: { country: 'NL' } })],
      window: { from: '2026-03-30T00:00:00Z', to: '2026-04-03T00:00:00Z' },
      durationMinutes: 60,
      stepMinutes: 30,
      bufferAfterMinutes: 15,
    });
    const local = starts(slots);
    // The weekly 10:00 meeting was moved to 14:00–14:30 local (12:00Z) on 30 March.
    expect(local).toContain('2026-03-30T08:00'); // 10:00 local is free that day
    expect(local).toContain('2026-03-30T10:30'); // 12:30–13:30 local, buffer until 13:45
    expect(local).not.toContain('2026-03-30T11:00'); // 13:00–14:00 local: the 15-minute buffer runs into 14:00
    expect(local).not.toContain('2026-03-30T11:30'); // overlaps the moved meeting
    expect(local).toContain('2026-03-30T12:30'); // right after it
    expect(local.filter((s) => s.startsWith('2026-04-02'))).toEqual([]); // all-day training
    expect(local).not.toContain('2026-03-31T09:00'); // private dentist 11:30–12:00 local
  });

  it('rejects invalid input with a typed error', () => {
    const ok = { participants: [person('a', 'UTC')], window: { from: '2026-06-01T00:00:00Z', to: '2026-06-02T00:00:00Z' }, durationMinutes: 30 };
    const bad: [string, object][] = [
      ['participants', { participants: [] }],
      ['participants', { participants: [person('a', 'UTC'), person('a', 'UTC')] }],
      ['durationMinutes', { durationMinutes: 0 }],
      ['stepMinutes', { stepMinutes: -5 }],
      ['window', { window: { from: '2026-06-02T00:00:00Z', to: '2026-06-01T00:00:00Z' } }],
      ['window', { window: { from: '2026-06-01T00:00', to: '2026-06-02T00:00:00Z' } }],
      ['window', { window: { from: '2026-01-01T00:00:00Z', to: '2028-01-01T00:00:00Z' } }],
      ['participants[0].timeZone', { participants: [person('a', 'Mars/Base')] }],
      ['participants[0].busy', { participants: [person('a', 'UTC', { busy: [{ start: 10, end: 5 }] })] }],
      ['maxResults', { maxResults: 1.5 }],
    ];
    for (const [field, patch] of bad) {
      try {
        findSlots({ ...ok, ...patch });
        throw new Error(`accepted ${JSON.stringify(patch)}`);
      } catch (err) {
        expect(err).toBeInstanceOf(SlotSearchError);
        expect((err as SlotSearchError).field).toBe(field);
      }
    }
  });
});

describe('alignUp', () => {
  it('follows the wall clock through the gap and the repeated hour', () => {
    const ams = ianaZone('Europe/Amsterdam')!;
    const iso = (ms: number) => new Date(ms).toISOString();
    // 01:50 CET → 03:00 CEST (02:00–03:00 local does not exist)
    expect(iso(alignUp(ams, at('2026-03-29T00:50:00Z'), 15 * 60_000))).toBe('2026-03-29T01:00:00.000Z');
    // 02:50 CEST → ten minutes later it is 02:00 CET (the repeated hour), which is on the grid
    expect(iso(alignUp(ams, at('2026-10-25T00:50:00Z'), 15 * 60_000))).toBe('2026-10-25T01:00:00.000Z');
    // A step that does not divide the day restarts at local midnight.
    expect(iso(alignUp(ianaZone('UTC')!, at('2026-06-01T23:51:00Z'), 25 * 60_000))).toBe('2026-06-02T00:00:00.000Z');
  });
});

describe('suggestReplacement (F-41)', () => {
  const slot = { start: '2026-06-03T09:00:00Z', end: '2026-06-03T10:00:00Z' };
  const candidates = [
    person('declined', 'UTC'),
    person('busy', 'UTC', { busy: [{ start: at('2026-06-03T09:30:00Z'), end: at('2026-06-03T10:30:00Z') }] }),
    person('buffer', 'UTC', { busy: [{ start: at('2026-06-03T10:05:00Z'), end: at('2026-06-03T11:00:00Z') }] }),
    person('free', 'UTC'),
    person('la', 'America/Los_Angeles'), // 02:00 local
    person('away', 'UTC', { absences: [{ startDate: '2026-06-03', endDate: '2026-06-05' }] }),
    person('holiday', 'UTC', { holidays: [{ startDate: '2026-06-03', endDate: '2026-06-03' }] }),
    person('already', 'UTC'),
    person('free2', 'Europe/Amsterdam'),
  ];

  it('returns the candidates free for the booked slot, and why the others are not', () => {
    const result = suggestReplacement({ slot, declinedId: 'declined', candidates, excludeIds: ['already'], bufferAfterMinutes: 10 });
    expect(result.available).toEqual(['free', 'free2']);
    expect(result.unavailable).toEqual([
      { id: 'busy', reason: 'busy' },
      { id: 'buffer', reason: 'busy' },
      { id: 'la', reason: 'outside_working_hours' },
      { id: 'away', reason: 'absent' },
      { id: 'holiday', reason: 'holiday' },
    ]);
  });

  it('proposes free rooms when a room declines', () => {
    const rooms = [
      { id: 'amstel', busy: [] },
      { id: 'ij', busy: [{ start: at('2026-06-03T09:45:00Z'), end: at('2026-06-03T10:15:00Z') }] },
      { id: 'vecht', busy: [{ start: at('2026-06-03T10:00:00Z'), end: at('2026-06-03T11:00:00Z') }] },
    ];
    expect(suggestReplacementRooms({ slot, declinedRoomId: 'amstel', rooms })).toEqual(['vecht']);
  });
});
