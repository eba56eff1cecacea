import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboundSink, ReadBackItem, RemoveItem, SinkItem, SinkResult } from '../../src/connectors/kit/sink.ts';
import type { Actor } from '../../src/domain/actor.ts';
import { addDays } from '../../src/domain/dates.ts';
import type { DesiredItem } from '../../src/integrations/outbound/outbound-plan.ts';
import { createOutboundService, type ExportScope } from '../../src/integrations/outbound/outbound.service.ts';
import { createTenant, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';

/**
 * The outbound engine over the real database, against a stand-in vendor that behaves as vendors do:
 * it assigns its own ids, refuses bad data, fails before committing (outage) and — worst — commits and
 * then loses the answer. Whatever it does, the vendor must end up holding exactly what Koppel wants:
 * nothing duplicated, nothing lost, only the difference written.
 */
type Payload = { minutes: number; day: string };

class StandInVendor implements OutboundSink<Payload> {
  readonly vendor = 'stand-in';
  held = new Map<string, { externalId: string; payload: Payload }>();
  calls = { write: 0, remove: 0, readBack: 0, writtenItems: 0, removedItems: 0 };
  private seq = 0;
  private rng: () => number;
  constructor(
    public faults: { beforeCommit: number; afterCommit: number } = { beforeCommit: 0, afterCommit: 0 },
    seed = 7,
    public refuse: (p: Payload) => boolean = (p) => p.minutes < 0,
  ) {
    let s = seed;
    this.rng = () => {
      s = (s * 1103515245 + 12345) & 0x7fffffff;
      return s / 0x7fffffff;
    };
  }
  async write(items: readonly SinkItem<Payload>[]): Promise<SinkResult[]> {
    this.calls.write++;
    return items.map((item) => {
      const key = item.idempotencyKey;
      if (this.refuse(item.payload)) return { idempotencyKey: key, outcome: 'failed', error: { code: 'rejected', message: 'refused', retryable: false } };
      if (this.rng() < this.faults.beforeCommit) return { idempotencyKey: key, outcome: 'failed', error: { code: 'unavailable', message: '503', retryable: true } };
      this.calls.writtenItems++;
      const current = this.held.get(key);
      const externalId = current?.externalId ?? `ext-${++this.seq}`;
      const outcome = !current ? 'created' : JSON.stringify(current.payload) === JSON.stringify(item.payload) ? 'unchanged' : 'updated';
      this.held.set(key, { externalId, payload: item.payload });
      if (this.rng() < this.faults.afterCommit)
        return { idempotencyKey: key, outcome: 'failed', error: { code: 'maybe_committed', message: 'timeout', retryable: true, maybeCommitted: true } };
      return { idempotencyKey: key, outcome, externalId };
    });
  }
  async readBack(query: { keys: readonly string[] } | { from: Date; to: Date }): Promise<ReadBackItem<Payload>[]> {
    this.calls.readBack++;
    const keys = 'keys' in query ? query.keys : [...this.held.keys()];
    return keys.flatMap((k) => {
      const h = this.held.get(k);
      return h ? [{ idempotencyKey: k, externalId: h.externalId, payload: h.payload }] : [];
    });
  }
  samePayload(a: Payload, b: Payload) {
    return JSON.stringify(a) === JSON.stringify(b);
  }
  async remove(items: readonly RemoveItem[]): Promise<SinkResult[]> {
    this.calls.remove++;
    return items.map((item) => {
      if (this.rng() < this.faults.beforeCommit) return { idempotencyKey: item.idempotencyKey, outcome: 'failed', error: { code: 'unavailable', message: '503', retryable: true } };
      this.calls.removedItems++;
      for (const [k, h] of this.held) if (h.externalId === item.externalId) this.held.delete(k);
      return { idempotencyKey: item.idempotencyKey, outcome: 'removed' };
    });
  }
  state() {
    return Object.fromEntries([...this.held.entries()].map(([k, h]) => [k, h.payload]));
  }
}

let k: TestKoppel;
let actor: Actor;
let otherActor: Actor;
let integrationId: string;

beforeAll(async () => {
  k = await startTestKoppel();
  const t = await createTenant(k, 'Export BV');
  const other = await createTenant(k, 'Other BV');
  actor = { tenantId: t.tenant.id, type: 'user', id: t.owner.id, name: 'Owner', role: 'owner', timeZone: 'Europe/Amsterdam' };
  otherActor = { tenantId: other.tenant.id, type: 'user', id: other.owner.id, name: 'Owner', role: 'owner', timeZone: 'Europe/Amsterdam' };
});
afterAll(async () => {
  await k?.stop();
});

async function newIntegration() {
  const row = await k.db
    .insertInto('integrations')
    .values({ tenant_id: actor.tenantId, vendor: 'personio', name: 'Export target', base_url: 'http://127.0.0.1:9', credentials_encrypted: k.services.box.encrypt('{}'), settings: '{}' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const scopeOf = (id: string, from = '2026-11-01', to = '2026-11-30'): ExportScope => ({ integrationId: id, kind: 'test.hours', from, to });

function desired(count: number, version = 0, from = '2026-11-01'): DesiredItem<Payload>[] {
  return Array.from({ length: count }, (_, i) => ({
    idempotencyKey: `shift:${i}:0`,
    subjectId: null,
    periodDate: addDays(from, i % 30),
    payload: { minutes: 60 + i + version, day: addDays(from, i % 30) },
  }));
}

const wantedState = (items: DesiredItem<Payload>[]) => Object.fromEntries(items.map((d) => [d.idempotencyKey, d.payload]));

describe('outbound journal', () => {
  beforeAll(async () => {
    integrationId = await newIntegration();
  });

  it('first send creates everything, journals each item with its external id and locks the days', async () => {
    const outbound = createOutboundService(k.db);
    const vendor = new StandInVendor();
    const items = desired(40);
    const run = await outbound.send(actor, scopeOf(integrationId), items, vendor);
    expect(run.status).toBe('succeeded');
    expect(run.counts).toMatchObject({ created: 40, updated: 0, removed: 0, unchanged: 0 });
    expect(vendor.state()).toEqual(wantedState(items));
    const journal = await k.db.selectFrom('outbound_items').select(['status', 'external_id', 'attempts']).where('integration_id', '=', integrationId).execute();
    expect(journal).toHaveLength(40);
    expect(journal.every((j) => j.status === 'sent' && j.external_id?.startsWith('ext-') && j.attempts === 1)).toBe(true);
    const attempts = await k.db.selectFrom('outbound_attempts').select('outcome').where('tenant_id', '=', actor.tenantId).execute();
    expect(attempts.filter((a) => a.outcome === 'created')).toHaveLength(40);
    expect(await outbound.lockedDays(actor.tenantId, integrationId, 'test.hours', '2026-11-01', '2026-11-30')).toHaveLength(30);

    // Sending the same period again writes nothing.
    const before = { ...vendor.calls };
    const again = await outbound.send(actor, scopeOf(integrationId), items, vendor);
    expect(again.counts).toMatchObject({ created: 0, updated: 0, removed: 0, unchanged: 40 });
    expect(vendor.calls.write).toBe(before.write);
    expect(vendor.calls.writtenItems).toBe(before.writtenItems);
  });

  it('a re-send writes only the difference: changed items updated, new ones added, removed ones deleted', async () => {
    const outbound = createOutboundService(k.db);
    const vendor = new StandInVendor();
    const id = await newIntegration();
    const first = desired(20);
    await outbound.send(actor, scopeOf(id), first, vendor);
    const next = first
      .filter((d) => d.idempotencyKey !== 'shift:3:0')
      .map((d) => (d.idempotencyKey === 'shift:5:0' ? { ...d, payload: { ...d.payload, minutes: 999 } } : d))
      .concat([{ idempotencyKey: 'shift:new:0', subjectId: null, periodDate: '2026-11-15', payload: { minutes: 30, day: '2026-11-15' } }]);
    const preview = await outbound.preview(actor, scopeOf(id), next);
    expect(preview.filter((p) => p.state !== 'unchanged').map((p) => [p.idempotencyKey, p.state]).sort()).toEqual([
      ['shift:3:0', 'removed'],
      ['shift:5:0', 'changed'],
      ['shift:new:0', 'new'],
    ]);
    const written = vendor.calls.writtenItems;
    const run = await outbound.send(actor, scopeOf(id), next, vendor);
    expect(run.counts).toMatchObject({ created: 1, updated: 1, removed: 1, unchanged: 18 });
    expect(vendor.calls.writtenItems - written).toBe(2);
    expect(vendor.calls.removedItems).toBe(1);
    expect(vendor.state()).toEqual(wantedState(next));
  });

  it('a refused item shows with its reason and the rest still goes; a dismissed one is not sent again until it changes', async () => {
    const outbound = createOutboundService(k.db);
    const vendor = new StandInVendor();
    const id = await newIntegration();
    const items = desired(5);
    items[2] = { ...items[2]!, payload: { ...items[2]!.payload, minutes: -1 } };
    const run = await outbound.send(actor, scopeOf(id), items, vendor);
    expect(run.status).toBe('partial');
    expect(run.counts).toMatchObject({ created: 4, refused: 1 });
    expect(run.items.find((i) => i.idempotencyKey === 'shift:2:0')).toMatchObject({ status: 'refused', errorCode: 'rejected' });
    const dead = await outbound.deadLetters(actor, id);
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ idempotencyKey: 'shift:2:0', status: 'refused', error: { code: 'rejected' } });

    await outbound.dismiss(actor, id, dead[0]!.id);
    expect(await outbound.deadLetters(actor, id)).toHaveLength(0);
    const calls = vendor.calls.write;
    const again = await outbound.send(actor, scopeOf(id), items, vendor);
    expect(again.counts).toMatchObject({ created: 0, unchanged: 5 });
    expect(vendor.calls.write).toBe(calls);

    // Corrected at the source: it goes again.
    items[2] = { ...items[2]!, payload: { ...items[2]!.payload, minutes: 45 } };
    const fixed = await outbound.send(actor, scopeOf(id), items, vendor);
    expect(fixed.counts).toMatchObject({ created: 1, unchanged: 4 });
    expect(vendor.state()).toEqual(wantedState(items));
  });

  it('transient failures retry with back-off and become dead letters after the last attempt; retry from the list sends them', async () => {
    let clock = new Date('2026-12-01T10:00:00Z');
    const outbound = createOutboundService(k.db, { clock: () => clock, policy: { maxAttempts: 3, baseDelayMs: 60_000 } });
    const down = new StandInVendor({ beforeCommit: 1, afterCommit: 0 });
    const id = await newIntegration();
    const items = desired(3);
    const run = await outbound.send(actor, scopeOf(id), items, down);
    expect(run.status).toBe('failed');
    expect(run.counts.retrying).toBe(3);
    const row = await k.db.selectFrom('outbound_items').select(['status', 'next_attempt_at', 'attempts']).where('integration_id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'retrying', attempts: 1 });
    expect(new Date(row.next_attempt_at!).getTime()).toBe(clock.getTime() + 60_000);

    // Not due yet: nothing is tried.
    expect(await outbound.retryDue(actor.tenantId, id, 'test.hours', down as OutboundSink<unknown>)).toEqual({ sent: 0, removed: 0, failed: 0 });
    clock = new Date(clock.getTime() + 61_000);
    expect((await outbound.retryDue(actor.tenantId, id, 'test.hours', down as OutboundSink<unknown>)).failed).toBe(3);
    clock = new Date(clock.getTime() + 10 * 60_000);
    await outbound.retryDue(actor.tenantId, id, 'test.hours', down as OutboundSink<unknown>);
    const dead = await outbound.deadLetters(actor, id);
    expect(dead.map((d) => [d.status, d.attempts])).toEqual([
      ['dead', 3],
      ['dead', 3],
      ['dead', 3],
    ]);
    const history = await outbound.attempts(actor, id, dead[0]!.id);
    expect(history.map((h) => h.error_code)).toEqual(['unavailable', 'unavailable', 'unavailable']);

    // The vendor is back; the user retries one dead letter from the list.
    const up = new StandInVendor();
    await outbound.retry(actor, id, dead[0]!.id);
    expect(await outbound.retryDue(actor.tenantId, id, 'test.hours', up as OutboundSink<unknown>)).toEqual({ sent: 1, removed: 0, failed: 0 });
    expect(await outbound.deadLetters(actor, id)).toHaveLength(2);
    // The next send of the period takes the other two along (a send tries every item it plans, dead or not).
    const resend = await outbound.send(actor, scopeOf(id), items, up);
    expect(resend.counts).toMatchObject({ created: 2, unchanged: 1 });
    expect(up.state()).toEqual(wantedState(items));
  });

  it('lost answers are settled by reading back, never by writing twice; 20 % faults converge to the fault-free end state', async () => {
    const id = await newIntegration();
    const outbound = createOutboundService(k.db, { policy: { maxAttempts: 50 } });
    const vendor = new StandInVendor({ beforeCommit: 0.1, afterCommit: 0.1 }, 42);
    const clean = new StandInVendor();
    const cleanId = await newIntegration();
    const rounds = [desired(60), desired(60, 1).slice(0, 50), desired(70, 2)];
    for (const items of rounds) {
      await outbound.send(actor, scopeOf(cleanId), items, clean);
      // Faulty vendor: send, then keep retrying what is due until nothing is left.
      await outbound.send(actor, scopeOf(id), items, vendor);
      for (let i = 0; i < 30; i++) {
        await k.db.updateTable('outbound_items').set({ next_attempt_at: new Date(0) }).where('integration_id', '=', id).where('status', 'in', ['retrying', 'removing']).execute();
        const r = await outbound.retryDue(actor.tenantId, id, 'test.hours', vendor as OutboundSink<unknown>);
        if (r.sent + r.removed + r.failed === 0) break;
      }
      expect(vendor.state()).toEqual(clean.state());
      expect(vendor.state()).toEqual(wantedState(items));
    }
    // The faulty vendor saw no more created objects than keys ever wanted: nothing duplicated.
    expect(vendor.held.size).toBe(70);
  });

  it('two sends of one period at once give one send', async () => {
    const id = await newIntegration();
    const outbound = createOutboundService(k.db);
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const slow = new StandInVendor();
    const write = slow.write.bind(slow);
    slow.write = async (items) => {
      await gate;
      return write(items);
    };
    const first = outbound.send(actor, scopeOf(id), desired(5), slow);
    await new Promise((r) => setTimeout(r, 100));
    await expect(outbound.send(actor, scopeOf(id), desired(5), slow)).rejects.toMatchObject({ code: 'invalid_state', params: { reason: 'export_running' } });
    release();
    expect((await first).counts.created).toBe(5);
    expect(slow.held.size).toBe(5);
  });

  it('a send killed midway is picked up: the abandoned run is closed and the next send converges without duplicates', async () => {
    const id = await newIntegration();
    let clock = new Date('2026-12-01T10:00:00Z');
    const outbound = createOutboundService(k.db, { clock: () => clock, policy: { batchSize: 10 } });
    const vendor = new StandInVendor();
    const write = vendor.write.bind(vendor);
    let batches = 0;
    const controller = new AbortController();
    vendor.write = async (items) => {
      if (++batches === 3) {
        // The process dies here: the vendor committed this batch, Koppel never hears of it.
        await write(items);
        controller.abort();
        throw new Error('killed');
      }
      return write(items);
    };
    await expect(outbound.send(actor, scopeOf(id), desired(50), vendor, { signal: controller.signal })).rejects.toThrow('killed');
    // Simulate the kill: the run stays "running" (a killed process does not get to close it).
    await k.db.updateTable('outbound_runs').set({ status: 'running', finished_at: null }).where('integration_id', '=', id).execute();
    vendor.write = write;
    await expect(outbound.send(actor, scopeOf(id), desired(50), vendor)).rejects.toMatchObject({ params: { reason: 'export_running' } });
    clock = new Date(clock.getTime() + 6 * 60_000);
    const run = await outbound.send(actor, scopeOf(id), desired(50), vendor);
    expect(run.status).toBe('succeeded');
    expect(vendor.state()).toEqual(wantedState(desired(50)));
    expect(vendor.held.size).toBe(50);
    const runs = await k.db.selectFrom('outbound_runs').select(['status', 'error']).where('integration_id', '=', id).orderBy('started_at').execute();
    expect(runs.map((r) => r.status)).toEqual(['failed', 'succeeded']);
  });

  it('is tenant-scoped and role-checked', async () => {
    const outbound = createOutboundService(k.db);
    await expect(outbound.send(otherActor, scopeOf(integrationId), desired(1), new StandInVendor())).rejects.toMatchObject({ code: 'not_found' });
    await expect(outbound.deadLetters(otherActor, integrationId)).rejects.toMatchObject({ code: 'not_found' });
    await expect(outbound.deadLetters({ ...actor, role: 'recruiter' }, integrationId)).rejects.toMatchObject({ code: 'forbidden' });
    const item = await k.db.selectFrom('outbound_items').select('id').where('integration_id', '=', integrationId).executeTakeFirstOrThrow();
    await expect(outbound.retry(otherActor, integrationId, item.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(outbound.retry(actor, integrationId, item.id)).rejects.toMatchObject({ code: 'invalid_state' });
  });
});
