import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PersonioEmulator } from '../../emulators/personio/personio-emulator.server.ts';
import { exportPersonioAttendance } from '../../src/app/cli/export-attendance.ts';
import { CONTINUOUS_JOB, RETRY_DUE_JOB } from '../../src/integrations/outbound/outbound.jobs.ts';
import { PERSONIO_ATTENDANCE_KIND } from '../../src/integrations/registry.ts';
import { jobQueue } from '../../src/platform/jobs/queue.ts';
import { type Client, createTenant, eventually, login, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';
import { connect, startEmulator, waitRun } from './sync-support.ts';

/**
 * Hours to Personio over the real app and the Personio emulator (issue 9, F-20, F-21, F-25): the report's
 * row states, sending, a refusal and an unlinked employee per row while the rest goes, re-sends that write
 * only the difference (the emulator holds exactly the right periods), the reconciliation, the continuous
 * hourly export picking up a changed past day, and the CLI's dry run.
 */
let k: TestKoppel;
let em: PersonioEmulator;
let owner: Client;
let tenantId: string;
let integrationId: string;
const people: Array<{ employeeId: string; personId: string; name: string }> = [];
let unlinkedId: string;

beforeAll(async () => {
  k = await startTestKoppel({ worker: true });
  em = await startEmulator({ employees: 6 });
  const t = await createTenant(k, 'Uren BV');
  owner = t.client;
  tenantId = t.tenant.id;
  integrationId = (await connect(owner, em, { autoAddEmployees: true, timeExchange: { attendances: true } })).id;
  const preview = await waitRun(owner, (await owner.post(`/integrations/${integrationId}/sync`, {})).body.runId);
  const applied = await waitRun(owner, (await owner.post(`/sync-runs/${preview.id}/apply`)).body.runId);
  expect(applied.status).toBe('succeeded');
  const links = await k.db
    .selectFrom('external_records')
    .innerJoin('employees', 'employees.id', 'external_records.employee_id')
    .select(['external_records.external_id', 'external_records.employee_id', 'employees.first_name', 'employees.last_name'])
    .where('external_records.integration_id', '=', integrationId)
    .where('external_records.link_state', '=', 'linked')
    .orderBy('external_records.external_id')
    .execute();
  for (const l of links.slice(0, 3)) people.push({ employeeId: l.employee_id!, personId: l.external_id, name: `${l.first_name} ${l.last_name}` });
  expect(people).toHaveLength(3);
  unlinkedId = (await owner.post('/employees', { firstName: 'Nora', lastName: 'Nietgekoppeld' })).body.id;
}, 60_000);
afterAll(async () => {
  await k?.stop();
  await em?.close();
});

const base = () => `/integrations/${integrationId}/attendance-export`;
const period = 'from=2026-06-01&to=2026-06-30';

async function shift(employeeId: string, date: string, startTime: string, endTime: string, breakMinutes: number, approve = true) {
  const res = await owner.post('/shifts', { employeeId, date, startTime, endTime, breakMinutes, confirmCorrection: true });
  expect(res.status).toBe(201);
  if (approve) expect((await owner.post(`/shifts/${res.body.id}/approve`)).status).toBe(200);
  return res.body.id as string;
}

/** Koppel's periods in the emulator (those carrying the key marker), person type start–end, sorted. */
const held = () =>
  em.state
    .listPeriods()
    .filter((p) => p.comment.includes('[koppel:'))
    .map((p) => `${p.person} ${p.type} ${p.start}–${p.end ?? ''}`)
    .sort();

type Row = { shiftId: string; state: string; reason: string | null; message: string | null; personioId: string | null; employeeName: string | null; outcome?: string; breakMinutes: number; startTime: string; endTime: string };
const byShift = (rows: Row[]) => new Map(rows.map((r) => [r.shiftId, r]));

describe('hours to Personio (F-20, F-21, F-25)', () => {
  let s1: string, s2: string, s3: string, s4: string, s5: string;
  let foreignId: string;

  it('reports approved shifts only, one row each, with new / not linked states', async () => {
    const [a, b, c] = people as [(typeof people)[0], (typeof people)[0], (typeof people)[0]];
    s1 = await shift(a.employeeId, '2026-06-01', '08:00', '16:30', 30);
    s2 = await shift(b.employeeId, '2026-06-01', '22:00', '06:00', 0);
    s3 = await shift(c.employeeId, '2026-06-02', '09:00', '17:00', 60);
    s4 = await shift(unlinkedId, '2026-06-02', '09:00', '17:00', 30);
    s5 = await shift(a.employeeId, '2026-06-03', '08:00', '12:00', 0, false); // pending: never sent
    // A period entered in Personio itself overlaps shift 3: Personio will refuse that one.
    foreignId = em.state.insertPeriod({ person: Number(c.personId), type: 'WORK', start: '2026-06-02T10:00:00', end: '2026-06-02T11:00:00', comment: 'entered in Personio' }).id;

    const r = await owner.get(`${base()}?${period}`);
    expect(r.status).toBe(200);
    const rows = byShift(r.body.rows);
    expect([...rows.keys()].sort()).toEqual([s1, s2, s3, s4].sort());
    expect(rows.has(s5)).toBe(false);
    expect(rows.get(s1)).toMatchObject({ state: 'new', personioId: a.personId, employeeName: a.name, startTime: '08:00', endTime: '16:30', breakMinutes: 30, date: '2026-06-01' });
    expect(rows.get(s4)).toMatchObject({ state: 'blocked', reason: 'not_linked', personioId: null });
    expect(r.body.counts).toEqual({ new: 3, changed: 0, unchanged: 0, removed: 0, blocked: 1 });
    expect(held()).toEqual([]);
  });

  it('sends: the refused and the unlinked shift say why per row, the rest goes', async () => {
    const [a, b, c] = people as [(typeof people)[0], (typeof people)[0], (typeof people)[0]];
    const r = await owner.post(`${base()}/send`, { from: '2026-06-01', to: '2026-06-30' });
    expect(r.status).toBe(200);
    const rows = byShift(r.body.rows);
    expect(rows.get(s1)).toMatchObject({ outcome: 'sent', reason: null });
    expect(rows.get(s2)).toMatchObject({ outcome: 'sent' });
    expect(rows.get(s3)).toMatchObject({ outcome: 'refused', reason: 'refused' });
    // Personio's title, its detail and the trace id support asks for (review9 2.3).
    expect(rows.get(s3)!.message).toMatch(/^Overlapping attendance periods: The period overlaps .* \(personio_trace_id emu-[0-9a-f]+\)$/);
    expect(rows.get(s4)).toMatchObject({ outcome: 'blocked', reason: 'not_linked' });
    expect(r.body.outcomes).toEqual({ sent: 2, unchanged: 0, removed: 0, refused: 1, retrying: 0, blocked: 1 });
    expect(r.body.status).toBe('partial');
    expect(held()).toEqual(
      [
        `${a.personId} WORK 2026-06-01T08:00:00–2026-06-01T12:00:00`,
        `${a.personId} BREAK 2026-06-01T12:00:00–2026-06-01T12:30:00`,
        `${a.personId} WORK 2026-06-01T12:30:00–2026-06-01T16:30:00`,
        `${b.personId} WORK 2026-06-01T22:00:00–2026-06-02T00:00:00`,
        `${b.personId} WORK 2026-06-02T00:00:00–2026-06-02T06:00:00`,
      ].sort(),
    );
    // A shift goes whole or not at all: Personio took its break and second half, they were taken out again.
    expect(r.body.counts).toMatchObject({ created: 7, refused: 1, removed: 2 });
    expect(held().filter((p) => p.startsWith(`${c.personId} `))).toEqual([]);
    // The report now: sent ones unchanged, the refused one still new, with Personio's reason.
    const after = byShift((await owner.get(`${base()}?${period}`)).body.rows);
    expect(after.get(s1)!.state).toBe('unchanged');
    expect(after.get(s2)!.state).toBe('unchanged');
    expect(after.get(s3)).toMatchObject({ state: 'new', reason: 'refused' });
    expect(after.get(s3)!.message).toMatch(/^Overlapping attendance periods: .*personio_trace_id/);
  });

  it('a re-send after edits writes only the difference: changed, new and removed, never a duplicate', async () => {
    const [a, , c] = people as [(typeof people)[0], (typeof people)[0], (typeof people)[0]];
    em.state.deletePeriod(foreignId);
    expect((await owner.patch(`/shifts/${s1}`, { endTime: '17:00', reason: 'left later', confirmCorrection: true })).status).toBe(200);
    expect((await owner.post(`/shifts/${s1}/approve`)).status).toBe(200);
    expect((await owner.delete(`/shifts/${s2}?reason=not%20worked&confirmCorrection=true`)).status).toBe(200);

    const report = await owner.get(`${base()}?${period}`);
    const rows = byShift(report.body.rows);
    expect(rows.get(s1)!.state).toBe('changed');
    expect(rows.get(s2)).toMatchObject({ state: 'removed', startTime: '22:00', endTime: '06:00' });
    expect(rows.get(s3)!.state).toBe('new');
    expect(report.body.counts).toEqual({ new: 1, changed: 1, unchanged: 0, removed: 1, blocked: 1 });

    // The edits on sent days were confirmed, so they are corrections the next send carries (F-25).
    const open = await owner.get(`/integrations/${integrationId}/outbound/corrections?state=open`);
    expect(open.body.map((c: { subjectId: string; action: string }) => `${c.subjectId} ${c.action}`)).toEqual(
      expect.arrayContaining([`${s1} update`, `${s2} delete`]),
    );
    const before = em.state.listPeriods().filter((p) => p.comment.includes(s1)).map((p) => p.id).sort();
    const sent = await owner.post(`${base()}/send`, { from: '2026-06-01', to: '2026-06-30' });
    expect((await owner.get(`/integrations/${integrationId}/outbound/corrections?state=open`)).body).toEqual([]);
    expect(sent.body.status).toBe('partial'); // the unlinked shift still cannot go
    expect(sent.body.counts).toMatchObject({ created: 3, updated: 3, removed: 2, unchanged: 0, refused: 0 });
    const expected = [
      `${a.personId} WORK 2026-06-01T08:00:00–2026-06-01T12:15:00`,
      `${a.personId} BREAK 2026-06-01T12:15:00–2026-06-01T12:45:00`,
      `${a.personId} WORK 2026-06-01T12:45:00–2026-06-01T17:00:00`,
      `${c.personId} WORK 2026-06-02T09:00:00–2026-06-02T12:30:00`,
      `${c.personId} BREAK 2026-06-02T12:30:00–2026-06-02T13:30:00`,
      `${c.personId} WORK 2026-06-02T13:30:00–2026-06-02T17:00:00`,
    ].sort();
    expect(held()).toEqual(expected);
    // The changed shift's periods were updated in place (same Personio ids), not created anew.
    expect(em.state.listPeriods().filter((p) => p.comment.includes(s1)).map((p) => p.id).sort()).toEqual(before);

    const third = await owner.post(`${base()}/send`, { from: '2026-06-01', to: '2026-06-30' });
    expect(third.body.counts).toMatchObject({ created: 0, updated: 0, removed: 0, unchanged: 6 });
    expect(held()).toEqual(expected);
  });

  it('reconciles what Koppel holds with what Personio holds, per person and day', async () => {
    const [a] = people as [(typeof people)[0]];
    const clean = await owner.get(`${base()}/reconciliation?${period}`);
    expect(clean.status).toBe(200);
    expect(clean.body).toMatchObject({ matching: 2, differences: [] });
    // Someone shortens Koppel's period in Personio.
    const p = em.state.listPeriods().find((x) => x.comment.includes(s1) && x.type === 'WORK' && x.end === '2026-06-01T17:00:00')!;
    em.state.updatePeriod(p.id, { end: '2026-06-01T16:00:00' });
    const diff = await owner.get(`${base()}/reconciliation?${period}`);
    expect(diff.body.differences).toEqual([
      expect.objectContaining({ personioId: a.personId, employeeId: a.employeeId, date: '2026-06-01', difference: 'different', koppel: { workMinutes: 510, breakMinutes: 30, periods: 3 }, personio: { workMinutes: 450, breakMinutes: 30, periods: 3 } }),
    ]);
    // A send that trusts the journal (repair: false, as the hourly export) writes nothing (no reads for unchanged periods) …
    const plain = await owner.post(`${base()}/send`, { from: '2026-06-01', to: '2026-06-30', repair: false });
    expect(plain.body.counts).toMatchObject({ created: 0, updated: 0, unchanged: 6 });
    // … a repair reads the period back first and writes again what was changed or deleted in Personio.
    const gone = em.state.listPeriods().find((x) => x.comment.includes(s3) && x.type === 'BREAK')!;
    em.state.deletePeriod(gone.id);
    const before = held();
    // (an ordinary send, as the report's button and the CLI make it, reads back too)
    const repaired = await owner.post(`${base()}/send`, { from: '2026-06-01', to: '2026-06-30' });
    expect(repaired.status).toBe(200);
    expect(repaired.body.counts).toMatchObject({ created: 0, updated: 2, unchanged: 4, refused: 0 });
    expect(held()).toHaveLength(before.length + 1);
    expect(held()).toContain(`${a.personId} WORK 2026-06-01T12:45:00–2026-06-01T17:00:00`);
    expect((await owner.get(`${base()}/reconciliation?${period}`)).body).toMatchObject({ matching: 2, differences: [] });
    const again = await owner.post(`${base()}/send`, { from: '2026-06-01', to: '2026-06-30', repair: true });
    expect(again.body.counts).toMatchObject({ created: 0, updated: 0, removed: 0, unchanged: 6 });
  });

  it('validates the period at the boundary and keeps other tenants out', async () => {
    expect((await owner.get(`${base()}?from=2026-06-01&to=2026-12-31`)).status).toBe(400);
    expect((await owner.get(`${base()}?from=2026-06-30&to=2026-06-01`)).status).toBe(400);
    expect((await owner.get(`${base()}?from=2026-02-30&to=2026-03-01`)).status).toBe(400);
    // Planners report and send hours; a recruiter does not.
    for (const [role, status] of [['planner', 200], ['recruiter', 403]] as const) {
      const email = `${role}-${Date.now()}@uren.test`;
      expect((await owner.post('/users', { email, name: role, role, password: 'correct horse battery' })).status).toBe(201);
      expect((await (await login(k, email, 'correct horse battery')).get(`${base()}?${period}`)).status).toBe(status);
    }
    const other = await createTenant(k, 'Ander BV');
    expect((await other.client.get(`${base()}?${period}`)).status).toBe(404);
    expect((await other.client.post(`${base()}/send`, { from: '2026-06-01', to: '2026-06-30' })).status).toBe(404);
  });

  it('CLI dry run prints the rows and counts and sends nothing; clear errors', async () => {
    const s6 = await shift(people[1]!.employeeId, '2026-06-05', '07:00', '15:00', 30);
    const writes = JSON.stringify(em.state.listPeriods());
    const out = await exportPersonioAttendance(k.db, k.config, integrationId, { from: '2026-06-01', to: '2026-06-30', dryRun: true });
    expect(out.failed).toBe(false);
    expect(out.lines.find((l) => l.includes('07:00-15:00'))).toContain('new');
    expect(out.lines.find((l) => l.includes('Nietgekoppeld'))).toContain('not_linked');
    expect(out.lines.at(-1)).toBe('4 shifts: 1 new · 0 changed · 2 unchanged · 0 removed · 1 cannot go');
    expect(JSON.stringify(em.state.listPeriods())).toBe(writes);
    await expect(exportPersonioAttendance(k.db, k.config, integrationId, { from: '2026-6-1', to: '2026-06-30' })).rejects.toThrow('--from must be a date as YYYY-MM-DD');
    await expect(exportPersonioAttendance(k.db, k.config, integrationId, { from: '2026-01-01', to: '2026-06-30' })).rejects.toThrow('At most 93 days at once');
    await expect(exportPersonioAttendance(k.db, k.config, '00000000-0000-4000-8000-000000000000', { from: '2026-06-01', to: '2026-06-30' })).rejects.toThrow('Integration not found');
    expect((await owner.delete(`/shifts/${s6}?reason=test&confirmCorrection=true`)).status).toBe(200);
  });

  it('the continuous export sends changed past days every hour: approved later, edited, unapproved; never a pending shift', async () => {
    const [a, , c] = people as [(typeof people)[0], (typeof people)[0], (typeof people)[0]];
    const on = await owner.patch(`/integrations/${integrationId}`, { settings: { attendanceExport: { continuous: true, from: '2026-06-01' } } });
    expect(on.status).toBe(200);
    expect(on.body.settings.attendanceExport).toEqual({ continuous: true, from: '2026-06-01' });
    const runJob = async () => {
      const { id } = await jobQueue.enqueue(k.db, CONTINUOUS_JOB, { tenantId, integrationId });
      return eventually(async () => {
        const j = await k.db.selectFrom('jobs').select(['status', 'result', 'last_error']).where('id', '=', id).executeTakeFirst();
        if (j?.status === 'failed' || j?.status === 'dead') throw new Error(`job failed: ${JSON.stringify(j)}`);
        return j?.status === 'done' ? (j.result as { results: Array<{ days?: number; counts?: Record<string, number> }> }) : null;
      }, 30_000);
    };
    // Switching it on starts the hourly chain at once: its first pass finds nothing new to write.
    const armed = await eventually(async () => {
      const j = await k.db.selectFrom('jobs').select(['status', 'result']).where('name', '=', CONTINUOUS_JOB).where('status', '=', 'done').executeTakeFirst();
      return j ? (j.result as { results: Array<{ integrationId: string; counts?: Record<string, number> }> }) : null;
    }, 30_000);
    expect(armed.results).toEqual([expect.objectContaining({ integrationId, counts: expect.objectContaining({ created: 0, updated: 0, removed: 0 }) })]);
    const next = await k.db.selectFrom('jobs').select('run_at').where('name', '=', CONTINUOUS_JOB).where('status', '=', 'queued').executeTakeFirstOrThrow();
    expect(next.run_at.getTime() - Date.now()).toBeGreaterThan(50 * 60_000);

    // A past day changes: shift 3 is reopened (no longer approved), the pending shift 5 gets approved later.
    expect((await owner.post(`/shifts/${s3}/reopen`, { reason: 'wrong hours', confirmCorrection: true })).status).toBe(200);
    expect((await owner.post(`/shifts/${s5}/approve`)).status).toBe(200);
    const pending = await shift(a.employeeId, '2026-06-04', '08:00', '12:00', 0, false);
    const second = await runJob();
    // Three touched days (06-04 only by the pending shift, which sends nothing), consecutive: one send.
    expect(second.results[0]).toMatchObject({ days: 3, sends: 1, counts: { created: 1, removed: 3, updated: 0 } });
    const now = held();
    expect(now.filter((p) => p.startsWith(`${c.personId} `))).toEqual([]);
    expect(now).toContain(`${a.personId} WORK 2026-06-03T08:00:00–2026-06-03T12:00:00`);
    expect(now.some((p) => p.includes('2026-06-04'))).toBe(false);
    expect(em.state.listPeriods().some((p) => p.comment.includes(pending))).toBe(false);

    const quiet = await runJob();
    expect(quiet.results[0]).toMatchObject({ days: 0 });
  });

  it('a department filter shows and sends that department only, and never removes another one\'s periods', async () => {
    const [a, b] = people as [(typeof people)[0], (typeof people)[0]];
    const kitchen = (await owner.post('/departments', { name: 'Keuken' })).body.id as string;
    const mine = await owner.post('/shifts', { employeeId: a.employeeId, date: '2026-06-10', startTime: '08:00', endTime: '12:00', breakMinutes: 0, departmentId: kitchen, confirmCorrection: true });
    expect((await owner.post(`/shifts/${mine.body.id}/approve`)).status).toBe(200);
    const other = await shift(b.employeeId, '2026-06-10', '13:00', '17:00', 0);
    const before = held();
    const report = await owner.get(`${base()}?${period}&departmentId=${kitchen}`);
    expect(report.body.rows.map((r: Row) => `${r.shiftId}:${r.state}`)).toEqual([`${mine.body.id}:new`]);
    const sent = await owner.post(`${base()}/send`, { from: '2026-06-01', to: '2026-06-30', departmentId: kitchen });
    expect(sent.body.counts).toMatchObject({ created: 1, updated: 0, removed: 0, refused: 0 });
    expect(held()).toEqual([...before, `${a.personId} WORK 2026-06-10T08:00:00–2026-06-10T12:00:00`].sort());
    const full = byShift((await owner.get(`${base()}?${period}`)).body.rows);
    expect(full.get(mine.body.id)!.state).toBe('unchanged');
    expect(full.get(other)!.state).toBe('new');
  });

  it('a shift without a department of its own counts for its contract\'s department, in the rows and the filter, as in the shift list (issue 15 item 2)', async () => {
    const bar = (await owner.post('/departments', { name: 'Bar' })).body.id as string;
    expect((await owner.post(`/employees/${unlinkedId}/contracts`, { startDate: '2026-01-01', departmentId: bar, weeklyHours: 24 })).status).toBe(201);
    const own = await shift(unlinkedId, '2026-06-11', '17:00', '23:00', 30);
    const report = await owner.get(`${base()}?${period}&departmentId=${bar}`);
    expect(report.status).toBe(200);
    // Nora's earlier shift (2 June) falls under the contract too.
    expect(report.body.rows).toEqual([
      expect.objectContaining({ shiftId: s4, departmentId: bar, state: 'blocked', reason: 'not_linked' }),
      expect.objectContaining({ shiftId: own, departmentId: bar, state: 'blocked', reason: 'not_linked' }),
    ]);
    // The shift list filters the same way.
    expect((await owner.get(`/shifts?departmentId=${bar}&status=approved&from=2026-06-01&to=2026-06-30`)).body.items.map((x: { id: string }) => x.id).sort()).toEqual([s4, own].sort());
    // Unfiltered, the row names the contract's department too; a shift with its own department keeps that one.
    const all = byShift((await owner.get(`${base()}?${period}`)).body.rows) as Map<string, Row & { departmentId: string | null }>;
    expect(all.get(own)!.departmentId).toBe(bar);
    const listed = (await owner.get('/departments')).body;
    const kitchen = (Array.isArray(listed) ? listed : listed.items).find((d: { name: string }) => d.name === 'Keuken').id;
    expect([...all.values()].filter((r) => r.departmentId === kitchen)).toHaveLength(1);
  });

  it('outbound.retry-due sends again what a transient failure left in the journal', async () => {
    // Simulate an earlier send whose write failed for a while: Personio lost the period, the journal says "retry".
    const item = await k.db
      .selectFrom('outbound_items')
      .select(['id', 'external_id', 'idempotency_key'])
      .where('integration_id', '=', integrationId)
      .where('status', '=', 'sent')
      .where('period_date', '=', '2026-06-10')
      .executeTakeFirstOrThrow();
    em.state.deletePeriod(item.external_id!);
    await k.db.updateTable('outbound_items').set({ status: 'retrying', attempts: 1, sent_hash: null, external_id: null, next_attempt_at: new Date(Date.now() - 1000) }).where('id', '=', item.id).execute();
    const { id } = await jobQueue.enqueue(k.db, RETRY_DUE_JOB, { tenantId, integrationId, kind: PERSONIO_ATTENDANCE_KIND });
    const result = await eventually(async () => {
      const j = await k.db.selectFrom('jobs').select(['status', 'result']).where('id', '=', id).executeTakeFirst();
      if (j?.status === 'failed' || j?.status === 'dead') throw new Error(`job failed: ${JSON.stringify(j)}`);
      return j?.status === 'done' ? j.result : null;
    }, 30_000);
    expect(result).toMatchObject({ sent: 1, failed: 0 });
    const after = await k.db.selectFrom('outbound_items').select(['status', 'external_id']).where('id', '=', item.id).executeTakeFirstOrThrow();
    expect(after.status).toBe('sent');
    expect(em.state.getPeriod(after.external_id!)?.comment).toContain(item.idempotency_key);
  });

  it('a repair over a window keeps night shifts at its edges: the parts after midnight are read back by the shift date (review9 2.10)', async () => {
    const [a, b] = people as [(typeof people)[0], (typeof people)[0]];
    // Night shifts on the last day of one window and the day before the next: parts after midnight start at 00:00, 01:45 and 02:15.
    await shift(a.employeeId, '2026-07-10', '22:00', '06:00', 30);
    await shift(b.employeeId, '2026-07-10', '22:00', '06:00', 30);
    const sent = await owner.post(`${base()}/send`, { from: '2026-07-10', to: '2026-07-10' });
    expect(sent.body.counts).toMatchObject({ created: 8, refused: 0 });
    const before = held();
    // The window ends on the shifts' date: their after-midnight parts are still Koppel's and unchanged.
    const writes = () => Object.entries(em.stats.calls).filter(([k]) => /^(PATCH|POST|DELETE) \/v2\/attendance-periods/.test(k)).reduce((n, [, v]) => n + v, 0);
    const writesBefore = writes();
    const edge = await owner.post(`${base()}/send`, { from: '2026-07-10', to: '2026-07-10', repair: true });
    expect(edge.body.counts).toMatchObject({ created: 0, updated: 0, removed: 0, unchanged: 8 });
    // Nothing was taken for drift: no period written again.
    expect(writes()).toBe(writesBefore);
    // The next window starts the day after: the after-midnight parts start there, but belong to the day before.
    const next = await owner.post(`${base()}/send`, { from: '2026-07-11', to: '2026-07-11', repair: true });
    expect(next.body.counts).toMatchObject({ created: 0, updated: 0, removed: 0 });
    expect(held()).toEqual(before);
    const rec = await owner.get(`${base()}/reconciliation?from=2026-07-10&to=2026-07-10`);
    expect(rec.body).toMatchObject({ matching: 2, differences: [] });
    expect((await owner.get(`${base()}/reconciliation?from=2026-07-11&to=2026-07-11`)).body).toMatchObject({ matching: 0, differences: [] });
  });
});
