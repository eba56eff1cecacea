import { sql } from 'kysely';
import { type Actor, requireRole } from '../../domain/actor.ts';
import { addDays, daysInclusive, type LocalDate } from '../../domain/dates.ts';
import { AppError, invalidField, notFound } from '../../domain/errors.ts';
import { isRefusedApproval, type PersonioPeriodPayload } from '../../connectors/hr/personio/personio.attendance-sink.ts';
import type { OutboundGuard } from '../../connectors/kit/outbound-guard.ts';
import type { OutboundSink } from '../../connectors/kit/sink.ts';
import type { SecretBox } from '../../platform/crypto.ts';
import type { Database } from '../../platform/db/client.ts';
import type { OutboundItemStatus } from '../../platform/db/schema.ts';
import { type Logger, silentLogger } from '../../platform/log/logger.ts';
import { PERSONIO_ATTENDANCE_KIND, sinkFactoryFor } from '../registry.ts';
import { sinkForIntegration } from './outbound-sinks.ts';
import { arm, RETRY_DUE_JOB, RETRY_EVERY_MS } from './outbound-job-names.ts';
import type { IntegrationRow } from '../engine/ports.ts';
import { parseSettings } from '../engine/sync.types.ts';
import type { DesiredItem } from './outbound-plan.ts';
import { createOutboundService, type ExportScope, type OutboundService } from './outbound.service.ts';
import { type OutboundShift, shiftsToDesiredItems, type SkippedShiftReason } from './personio-periods.ts';
import { resolvedShiftDepartments } from '../../workforce/shifts.service.ts';

/**
 * Koppel's approved hours to Personio (F-20 report, F-21 continuous export, F-25 reconciliation): loads the
 * approved shifts of a period, maps their employees to the Personio persons the sync linked them to, turns
 * them into v2 attendance periods (personio-periods.ts) and lets the outbound engine (outbound.service.ts)
 * preview or send them. One report row per shift; a shift that cannot go says why.
 *
 * Department: the one the shift's hours count for, as in the shift list (the shift's own, else its contract's
 * on that date). Department filter: only that department's shifts are shown and sent. The journal's other keys of the
 * period are carried along unchanged (their stored payload), so a filtered send never removes another
 * department's periods; a key whose shift was deleted is removed by a send without filter.
 */
export const MAX_EXPORT_DAYS = 93;
/** The actor name of the continuous export (F-21): its runs say who asked for them. */
export const CONTINUOUS_EXPORT_ACTOR = 'continuous-export';

export type AttendanceRowState = 'new' | 'changed' | 'unchanged' | 'removed' | 'blocked';
export type AttendanceRowReason = SkippedShiftReason | 'refused' | 'failing';

export interface AttendanceRow {
  shiftId: string;
  employeeId: string | null;
  employeeName: string | null;
  personioId: string | null;
  departmentId: string | null;
  date: LocalDate;
  startTime: string;
  endTime: string;
  breakMinutes: number;
  state: AttendanceRowState;
  /** Why the shift cannot go (blocked) or why its last send failed. */
  reason: AttendanceRowReason | null;
  /** Personio's own words for a refusal. */
  message: string | null;
}

export type RowOutcome = 'sent' | 'unchanged' | 'removed' | 'refused' | 'retrying' | 'blocked';
export interface SentRow extends AttendanceRow {
  outcome: RowOutcome;
}

export interface ReportQuery {
  from: LocalDate;
  to: LocalDate;
  departmentId?: string | null;
}

export interface ReconcileDay {
  employeeId: string | null;
  employeeName: string | null;
  personioId: string;
  date: LocalDate;
  /** Worked and break minutes and the span, as Koppel holds them (approved shifts) and as Personio does. */
  koppel: { workMinutes: number; breakMinutes: number; periods: number } | null;
  personio: { workMinutes: number; breakMinutes: number; periods: number } | null;
  difference: 'missing_in_personio' | 'only_in_personio' | 'different';
}

export interface PersonioAttendanceDeps {
  log?: Logger;
  urlGuard?: OutboundGuard;
  /** Test and benchmark knobs for the vendor client (like the sync's connectorTuning). */
  connectorTuning?: Record<string, unknown>;
  outbound?: OutboundService;
}

const minutesBetween = (a: string, b: string) => (Date.parse(`${b.slice(0, 19)}Z`) - Date.parse(`${a.slice(0, 19)}Z`)) / 60_000;

export function createPersonioAttendanceService(db: Database, box: SecretBox, deps: PersonioAttendanceDeps = {}) {
  const outbound = deps.outbound ?? createOutboundService(db);
  const log = deps.log ?? silentLogger;
  const kind = PERSONIO_ATTENDANCE_KIND;

  async function integrationOf(tenantId: string, integrationId: string): Promise<IntegrationRow> {
    const row = await db.selectFrom('integrations').selectAll().where('tenant_id', '=', tenantId).where('id', '=', integrationId).executeTakeFirst();
    if (!row) throw notFound('integration');
    if (!sinkFactoryFor(row.vendor, kind)) throw new AppError('invalid_state', { reason: 'export_not_supported' });
    return row;
  }

  /** The integration's sink, built like the sync builds its connector (outbound-sinks.ts). */
  function sinkFor(integration: IntegrationRow): OutboundSink<PersonioPeriodPayload> {
    return sinkForIntegration<PersonioPeriodPayload>({ db, box, log, ...(deps.urlGuard ? { urlGuard: deps.urlGuard } : {}), ...(deps.connectorTuning ? { connectorTuning: deps.connectorTuning } : {}) }, integration, kind);
  }

  function checkRange(q: ReportQuery) {
    if (q.to < q.from) throw invalidField('to', 'end_date_before_start_date');
    if (daysInclusive(q.from, q.to) > MAX_EXPORT_DAYS) throw invalidField('to', 'window_too_long', { max: MAX_EXPORT_DAYS });
  }

  /** Employee id → the Personio person id the sync linked it to. */
  async function links(tenantId: string, integrationId: string) {
    const rows = await db
      .selectFrom('external_records')
      .select(['external_id', 'employee_id'])
      .where('tenant_id', '=', tenantId)
      .where('integration_id', '=', integrationId)
      .where('link_state', '=', 'linked')
      .where('employee_id', 'is not', null)
      .execute();
    const personOf = new Map<string, string>();
    for (const r of rows) personOf.set(r.employee_id as string, r.external_id);
    return personOf;
  }

  type ShiftRow = OutboundShift & { department_id: string | null; first_name: string; last_name: string };

  /** The period's approved shifts (of one department when filtered), each with the department its hours count for. */
  async function approvedShifts(tenantId: string, q: ReportQuery): Promise<ShiftRow[]> {
    const rows = (
      await db
        .selectFrom('shifts')
        .innerJoin('employees', 'employees.id', 'shifts.employee_id')
        .select(['shifts.id', 'shifts.employee_id', 'shifts.date', 'shifts.start_time', 'shifts.end_time', 'shifts.break_minutes', 'shifts.department_id', 'employees.first_name', 'employees.last_name'])
        .where('shifts.tenant_id', '=', tenantId)
        .where('shifts.status', '=', 'approved')
        .where('shifts.date', '>=', q.from)
        .where('shifts.date', '<=', q.to)
        .orderBy('shifts.date')
        .orderBy('shifts.start_time')
        .orderBy('employees.last_name')
        .execute()
    ).map((r) => ({ ...r, date: String(r.date).slice(0, 10) }));
    const departments = await resolvedShiftDepartments(db, tenantId, rows);
    const resolved = rows.map((r) => ({ ...r, department_id: departments.get(r.id) ?? null }));
    return q.departmentId ? resolved.filter((r) => r.department_id === q.departmentId) : resolved;
  }

  interface JournalRow {
    idempotency_key: string;
    subject_id: string | null;
    period_date: string;
    payload: PersonioPeriodPayload;
    status: OutboundItemStatus;
    external_id: string | null;
    last_error: { code?: string; message?: string } | null;
  }

  async function journal(tenantId: string, integrationId: string, from: LocalDate, to: LocalDate): Promise<JournalRow[]> {
    const rows = await db
      .selectFrom('outbound_items')
      .select(['idempotency_key', 'subject_id', 'period_date', 'payload', 'status', 'external_id', 'last_error'])
      .where('tenant_id', '=', tenantId)
      .where('integration_id', '=', integrationId)
      .where('kind', '=', kind)
      .where('period_date', '>=', from)
      .where('period_date', '<=', to)
      .execute();
    return rows.map((r) => ({ ...r, period_date: String(r.period_date).slice(0, 10), payload: r.payload as PersonioPeriodPayload, last_error: r.last_error as JournalRow['last_error'] }));
  }

  /** Everything a report, a send and a reconciliation need for one period. */
  async function prepare(actor: Actor, integrationId: string, q: ReportQuery) {
    requireRole(actor, 'hours');
    checkRange(q);
    const integration = await integrationOf(actor.tenantId, integrationId);
    const [personOf, shifts, entries] = await Promise.all([links(actor.tenantId, integrationId), approvedShifts(actor.tenantId, q), journal(actor.tenantId, integrationId, q.from, q.to)]);
    const skipped = new Map<string, SkippedShiftReason>();
    const desired: DesiredItem<PersonioPeriodPayload>[] = shiftsToDesiredItems(shifts, (e) => personOf.get(e), { onSkipped: (id, reason) => skipped.set(id, reason) });
    if (q.departmentId) {
      // Carry the journal's keys of other departments (and of shifts still existing elsewhere) as they are.
      const mine = new Set(shifts.map((s) => s.id));
      const wanted = new Set(desired.map((d) => d.idempotencyKey));
      const subjects = [...new Set(entries.filter((e) => e.subject_id && !mine.has(e.subject_id)).map((e) => e.subject_id as string))];
      // A shift of another department is not this send's business; a deleted one's department is unknown: kept too.
      const elsewhere = new Set<string>();
      const existing = new Set<string>();
      for (let i = 0; i < subjects.length; i += 500) {
        const found = await db.selectFrom('shifts').select(['id', 'employee_id', 'date', 'department_id']).where('tenant_id', '=', actor.tenantId).where('id', 'in', subjects.slice(i, i + 500)).execute();
        const departments = await resolvedShiftDepartments(db, actor.tenantId, found);
        for (const r of found) {
          existing.add(r.id);
          if (departments.get(r.id) !== q.departmentId) elsewhere.add(r.id);
        }
      }
      for (const e of entries) {
        if (wanted.has(e.idempotency_key) || e.status === 'removed' || !e.subject_id || mine.has(e.subject_id)) continue;
        if (elsewhere.has(e.subject_id) || !existing.has(e.subject_id)) desired.push({ idempotencyKey: e.idempotency_key, subjectId: e.subject_id, periodDate: e.period_date, payload: e.payload });
      }
    }
    const scope: ExportScope = { integrationId, kind, from: q.from, to: q.to };
    return { integration, personOf, shifts, entries, skipped, desired, scope, own: new Set(shifts.map((s) => s.id)) };
  }

  async function names(tenantId: string, employeeIds: string[]) {
    const out = new Map<string, string>();
    if (employeeIds.length === 0) return out;
    const rows = await db.selectFrom('employees').select(['id', 'first_name', 'last_name']).where('tenant_id', '=', tenantId).where('id', 'in', employeeIds).execute();
    for (const r of rows) out.set(r.id, `${r.first_name} ${r.last_name}`.trim());
    return out;
  }

  /** One row per shift from the plan's per-key states; removed shifts from their journal entries. */
  async function rows(actor: Actor, prep: Awaited<ReturnType<typeof prepare>>, states: Array<{ idempotencyKey: string; action: string; subjectId: string | null }>) {
    const bySubject = new Map<string, string[]>();
    for (const p of states) {
      if (!p.subjectId) continue;
      const list = bySubject.get(p.subjectId) ?? [];
      list.push(p.action);
      bySubject.set(p.subjectId, list);
    }
    const entryBySubject = new Map<string, JournalRow[]>();
    for (const e of prep.entries) {
      if (!e.subject_id) continue;
      const list = entryBySubject.get(e.subject_id) ?? [];
      list.push(e);
      entryBySubject.set(e.subject_id, list);
    }
    const out: AttendanceRow[] = [];
    for (const s of prep.shifts) {
      const actions = bySubject.get(s.id) ?? [];
      const skip = prep.skipped.get(s.id);
      // A refused period taken out again with the rest of its shift ("forgotten") keeps its last answer.
      const failed = (entryBySubject.get(s.id) ?? []).find((e) => e.status === 'refused' || e.status === 'dead' || e.status === 'retrying' || (e.status === 'removed' && e.external_id === null && e.last_error !== null));
      let state: AttendanceRowState;
      if (skip) state = 'blocked';
      else if (actions.length > 0 && actions.every((a) => a === 'create')) state = 'new';
      else if (actions.length > 0 && actions.every((a) => a === 'unchanged')) state = 'unchanged';
      else state = 'changed';
      out.push({
        shiftId: s.id,
        employeeId: s.employee_id,
        employeeName: `${s.first_name} ${s.last_name}`.trim(),
        personioId: prep.personOf.get(s.employee_id) ?? null,
        departmentId: s.department_id,
        date: s.date,
        startTime: s.start_time.slice(0, 5),
        endTime: s.end_time.slice(0, 5),
        breakMinutes: s.break_minutes,
        state,
        reason: skip ?? (failed ? (failed.status === 'dead' || failed.status === 'retrying' ? 'failing' : 'refused') : null),
        message: !skip && failed ? (failed.last_error?.message ?? null) : null,
      });
    }
    // Shifts Koppel no longer sends (deleted, unapproved, moved out) whose periods Personio still holds.
    const removed = [...bySubject].filter(([subject, actions]) => !prep.own.has(subject) && actions.every((a) => a === 'remove'));
    const employeeOfPerson = new Map([...prep.personOf].map(([e, p]) => [p, e]));
    const nameOf = await names(actor.tenantId, [...new Set(removed.map(([subject]) => employeeOfPerson.get(entryBySubject.get(subject)?.[0]?.payload.personId ?? '') ?? '').filter(Boolean))]);
    for (const [subject] of removed) {
      const entries = (entryBySubject.get(subject) ?? []).filter((e) => e.status !== 'removed').sort((a, b) => (a.payload.start < b.payload.start ? -1 : 1));
      const first = entries[0];
      const last = entries[entries.length - 1];
      if (!first || !last) continue;
      const employeeId = employeeOfPerson.get(first.payload.personId) ?? null;
      const breakMinutes = entries.filter((e) => e.payload.type === 'BREAK').reduce((n, e) => n + minutesBetween(e.payload.start, e.payload.end), 0);
      out.push({
        shiftId: subject,
        employeeId,
        employeeName: employeeId ? (nameOf.get(employeeId) ?? null) : null,
        personioId: first.payload.personId,
        departmentId: null,
        date: first.period_date,
        startTime: first.payload.start.slice(11, 16),
        endTime: last.payload.end.slice(11, 16),
        breakMinutes,
        state: 'removed',
        reason: null,
        message: null,
      });
    }
    out.sort((a, b) => (a.date !== b.date ? (a.date < b.date ? -1 : 1) : (a.employeeName ?? '').localeCompare(b.employeeName ?? '') || a.startTime.localeCompare(b.startTime)));
    return out;
  }

  /**
   * A shift goes whole or not at all: Personio judges each period on its own, so when it refuses one period of a
   * shift (an overlap with a period entered in Personio) the shift's other periods may have been written. A second
   * send without that shift takes them out again; the row says "refused" and the next send tries the whole shift.
   */
  async function sendWhole(actor: Actor, prep: Awaited<ReturnType<typeof prepare>>, sink: OutboundSink<PersonioPeriodPayload>, o: { signal?: AbortSignal }) {
    const summary = await outbound.send(actor, prep.scope, prep.desired, sink, o);
    const subjectOf = (i: { subjectId: string | null; idempotencyKey: string }) => i.subjectId ?? subjectOfKey(i.idempotencyKey);
    const refused = new Set(summary.items.filter((i) => i.status === 'refused' || i.status === 'dead').map(subjectOf));
    const partly = new Set(summary.items.filter((i) => i.status === 'sent' && refused.has(subjectOf(i))).map(subjectOf));
    if (partly.size === 0) return summary;
    const undo = await outbound.send(actor, prep.scope, prep.desired.filter((d) => !partly.has(d.subjectId)), sink, o);
    log.info({ integrationId: prep.scope.integrationId, shifts: partly.size, removed: undo.counts.removed }, 'personio attendance export: partly refused shifts taken out again');
    // What the user sees: the first send's outcome per item, the taken-out periods counted as removed.
    const counts = { ...summary.counts, removed: summary.counts.removed + undo.counts.removed, retrying: summary.counts.retrying + undo.counts.retrying };
    const items = summary.items.map((i) => (partly.has(subjectOf(i)) && i.status === 'sent' ? { ...i, status: 'removed' as const } : i));
    return { ...summary, status: undo.status === 'failed' ? ('partial' as const) : summary.status, counts, items };
  }

  /**
   * Repair (F-25): the journal says what Personio holds as far as Koppel knows; someone may have changed or deleted
   * Koppel's periods in Personio since. Reads the period back and makes the journal forget what no longer holds, so
   * the send that follows writes those periods again (and deletes Koppel-marked periods Koppel no longer wants).
   */
  /**
   * What Personio holds of Koppel's periods for the shifts of [from, to], by the shift's date (the journal's
   * `period_date`), not by the period's start: the parts after midnight of the last day's night shifts start on
   * the day after (read up to its end; a shift lasts at most 24 h), and parts starting on the first day may
   * belong to the night shift of the day before (left out). The sink reads local date-times: it is built with
   * time zone UTC (outbound-sinks.ts), so these instants are the local wall-clock bounds as written.
   */
  async function heldForShiftDates(tenantId: string, prep: Awaited<ReturnType<typeof prepare>>, sink: OutboundSink<PersonioPeriodPayload>, o: { signal?: AbortSignal } = {}) {
    const { from, to } = prep.scope;
    const rows = await sink.readBack({ from: new Date(`${from}T00:00:00Z`), to: new Date(`${addDays(to, 1)}T23:59:59Z`) }, o);
    const inWindow = new Set([...prep.desired.map((d) => d.idempotencyKey), ...prep.entries.map((e) => e.idempotency_key)]);
    const others = [...new Set(rows.map((h) => h.idempotencyKey).filter((k) => !inWindow.has(k)))];
    const dateOf = new Map<string, string>();
    for (let i = 0; i < others.length; i += 500) {
      const chunk = others.slice(i, i + 500);
      const found = await db.selectFrom('outbound_items').select(['idempotency_key', 'period_date']).where('tenant_id', '=', tenantId).where('integration_id', '=', prep.scope.integrationId).where('kind', '=', kind).where('idempotency_key', 'in', chunk).execute();
      for (const f of found) dateOf.set(f.idempotency_key, String(f.period_date).slice(0, 10));
    }
    return rows.filter((h) => {
      if (inWindow.has(h.idempotencyKey)) return true;
      // Not journaled in the window: journaled for another date, or unknown (then by its start, within the window only).
      const date = dateOf.get(h.idempotencyKey) ?? h.payload.start.slice(0, 10);
      return date >= from && date <= to;
    });
  }

  async function markDrift(actor: Actor, prep: Awaited<ReturnType<typeof prepare>>, sink: OutboundSink<PersonioPeriodPayload>, o: { signal?: AbortSignal }) {
    const held = new Map((await heldForShiftDates(actor.tenantId, prep, sink, o)).map((h) => [h.idempotencyKey, h]));
    const entries = new Map(prep.entries.map((e) => [e.idempotency_key, e]));
    const wanted = new Set(prep.desired.map((d) => d.idempotencyKey));
    let marked = 0;
    const base = () => db.updateTable('outbound_items').where('tenant_id', '=', actor.tenantId).where('integration_id', '=', prep.scope.integrationId).where('kind', '=', kind);
    for (const d of prep.desired) {
      const e = entries.get(d.idempotencyKey);
      if (!e || e.status !== 'sent') continue;
      const h = held.get(d.idempotencyKey);
      if (h && sink.samePayload?.(e.payload, h.payload) !== false) continue;
      // Changed in Personio (write it again, by its id) or gone there (the sink finds the id gone and creates anew).
      await base().set({ sent_hash: null, ...(h ? { external_id: h.externalId } : {}) }).where('idempotency_key', '=', d.idempotencyKey).execute();
      marked++;
    }
    for (const [key, h] of held) {
      if (wanted.has(key)) continue;
      const e = entries.get(key);
      if (e && e.status === 'sent' && e.external_id === h.externalId) continue; // the plan removes it already
      // A Koppel period Personio still holds that Koppel no longer wants: journal it as held, so the plan removes it.
      if (e) await base().set({ status: 'sent', external_id: h.externalId, sent_hash: 'drift', next_attempt_at: null }).where('idempotency_key', '=', key).execute();
      else {
        const date = h.payload.start.slice(0, 10);
        await db
          .insertInto('outbound_items')
          .values({ tenant_id: actor.tenantId, integration_id: prep.scope.integrationId, kind, idempotency_key: key, subject_id: subjectOfKey(key), period_date: date, payload: JSON.stringify(h.payload), payload_hash: 'drift', sent_hash: 'drift', external_id: h.externalId, status: 'sent' })
          .onConflict((oc) => oc.columns(['integration_id', 'idempotency_key']).doUpdateSet({ status: 'sent', external_id: h.externalId, sent_hash: 'drift' }))
          .execute();
      }
      marked++;
    }
    if (marked > 0) {
      // The plan reads the journal afresh in the send that follows.
      log.info({ integrationId: prep.scope.integrationId, marked }, 'personio attendance export: periods changed in Personio are written again');
      prep.entries = await journal(actor.tenantId, prep.scope.integrationId, prep.scope.from, prep.scope.to);
    }
    return marked;
  }

  const countStates = (list: AttendanceRow[]) => {
    const counts = { new: 0, changed: 0, unchanged: 0, removed: 0, blocked: 0 };
    for (const r of list) counts[r.state]++;
    return counts;
  };

  return {
    kind,

    /** The report (F-20): what a send of the period would do, per shift. Reads Koppel only. */
    async report(actor: Actor, integrationId: string, q: ReportQuery) {
      const prep = await prepare(actor, integrationId, q);
      const plan = await outbound.preview(actor, prep.scope, prep.desired);
      const list = await rows(actor, prep, plan.map((p) => ({ idempotencyKey: p.idempotencyKey, action: p.action, subjectId: p.desired?.subjectId ?? subjectOfKey(p.idempotencyKey) })));
      return { from: q.from, to: q.to, departmentId: q.departmentId ?? null, counts: countStates(list), rows: list };
    },

    /**
     * Sends the period (F-20): writes what is new or changed, deletes what was removed, never twice. Returns
     * the report rows as they were before the send, each with its outcome (a refusal with Personio's words).
     */
    async send(actor: Actor, integrationId: string, q: ReportQuery & { repair?: boolean }, o: { signal?: AbortSignal } = {}) {
      const prep = await prepare(actor, integrationId, q);
      const sink = sinkFor(prep.integration);
      // Issue 9: a send compares with what Personio holds (the period read back) and writes the difference;
      // `repair: false` trusts Koppel's journal alone (no reads; the hourly export works that way).
      if (q.repair !== false) await markDrift(actor, prep, sink, o);
      const summary = await sendWhole(actor, prep, sink, o);
      const list = await rows(actor, prep, summary.items.map((i) => ({ idempotencyKey: i.idempotencyKey, action: i.action, subjectId: i.subjectId ?? subjectOfKey(i.idempotencyKey) })));
      const statusBySubject = new Map<string, OutboundItemStatus[]>();
      for (const i of summary.items) {
        const subject = i.subjectId ?? subjectOfKey(i.idempotencyKey);
        if (!subject) continue;
        const l = statusBySubject.get(subject) ?? [];
        l.push(i.status);
        statusBySubject.set(subject, l);
      }
      // Personio's words for what it refused in this send.
      const refusedKeys = summary.items.filter((i) => i.status === 'refused' || i.status === 'dead').map((i) => i.idempotencyKey);
      const messages = new Map<string, string>();
      if (refusedKeys.length > 0) {
        const errs = await db
          .selectFrom('outbound_items')
          .select(['subject_id', 'last_error'])
          .where('tenant_id', '=', actor.tenantId)
          .where('integration_id', '=', integrationId)
          .where('idempotency_key', 'in', refusedKeys)
          .execute();
        for (const e of errs) if (e.subject_id) messages.set(e.subject_id, (e.last_error as { message?: string } | null)?.message ?? '');
      }
      const result: SentRow[] = list.map((r) => {
        const statuses = statusBySubject.get(r.shiftId) ?? [];
        let outcome: RowOutcome;
        if (r.state === 'blocked') outcome = 'blocked';
        else if (statuses.some((s) => s === 'refused' || s === 'dead')) outcome = 'refused';
        else if (statuses.some((s) => s === 'retrying' || s === 'removing' || s === 'pending')) outcome = 'retrying';
        else if (r.state === 'removed') outcome = 'removed';
        else if (r.state === 'unchanged') outcome = 'unchanged';
        else outcome = 'sent';
        return {
          ...r,
          outcome,
          ...(outcome === 'refused' ? { reason: 'refused' as const, message: messages.get(r.shiftId) ?? null } : outcome === 'sent' || outcome === 'removed' || outcome === 'unchanged' ? { reason: null, message: null } : {}),
        };
      });
      const outcomes = { sent: 0, unchanged: 0, removed: 0, refused: 0, retrying: 0, blocked: 0 };
      for (const r of result) outcomes[r.outcome]++;
      log.info({ integrationId, from: q.from, to: q.to, runId: summary.runId, status: summary.status, counts: summary.counts }, 'personio attendance export sent');
      // Transient failures: the retry sweep takes them in a minute (or with its next round), not only after midnight.
      if (summary.counts.retrying > 0) await arm(db, RETRY_DUE_JOB, RETRY_EVERY_MS, 60_000);
      // A shift that could not go (not linked) makes the send partial, as a refusal does.
      const status = summary.status === 'succeeded' && outcomes.blocked > 0 ? 'partial' : summary.status;
      return { runId: summary.runId, status, counts: summary.counts, outcomes, rows: result };
    },

    /**
     * Reconciliation (F-25): per Personio person and day, the periods Koppel's approved shifts stand for next to
     * the periods Personio holds that Koppel wrote (read back through the sink), and where they differ.
     */
    async reconcile(actor: Actor, integrationId: string, q: ReportQuery) {
      const prep = await prepare(actor, integrationId, q);
      const held = await heldForShiftDates(actor.tenantId, prep, sinkFor(prep.integration));
      type Tally = { workMinutes: number; breakMinutes: number; periods: number };
      const add = (map: Map<string, Tally>, key: string, p: PersonioPeriodPayload) => {
        const t = map.get(key) ?? { workMinutes: 0, breakMinutes: 0, periods: 0 };
        const m = minutesBetween(p.start, p.end);
        if (p.type === 'WORK') t.workMinutes += m;
        else t.breakMinutes += m;
        t.periods++;
        map.set(key, t);
      };
      const koppel = new Map<string, Tally>();
      const personio = new Map<string, Tally>();
      const detail = new Map<string, Set<string>>();
      const sig = (key: string, p: PersonioPeriodPayload) => {
        const s = detail.get(key) ?? new Set<string>();
        s.add(`${p.type} ${p.start.slice(0, 16)} ${p.end.slice(0, 16)}`);
        detail.set(key, s);
      };
      const wantSigs = new Map<string, Set<string>>();
      for (const d of prep.desired) {
        const key = `${d.payload.personId}|${d.periodDate}`;
        add(koppel, key, d.payload);
        const s = wantSigs.get(key) ?? new Set<string>();
        s.add(`${d.payload.type} ${d.payload.start.slice(0, 16)} ${d.payload.end.slice(0, 16)}`);
        wantSigs.set(key, s);
      }
      // Personio attributes a period to its start's day; Koppel a night shift's second part to the shift's date.
      const dayOf = new Map(prep.entries.map((e) => [e.external_id ?? '', e.period_date]));
      for (const h of held) {
        // A period an approver rejected is not in Personio's hours: it shows as missing there (a send re-submits it).
        if (isRefusedApproval(h.payload.approval)) continue;
        const key = `${h.payload.personId}|${dayOf.get(h.externalId) ?? h.payload.attributionDate ?? h.payload.start.slice(0, 10)}`;
        add(personio, key, h.payload);
        sig(key, h.payload);
      }
      const employeeOfPerson = new Map([...prep.personOf].map(([e, p]) => [p, e]));
      const keys = [...new Set([...koppel.keys(), ...personio.keys()])].sort();
      const nameOf = await names(actor.tenantId, [...new Set(keys.map((k) => employeeOfPerson.get(k.split('|')[0]!)).filter((e): e is string => !!e))]);
      const days: ReconcileDay[] = [];
      let same = 0;
      for (const key of keys) {
        const [personioId, date] = key.split('|') as [string, string];
        const a = koppel.get(key) ?? null;
        const b = personio.get(key) ?? null;
        const wanted = [...(wantSigs.get(key) ?? [])].sort().join(';');
        const got = [...(detail.get(key) ?? [])].sort().join(';');
        if (a && b && wanted === got) {
          same++;
          continue;
        }
        const employeeId = employeeOfPerson.get(personioId) ?? null;
        days.push({ employeeId, employeeName: employeeId ? (nameOf.get(employeeId) ?? null) : null, personioId, date, koppel: a, personio: b, difference: !b ? 'missing_in_personio' : !a ? 'only_in_personio' : 'different' });
      }
      return { from: q.from, to: q.to, matching: same, differences: days };
    },

    /** The retry job: sends again what the journal holds as due for one integration. */
    async retryDue(tenantId: string, integrationId: string, o: { signal?: AbortSignal } = {}) {
      const integration = await integrationOf(tenantId, integrationId);
      return outbound.retryDue(tenantId, integrationId, kind, sinkFor(integration) as OutboundSink<unknown>, o);
    },

    sinkFor,

    /**
     * The continuous export (F-21) of one integration: sends every day from the start date on that changed since
     * the last export — a shift edited, approved, unapproved or deleted — and nothing else.
     */
    async continuous(actor: Actor, integrationId: string, today: LocalDate, o: { signal?: AbortSignal } = {}) {
      const integration = await integrationOf(actor.tenantId, integrationId);
      const settings = parseSettings(integration.settings);
      const cfg = settings.attendanceExport;
      if (!integration.active || !cfg.continuous || !cfg.from) return { skipped: 'off' as const };
      if (cfg.from > today) return { skipped: 'before_start' as const };
      // The pass starts now (the database's clock, which stamps shifts.updated_at too); the cursor moves here only when
      // every send of the pass went through, so a pass that fails part-way is repeated, never skipped.
      const passStart = (await sql<{ now: Date }>`SELECT now() AS now`.execute(db)).rows[0]!.now;
      const cursor = await db
        .selectFrom('outbound_cursors')
        .select('changed_since')
        .where('tenant_id', '=', actor.tenantId)
        .where('integration_id', '=', integrationId)
        .where('kind', '=', kind)
        .executeTakeFirst();
      const since = cursor?.changed_since ?? null;
      const advance = () =>
        db
          .insertInto('outbound_cursors')
          .values({ tenant_id: actor.tenantId, integration_id: integrationId, kind, changed_since: passStart })
          .onConflict((oc) => oc.columns(['integration_id', 'kind']).doUpdateSet({ changed_since: passStart, updated_at: new Date() }))
          .execute();
      const days = new Set<LocalDate>();
      // Shifts touched since the last export (edits and approvals change updated_at), from the start date on.
      let touched = db.selectFrom('shifts').select('date').distinct().where('tenant_id', '=', actor.tenantId).where('date', '>=', cfg.from).where('date', '<=', today);
      if (since) touched = touched.where('updated_at', '>=', since);
      for (const r of await touched.execute()) days.add(String(r.date).slice(0, 10));
      // Journal items whose shift vanished or is no longer approved (deletions leave no shift row to find).
      const gone = await db
        .selectFrom('outbound_items')
        .leftJoin('shifts', (j) => j.onRef('shifts.id', '=', 'outbound_items.subject_id').on('shifts.status', '=', 'approved'))
        .select('outbound_items.period_date')
        .distinct()
        .where('outbound_items.tenant_id', '=', actor.tenantId)
        .where('outbound_items.integration_id', '=', integrationId)
        .where('outbound_items.kind', '=', kind)
        .where('outbound_items.status', 'not in', ['removed'])
        .where('outbound_items.external_id', 'is not', null)
        .where('outbound_items.period_date', '>=', cfg.from)
        .where('shifts.id', 'is', null)
        .execute();
      for (const r of gone) days.add(String(r.period_date).slice(0, 10));
      if (days.size === 0) {
        await advance();
        return { days: 0, sends: 0, counts: null };
      }
      // Consecutive changed days go as one send, at most MAX_EXPORT_DAYS each.
      const sorted = [...days].sort();
      const ranges: Array<{ from: LocalDate; to: LocalDate }> = [];
      for (const d of sorted) {
        const r = ranges[ranges.length - 1];
        if (r && addDays(r.to, 1) === d && daysInclusive(r.from, d) <= MAX_EXPORT_DAYS) r.to = d;
        else ranges.push({ from: d, to: d });
      }
      const sink = sinkFor(integration);
      const total = { created: 0, updated: 0, removed: 0, unchanged: 0, refused: 0, retrying: 0, dead: 0 };
      for (const r of ranges) {
        const prep = await prepare(actor, integrationId, r);
        const summary = await sendWhole(actor, prep, sink, o);
        for (const k of Object.keys(total) as Array<keyof typeof total>) total[k] += summary.counts[k];
      }
      await advance();
      return { days: days.size, sends: ranges.length, counts: total };
    },
  };
}

/** `shift:<id>:<n>` → the shift id. */
function subjectOfKey(key: string): string | null {
  const m = /^shift:([0-9a-f-]{36}):\d+$/.exec(key);
  return m ? m[1]! : null;
}

export type PersonioAttendanceService = ReturnType<typeof createPersonioAttendanceService>;
