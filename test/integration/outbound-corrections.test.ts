import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboundSink, ReadBackItem, SinkItem, SinkResult } from '../../src/connectors/kit/sink.ts';
import type { Actor } from '../../src/domain/actor.ts';
import { createOutboundService } from '../../src/integrations/outbound/outbound.service.ts';
import { type Client, createTenant, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';
import { created, employee, type RoleClient, userWithRole } from '../helpers/workforce.ts';

/**
 * F-26 and F-25 over HTTP on the real app: an integration's dead letters (list, attempts, retry, dismiss,
 * tenant and role checks) and writes on sent days (refused without confirmation, nothing written; confirmed,
 * a correction recorded and later carried by a send; unsent days untouched).
 */
type Payload = { n: number };

/** A vendor that refuses n < 0 for good, fails n >= 1000 as an outage, and accepts the rest. */
class Vendor implements OutboundSink<Payload> {
  readonly vendor = 'stand-in';
  held = new Map<string, Payload>();
  async write(items: readonly SinkItem<Payload>[]): Promise<SinkResult[]> {
    return items.map((i) => {
      if (i.payload.n < 0) return { idempotencyKey: i.idempotencyKey, outcome: 'failed', error: { code: 'rejected', message: 'overlaps an existing period', retryable: false } };
      if (i.payload.n >= 1000) return { idempotencyKey: i.idempotencyKey, outcome: 'failed', error: { code: 'unavailable', message: '503 Service Unavailable', retryable: true } };
      this.held.set(i.idempotencyKey, i.payload);
      return { idempotencyKey: i.idempotencyKey, outcome: 'created', externalId: `ext-${i.idempotencyKey}` };
    });
  }
  async readBack(q: { keys: readonly string[] } | { from: Date; to: Date }): Promise<ReadBackItem<Payload>[]> {
    const keys = 'keys' in q ? q.keys : [...this.held.keys()];
    return keys.flatMap((k) => (this.held.has(k) ? [{ idempotencyKey: k, externalId: `ext-${k}`, payload: this.held.get(k)! }] : []));
  }
  samePayload(a: Payload, b: Payload) {
    return a.n === b.n;
  }
}

let k: TestKoppel;
let owner: Client;
let actor: Actor;
let other: Client;
let recruiter: RoleClient;
let integrationId: string;

async function newIntegration(tenantId: string, name: string) {
  const row = await k.db
    .insertInto('integrations')
    .values({ tenant_id: tenantId, vendor: 'personio', name, base_url: 'http://127.0.0.1:9', credentials_encrypted: k.services.box.encrypt('{}'), settings: '{}' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

beforeAll(async () => {
  k = await startTestKoppel();
  const t = await createTenant(k, 'Corrections BV');
  owner = t.client;
  actor = { tenantId: t.tenant.id, type: 'user', id: t.owner.id, userId: t.owner.id, name: 'Olga Owner', role: 'owner', timeZone: 'Europe/Amsterdam' };
  other = (await createTenant(k, 'Other BV')).client;
  recruiter = await userWithRole(k, owner, 'recruiter');
  integrationId = await newIntegration(t.tenant.id, 'Personio HQ');
});
afterAll(async () => {
  await k?.stop();
});

describe('dead letters over HTTP', () => {
  let deadId: string;
  let refusedId: string;

  beforeAll(async () => {
    // One transient failure with a single attempt allowed (→ dead), one refusal (→ refused), one that goes through.
    const outbound = createOutboundService(k.db, { policy: { maxAttempts: 1 } });
    const run = await outbound.send(
      actor,
      { integrationId, kind: 'personio.attendance', from: '2026-10-01', to: '2026-10-03' },
      [
        { idempotencyKey: 'shift:a:0', subjectId: null, periodDate: '2026-10-01', payload: { n: 1000 } },
        { idempotencyKey: 'shift:b:0', subjectId: null, periodDate: '2026-10-02', payload: { n: -1 } },
        { idempotencyKey: 'shift:c:0', subjectId: null, periodDate: '2026-10-03', payload: { n: 1 } },
      ],
      new Vendor(),
    );
    expect(run.counts).toMatchObject({ created: 1, dead: 1, refused: 1 });
    const ids = Object.fromEntries(
      (await k.db.selectFrom('outbound_items').select(['id', 'idempotency_key']).where('integration_id', '=', integrationId).execute()).map((r) => [r.idempotency_key, r.id]),
    );
    deadId = ids['shift:a:0']!;
    refusedId = ids['shift:b:0']!;
  });

  it('lists the dead and refused items with their last error, and an item’s attempts', async () => {
    const res = await owner.get(`/integrations/${integrationId}/outbound/dead-letters`);
    expect(res.status).toBe(200);
    const byKey = Object.fromEntries(res.body.map((d: { idempotencyKey: string }) => [d.idempotencyKey, d]));
    expect(Object.keys(byKey).sort()).toEqual(['shift:a:0', 'shift:b:0']);
    expect(byKey['shift:a:0']).toMatchObject({ id: deadId, status: 'dead', kind: 'personio.attendance', periodDate: '2026-10-01', attempts: 1, error: { code: 'unavailable', message: '503 Service Unavailable' } });
    expect(byKey['shift:b:0']).toMatchObject({ id: refusedId, status: 'refused', error: { code: 'rejected' } });

    const attempts = await owner.get(`/integrations/${integrationId}/outbound/items/${deadId}/attempts`);
    expect(attempts.status).toBe(200);
    expect(attempts.body).toEqual([expect.objectContaining({ operation: 'write', outcome: 'failed', errorCode: 'unavailable', message: '503 Service Unavailable' })]);
  });

  it('another tenant gets 404, a role without hours 403, and nothing changes', async () => {
    expect((await other.get(`/integrations/${integrationId}/outbound/dead-letters`)).status).toBe(404);
    expect((await other.get(`/integrations/${integrationId}/outbound/items/${deadId}/attempts`)).status).toBe(404);
    expect((await other.post(`/integrations/${integrationId}/outbound/items/${deadId}/retry`)).status).toBe(404);
    expect((await other.post(`/integrations/${integrationId}/outbound/items/${deadId}/dismiss`)).status).toBe(404);
    expect((await recruiter.get(`/integrations/${integrationId}/outbound/dead-letters`)).status).toBe(403);
    expect((await recruiter.post(`/integrations/${integrationId}/outbound/items/${deadId}/retry`)).status).toBe(403);
    expect((await recruiter.post(`/integrations/${integrationId}/outbound/items/${deadId}/dismiss`)).status).toBe(403);
    expect((await recruiter.get(`/integrations/${integrationId}/outbound/corrections`)).status).toBe(403);
    // The other tenant's own integration id with this tenant's item: not found either.
    const row = await k.db.selectFrom('outbound_items').select('status').where('id', '=', deadId).executeTakeFirstOrThrow();
    expect(row.status).toBe('dead');
    expect((await owner.get(`/integrations/${integrationId}/outbound/dead-letters`)).body).toHaveLength(2);
  });

  it('retry puts the item back (due now, attempts afresh), enqueues outbound.retry-due, and it leaves the list', async () => {
    const res = await owner.post(`/integrations/${integrationId}/outbound/items/${deadId}/retry`);
    expect(res.status).toBe(200);
    expect(res.body.kind).toBe('personio.attendance');
    const item = await k.db.selectFrom('outbound_items').select(['status', 'attempts', 'next_attempt_at']).where('id', '=', deadId).executeTakeFirstOrThrow();
    expect(item).toMatchObject({ status: 'retrying', attempts: 0 });
    expect(item.next_attempt_at!.getTime()).toBeLessThanOrEqual(Date.now());
    const job = await k.db.selectFrom('jobs').select(['name', 'payload', 'tenant_id']).where('id', '=', res.body.jobId).executeTakeFirstOrThrow();
    expect(job).toMatchObject({ name: 'outbound.retry-due', tenant_id: actor.tenantId, payload: { tenantId: actor.tenantId, integrationId, kind: 'personio.attendance' } });
    const list = await owner.get(`/integrations/${integrationId}/outbound/dead-letters`);
    expect(list.body.map((d: { id: string }) => d.id)).toEqual([refusedId]);
    // Not a dead letter any more: a second retry is refused.
    const again = await owner.post(`/integrations/${integrationId}/outbound/items/${deadId}/retry`);
    expect(again.status).toBe(409);
    // The retry job picks it up: with the vendor back, it is sent.
    const outbound = createOutboundService(k.db);
    const vendor = new Vendor();
    await k.db.updateTable('outbound_items').set({ payload: JSON.stringify({ n: 5 }) }).where('id', '=', deadId).execute();
    expect(await outbound.retryDue(actor.tenantId, integrationId, 'personio.attendance', vendor as OutboundSink<unknown>)).toMatchObject({ sent: 1 });
  });

  it('dismiss sets a dead letter aside', async () => {
    const res = await owner.post(`/integrations/${integrationId}/outbound/items/${refusedId}/dismiss`);
    expect(res.status).toBe(200);
    expect((await owner.get(`/integrations/${integrationId}/outbound/dead-letters`)).body).toEqual([]);
    const row = await k.db.selectFrom('outbound_items').select('status').where('id', '=', refusedId).executeTakeFirstOrThrow();
    expect(row.status).toBe('dismissed');
  });
});

describe('writes on sent days', () => {
  let emp: string;
  let lockedShift: { id: string; startTime: string };
  let freeShift: { id: string };
  const send = (from: string, to: string, kind = 'personio.attendance') =>
    createOutboundService(k.db).send(actor, { integrationId, kind, from, to }, [], new Vendor());
  const corrections = async () => (await owner.get(`/integrations/${integrationId}/outbound/corrections`)).body as Array<Record<string, unknown>>;

  beforeAll(async () => {
    emp = await employee(owner);
    lockedShift = await created(owner, '/shifts', { employeeId: emp, date: '2026-11-03', startTime: '09:00', endTime: '17:00', breakMinutes: 30 });
    freeShift = await created(owner, '/shifts', { employeeId: emp, date: '2026-11-20', startTime: '09:00', endTime: '17:00' });
    await send('2026-11-01', '2026-11-07');
  });

  it('lists the sent days', async () => {
    const res = await owner.get('/outbound/locked-days?from=2026-11-01&to=2026-11-30&subject=shift');
    expect(res.status).toBe(200);
    expect(res.body.map((d: { day: string }) => d.day)).toEqual(['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06', '2026-11-07']);
    expect(res.body[0]).toMatchObject({ integrationId, integrationName: 'Personio HQ', kind: 'personio.attendance' });
    // Attendance exports do not carry absences.
    expect((await owner.get('/outbound/locked-days?from=2026-11-01&to=2026-11-30&subject=absence')).body).toEqual([]);
  });

  it('an edit on a sent day without confirmation is refused with 409 period_sent and changes nothing', async () => {
    const res = await owner.patch(`/shifts/${lockedShift.id}`, { startTime: '08:00' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('conflict');
    expect(res.body.error.message).toContain('03/11/2026');
    expect(res.body.error.message).toContain('Personio HQ');
    expect(res.body.error.details).toMatchObject({ reason: 'period_sent', locks: [{ integrationId, integrationName: 'Personio HQ', kind: 'personio.attendance', day: '2026-11-03' }] });
    expect((await owner.get(`/shifts/${lockedShift.id}`)).body.startTime).toBe('09:00');
    expect(await corrections()).toEqual([]);
    // The same for a new shift and a deletion on that day.
    const before = (await owner.get('/shifts?from=2026-11-03&to=2026-11-03')).body.total;
    expect((await owner.post('/shifts', { employeeId: emp, date: '2026-11-03', startTime: '18:00', endTime: '20:00' })).status).toBe(409);
    expect((await owner.delete(`/shifts/${lockedShift.id}`)).status).toBe(409);
    expect((await owner.get('/shifts?from=2026-11-03&to=2026-11-03')).body.total).toBe(before);
    // Moving a shift from a free day onto a sent day is a write on the sent day too.
    expect((await owner.patch(`/shifts/${freeShift.id}`, { date: '2026-11-04' })).status).toBe(409);
    // In Dutch.
    const nl = await owner.call('PATCH', `/shifts/${lockedShift.id}`, { startTime: '08:00' }, { 'accept-language': 'nl' });
    expect(nl.body.error.message).toContain('al op');
  });

  it('confirmed, the edit is saved and a correction recorded; the next send of that kind marks it carried', async () => {
    const res = await owner.patch(`/shifts/${lockedShift.id}`, { startTime: '08:00', confirmCorrection: true });
    expect(res.status).toBe(200);
    expect(res.body.startTime).toBe('08:00');
    const list = await corrections();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      kind: 'personio.attendance',
      subjectType: 'shift',
      subjectId: lockedShift.id,
      day: '2026-11-03',
      action: 'update',
      actorName: 'Olga Owner',
      before: { startTime: '09:00', endTime: '17:00', date: '2026-11-03' },
      after: { startTime: '08:00', date: '2026-11-03' },
      carriedAt: null,
    });
    expect((await owner.get(`/integrations/${integrationId}/outbound/corrections?state=open`)).body).toHaveLength(1);
    // A send of another period does not carry it; one covering the day does.
    await send('2026-11-10', '2026-11-12');
    expect((await corrections())[0]!.carriedAt).toBeNull();
    const run = await send('2026-11-01', '2026-11-07');
    const after = (await corrections())[0]!;
    expect(after.carriedAt).not.toBeNull();
    expect(after.carriedRunId).toBe(run.runId);
    expect((await owner.get(`/integrations/${integrationId}/outbound/corrections?state=open`)).body).toEqual([]);
  });

  it('a deletion and a new shift on a sent day go through when confirmed, each with a correction', async () => {
    const extra = await owner.post('/shifts', { employeeId: emp, date: '2026-11-05', startTime: '18:00', endTime: '20:00', confirmCorrection: true });
    expect(extra.status).toBe(201);
    const del = await owner.delete(`/shifts/${extra.body.id}?confirmCorrection=true`);
    expect(del.status).toBe(200);
    const open = (await owner.get(`/integrations/${integrationId}/outbound/corrections?state=open`)).body;
    expect(open.map((c: { action: string; subjectId: string }) => [c.action, c.subjectId]).sort()).toEqual([
      ['create', extra.body.id],
      ['delete', extra.body.id],
    ]);
  });

  it('a day nobody sent is unaffected: no confirmation asked, no correction', async () => {
    const count = (await corrections()).length;
    const res = await owner.patch(`/shifts/${freeShift.id}`, { endTime: '18:00' });
    expect(res.status).toBe(200);
    expect(res.body.endTime).toBe('18:00');
    expect((await corrections()).length).toBe(count);
  });

  it('an import with rows on sent days is refused as a whole unless confirmed, then each such row is a correction', async () => {
    const number = `PN-${Date.now() % 100000}`;
    const e2 = await employee(owner, { personnelNumber: number });
    const csv = ['personnel_number;date;start;end;break_minutes', `${number};2026-11-06;09:00;12:00;0`, `${number};2026-11-25;09:00;12:00;0`].join('\n');
    const dry = await owner.post('/shifts/import', { csv, dryRun: true });
    expect(dry.status).toBe(409);
    const refused = await owner.post('/shifts/import', { csv });
    expect(refused.status).toBe(409);
    expect(refused.body.error.details.locks.map((l: { day: string }) => l.day)).toEqual(['2026-11-06']);
    expect((await owner.get(`/shifts?employeeId=${e2}`)).body.total).toBe(0);
    const ok = await owner.post('/shifts/import', { csv, confirmCorrection: true });
    expect(ok.status).toBe(200);
    expect(ok.body.imported).toBe(2);
    const imported = (await owner.get(`/shifts?employeeId=${e2}`)).body.items as Array<{ id: string; date: string }>;
    const onSent = imported.find((s) => s.date === '2026-11-06')!;
    const rows = (await corrections()).filter((c) => c.action === 'import');
    expect(rows.map((c) => [c.subjectId, c.day])).toEqual([[onSent.id, '2026-11-06']]);
  });

  it('approving a shift on a sent day records a correction without asking', async () => {
    const res = await owner.post(`/shifts/${lockedShift.id}/approve`);
    expect(res.status).toBe(200);
    const rows = (await corrections()).filter((c) => c.action === 'approve');
    expect(rows).toEqual([expect.objectContaining({ subjectId: lockedShift.id, day: '2026-11-03', before: expect.objectContaining({ status: 'pending' }), after: expect.objectContaining({ status: 'approved' }) })]);
  });

  it('a bulk approval records corrections for the shifts on sent days only', async () => {
    const onSent = await created(owner, '/shifts', { employeeId: emp, date: '2026-11-02', startTime: '10:00', endTime: '12:00', confirmCorrection: true });
    const offSent = await created(owner, '/shifts', { employeeId: emp, date: '2026-11-21', startTime: '10:00', endTime: '12:00' });
    const res = await owner.post('/shifts/approve', { ids: [onSent.id, offSent.id] });
    expect(res.status).toBe(200);
    const approvals = (await corrections()).filter((c) => c.action === 'approve').map((c) => c.subjectId);
    expect(approvals).toContain(onSent.id);
    expect(approvals).not.toContain(offSent.id);
  });

  it('an approved shift on a sent day is corrected with a reason, confirmed, and the correction keeps the reason (issue 15 item 3)', async () => {
    const approved = async (date: string) => {
      const s = await created(owner, '/shifts', { employeeId: emp, date, startTime: '13:00', endTime: '15:00', confirmCorrection: true });
      expect((await owner.post(`/shifts/${s.id}/approve`)).status).toBe(200);
      return s.id as string;
    };
    const mine = async (id: string, action: string) => (await corrections()).filter((c) => c.subjectId === id && c.action === action);

    // Edit: the reason is asked first, then the sent day; confirmed, both are kept.
    const a = await approved('2026-11-06');
    expect((await owner.patch(`/shifts/${a}`, { endTime: '14:30', confirmCorrection: true })).body.error.details).toEqual([expect.objectContaining({ field: 'reason' })]);
    const unconfirmed = await owner.patch(`/shifts/${a}`, { endTime: '14:30', reason: 'Vroeger weg' });
    expect(unconfirmed.status).toBe(409);
    expect(unconfirmed.body.error.details.reason).toBe('period_sent');
    expect((await owner.get(`/shifts/${a}`)).body).toMatchObject({ endTime: '15:00', status: 'approved' });
    const edited = await owner.patch(`/shifts/${a}`, { endTime: '14:30', reason: 'Vroeger weg', confirmCorrection: true });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ endTime: '14:30', status: 'pending' });
    expect(await mine(a, 'update')).toEqual([
      expect.objectContaining({ day: '2026-11-06', reason: 'Vroeger weg', before: expect.objectContaining({ endTime: '15:00', status: 'approved' }), after: expect.objectContaining({ endTime: '14:30', status: 'pending' }) }),
    ]);
    const audit = await k.db.selectFrom('audit_log').select(['action', 'changes']).where('entity_id', '=', a).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ action: 'correct', changes: { reason: { new: 'Vroeger weg' } } });

    // Reopen and delete alike.
    const b = await approved('2026-11-06');
    expect((await owner.post(`/shifts/${b}/reopen`, { reason: 'Verkeerde afdeling' })).status).toBe(409);
    expect((await owner.post(`/shifts/${b}/reopen`, { reason: 'Verkeerde afdeling', confirmCorrection: true })).status).toBe(200);
    expect(await mine(b, 'reopen')).toEqual([expect.objectContaining({ reason: 'Verkeerde afdeling' })]);
    const c = await approved('2026-11-06');
    expect((await owner.delete(`/shifts/${c}?confirmCorrection=true`)).status).toBe(400);
    expect((await owner.delete(`/shifts/${c}?reason=${encodeURIComponent('Dubbel geboekt')}`)).status).toBe(409);
    expect((await owner.delete(`/shifts/${c}?reason=${encodeURIComponent('Dubbel geboekt')}&confirmCorrection=true`)).status).toBe(200);
    expect(await mine(c, 'delete')).toEqual([expect.objectContaining({ reason: 'Dubbel geboekt', after: null })]);
    // An approval asks no reason: its correction has none.
    expect((await mine(c, 'approve')).map((x) => x.reason)).toEqual([null]);
  });

  it('absences: locked only by exports that carry them', async () => {
    const type = await created(owner, '/absence-types', { name: 'Verlof', kind: 'vacation' });
    const body = { employeeId: emp, absenceTypeId: type.id, startDate: '2026-11-02', endDate: '2026-11-04', unit: 'days' };
    // An attendance export does not lock absences.
    const free = await owner.post('/absences', body);
    expect(free.status).toBe(201);
    // A payroll export does.
    await send('2026-11-01', '2026-11-30', 'loket.payroll');
    const refused = await owner.patch(`/absences/${free.body.id}`, { endDate: '2026-11-05' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.details.locks[0]).toMatchObject({ kind: 'loket.payroll', day: '2026-11-02' });
    expect((await owner.get(`/absences/${free.body.id}`)).body.endDate).toBe('2026-11-04');
    const ok = await owner.patch(`/absences/${free.body.id}`, { endDate: '2026-11-05', confirmCorrection: true });
    expect(ok.status).toBe(200);
    const rows = (await corrections()).filter((c) => c.subjectType === 'absence');
    expect(rows.map((c) => c.day).sort()).toEqual(['2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05']);
    expect(rows.every((c) => c.kind === 'loket.payroll' && c.action === 'update')).toBe(true);
    expect((await owner.delete(`/absences/${free.body.id}`)).status).toBe(409);
    expect((await owner.delete(`/absences/${free.body.id}?confirmCorrection=true`)).status).toBe(200);
  });
});
