import { describe, expect, it } from 'vitest';
import { type JournalEntry, payloadHash, planOutbound, retryDelayMs, stableJson } from './outbound-plan.ts';

const item = (key: string, minutes: number) => ({ idempotencyKey: key, subjectId: null, periodDate: '2026-11-02', payload: { minutes } });
const entry = (key: string, minutes: number, over: Partial<JournalEntry> = {}): JournalEntry => ({
  idempotencyKey: key,
  status: 'sent',
  payloadHash: payloadHash({ minutes }),
  sentHash: payloadHash({ minutes }),
  externalId: `x-${key}`,
  ...over,
});

describe('planOutbound', () => {
  it('new, changed, unchanged, removed and never-confirmed keys', () => {
    const plan = planOutbound(
      [item('a', 1), item('b', 2), item('c', 3), item('d', 4)],
      [entry('b', 2), entry('c', 30), entry('e', 5), entry('f', 6, { externalId: null, sentHash: null, status: 'retrying' }), entry('d', 4, { externalId: null, sentHash: null, status: 'dead' })],
    );
    expect(Object.fromEntries(plan.map((p) => [p.idempotencyKey, p.action]))).toEqual({ a: 'create', b: 'unchanged', c: 'update', d: 'create', e: 'remove', f: 'forget' });
  });

  it('a dismissed dead letter stays unsent until its payload changes; a removed entry is not removed twice', () => {
    const dismissed = entry('a', 1, { status: 'dismissed', externalId: null, sentHash: null });
    expect(planOutbound([item('a', 1)], [dismissed])[0]?.action).toBe('unchanged');
    expect(planOutbound([item('a', 2)], [dismissed])[0]?.action).toBe('create');
    expect(planOutbound([], [entry('z', 1, { status: 'removed' })])).toEqual([]);
  });

  it('refuses a key listed twice', () => {
    expect(() => planOutbound([item('a', 1), item('a', 2)], [])).toThrow(/listed twice/);
  });

  it('hashes payloads independent of key order', () => {
    expect(stableJson({ b: 1, a: { d: [1, { y: 1, x: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"x":2,"y":1}]},"b":1}');
    expect(payloadHash({ a: 1, b: 2 })).toBe(payloadHash({ b: 2, a: 1 }));
  });

  it('backs off exponentially up to the cap', () => {
    expect([1, 2, 3, 10, 20].map((n) => retryDelayMs(n, 1000, 60_000))).toEqual([1000, 2000, 4000, 60_000, 60_000]);
  });
});
