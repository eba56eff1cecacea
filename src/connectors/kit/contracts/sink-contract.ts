import { describe, expect, it } from 'vitest';
import { writeReconciled, type OutboundSink, type SinkItem, type SinkResult } from '../sink.ts';

/**
 * The contract every OutboundSink passes against its vendor's emulator: idempotency, partial
 * failure, a lost answer settled by reading back, and convergence under faults. It registers vitest
 * tests; call it at the top level of a `*.sink-contract.test.ts` (or any test file).
 *
 * Every test starts its own empty stand-in through the harness, so tests do not see each other's
 * objects. Everything asserted is vendor-neutral: the harness turns what the vendor holds into
 * `{ key, payload }` pairs (one per live object, duplicates included).
 */

export interface SinkUnderTest<Payload> {
  sink: OutboundSink<Payload>;
  /**
   * The next `times` writes are committed by the vendor and then answered with a failure (the
   * answer is lost: "maybe committed").
   */
  loseAnswerAfterCommit(times?: number): void | Promise<void>;
  /** Every live object the vendor holds that this sink could have written, as idempotency key + payload. */
  vendorObjects(): Promise<Array<{ key: string; payload: Payload }>>;
  /** Injected faults answered so far (to prove a fault round really met faults). */
  faultsSeen(): number;
  close(): Promise<void>;
}

export interface SinkContractHarness<Payload> {
  /**
   * A fresh, empty stand-in and a sink to it. `faultRate` is the emulator's fault profile (0 = none,
   * ~0.2 = the convergence round): transient faults before commit and lost answers after commit.
   */
  start(opts: { faultRate: number; seed?: number }): Promise<SinkUnderTest<Payload>>;
  /** `count` distinct valid items; `version` changes every payload (same keys) for update rounds. */
  items(count: number, version?: number): SinkItem<Payload>[];
  /** An item the vendor refuses for its data (never retryable). */
  badItem(): SinkItem<Payload>;
  /** Whether two payloads say the same (the vendor may normalise, e.g. time zones). */
  samePayload(a: Payload, b: Payload): boolean;
}

const keysOf = (objects: Array<{ key: string }>) => objects.map((o) => o.key).sort();

async function withSink<P>(h: SinkContractHarness<P>, opts: { faultRate: number; seed?: number }, fn: (s: SinkUnderTest<P>) => Promise<void>): Promise<void> {
  const s = await h.start(opts);
  try {
    await fn(s);
  } finally {
    await s.close();
  }
}

export function runSinkContract<Payload>(name: string, h: SinkContractHarness<Payload>): void {
  const expectHolds = async (s: SinkUnderTest<Payload>, items: SinkItem<Payload>[]) => {
    const held = await s.vendorObjects();
    // Exactly one object per key: nothing duplicated, nothing lost.
    expect(keysOf(held)).toEqual(items.map((i) => i.idempotencyKey).sort());
    for (const item of items) {
      const o = held.find((x) => x.key === item.idempotencyKey)!;
      expect(h.samePayload(item.payload, o.payload), `payload of ${item.idempotencyKey}`).toBe(true);
    }
  };

  describe(`OutboundSink contract: ${name}`, () => {
    it('writes every item once and answers one result per item, in order', async () => {
      await withSink(h, { faultRate: 0 }, async (s) => {
        const items = h.items(4);
        const results = await s.sink.write(items);
        expect(results.map((r) => r.idempotencyKey)).toEqual(items.map((i) => i.idempotencyKey));
        for (const r of results) {
          expect(r.outcome).toBe('created');
          expect(r.externalId).toBeTruthy();
        }
        await expectHolds(s, items);
        // Read back by key and by range: the same objects.
        const byKey = await s.sink.readBack({ keys: items.map((i) => i.idempotencyKey) });
        expect(keysOf(byKey.map((b) => ({ key: b.idempotencyKey })))).toEqual(keysOf(items.map((i) => ({ key: i.idempotencyKey }))));
        expect(byKey.map((b) => b.externalId).sort()).toEqual(results.map((r) => r.externalId).sort());
        const byRange = await s.sink.readBack({ from: new Date('2000-01-01T00:00:00Z'), to: new Date('2100-01-01T00:00:00Z') });
        expect(keysOf(byRange.map((b) => ({ key: b.idempotencyKey })))).toEqual(keysOf(byKey.map((b) => ({ key: b.idempotencyKey }))));
        // A key never written is simply absent.
        expect(await s.sink.readBack({ keys: ['never-written'] })).toEqual([]);
      });
    });

    it('idempotency: the same key twice leaves one object (unchanged), a changed payload updates it', async () => {
      await withSink(h, { faultRate: 0 }, async (s) => {
        const items = h.items(3);
        const first = await s.sink.write(items);
        const again = await s.sink.write(items);
        expect(again.map((r) => r.outcome)).toEqual(['unchanged', 'unchanged', 'unchanged']);
        expect(again.map((r) => r.externalId)).toEqual(first.map((r) => r.externalId));
        await expectHolds(s, items);
        const changed = h.items(3, 2);
        const updated = await s.sink.write(changed);
        expect(updated.map((r) => r.outcome)).toEqual(['updated', 'updated', 'updated']);
        expect(updated.map((r) => r.externalId)).toEqual(first.map((r) => r.externalId));
        await expectHolds(s, changed);
      });
    });

    it('partial failure: one bad item fails on its own, with a per-item error, and the rest is written', async () => {
      await withSink(h, { faultRate: 0 }, async (s) => {
        const good = h.items(4);
        const bad = h.badItem();
        const batch = [good[0]!, good[1]!, bad, good[2]!, good[3]!];
        const results = await s.sink.write(batch);
        expect(results.map((r) => r.idempotencyKey)).toEqual(batch.map((i) => i.idempotencyKey));
        const failed = results[2]!;
        expect(failed.outcome).toBe('failed');
        expect(failed.error).toMatchObject({ retryable: false });
        expect(failed.error!.code).toMatch(/\S/);
        expect(results.filter((r) => r !== failed).map((r) => r.outcome)).toEqual(['created', 'created', 'created', 'created']);
        await expectHolds(s, good);
        // writeReconciled does not retry a refusal of the data.
        const again = await writeReconciled(s.sink, [bad]);
        expect(again[0]).toMatchObject({ outcome: 'failed', error: { retryable: false } });
      });
    });

    it('a lost answer after commit is reported as retryable "maybe committed" and settled by reading, not by writing twice', async () => {
      await withSink(h, { faultRate: 0 }, async (s) => {
        const items = h.items(3);
        await s.loseAnswerAfterCommit(1);
        const raw = await s.sink.write([items[0]!]);
        expect(raw[0]).toMatchObject({ outcome: 'failed', error: { retryable: true } });
        // The vendor did commit it.
        expect(keysOf(await s.vendorObjects())).toEqual([items[0]!.idempotencyKey]);
        const held = await s.sink.readBack({ keys: [items[0]!.idempotencyKey] });
        expect(held).toHaveLength(1);
        expect(h.samePayload(items[0]!.payload, held[0]!.payload)).toBe(true);

        // The reconciling writer: every lost answer is settled, the end state has exactly one object per key.
        await s.loseAnswerAfterCommit(2);
        const results = await writeReconciled(s.sink, items);
        expect(results.map((r) => r.outcome).every((o) => o !== 'failed')).toBe(true);
        for (const r of results) expect(r.externalId).toBeTruthy();
        await expectHolds(s, items);
      });
    });

    it('under the fault profile (~20 %) the end state equals the fault-free end state: nothing duplicated, nothing lost', async () => {
      const rounds = [h.items(25), h.items(25, 2), h.items(30, 3)];
      const endState = async (faultRate: number): Promise<{ objects: Array<{ key: string; payload: Payload }>; results: SinkResult[][]; faults: number }> => {
        let objects: Array<{ key: string; payload: Payload }> = [];
        const results: SinkResult[][] = [];
        let faults = 0;
        await withSink(h, { faultRate, seed: 7 }, async (s) => {
          for (const items of rounds) results.push(await writeReconciled(s.sink, items, { maxRounds: 8 }));
          objects = (await s.vendorObjects()).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
          faults = s.faultsSeen();
        });
        return { objects, results, faults };
      };
      const clean = await endState(0);
      const faulty = await endState(0.2);
      for (const r of faulty.results.flat()) expect(r.outcome, `${r.idempotencyKey}: ${r.error?.message ?? ''}`).not.toBe('failed');
      expect(keysOf(faulty.objects)).toEqual(keysOf(clean.objects));
      expect(new Set(keysOf(faulty.objects)).size).toBe(faulty.objects.length);
      faulty.objects.forEach((o, i) => expect(h.samePayload(o.payload, clean.objects[i]!.payload), o.key).toBe(true));
      // The last round wrote keys 0..29 at version 3: the end state says so.
      expect(clean.objects).toHaveLength(30);
      // The faults really happened (otherwise this test proves nothing).
      expect(faulty.faults).toBeGreaterThan(0);
    });
  });
}
