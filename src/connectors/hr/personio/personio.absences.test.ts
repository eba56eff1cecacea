import { afterEach, describe, expect, it } from 'vitest';
import { absenceUuid } from '../../../../emulators/personio/personio-emulator.absences.ts';
import { type PersonioEmulator, startPersonioEmulator } from '../../../../emulators/personio/personio-emulator.server.ts';
import { isAbsenceSource } from '../../kit/absence-source.ts';
import { approvalOf, mapAbsencePeriod, mapAbsenceType, mapBreakdown, unknownUnitType } from './personio.absences.ts';
import { PersonioConnector } from './personio.connector.ts';

/** Personio v2 absences (F-22): payload mapping from fixtures, and reads against the emulator (cursor, breakdowns). */

const period = (over: Record<string, unknown> = {}) => ({
  id: 'f3a1c2d4-0000-4000-8000-000000000001',
  person: { id: 12345 },
  absence_type: { id: 'a1b2c3d4-0000-4000-8000-000000000009' },
  starts_from: { date_time: '2026-12-21T00:00:00', type: 'SECOND_HALF' },
  ends_at: { date_time: '2026-12-24T23:59:59', type: 'FIRST_HALF' },
  timezone_id: 'Europe/Berlin',
  comment: 'Weihnachten',
  approval: { status: 'APPROVED' },
  created_at: '2026-11-02T09:00:00',
  updated_at: '2026-11-03T10:00:00',
  ...over,
});

describe('Personio v2 absence payloads → kit shapes', () => {
  it('maps a period with half days, ids as strings, local dates', () => {
    expect(mapAbsencePeriod(period())).toEqual({
      id: 'f3a1c2d4-0000-4000-8000-000000000001',
      personId: '12345',
      typeId: 'a1b2c3d4-0000-4000-8000-000000000009',
      startDate: '2026-12-21',
      endDate: '2026-12-24',
      startHalf: 'SECOND_HALF',
      endHalf: 'FIRST_HALF',
      status: 'approved',
      comment: 'Weihnachten',
      updatedAt: '2026-11-03T10:00:00',
    });
  });
  it('takes an open period as its first day, an end at midnight as the day before, and refuses nonsense', () => {
    expect(mapAbsencePeriod(period({ ends_at: null }))).toMatchObject({ startDate: '2026-12-21', endDate: '2026-12-21', endHalf: null });
    expect(mapAbsencePeriod(period({ ends_at: { date_time: '2026-12-25T00:00:00', type: null } }))).toMatchObject({ endDate: '2026-12-24', endAtMidnight: true });
    // Inclusive or exclusive is not documented: a midnight end is flagged (with a marker too), the breakdown decides.
    expect(mapAbsencePeriod(period({ ends_at: { date_time: '2026-12-23T00:00:00', type: 'SECOND_HALF' } }))).toMatchObject({ endDate: '2026-12-22', endAtMidnight: true });
    expect(mapAbsencePeriod(period())).not.toHaveProperty('endAtMidnight');
    expect(mapAbsencePeriod(period({ starts_from: { date_time: '2026-02-30T00:00:00' } }))).toBeNull();
    expect(mapAbsencePeriod(period({ person: null }))).toBeNull();
    expect(mapAbsencePeriod(period({ ends_at: { date_time: '2026-12-20T10:00:00' } }))).toBeNull();
  });
  it('reads approval states: only APPROVED is approved; unknown ones are not', () => {
    expect(['APPROVED', 'PENDING', 'REQUESTED', 'REJECTED', 'WITHDRAWN', 'CANCELLED'].map(approvalOf)).toEqual(['approved', 'pending', 'pending', 'rejected', 'rejected', 'rejected']);
  });
  it('maps type units DAILY/HOURLY and DAY/HOUR, and breakdowns', () => {
    expect(mapAbsenceType({ id: 'x', name: 'Urlaub', category: 'paid_vacation', unit: 'DAILY' })).toEqual({ id: 'x', name: 'Urlaub', category: 'paid_vacation', unit: 'DAY' });
    expect(mapAbsenceType({ id: 'y', name: 'Homeoffice', unit: 'hour' })).toMatchObject({ unit: 'HOUR', category: null });
    expect(mapAbsenceType({ id: 'z', name: 'Kaputt', unit: 'WEEKS' })).toBeNull();
    expect(mapBreakdown({ date: '2026-12-21', effective_duration: { unit: 'DAY', value: 0.5 } })).toEqual({ date: '2026-12-21', unit: 'DAY', value: 0.5 });
    expect(mapBreakdown({ date: '2026-12-21', effective_duration: { unit: 'HOUR', value: '3,5' } })).toEqual({ date: '2026-12-21', unit: 'HOUR', value: 3.5 });
  });
});

const running: PersonioEmulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((em) => em.close()));
});

describe('PersonioConnector as an AbsenceSource, against the emulator', () => {
  it('reads types, every absence of a window over several cursor pages, and breakdowns in days and hours', async () => {
    const em = await startPersonioEmulator({ employees: 3, seed: 5, referenceDate: '2026-06-01', rateLimit: false });
    running.push(em);
    for (const t of em.state.listTimeOffs()) em.state.removeTimeOff(t.id);
    const [a, b] = em.state.listEmployees();
    const day = (i: number) => new Date(Date.UTC(2026, 6, 1 + i)).toISOString().slice(0, 10);
    for (let i = 0; i < 230; i++) em.state.addTimeOff({ employee: i % 2 ? a!.id : b!.id, time_off_type_id: 113437, start_date: day(i), end_date: day(i) });
    em.state.addTimeOff({ employee: a!.id, time_off_type_id: 113437, start_date: '2027-08-01', end_date: '2027-08-02' });
    const half = em.state.addTimeOff({ employee: a!.id, time_off_type_id: 113437, start_date: '2026-06-29', end_date: '2026-07-01', half_day_end: true });
    const hours = em.state.addTimeOff({ employee: b!.id, time_off_type_id: 113460, start_date: '2026-06-30', end_date: '2026-06-30', start_time: '13:00', end_time: '17:00' });
    const c = new PersonioConnector({ baseUrl: em.url, clientId: em.credentials.clientId, clientSecret: em.credentials.clientSecret, rateLimit: false, timeoutMs: 5_000 });
    expect(isAbsenceSource(c)).toBe(true);
    const types = await c.listAbsenceTypes();
    expect(types.find((t) => t.id === absenceUuid(3, 113460))).toMatchObject({ unit: 'HOUR', name: 'Home office' });
    const read = [];
    for await (const x of c.listAbsences({ from: '2026-06-01', to: '2027-06-01' })) read.push(x);
    expect(read).toHaveLength(232);
    expect(em.stats.calls['GET /v2/absence-periods']).toBe(3);
    expect(read.find((x) => x.id === absenceUuid(2, half.id))).toMatchObject({ startDate: '2026-06-29', endDate: '2026-07-01', startHalf: null, endHalf: 'FIRST_HALF', status: 'approved' });
    expect(await c.absenceDays(absenceUuid(2, half.id))).toEqual([
      { date: '2026-06-29', unit: 'DAY', value: 1 },
      { date: '2026-06-30', unit: 'DAY', value: 1 },
      { date: '2026-07-01', unit: 'DAY', value: 0.5 },
    ]);
    expect(await c.absenceDays(absenceUuid(2, hours.id))).toEqual([{ date: '2026-06-30', unit: 'HOUR', value: 4 }]);
    expect(c.unparsedAbsences).toBe(0);
  });
});

describe('absence date-times with an offset (review9 2.12)', () => {
  it('an instant (Z or offset) is read in the period’s timezone_id, else Europe/Berlin; a local value as written', () => {
    const utc = period({ starts_from: { date_time: '2026-12-20T23:00:00Z', type: null }, ends_at: { date_time: '2026-12-23T22:59:59Z', type: null } });
    expect(mapAbsencePeriod(utc)).toMatchObject({ startDate: '2026-12-21', endDate: '2026-12-23' });
    expect(mapAbsencePeriod({ ...utc, timezone_id: null })).toMatchObject({ startDate: '2026-12-21', endDate: '2026-12-23' });
    expect(mapAbsencePeriod({ ...utc, timezone_id: 'Europe/London' })).toMatchObject({ startDate: '2026-12-20', endDate: '2026-12-23' });
    expect(mapAbsencePeriod(period({ starts_from: { date_time: '2026-12-21T00:00:00+0100', type: null }, ends_at: { date_time: '2026-12-24T00:00:00.000+01:00', type: null } }))).toMatchObject({ startDate: '2026-12-21', endDate: '2026-12-23', endAtMidnight: true });
    expect(mapAbsencePeriod(period())).toMatchObject({ startDate: '2026-12-21', endDate: '2026-12-24' });
  });
});

describe('units Personio does not document (review9 2.13, 2.14)', () => {
  it('a type without a known unit is set aside by id and name, not silently dropped; breakdown MINUTES become hours, other units do not parse', () => {
    expect(mapAbsenceType({ id: 'z', name: 'Sabbatical' })).toBeNull();
    expect(unknownUnitType({ id: 'z', name: 'Sabbatical' })).toEqual({ id: 'z', name: 'Sabbatical' });
    expect(unknownUnitType({ id: 'x', name: 'Urlaub', unit: 'DAILY' })).toBeNull();
    expect(mapBreakdown({ date: '2026-12-21', effective_duration: { unit: 'MINUTES', value: 480 } })).toEqual({ date: '2026-12-21', unit: 'HOUR', value: 8 });
    expect(mapBreakdown({ date: '2026-12-21', effective_duration: { unit: 'WEEK', value: 1 } })).toBeNull();
  });

  it('against the emulator: types without unit are listed apart, minute breakdowns read as hours', async () => {
    const em = await startPersonioEmulator({ employees: 2, seed: 5, referenceDate: '2026-06-01', rateLimit: false, absences: { typeUnits: 'OMITTED', breakdownHourUnit: 'MINUTES' } });
    running.push(em);
    const [a] = em.state.listEmployees();
    const hours = em.state.addTimeOff({ employee: a!.id, time_off_type_id: 113460, start_date: '2026-06-30', end_date: '2026-06-30', start_time: '13:00', end_time: '17:00' });
    const c = new PersonioConnector({ baseUrl: em.url, clientId: em.credentials.clientId, clientSecret: em.credentials.clientSecret, rateLimit: false, timeoutMs: 5_000 });
    expect(await c.listAbsenceTypes()).toEqual([]);
    expect(c.unknownUnitAbsenceTypes.get(absenceUuid(3, 113460))).toBe('Home office');
    expect(await c.absenceDays(absenceUuid(2, hours.id))).toEqual([{ date: '2026-06-30', unit: 'HOUR', value: 4 }]);
  });
});
