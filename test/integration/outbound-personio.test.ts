import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PersonioEmulator, startPersonioEmulator } from '../../emulators/personio/personio-emulator.server.ts';
import { PersonioAttendanceSink } from '../../src/connectors/hr/personio/personio.attendance-sink.ts';
import { PersonioClient } from '../../src/connectors/hr/personio/personio.client.ts';
import { realSleep } from '../../src/connectors/kit/http-client.ts';
import type { Actor } from '../../src/domain/actor.ts';
import { createOutboundService, type ExportScope } from '../../src/integrations/outbound/outbound.service.ts';
import { type OutboundShift, shiftsToDesiredItems } from '../../src/integrations/outbound/personio-periods.ts';
import { createTenant, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';

/**
 * Koppel shifts → Personio v2 attendance periods through the outbound engine, over the real database and
 * the Personio emulator (issue 9 groundwork): a re-send writes nothing; editing a shift, dropping its
 * break and deleting another leave Personio holding exactly the periods the shifts stand for, never an
 * overlap refusal caused by Koppel's own earlier send.
 */
let k: TestKoppel;
let em: PersonioEmulator;
let actor: Actor;
let integrationId: string;

beforeAll(async () => {
  k = await startTestKoppel();
  em = await startPersonioEmulator({ employees: 3, seed: 3, referenceDate: '2026-05-01', rateLimit: false });
  const t = await createTenant(k, 'Uren BV');
  actor = { tenantId: t.tenant.id, type: 'user', id: t.owner.id, name: 'Owner', role: 'owner', timeZone: 'Europe/Amsterdam' };
  const row = await k.db
    .insertInto('integrations')
    .values({ tenant_id: actor.tenantId, vendor: 'personio', name: 'Personio', base_url: em.url, credentials_encrypted: k.services.box.encrypt('{}'), settings: '{}' })
    .returning('id')
    .executeTakeFirstOrThrow();
  integrationId = row.id;
});
afterAll(async () => {
  await em?.close();
  await k?.stop();
});

function sink() {
  const client = new PersonioClient({
    baseUrl: em.url,
    clientId: em.credentials.clientId,
    clientSecret: em.credentials.clientSecret,
    rateLimit: false,
    retry: { maxAttempts: 6 },
    timeoutMs: 5_000,
    sleep: (ms, signal) => realSleep(Math.min(ms, 3), signal),
  });
  return new PersonioAttendanceSink({ client });
}

const scope: ExportScope = { integrationId: '', kind: 'personio.attendance', from: '2026-06-01', to: '2026-06-30' };
const held = () =>
  em.state
    .listPeriods()
    .map((p) => `${p.person} ${p.type} ${p.start}–${p.end ?? ''}`)
    .sort();

describe('outbound engine → Personio v2 attendance periods', () => {
  it('sends, re-sends nothing, and follows edits, a dropped break and a deletion without overlap refusals', async () => {
    const persons = em.state.listEmployees().map((e) => String(e.id));
    const personOf = (employeeId: string) => persons[Number(employeeId.slice(-1))] ?? null;
    const emp = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
    const shift = (id: number, employee: number, date: string, start: string, end: string, breakMinutes: number): OutboundShift => ({
      id: `10000000-0000-4000-8000-00000000000${id}`,
      employee_id: emp(employee),
      date,
      start_time: start,
      end_time: end,
      break_minutes: breakMinutes,
    });
    const outbound = createOutboundService(k.db);
    const s = { ...scope, integrationId };
    let shifts = [shift(1, 0, '2026-06-02', '08:00', '16:30', 30), shift(2, 1, '2026-06-02', '22:00', '06:00', 0), shift(3, 2, '2026-06-03', '09:00', '17:00', 60)];

    const first = await outbound.send(actor, s, shiftsToDesiredItems(shifts, personOf), sink());
    expect(first.status).toBe('succeeded');
    expect(first.counts.created).toBe(3 + 2 + 3);
    expect(held()).toHaveLength(8);

    const again = await outbound.send(actor, s, shiftsToDesiredItems(shifts, personOf), sink());
    expect(again.counts).toMatchObject({ created: 0, updated: 0, removed: 0, unchanged: 8 });

    // Shift 1 loses its break (3 periods → 1), shift 3 ends later, shift 2 is deleted in Koppel.
    shifts = [shift(1, 0, '2026-06-02', '08:00', '16:30', 0), shift(3, 2, '2026-06-03', '09:00', '18:00', 60)];
    const edited = await outbound.send(actor, s, shiftsToDesiredItems(shifts, personOf), sink());
    expect(edited.items.filter((i) => i.status === 'refused')).toEqual([]);
    expect(edited.status).toBe('succeeded');
    expect(held()).toEqual(
      [
        `${persons[0]} WORK 2026-06-02T08:00:00–2026-06-02T16:30:00`,
        `${persons[2]} WORK 2026-06-03T09:00:00–2026-06-03T13:00:00`,
        `${persons[2]} BREAK 2026-06-03T13:00:00–2026-06-03T14:00:00`,
        `${persons[2]} WORK 2026-06-03T14:00:00–2026-06-03T18:00:00`,
      ].sort(),
    );
  });

  it('keeps a shift’s periods in one sink call: a shift moved later is not refused when the batch size would split it', async () => {
    const person = em.state.listEmployees()[0]!.id;
    const july: ExportScope = { ...scope, integrationId, from: '2026-07-01', to: '2026-07-31' };
    // Batches of 2 items: each shift's 3 periods would straddle two sink calls.
    const outbound = createOutboundService(k.db, { policy: { batchSize: 2 } });
    const shift = (id: number, start: string, end: string): OutboundShift => ({ id: `20000000-0000-4000-8000-00000000000${id}`, employee_id: 'e', date: `2026-07-0${id}`, start_time: start, end_time: end, break_minutes: 30 });
    const send = (shifts: OutboundShift[]) => outbound.send(actor, july, shiftsToDesiredItems(shifts, () => String(person)), sink());
    em.resetStats();
    expect((await send([shift(1, '08:00', '16:30'), shift(2, '08:00', '16:30')])).counts.created).toBe(6);
    // Keys the journal never held are fresh: written without reading Personio first.
    expect(em.stats.calls['GET /v2/attendance-periods'] ?? 0).toBe(0);
    expect(em.stats.calls['POST /v2/attendance-periods']).toBe(6);
    // 30 minutes later: each period moves into its successor's old place, which must have moved first.
    const moved = await send([shift(1, '08:30', '17:00'), shift(2, '08:30', '17:00')]);
    expect(moved.items.filter((i) => i.status !== 'sent')).toEqual([]);
    expect(moved.counts).toMatchObject({ updated: 6, refused: 0 });
    expect(held().filter((h) => h.includes('2026-07-0'))).toEqual(
      [1, 2].flatMap((d) => [
        `${person} WORK 2026-07-0${d}T08:30:00–2026-07-0${d}T12:30:00`,
        `${person} BREAK 2026-07-0${d}T12:30:00–2026-07-0${d}T13:00:00`,
        `${person} WORK 2026-07-0${d}T13:00:00–2026-07-0${d}T17:00:00`,
      ]).sort(),
    );
  });
});
