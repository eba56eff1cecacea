import { afterEach, describe, expect, it } from 'vitest';
import { startPersonioEmulator, type PersonioEmulator, type PersonioEmulatorOptions } from './personio-emulator.server.ts';
import { TEST_NOW, TEST_REFERENCE_DATE, authenticate, call } from './personio-emulator.test-support.ts';

/** v2 attendance-period writes (issue 9): create, read, patch, delete, the refusals, approval status, faults. */

type Json = Record<string, unknown>;
type V2Error = { personio_trace_id: string; timestamp: string; errors: Array<{ title: string; detail: string; type: string; _meta: { path: string } }> };
type Period = { id: string; type: string; person: { id: string }; start: { date_time: string }; end: { date_time: string } | null; approval: { status: string }; comment: string; attribution_date: string };

const running: PersonioEmulator[] = [];
async function start(opts: Partial<PersonioEmulatorOptions> = {}): Promise<{ em: PersonioEmulator; token: string; person: string }> {
  const em = await startPersonioEmulator({ employees: 5, seed: 9, referenceDate: TEST_REFERENCE_DATE, clock: () => TEST_NOW, rateLimit: false, ...opts });
  running.push(em);
  return { em, token: await authenticate(em), person: String(em.state.listEmployees()[0]!.id) };
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((em) => em.close()));
});

const body = (person: string, start: string, end: string | null, extra: Json = {}) => ({ person: { id: person }, type: 'WORK', start: { date_time: start }, ...(end ? { end: { date_time: end } } : {}), ...extra });
const post = (em: PersonioEmulator, token: string, json: unknown) => call<{ id: string; _meta: { links: { self: { href: string } } } } & Partial<V2Error>>(em, '/v2/attendance-periods', { method: 'POST', token, json });

function expectV2Error(json: unknown, title: RegExp): void {
  const e = json as V2Error;
  expect(e.personio_trace_id).toBeTruthy();
  expect(e.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  expect(e.errors).toHaveLength(1);
  expect(e.errors[0]!.title).toMatch(title);
  expect(e.errors[0]!.detail).toBeTruthy();
  expect(e.errors[0]!._meta.path).toMatch(/^\/v2\/attendance-periods/);
}

describe('v2 attendance periods: writes', () => {
  it('creates (UUID id, self link), reads, patches and deletes a period; the list shows it', async () => {
    const { em, token, person } = await start();
    const created = await post(em, token, body(person, '2026-06-01T08:00:00', '2026-06-01T12:00:00', { comment: 'Früh [koppel:k1]' }));
    expect(created.status).toBe(201);
    const id = created.json.id;
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(created.json._meta.links.self.href).toBe(`${em.url}/v2/attendance-periods/${id}`);

    const got = await call<{ _data: Period }>(em, `/v2/attendance-periods/${id}`, { token });
    expect(got.status).toBe(200);
    expect(got.json._data).toMatchObject({ id, type: 'WORK', person: { id: person }, start: { date_time: '2026-06-01T08:00:00' }, end: { date_time: '2026-06-01T12:00:00' }, attribution_date: '2026-06-01', approval: { status: 'CONFIRMED' }, comment: 'Früh [koppel:k1]' });

    const patched = await call(em, `/v2/attendance-periods/${id}`, { method: 'PATCH', token, json: { type: 'BREAK', end: { date_time: '2026-06-01T12:30' }, comment: 'Pause' } });
    expect(patched.status).toBe(200);
    expect(em.state.getPeriod(id)).toMatchObject({ type: 'BREAK', start: '2026-06-01T08:00:00', end: '2026-06-01T12:30:00', comment: 'Pause' });

    const list = await call<{ _data: Period[] }>(em, `/v2/attendance-periods?person.id=${person}`, { token });
    expect(list.json._data.map((p) => p.id)).toEqual([id]);

    expect((await call(em, `/v2/attendance-periods/${id}`, { method: 'DELETE', token })).status).toBe(204);
    const gone = await call(em, `/v2/attendance-periods/${id}`, { token });
    expect(gone.status).toBe(404);
    expectV2Error(gone.json, /Not Found/);
    expect((await call(em, `/v2/attendance-periods/${id}`, { method: 'DELETE', token })).status).toBe(404);
    expect((await call(em, `/v2/attendance-periods/${id}`, { method: 'PATCH', token, json: { comment: 'x' } })).status).toBe(404);
  });

  it('refuses overlap, crossing midnight, end before start, an unknown person and offsets, in the v2 error shape', async () => {
    const { em, token, person } = await start();
    expect((await post(em, token, body(person, '2026-06-01T08:00:00', '2026-06-01T12:00:00'))).status).toBe(201);
    // Touching is fine (end exclusive), and another person may work at the same time.
    expect((await post(em, token, body(person, '2026-06-01T12:00:00', '2026-06-01T12:30:00', { type: 'BREAK' }))).status).toBe(201);
    const other = String(em.state.listEmployees()[1]!.id);
    expect((await post(em, token, body(other, '2026-06-01T09:00:00', '2026-06-01T10:00:00'))).status).toBe(201);
    // A period ending at the next day's 00:00 stays within its day.
    expect((await post(em, token, body(person, '2026-06-01T22:00:00', '2026-06-02T00:00:00'))).status).toBe(201);

    const overlap = await post(em, token, body(person, '2026-06-01T11:00:00', '2026-06-01T13:00:00'));
    expect(overlap.status).toBe(422);
    expectV2Error(overlap.json, /Overlapping/);
    const midnight = await post(em, token, body(person, '2026-06-02T23:00:00', '2026-06-03T01:00:00'));
    expect(midnight.status).toBe(422);
    expectV2Error(midnight.json, /midnight/);
    const backwards = await post(em, token, body(person, '2026-06-04T12:00:00', '2026-06-04T08:00:00'));
    expect(backwards.status).toBe(422);
    expectV2Error(backwards.json, /Invalid attendance period/);
    const nobody = await post(em, token, body('999999', '2026-06-04T08:00:00', '2026-06-04T09:00:00'));
    expect(nobody.status).toBe(422);
    expectV2Error(nobody.json, /Person not found/);
    for (const start of ['2026-06-04T08:00:00Z', '2026-06-04T08:00:00+02:00', '2026-06-04']) {
      const bad = await post(em, token, body(person, start, '2026-06-04T09:00:00'));
      expect(bad.status, start).toBe(400);
      expectV2Error(bad.json, /Invalid request content/);
    }
    expect((await post(em, token, { type: 'WORK', start: { date_time: '2026-06-04T08:00:00' } })).status).toBe(400);
    expect((await post(em, token, body(person, '2026-06-04T08:00:00', '2026-06-04T09:00:00', { type: 'SICK' }))).status).toBe(400);
    // A patch into an overlap is refused too and changes nothing.
    const last = em.state.listPeriods().find((p) => p.start === '2026-06-01T22:00:00')!;
    const movedInto = await call(em, `/v2/attendance-periods/${last.id}`, { method: 'PATCH', token, json: { start: { date_time: '2026-06-01T11:30:00' } } });
    expect(movedInto.status).toBe(422);
    expect(em.state.getPeriod(last.id)!.start).toBe('2026-06-01T22:00:00');
    // Refused writes stored nothing.
    expect(em.state.listPeriods()).toHaveLength(4);
  });

  it('list filters take local date-times only: a trailing Z or offset on updated_at.* is refused (400)', async () => {
    const { em, token, person } = await start();
    await post(em, token, body(person, '2026-06-01T08:00:00', '2026-06-01T12:00:00'));
    await post(em, token, body(person, '2026-06-03T08:00:00', '2026-06-03T12:00:00'));
    for (const v of ['2025-01-01T00:00:00Z', '2025-01-01T00:00:00+01:00']) {
      const res = await call(em, `/v2/attendance-periods?updated_at.gte=${encodeURIComponent(v)}`, { token });
      expect(res.status, v).toBe(400);
      expectV2Error(res.json, /Invalid request content/);
    }
    const updated = await call<{ _data: Period[] }>(em, '/v2/attendance-periods?updated_at.gte=2025-01-01T00:00:00', { token });
    expect(updated.json._data).toHaveLength(2);
    const none = await call<{ _data: Period[] }>(em, '/v2/attendance-periods?updated_at.gte=2030-01-01T00:00:00', { token });
    expect(none.json._data).toHaveLength(0);
    const ranged = await call<{ _data: Period[] }>(em, `/v2/attendance-periods?person.id=${person}&start.date_time.gte=2026-06-02T00:00:00&start.date_time.lte=2026-06-04T00:00:00`, { token });
    expect(ranged.json._data.map((p) => p.start.date_time)).toEqual(['2026-06-03T08:00:00']);
  });

  it('approval status is CONFIRMED by default and PENDING when the emulator is told so', async () => {
    const { em, token, person } = await start({ attendancePeriodApproval: 'PENDING' });
    const created = await post(em, token, body(person, '2026-06-01T08:00:00', '2026-06-01T12:00:00'));
    expect(em.state.getPeriod(created.json.id)!.status).toBe('PENDING');
    const got = await call<{ _data: Period }>(em, `/v2/attendance-periods/${created.json.id}`, { token });
    expect(got.json._data.approval.status).toBe('PENDING');
  });

  it('the fault profile applies: 5xx before commit stores nothing, a dropped answer after commit stores the period', async () => {
    const { em, token, person } = await start();
    em.injectFault({ method: 'POST', path: '/v2/attendance-periods', status: 503 });
    expect((await post(em, token, body(person, '2026-06-01T08:00:00', '2026-06-01T09:00:00'))).status).toBe(503);
    expect(em.state.listPeriods()).toHaveLength(0);
    em.injectFault({ kind: 'drop_after_commit', method: 'POST', path: '/v2/attendance-periods' });
    await expect(post(em, token, body(person, '2026-06-01T08:00:00', '2026-06-01T09:00:00'))).rejects.toThrow();
    expect(em.state.listPeriods()).toHaveLength(1);
    expect(em.stats.writesCommittedBeforeFault).toBe(1);
    // The random profile also cuts write answers after commit.
    em.setFaults({ rateDropAfterCommit: 1 });
    await expect(post(em, token, body(person, '2026-06-02T08:00:00', '2026-06-02T09:00:00'))).rejects.toThrow();
    expect(em.state.listPeriods()).toHaveLength(2);
  });

  it('test hooks list the stored periods and put one in directly, unchecked (as entered in the UI)', async () => {
    const { em, person } = await start();
    em.resetStats();
    const put = await fetch(`${em.url}/_emulator/attendance-periods`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ person: Number(person), type: 'WORK', start: '2026-06-01T08:00', end: '2026-06-01T10:00', comment: 'UI' }) });
    expect(put.status).toBe(201);
    const listed = (await (await fetch(`${em.url}/_emulator/attendance-periods`)).json()) as Array<{ start: string; comment: string }>;
    expect(listed).toEqual([expect.objectContaining({ start: '2026-06-01T08:00:00', comment: 'UI' })]);
    expect(em.stats.totalCalls).toBe(0);
  });
});
