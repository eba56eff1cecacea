import type { ProviderDeps } from '../connectors/kit/provider.ts';
import { createOutboundGuard } from '../connectors/kit/outbound-guard.ts';
import { sql } from 'kysely';
import type { Database } from '../platform/db/client.ts';
import type { SecretBox } from '../platform/crypto.ts';
import { holidayBlocks } from '../domain/slots/holidays.ts';
import type { Interval } from '../domain/time/interval.ts';
import { type LocalBlock, type WorkingHours, localDatesCovering, blockIntervals, weekdayHours, workingIntervals } from '../domain/slots/working-hours.ts';
import { ianaZone } from '../domain/time/zone-rules.ts';
import { type ConnectionRow, calendarProviderFor } from './provider-registry.ts';
import type { BusyBlock } from '../connectors/calendar/calendar-provider.ts';
import { ProviderError } from '../connectors/kit/provider.ts';
import { type BusyCache, createBusyCache } from './busy-cache.ts';

/**
 * What the scheduling screens and the booking re-check need to know about people and rooms:
 * calendar busy time through the providers, interviews Koppel has booked (not yet in any calendar
 * perhaps), approved absences and public holidays (F-40). Failures are per person, never thrown.
 */

export const DEFAULT_HOURS = weekdayHours('09:00', '17:00');

export type PersonRow = { id: string; name: string; email: string; time_zone: string; locale: 'nl' | 'de' | 'en' | null; role: string };

export async function loadUsers(db: Database, tenantId: string, ids: string[]): Promise<PersonRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('users').select(['id', 'name', 'email', 'time_zone', 'locale', 'role']).where('tenant_id', '=', tenantId).where('id', 'in', ids).where('active', '=', true).execute();
}

export async function calendarConnections(db: Database, tenantId: string, owner: { userIds?: string[]; roomIds?: string[] }): Promise<ConnectionRow[]> {
  const userIds = owner.userIds ?? [];
  const roomIds = owner.roomIds ?? [];
  if (userIds.length + roomIds.length === 0) return [];
  return db
    .selectFrom('recruiting_connections')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('category', '=', 'calendar')
    .where((eb) => {
      const ors = [];
      if (userIds.length) ors.push(eb('user_id', 'in', userIds));
      if (roomIds.length) ors.push(eb('room_id', 'in', roomIds));
      return eb.or(ors);
    })
    .execute();
}

export type CalendarBusy = { busy: BusyBlock[]; error: { code: string } | null; connected: boolean };

/**
 * F-33 "public events show their details": Google's freeBusy has no titles, so windows up to 8 weeks (the
 * scheduling calendar asks ≤ 6, smart links 5) read events.list through the provider's details mode; longer
 * windows keep freeBusy. Private titles read that way are dropped right here unless the admin option asked.
 */
const TITLES_MAX_MS = 56 * 86_400_000;
const wantsTitles = (conn: ConnectionRow, window: Interval) => conn.kind === 'google' && window.end - window.start <= TITLES_MAX_MS;

/**
 * The process's cache of expanded calendar resources (busy-cache.ts): every read still asks the calendar,
 * but a resource whose ETag (or text) has not changed is not parsed and expanded again.
 */
export const busyCache: BusyCache = createBusyCache();

/** Busy time from one calendar; a missing or failing connection is reported, not thrown. */
export async function calendarBusy(
  db: Database,
  box: SecretBox,
  conn: ConnectionRow | undefined,
  window: Interval,
  timeZone: string,
  keepPrivateDetails = false,
  providerDeps: ProviderDeps = { urlGuard: createOutboundGuard({ enabled: true }) },
  cache: BusyCache = busyCache,
): Promise<CalendarBusy> {
  if (!conn) return { busy: [], error: { code: 'not_connected' }, connected: false };
  if (conn.status === 'reconnect_needed') return { busy: [], error: { code: 'reconnect_needed' }, connected: false };
  try {
    const provider = calendarProviderFor(db, box, conn, { ...providerDeps, expandIcs: cache.expanderFor(conn.tenant_id, conn.id) });
    const details = keepPrivateDetails || wantsTitles(conn, window);
    const r = await provider.freeBusy({ from: window.start, to: window.end, timeZone, keepPrivateDetails: details });
    const busy = keepPrivateDetails ? r.busy : r.busy.map((b) => (b.private && b.summary !== undefined ? { ...b, summary: undefined } : b));
    return { busy, error: null, connected: true };
  } catch (err) {
    return { busy: [], error: { code: err instanceof ProviderError ? err.code : 'unavailable' }, connected: true };
  }
}

export type KoppelBusy = { interviewId: string; start: number; end: number; userId: string | null; roomId: string | null; videoHost: boolean };

/** Scheduled interviews overlapping the window that involve these users or rooms (as active participants or video host). */
export async function koppelInterviews(db: Database, tenantId: string, window: Interval, who: { userIds?: string[]; roomIds?: string[] }, excludeInterviewId?: string | null): Promise<KoppelBusy[]> {
  const userIds = who.userIds ?? [];
  const roomIds = who.roomIds ?? [];
  if (userIds.length + roomIds.length === 0) return [];
  let q = db
    .selectFrom('recruiting_interviews as i')
    .innerJoin('recruiting_participants as p', (j) => j.onRef('p.interview_id', '=', 'i.id').onRef('p.tenant_id', '=', 'i.tenant_id'))
    .select(['i.id', 'i.start_at', 'i.end_at', 'p.user_id', 'p.room_id', 'i.video_host_user_id', 'i.method'])
    .where('i.tenant_id', '=', tenantId)
    .where('i.status', '=', 'scheduled')
    .where('p.active', '=', true)
    .where('i.start_at', '<', new Date(window.end))
    .where('i.end_at', '>', new Date(window.start))
    .where((eb) => {
      const ors = [];
      if (userIds.length) ors.push(eb('p.user_id', 'in', userIds));
      if (roomIds.length) ors.push(eb('p.room_id', 'in', roomIds));
      return eb.or(ors);
    });
  if (excludeInterviewId) q = q.where('i.id', '<>', excludeInterviewId);
  const rows = await q.execute();
  return rows.map((r) => ({
    interviewId: r.id,
    start: r.start_at.getTime(),
    end: r.end_at.getTime(),
    userId: r.user_id,
    roomId: r.room_id,
    videoHost: r.method === 'video' && r.video_host_user_id !== null && r.video_host_user_id === r.user_id,
  }));
}

export type AbsenceBlock = LocalBlock & { kind: string; label: string };

/** Approved Koppel absences of the employees whose e-mail matches these users (F-40), as local day blocks. */
export async function absencesByEmail(db: Database, tenantId: string, emails: string[], fromDate: string, toDate: string): Promise<Map<string, AbsenceBlock[]>> {
  const out = new Map<string, AbsenceBlock[]>();
  if (emails.length === 0) return out;
  const rows = await db
    .selectFrom('absences as a')
    .innerJoin('employees as e', 'e.id', 'a.employee_id')
    .innerJoin('absence_types as t', 't.id', 'a.absence_type_id')
    .select(['e.email', 'a.start_date', 'a.end_date', 'a.unit', 't.kind', 't.name'])
    .where('a.tenant_id', '=', tenantId)
    .where('a.status', '=', 'approved')
    .where('a.start_date', '<=', toDate)
    .where('a.end_date', '>=', fromDate)
    .where(sql<string>`lower(e.email)`, 'in', emails.map((e) => e.toLowerCase()))
    .execute();
  for (const r of rows) {
    const key = String(r.email).toLowerCase();
    // Koppel records half days and hours without a time of day, so the whole day counts as away.
    const list = out.get(key) ?? [];
    list.push({ startDate: r.start_date, endDate: r.end_date, kind: r.kind, label: r.name });
    out.set(key, list);
  }
  return out;
}

export async function tenantCountry(db: Database, tenantId: string): Promise<string> {
  const t = await db.selectFrom('tenants').select(['country', 'name']).where('id', '=', tenantId).executeTakeFirstOrThrow();
  return t.country;
}

export function holidaysFor(country: string, timeZone: string, window: Interval) {
  const zone = ianaZone(timeZone)!;
  const dates = localDatesCovering(zone, window);
  const blocks = holidayBlocks({ country }, dates[0]!, dates[dates.length - 1]!);
  return blocks.map((b) => {
    const [iv] = blockIntervals([b], zone);
    return { date: b.startDate, name: b.name, start: iv!.start, end: iv!.end };
  });
}

export function workingFor(timeZone: string, window: Interval, hours: WorkingHours = DEFAULT_HOURS) {
  return workingIntervals(hours, timeZone, window);
}
