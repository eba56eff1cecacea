import { afterEach, describe, expect, it } from 'vitest';
import { startPersonioEmulator, type PersonioEmulator } from '../../../../emulators/personio/personio-emulator.server.ts';
import { runSinkContract } from '../../kit/contracts/sink-contract.ts';
import { HttpError, realSleep } from '../../kit/http-client.ts';
import { writeReconciled, type SinkItem } from '../../kit/sink.ts';
import { PersonioAttendanceSink, commentWithMarker, parseMarker, refusalMessage, samePersonioPeriod, type PersonioPeriodPayload } from './personio.attendance-sink.ts';
import { PersonioClient } from './personio.client.ts';

/**
 * The sink contract against the Personio emulator's v2 attendance periods. The fault round uses the
 * emulator's own profile: 5xx (half of them on writes after commit), 429, and dropped answers after
 * commit. Backoff sleeps are capped at a few ms.
 */

const EMPLOYEES = 5;

function seeded(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

async function startEmulator(faultRate: number, seed = 1): Promise<PersonioEmulator> {
  return startPersonioEmulator({
    employees: EMPLOYEES,
    seed: 3,
    referenceDate: '2026-05-01',
    rateLimit: false,
    ...(faultRate > 0 ? { faults: { rate5xx: faultRate * 0.5, rate429: faultRate * 0.2, rateDropAfterCommit: faultRate * 0.3, seed } } : {}),
  });
}

function sinkFor(em: PersonioEmulator, seed = 1): PersonioAttendanceSink {
  const client = new PersonioClient({
    baseUrl: em.url,
    clientId: em.credentials.clientId,
    clientSecret: em.credentials.clientSecret,
    rateLimit: false,
    retry: { maxAttempts: 8 },
    timeoutMs: 5_000,
    sleep: (ms, signal) => realSleep(Math.min(ms, 3), signal),
    random: seeded(seed),
  });
  return new PersonioAttendanceSink({ client });
}

const personIds = (em: PersonioEmulator) => em.state.listEmployees().map((e) => String(e.id));

function payload(persons: string[], i: number, version: number): PersonioPeriodPayload {
  const day = String(1 + Math.floor(i / persons.length)).padStart(2, '0');
  const endMinutes = 12 * 60 + version * 15;
  return {
    personId: persons[i % persons.length]!,
    type: i % 2 === 0 ? 'WORK' : 'BREAK',
    start: `2026-06-${day}T08:00:00`,
    end: `2026-06-${day}T${String(Math.floor(endMinutes / 60)).padStart(2, '0')}:${String(endMinutes % 60).padStart(2, '0')}:00`,
    comment: `Shift ${i} v${version}`,
  };
}

function vendorObjects(em: PersonioEmulator): Array<{ key: string; payload: PersonioPeriodPayload }> {
  return em.state.listPeriods().flatMap((p) => {
    const m = parseMarker(p.comment);
    return m && p.end ? [{ key: m.key, payload: { personId: String(p.person), type: p.type, start: p.start, end: p.end, comment: m.comment } }] : [];
  });
}

// The emulator's employee ids are the same for every start (same seed): read them once.
let persons: string[] = [];

runSinkContract<PersonioPeriodPayload>('personio v2 attendance periods', {
  async start({ faultRate, seed }) {
    const em = await startEmulator(faultRate, seed);
    persons = personIds(em);
    const sink = sinkFor(em, seed);
    return {
      sink,
      loseAnswerAfterCommit: (times = 1) => em.injectFault({ kind: 'drop_after_commit', method: 'POST', path: '/v2/attendance-periods', times }),
      vendorObjects: async () => vendorObjects(em),
      faultsSeen: () => Object.values(em.stats.faults).reduce((a, b) => a + b, 0),
      close: () => em.close(),
    };
  },
  items: (count, version = 1) => Array.from({ length: count }, (_, i) => ({ idempotencyKey: `shift:${String(i).padStart(4, '0')}:0`, payload: payload(persons, i, version) })),
  // Ends before it starts: refused for its data, whatever the retries.
  badItem: () => ({ idempotencyKey: 'shift:bad:0', payload: { personId: persons[0]!, type: 'WORK', start: '2026-07-01T12:00:00', end: '2026-07-01T08:00:00', comment: 'Broken' } }),
  samePayload: samePersonioPeriod,
});

const running: PersonioEmulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((em) => em.close()));
});
async function setup(): Promise<{ em: PersonioEmulator; sink: PersonioAttendanceSink; persons: string[]; items: (n: number, v?: number) => SinkItem<PersonioPeriodPayload>[] }> {
  const em = await startEmulator(0);
  running.push(em);
  const ps = personIds(em);
  return { em, sink: sinkFor(em), persons: ps, items: (n, v = 1) => Array.from({ length: n }, (_, i) => ({ idempotencyKey: `shift:${i}:0`, payload: payload(ps, i, v) })) };
}

describe('Personio attendance sink', () => {
  it('a refused overlap is a non-retryable failure with Personio’s title, and the other items still go', async () => {
    const { em, sink, items } = await setup();
    const good = items(4);
    const overlapping: SinkItem<PersonioPeriodPayload> = { idempotencyKey: 'shift:x:0', payload: { ...good[0]!.payload, start: good[0]!.payload.start.replace('08:00', '09:00'), comment: 'Overlaps' } };
    const batch = [good[0]!, overlapping, good[1]!, good[2]!, good[3]!];
    const results = await writeReconciled(sink, batch);
    expect(results.map((r) => r.outcome)).toEqual(['created', 'failed', 'created', 'created', 'created']);
    expect(results[1]!.error).toMatchObject({ code: 'rejected', retryable: false });
    expect(results[1]!.error!.message).toMatch(/^Overlapping attendance periods: The period overlaps the attendance period [0-9a-f-]+ of the same person\. \(personio_trace_id emu-[0-9a-f]+\)$/);
    expect(vendorObjects(em).map((o) => o.key).sort()).toEqual(good.map((g) => g.idempotencyKey).sort());
    // Refused once, not retried: one POST for it.
    expect(em.stats.calls['POST /v2/attendance-periods']).toBe(5);
  });

  it('the refusal text is BSN-redacted, the trace id reaches support intact even when its digits pass the 11-proof', () => {
    // "12345672" is an 8-digit run that passes the 11-proof (as 012345672): a BSN in the detail, an id in the trace.
    const body = { personio_trace_id: '12345672', errors: [{ title: 'Invalid', detail: 'Person 12345672 has no contract.' }] };
    const err = new HttpError('client_error', 'POST /v2/attendance-periods → 422', { method: 'POST', path: '/v2/attendance-periods', status: 422, attempts: 1, maybeCommitted: false }, body);
    expect(refusalMessage(err)).toBe('Invalid: Person ********* has no contract. (personio_trace_id 12345672)');
  });

  it('crossing midnight is refused as rejected; the comment keeps the payload’s text in front of the marker', async () => {
    const { em, sink, persons } = await setup();
    const [night] = await sink.write([{ idempotencyKey: 'shift:n:0', payload: { personId: persons[0]!, type: 'WORK', start: '2026-06-01T22:00:00', end: '2026-06-02T02:00:00', comment: '' } }]);
    expect(night).toMatchObject({ outcome: 'failed', error: { code: 'rejected', retryable: false } });
    expect(night!.error!.message).toMatch(/^Attendance period crosses midnight: .*split it at 00:00\. \(personio_trace_id /);
    const [ok] = await sink.write([{ idempotencyKey: 'shift:n:0', payload: { personId: persons[0]!, type: 'WORK', start: '2026-06-01T22:00:00', end: '2026-06-02T00:00:00', comment: 'Nacht' } }]);
    expect(ok!.outcome).toBe('created');
    expect(em.state.getPeriod(ok!.externalId!)!.comment).toBe('Nacht [koppel:shift:n:0]');
    expect(commentWithMarker('', 'k')).toBe('[koppel:k]');
    expect(parseMarker('a [b] [koppel:shift:1:0]')).toEqual({ key: 'shift:1:0', comment: 'a [b]' });
    expect(parseMarker('no marker')).toBeNull();
  });

  it('writes by the journal’s external id: a period whose marker was edited away is patched (no duplicate), a deleted one is created again', async () => {
    const { em, items } = await setup();
    const [item] = items(1);
    const first = await sinkFor(em).write([item!]);
    const id = first[0]!.externalId!;
    // Someone edits the comment in Personio: the marker is gone. A fresh sink (a new run) knows the id from the journal only.
    em.state.updatePeriod(id, { comment: 'edited in Personio' });
    const again = await sinkFor(em).write([{ ...item!, externalId: id }]);
    expect(again[0]).toMatchObject({ outcome: 'updated', externalId: id });
    expect(em.state.listPeriods()).toHaveLength(1);
    expect(parseMarker(em.state.getPeriod(id)!.comment)?.key).toBe(item!.idempotencyKey);
    // Deleted in Personio: the PATCH answers 404, the sink creates it anew.
    em.state.deletePeriod(id);
    const recreated = await sinkFor(em).write([{ ...item!, externalId: id }]);
    expect(recreated[0]!.outcome).toBe('created');
    expect(recreated[0]!.externalId).not.toBe(id);
    expect(vendorObjects(em).map((o) => o.key)).toEqual([item!.idempotencyKey]);
  });

  it('remove deletes by external id; one Personio no longer holds counts as removed', async () => {
    const { em, sink, items } = await setup();
    const written = await sink.write(items(3));
    em.state.deletePeriod(written[1]!.externalId!);
    const removed = await sink.remove(written.map((w) => ({ idempotencyKey: w.idempotencyKey, externalId: w.externalId! })));
    expect(removed.map((r) => r.outcome)).toEqual(['removed', 'removed', 'removed']);
    expect(em.state.listPeriods()).toHaveLength(0);
  });

  it('readBack by keys of another run (nothing known) lists everything and finds them by the marker; periods without marker are ignored', async () => {
    const { em, sink, persons, items } = await setup();
    const written = await sink.write(items(3));
    em.state.insertPeriod({ person: Number(persons[0]), type: 'WORK', start: '2026-06-20T08:00:00', end: '2026-06-20T09:00:00', comment: 'entered in Personio' });
    const fresh = sinkFor(em);
    const held = await fresh.readBack({ keys: ['shift:0:0', 'shift:2:0'] });
    expect(held.map((h) => h.externalId).sort()).toEqual([written[0]!.externalId, written[2]!.externalId].sort());
    const all = await fresh.readBack({ from: new Date('2026-05-31T00:00:00Z'), to: new Date('2026-07-01T00:00:00Z') });
    expect(all).toHaveLength(3);
  });
});

describe('Personio attendance sink: a changed shift', () => {
  it.each([422, 400, 409] as const)('moves its periods past each other: a PATCH refused (%i) for overlapping the shift’s own not-yet-moved period is tried again and goes through', async (refusalStatus) => {
    const em = await startPersonioEmulator({ employees: EMPLOYEES, seed: 3, referenceDate: '2026-05-01', rateLimit: false, attendancePeriods: { refusalStatus, refusalTitles: 'generic' } });
    running.push(em);
    const sink = sinkFor(em);
    const persons = personIds(em);
    const p = persons[0]!;
    const periods = (spans: Array<[string, string, 'WORK' | 'BREAK']>): SinkItem<PersonioPeriodPayload>[] =>
      spans.map(([start, end, type], n) => ({ idempotencyKey: `shift:s1:${n}`, payload: { personId: p, type, start: `2026-06-01T${start}:00`, end: `2026-06-01T${end}:00`, comment: '' } }));
    const before = periods([['08:00', '12:00', 'WORK'], ['12:00', '12:30', 'BREAK'], ['12:30', '16:30', 'WORK']]);
    expect((await sink.write(before)).map((r) => r.outcome)).toEqual(['created', 'created', 'created']);
    // Two hours longer: the break moves from 12:00 to 13:00; the first WORK period now reaches into the old break.
    const after = periods([['08:00', '13:00', 'WORK'], ['13:00', '13:30', 'BREAK'], ['13:30', '18:30', 'WORK']]);
    const results = await sink.write(after);
    expect(results.map((r) => r.outcome)).toEqual(['updated', 'updated', 'updated']);
    expect(vendorObjects(em).sort((a, b) => (a.key < b.key ? -1 : 1)).map((o) => [o.payload.start.slice(11), o.payload.end.slice(11)])).toEqual([
      ['08:00:00', '13:00:00'],
      ['13:00:00', '13:30:00'],
      ['13:30:00', '18:30:00'],
    ]);
    // A refusal with nothing moved after it stays final (the overlap test above: one POST for the refused item).
  });
});

describe('Personio attendance sink: requests a send costs', () => {
  it('a shift moved later or earlier is one PATCH per period, none refused on the way', async () => {
    const { em, sink, persons } = await setup();
    const p = persons[0]!;
    const periods = (spans: Array<[string, string, 'WORK' | 'BREAK']>): SinkItem<PersonioPeriodPayload>[] =>
      spans.map(([start, end, type], n) => ({ idempotencyKey: `shift:m:${n}`, payload: { personId: p, type, start: `2026-06-01T${start}:00`, end: `2026-06-01T${end}:00`, comment: '' } }));
    await sink.write(periods([['08:00', '12:00', 'WORK'], ['12:00', '12:30', 'BREAK'], ['12:30', '16:30', 'WORK']]));
    em.resetStats();
    // 30 minutes later: each period moves into the place of the next one (its last period must go first).
    expect((await sink.write(periods([['08:30', '12:30', 'WORK'], ['12:30', '13:00', 'BREAK'], ['13:00', '17:00', 'WORK']]))).map((r) => r.outcome)).toEqual(['updated', 'updated', 'updated']);
    expect(em.stats.calls['PATCH /v2/attendance-periods/{id}']).toBe(3);
    // And an hour earlier again: the first period goes first.
    expect((await sink.write(periods([['07:30', '11:30', 'WORK'], ['11:30', '12:00', 'BREAK'], ['12:00', '16:00', 'WORK']]))).map((r) => r.outcome)).toEqual(['updated', 'updated', 'updated']);
    expect(em.stats.calls['PATCH /v2/attendance-periods/{id}']).toBe(6);
    expect(em.stats.statuses['422'] ?? 0).toBe(0);
  });

  it('items marked fresh by the journal are written without a read; unsure ones are read back first', async () => {
    const { em, sink, items } = await setup();
    const batch = items(10);
    const results = await sink.write(batch.map((i) => ({ ...i, fresh: true })));
    expect(results.every((r) => r.outcome === 'created')).toBe(true);
    expect(em.stats.calls['GET /v2/attendance-periods'] ?? 0).toBe(0);
    expect(em.stats.calls['POST /v2/attendance-periods']).toBe(10);
    // Not fresh (a new run, nothing known): read first, then nothing to write.
    const again = await sinkFor(em).write(batch);
    expect(again.every((r) => r.outcome === 'unchanged')).toBe(true);
    expect(em.stats.calls['GET /v2/attendance-periods']).toBeGreaterThan(0);
    expect(em.stats.calls['POST /v2/attendance-periods']).toBe(10);
  });

  it('one person’s days go side by side: a month for one person takes far less than one round trip per period', async () => {
    const em = await startPersonioEmulator({ employees: 2, seed: 3, referenceDate: '2026-05-01', rateLimit: false, latencyMs: 100 });
    running.push(em);
    const p = personIds(em)[0]!;
    const batch: SinkItem<PersonioPeriodPayload>[] = Array.from({ length: 20 }, (_, d) => ({
      idempotencyKey: `shift:d${d}:0`,
      fresh: true,
      payload: { personId: p, type: 'WORK', start: `2026-06-${String(d + 1).padStart(2, '0')}T08:00:00`, end: `2026-06-${String(d + 1).padStart(2, '0')}T16:00:00`, comment: '' },
    }));
    const t = performance.now();
    const results = await new PersonioAttendanceSink({ client: new PersonioClient({ baseUrl: em.url, ...em.credentials, rateLimit: false }), concurrency: 4 }).write(batch);
    const ms = performance.now() - t;
    expect(results.every((r) => r.outcome === 'created')).toBe(true);
    // One after another: ≥ 20 × 100 ms; four at a time: about 5 × 100 ms (+ the token), with room for a loaded machine.
    expect(ms).toBeLessThan(1_500);
  });
});

describe('Personio attendance sink: the end of a part before midnight (review9 B2)', () => {
  const night = (personId: string): SinkItem<PersonioPeriodPayload>[] => [
    { idempotencyKey: 'shift:night:0', payload: { personId, type: 'WORK', start: '2026-06-01T22:00:00', end: '2026-06-02T00:00:00', comment: '' } },
    { idempotencyKey: 'shift:night:1', payload: { personId, type: 'WORK', start: '2026-06-02T00:00:00', end: '2026-06-02T06:00:00', comment: '' } },
  ];

  it('against a Personio that wants start and end on one date: the default spelling is refused, same_day_235959 goes, and reads back as unchanged', async () => {
    const em = await startPersonioEmulator({ employees: EMPLOYEES, seed: 3, referenceDate: '2026-05-01', rateLimit: false, attendancePeriods: { midnightEnd: 'same_date_only' } });
    running.push(em);
    const p = personIds(em)[0]!;
    const refused = await sinkFor(em).write(night(p));
    expect(refused[0]).toMatchObject({ outcome: 'failed', error: { code: 'rejected' } });
    expect(refused[1]!.outcome).toBe('created');
    const client = new PersonioClient({ baseUrl: em.url, clientId: em.credentials.clientId, clientSecret: em.credentials.clientSecret, rateLimit: false, timeoutMs: 5_000 });
    const sink = new PersonioAttendanceSink({ client, midnightEnd: 'same_day_235959' });
    expect((await sink.write(night(p))).map((r) => r.outcome)).toEqual(['created', 'unchanged']);
    expect(em.state.listPeriods().map((x) => x.end).sort()).toEqual(['2026-06-01T23:59:59', '2026-06-02T06:00:00']);
    // Read back (also by a fresh sink of another run), 23:59:59 is the next day's 00:00: nothing to change.
    const again = await new PersonioAttendanceSink({ client, midnightEnd: 'same_day_235959' }).write(night(p));
    expect(again.map((r) => r.outcome)).toEqual(['unchanged', 'unchanged']);
    const held = await sink.readBack({ keys: ['shift:night:0'] });
    expect(held[0]!.payload.end).toBe('2026-06-02T00:00:00');
  });

  it('the default spelling (next day 00:00) goes where Personio accepts it, also for a shift ending at 24:00', async () => {
    const { em, sink, persons } = await setup();
    const evening: SinkItem<PersonioPeriodPayload> = { idempotencyKey: 'shift:eve:0', payload: { personId: persons[1]!, type: 'WORK', start: '2026-06-01T16:00:00', end: '2026-06-02T00:00:00', comment: '' } };
    expect((await sink.write([...night(persons[0]!), evening])).map((r) => r.outcome)).toEqual(['created', 'created', 'created']);
    expect(em.state.listPeriods().filter((x) => x.end === '2026-06-02T00:00:00')).toHaveLength(2);
  });
});

describe('Personio attendance sink: 404s (review9 2.4, 2.5)', () => {
  const start = (attendancePeriods: NonNullable<Parameters<typeof startPersonioEmulator>[0]['attendancePeriods']>) =>
    startPersonioEmulator({ employees: EMPLOYEES, seed: 3, referenceDate: '2026-05-01', rateLimit: false, attendancePeriods }).then((em) => (running.push(em), em));
  const clientOf = (em: PersonioEmulator) => new PersonioClient({ baseUrl: em.url, clientId: em.credentials.clientId, clientSecret: em.credentials.clientSecret, rateLimit: false, timeoutMs: 5_000 });

  it('the write-right probe: a v2 not-found of another type still means the route is there; a missing route is not', async () => {
    expect(await clientOf(await start({ notFoundType: 'attendance_period.not_found' })).checkRight('attendances:write')).toEqual({ ok: true });
    expect(await clientOf(await start({ missingRoutes: ['PATCH'] })).checkRight('attendances:write')).toMatchObject({ ok: false, reason: 'endpoint_unavailable', status: 404 });
  });

  it('a DELETE or PATCH answered 404 by a missing route is unavailable: nothing marked removed, no second period created', async () => {
    const em = await start({ missingRoutes: ['PATCH', 'DELETE'] });
    const sink = new PersonioAttendanceSink({ client: clientOf(em) });
    const p = personIds(em)[0]!;
    const item: SinkItem<PersonioPeriodPayload> = { idempotencyKey: 'shift:r:0', payload: { personId: p, type: 'WORK', start: '2026-06-01T08:00:00', end: '2026-06-01T12:00:00', comment: '' } };
    const [created] = await sink.write([item]);
    expect(created!.outcome).toBe('created');
    const [removed] = await sink.remove([{ idempotencyKey: item.idempotencyKey, externalId: created!.externalId! }]);
    expect(removed).toMatchObject({ outcome: 'failed', error: { code: 'unavailable', retryable: true } });
    // A fresh sink (another run) knows the id from the journal only; the marker was edited away in Personio.
    em.state.updatePeriod(created!.externalId!, { comment: 'edited' });
    const [changed] = await new PersonioAttendanceSink({ client: clientOf(em) }).write([{ ...item, externalId: created!.externalId!, payload: { ...item.payload, end: '2026-06-01T13:00:00' } }]);
    expect(changed).toMatchObject({ outcome: 'failed', error: { code: 'unavailable' } });
    expect(em.state.listPeriods()).toHaveLength(1);
  });

  it('a 404 of a deleted period (the documented not-found) still counts as removed / re-created', async () => {
    const em = await start({ notFoundType: 'attendance_period.not_found' });
    const sink = new PersonioAttendanceSink({ client: clientOf(em) });
    const p = personIds(em)[0]!;
    const [created] = await sink.write([{ idempotencyKey: 'shift:g:0', payload: { personId: p, type: 'WORK', start: '2026-06-01T08:00:00', end: '2026-06-01T12:00:00', comment: '' } }]);
    em.state.deletePeriod(created!.externalId!);
    expect((await sink.remove([{ idempotencyKey: 'shift:g:0', externalId: created!.externalId! }]))[0]!.outcome).toBe('removed');
  });
});

describe('Personio attendance sink: approval (review9 2.7, 2.9)', () => {
  it('a period an approver REJECTED is not unchanged: it is sent again (asking for approval anew); read back carries approval and attribution date', async () => {
    const { em, sink, persons } = await setup();
    const item: SinkItem<PersonioPeriodPayload> = { idempotencyKey: 'shift:a:0', payload: { personId: persons[0]!, type: 'WORK', start: '2026-06-01T08:00:00', end: '2026-06-01T12:00:00', comment: '' } };
    const [created] = await sink.write([item]);
    em.state.updatePeriod(created!.externalId!, { status: 'REJECTED' });
    const [held] = await sink.readBack({ keys: [item.idempotencyKey] });
    expect(held!.payload).toMatchObject({ approval: 'REJECTED', attributionDate: '2026-06-01' });
    expect(samePersonioPeriod(item.payload, held!.payload)).toBe(false);
    const [again] = await sink.write([item]);
    expect(again).toMatchObject({ outcome: 'updated', externalId: created!.externalId });
    expect(em.state.getPeriod(created!.externalId!)!.status).toBe('CONFIRMED');
    expect((await sink.write([item]))[0]!.outcome).toBe('unchanged');
  });
});

describe('Personio attendance sink: skip_approval (review9 2.8)', () => {
  it('approval "skip" asks Personio to confirm at once; the default leaves Personio’s approval flow (PENDING) and reads it back', async () => {
    const em = await startPersonioEmulator({ employees: EMPLOYEES, seed: 3, referenceDate: '2026-05-01', rateLimit: false, attendancePeriodApproval: 'PENDING' });
    running.push(em);
    const p = personIds(em)[0]!;
    const client = new PersonioClient({ baseUrl: em.url, clientId: em.credentials.clientId, clientSecret: em.credentials.clientSecret, rateLimit: false, timeoutMs: 5_000 });
    const item = (n: number): SinkItem<PersonioPeriodPayload> => ({ idempotencyKey: `shift:ap:${n}`, payload: { personId: p, type: 'WORK', start: `2026-06-0${n + 1}T08:00:00`, end: `2026-06-0${n + 1}T12:00:00`, comment: '' } });
    const [plain] = await new PersonioAttendanceSink({ client }).write([item(0)]);
    const [skipped] = await new PersonioAttendanceSink({ client, approval: 'skip' }).write([item(1)]);
    expect(em.state.getPeriod(plain!.externalId!)!.status).toBe('PENDING');
    expect(em.state.getPeriod(skipped!.externalId!)!.status).toBe('CONFIRMED');
    expect((await new PersonioAttendanceSink({ client }).readBack({ keys: ['shift:ap:0'] }))[0]!.payload.approval).toBe('PENDING');
  });
});
