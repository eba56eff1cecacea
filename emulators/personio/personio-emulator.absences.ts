import { TIME_OFF_TYPES } from './personio-emulator.catalog.ts';
import { addDays, weekday } from './personio-emulator.dates.ts';
import type { PersonioEmulatorState } from './personio-emulator.state.ts';
import type { TimeOffRecord, TimeOffType } from './personio-emulator.types.ts';

/**
 * v2 absences (issue 9, nmbrs-rest-and-personio-time.md §B2): `/v2/absence-types`,
 * `/v2/absence-periods` (list with filters and cursor, single) and `/v2/absence-periods/{id}/breakdowns`.
 * They are views of the same time-off records v1 serves (Personio keeps one store), so a test hook that
 * changes a time-off changes both. Hour-unit absences carry `start_time`/`end_time` per day.
 */

export interface AbsenceOptions {
  halfMarkers?: 'null_when_whole' | 'explicit';
  rejected?: 'hidden' | 'listed';
  weekendBreakdown?: 'zero' | 'omitted';
  typeUnits?: 'DAILY_HOURLY' | 'DAY_HOUR' | 'OMITTED';
  /** `effective_duration.unit` of an hour-unit breakdown: HOUR (default) or MINUTES (value in minutes, as v1's effective_duration). */
  breakdownHourUnit?: 'HOUR' | 'MINUTES';
  /**
   * `ends_at.date_time` of a day-unit absence (UNCONFIRMED, review9 B3): `last_235959` (default,
   * `<last>T23:59:59`), `last_0000` (`<last>T00:00:00`, the last date inclusive) or `next_0000`
   * (`<last+1>T00:00:00`, end-exclusive).
   */
  wholeDayEnd?: 'last_235959' | 'last_0000' | 'next_0000';
}

type Result = { status: number; body: unknown };
export interface AbsenceDeps {
  state: PersonioEmulatorState;
  options: AbsenceOptions;
  /** Cursor paging of the server (limit ≤ 100, absolute next link). */
  page<T>(url: URL, rows: T[], map: (r: T) => unknown): Result;
  error(status: number, title: string, detail: string, type: string, path: string): Result;
  /** A list filter's local date-time (no `Z`, no offset), or a refusal. */
  localFilter(q: URLSearchParams, name: string): { ok: true; value: string | null } | { ok: false };
  list(q: URLSearchParams, name: string): string[];
}

/** Deterministic UUIDs of the v1 integer ids: kind 2 = absence period, 3 = absence type. */
export const absenceUuid = (kind: 2 | 3, id: number) => `00000000-0000-4000-${kind.toString(16).padStart(4, '0')}-${id.toString(16).padStart(12, '0')}`;
export function idOfUuid(kind: 2 | 3, uuid: string): number | null {
  const m = /^00000000-0000-4000-([0-9a-f]{4})-([0-9a-f]{12})$/.exec(uuid);
  if (!m || Number.parseInt(m[1]!, 16) !== kind) return null;
  return Number.parseInt(m[2]!, 16);
}

const hoursOf = (t: TimeOffRecord) => {
  if (!t.start_time || !t.end_time) return 8;
  const [sh, sm] = t.start_time.split(':').map(Number) as [number, number];
  const [eh, em] = t.end_time.split(':').map(Number) as [number, number];
  return Math.max(0, (eh * 60 + em - sh * 60 - sm) / 60);
};

export function createAbsenceHandlers(d: AbsenceDeps) {
  const o = d.options;
  const typeById = new Map<number, TimeOffType>(TIME_OFF_TYPES.map((t) => [t.id, t]));
  const typeUnit = (t: TimeOffType) => ((o.typeUnits ?? 'DAILY_HOURLY') === 'DAILY_HOURLY' ? (t.unit === 'day' ? 'DAILY' : 'HOURLY') : t.unit === 'day' ? 'DAY' : 'HOUR');
  const ts = (ms: number) => new Date(ms).toISOString().slice(0, 19);

  /** `starts_from.date_time` / `ends_at.date_time`: whole days 00:00:00–23:59:59, hour types their times. */
  function serializeTimes(t: TimeOffRecord) {
    const hourly = typeById.get(t.time_off_type_id)?.unit === 'hour';
    return {
      start: `${t.start_date}T${hourly && t.start_time ? `${t.start_time}:00` : '00:00:00'}`,
      end: hourly && t.end_time ? `${t.end_date}T${t.end_time}:00` : o.wholeDayEnd === 'last_0000' ? `${t.end_date}T00:00:00` : o.wholeDayEnd === 'next_0000' ? `${addDays(t.end_date, 1)}T00:00:00` : `${t.end_date}T23:59:59`,
    };
  }

  function serialize(t: TimeOffRecord) {
    const type = typeById.get(t.time_off_type_id);
    const hourly = type?.unit === 'hour';
    const times = serializeTimes(t);
    const explicit = o.halfMarkers === 'explicit';
    const single = t.start_date === t.end_date;
    let startType: string | null = null;
    let endType: string | null = null;
    if (!hourly) {
      if (single) {
        // One day: half_day_start = the afternoon, half_day_end = the morning (v1's flags).
        if (t.half_day_start) startType = endType = 'SECOND_HALF';
        else if (t.half_day_end) startType = endType = 'FIRST_HALF';
        else if (explicit) [startType, endType] = ['FIRST_HALF', 'SECOND_HALF'];
      } else {
        startType = t.half_day_start ? 'SECOND_HALF' : explicit ? 'FIRST_HALF' : null;
        endType = t.half_day_end ? 'FIRST_HALF' : explicit ? 'SECOND_HALF' : null;
      }
    }
    return {
      id: absenceUuid(2, t.id),
      person: { id: String(t.employee) },
      absence_type: { id: absenceUuid(3, t.time_off_type_id) },
      starts_from: { date_time: times.start, type: startType },
      ends_at: { date_time: times.end, type: endType },
      timezone_id: 'Europe/Berlin',
      comment: t.comment,
      approval: { status: t.status === 'approved' ? 'APPROVED' : t.status === 'rejected' ? 'REJECTED' : 'PENDING' },
      created_at: ts(t.created_at),
      updated_at: ts(t.updated_at),
    };
  }

  const visible = (t: TimeOffRecord) => t.status !== 'rejected' || o.rejected === 'listed';
  const FILTERS = ['starts_from.date_time.gte', 'starts_from.date_time.lte', 'ends_at.date_time.gte', 'ends_at.date_time.lte', 'updated_at.gte', 'updated_at.lte'] as const;

  function listTypes(url: URL): Result {
    return d.page(url, [...TIME_OFF_TYPES], (t) => ({ id: absenceUuid(3, t.id), name: t.name, category: t.category, ...(o.typeUnits === 'OMITTED' ? {} : { unit: typeUnit(t) }) }));
  }

  function listPeriods(url: URL): Result {
    const q = url.searchParams;
    const f: Record<string, string | null> = {};
    for (const name of FILTERS) {
      const r = d.localFilter(q, name);
      if (!r.ok) return d.error(400, 'Invalid request content', `${name} must be a local date-time without offset, e.g. 2026-06-01T08:00:00.`, 'common.invalid_request_content', url.pathname);
      f[name] = r.value;
    }
    const persons = new Set(d.list(q, 'person.id'));
    const types = new Set(d.list(q, 'absence_type.id'));
    // Filter on the records and serialize only the page served (a list of 10 000 is paged 100 at a time).
    const startOf = (t: TimeOffRecord) => serializeTimes(t).start;
    const endOf = (t: TimeOffRecord) => serializeTimes(t).end;
    const f2 = (name: (typeof FILTERS)[number]) => f[name] ?? null;
    const rows = d.state
      .listTimeOffs()
      .filter((t) => visible(t) && (persons.size === 0 || persons.has(String(t.employee))) && (types.size === 0 || types.has(absenceUuid(3, t.time_off_type_id))))
      .filter((t) => {
        const sGte = f2('starts_from.date_time.gte');
        const sLte = f2('starts_from.date_time.lte');
        const eGte = f2('ends_at.date_time.gte');
        const eLte = f2('ends_at.date_time.lte');
        const uGte = f2('updated_at.gte');
        const uLte = f2('updated_at.lte');
        if ((sGte !== null && startOf(t) < sGte) || (sLte !== null && startOf(t) > sLte)) return false;
        if ((eGte !== null && endOf(t) < eGte) || (eLte !== null && endOf(t) > eLte)) return false;
        if (uGte !== null || uLte !== null) {
          const u = ts(t.updated_at);
          if ((uGte !== null && u < uGte) || (uLte !== null && u > uLte)) return false;
        }
        return true;
      })
      .sort((a, b) => a.id - b.id);
    return d.page(url, rows, serialize);
  }

  function find(url: URL, rawId: string): TimeOffRecord | Result {
    const id = idOfUuid(2, rawId);
    const t = id === null ? undefined : d.state.getTimeOff(id);
    if (!t || !visible(t)) return d.error(404, 'Not Found', `The absence period ${rawId} was not found.`, 'common.requested_resource_not_found', url.pathname);
    return t;
  }

  function getPeriod(url: URL, id: string): Result {
    const t = find(url, id);
    if ('status' in t && 'body' in t) return t;
    return { status: 200, body: { _data: serialize(t as TimeOffRecord) } };
  }

  /** Per-day amounts: DAY types 1 (0.5 on a half day), HOUR types the hours of the day; weekends 0 or left out. */
  function breakdowns(url: URL, id: string): Result {
    const found = find(url, id);
    if ('status' in found && 'body' in found) return found;
    const t = found as TimeOffRecord;
    const hourly = typeById.get(t.time_off_type_id)?.unit === 'hour';
    const rows: Array<{ date: string; effective_duration: { unit: 'DAY' | 'HOUR' | 'MINUTES'; value: number } }> = [];
    for (let day = t.start_date; day <= t.end_date; day = addDays(day, 1)) {
      const weekend = weekday(day) === 0 || weekday(day) === 6;
      if (weekend && o.weekendBreakdown === 'omitted') continue;
      let value: number;
      if (weekend) value = 0;
      else if (hourly) value = hoursOf(t);
      else if (t.start_date === t.end_date) value = t.half_day_start || t.half_day_end ? 0.5 : 1;
      else value = (day === t.start_date && t.half_day_start) || (day === t.end_date && t.half_day_end) ? 0.5 : 1;
      const minutes = hourly && o.breakdownHourUnit === 'MINUTES';
      rows.push({ date: day, effective_duration: { unit: minutes ? 'MINUTES' : hourly ? 'HOUR' : 'DAY', value: minutes ? value * 60 : value } });
    }
    return d.page(url, rows, (r) => r);
  }

  return { listTypes, listPeriods, getPeriod, breakdowns, serialize };
}
