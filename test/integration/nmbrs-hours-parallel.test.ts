import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNmbrsEmulator, type NmbrsEmulator } from '../../emulators/nmbrs/nmbrs-emulator.server.ts';
import { MemoryTokenStore } from '../../src/connectors/kit/auth/token-store.ts';
import { realSleep } from '../../src/connectors/kit/http-client.ts';
import type { OutboundSink } from '../../src/connectors/kit/sink.ts';
import { NmbrsConnector } from '../../src/connectors/hr/nmbrs/nmbrs.connector.ts';
import { markerOf, type NmbrsHoursPayload } from '../../src/connectors/hr/nmbrs/nmbrs.hours-sink.ts';
import type { Actor } from '../../src/domain/actor.ts';
import type { DesiredItem } from '../../src/integrations/outbound/outbound-plan.ts';
import { createOutboundService, type ExportScope } from '../../src/integrations/outbound/outbound.service.ts';
import { NMBRS_HOURS_KIND } from '../../src/integrations/registry.ts';
import { createTenant, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';

/**
 * Hours to Nmbrs with the sink's workers side by side (issue 10 item "bounded parallel sends"), over the real
 * outbound engine and database, against the emulator's ADDITIVE variable hours with faults: 5xx, 429s, answers
 * lost after the commit, hangs, expired tokens, and its own rate limit. A first send is killed while several POSTs
 * are in flight; the sends after it (with faults) converge; a change of hours (up, down, gone) converges too. At
 * every end Nmbrs holds exactly the hours Koppel wants per employee and code: parallel sending never doubles or
 * loses hours.
 */
const REF = '2026-06-15';
const CONCURRENCY = 6;
let k: TestKoppel;
let em: NmbrsEmulator;
let actor: Actor;
let integrationId: string;
let people: string[];
let codes: number[];
let period: { year: number; period: number };
let scope: ExportScope;
const tokens = () => new MemoryTokenStore(em.issueTokens());
let inFlight = 0;
let maxInFlight = 0;

beforeAll(async () => {
  em = await startNmbrsEmulator({ employees: 40, companies: 1, periodTypes: ['monthly'], seed: 21, referenceDate: REF, rateLimitPerSecond: 60 });
  k = await startTestKoppel();
  const t = await createTenant(k, 'Nmbrs Parallel BV');
  actor = { tenantId: t.tenant.id, type: 'user', id: t.owner.id, name: 'Owner', role: 'owner', timeZone: 'Europe/Amsterdam' };
  integrationId = (
    await k.db
      .insertInto('integrations')
      .values({ tenant_id: actor.tenantId, vendor: 'nmbrs', name: 'Nmbrs', base_url: em.url, credentials_encrypted: k.services.box.encrypt('{}'), settings: '{}' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  const company = em.data.companies[0]!;
  period = em.currentPeriod(company.companyId);
  people = em.data.employees.filter((e) => e.employments.at(-1)!.endDate === null).map((e) => e.employeeId).slice(0, 24);
  codes = company.hourCodes.slice(0, 2).map((h) => h.code);
  const day = `${period.year}-${String(period.period).padStart(2, '0')}-01`;
  scope = { integrationId, kind: NMBRS_HOURS_KIND, from: day, to: day };
});
afterAll(async () => {
  await k?.stop();
  await em?.close();
});

/** A sink as a send builds it: a new connector (its own rate limiter), `CONCURRENCY` workers, fast back-off for the test. */
function sink(onPost?: () => void): OutboundSink<NmbrsHoursPayload> {
  const counting = (async (input: string | URL | Request, init?: RequestInit) => {
    const api = String(input instanceof Request ? input.url : input).includes('/api/');
    if (api) maxInFlight = Math.max(maxInFlight, ++inFlight);
    try {
      const res = await fetch(input, init);
      if (api && init?.method === 'POST' && res.ok) onPost?.();
      return res;
    } finally {
      if (api) inFlight--;
    }
  }) as typeof fetch;
  return new NmbrsConnector({
    baseUrl: em.url,
    identityUrl: em.url,
    subscriptionKey: em.subscriptionKey,
    clientId: em.client.clientId,
    clientSecret: em.client.clientSecret,
    tokens: tokens(),
    // Paced above the emulator's 60/s: its 429s (Retry-After) come on top of the injected ones.
    rateLimit: { capacity: 20, refillPerSecond: 100 },
    retry: { maxAttempts: 6, baseDelayMs: 5, maxDelayMs: 40, rateLimitFloorMs: 10 },
    timeoutMs: 2_000,
    sleep: (ms, s) => realSleep(Math.min(ms, 20), s),
    fetch: counting,
    hoursConcurrency: CONCURRENCY,
    today: () => REF,
  }).hoursSink();
}

/** Per employee two codes; `version` changes some hours up, some down, and leaves some employees out. */
function desired(version: number): DesiredItem<NmbrsHoursPayload>[] {
  return people.flatMap((employeeId, i) => {
    if (version > 0 && i % 6 === 5) return [];
    return codes.map((hourCode, c) => {
      const base = 100 + i + c * 0.25;
      const hours = version === 0 ? base : i % 3 === 0 ? base + 7.5 : i % 3 === 1 ? base - 12.75 : base;
      return {
        idempotencyKey: `${hourCode}@${employeeId}/${period.year}/${period.period}`,
        subjectId: null,
        periodDate: scope.from,
        payload: { employeeId, year: period.year, period: period.period, hourCode, hours },
      };
    });
  });
}

/** What Nmbrs holds per ledger key: the sum of the components carrying its marker. */
function held(): Map<string, number> {
  const sums = new Map<string, number>();
  for (const h of em.hourComponents()) {
    const key = markerOf(h.comment);
    if (key) sums.set(key, Math.round(((sums.get(key) ?? 0) + h.hours) * 100) / 100);
  }
  return sums;
}

function expectExact(want: DesiredItem<NmbrsHoursPayload>[]) {
  const sums = held();
  const wanted = new Map(want.map((d) => [d.idempotencyKey, d.payload.hours]));
  for (const [key, hours] of wanted) expect(sums.get(key), key).toBe(hours);
  // Keys Koppel no longer wants net to zero; no key Koppel never sent.
  for (const [key, sum] of sums) if (!wanted.has(key)) expect(sum, key).toBe(0);
  expect([...sums.keys()].every((key) => desired(0).some((d) => d.idempotencyKey === key))).toBe(true);
}

/** Sends (with the emulator's faults on) until nothing is left to retry; returns how many sends it took. */
async function converge(want: DesiredItem<NmbrsHoursPayload>[]) {
  const outbound = createOutboundService(k.db, { policy: { batchSize: 20, maxAttempts: 50 } });
  for (let n = 1; n <= 12; n++) {
    const s = await outbound.send(actor, scope, want, sink());
    expect(s.counts.refused + s.counts.dead).toBe(0);
    if (s.counts.retrying === 0) return n;
  }
  throw new Error('did not converge in 12 sends');
}

describe('Hours to Nmbrs, workers side by side (issue 10)', () => {
  it('a parallel send killed mid-flight, then sends under faults: Nmbrs holds exactly the wanted hours; a change converges exactly too', async () => {
    // 1. Killed while POSTs are in flight (about a third of the writes landed).
    const controller = new AbortController();
    let posts = 0;
    const killed = createOutboundService(k.db, { policy: { batchSize: 20 } });
    const v0 = desired(0);
    const killSink = sink(() => {
      if (++posts === 16) controller.abort();
    });
    await expect(killed.send(actor, scope, v0, killSink, { signal: controller.signal })).rejects.toThrow();
    const landed = [...held().values()].filter((h) => h !== 0).length;
    expect(landed).toBeGreaterThanOrEqual(16);
    expect(landed).toBeLessThan(v0.length);
    // A killed process leaves its run "running"; its heartbeat gets old.
    await k.db.updateTable('outbound_runs').set({ status: 'running', finished_at: null, heartbeat_at: new Date(Date.now() - 3600_000) }).where('integration_id', '=', integrationId).execute();

    // 2. Faults on: every kind the emulator has, including answers lost after Nmbrs committed the POST.
    em.setFaults({ rate5xx: 0.08, rate429: 0.05, rateDropAfterCommit: 0.07, rateTimeout: 0.02, rateExpiredToken: 0.03, timeoutMs: 300, seed: 4 });
    const log0 = em.kit.requestLog.length;
    await converge(v0);
    em.setFaults(undefined);
    expectExact(v0);
    // Nothing doubled: each key is one component (a lost answer was settled by reading, not by posting again).
    for (const d of v0) expect(em.hourComponents(d.payload.employeeId).filter((h) => markerOf(h.comment) === d.idempotencyKey)).toHaveLength(1);

    // 3. A change (up, down, gone), again under faults.
    em.setFaults({ rate5xx: 0.08, rate429: 0.05, rateDropAfterCommit: 0.07, rateTimeout: 0.02, timeoutMs: 300, seed: 9 });
    const v1 = desired(1);
    await converge(v1);
    em.setFaults(undefined);
    expectExact(v1);

    // The faults were real, and the workers did work side by side (never more than the pool).
    const seen = em.kit.requestLog.slice(log0);
    expect(seen.filter((r) => r.status === 429).length).toBeGreaterThan(0);
    expect(seen.filter((r) => r.status >= 500 || r.status === 0).length).toBeGreaterThan(0);
    expect(maxInFlight).toBeGreaterThan(1);
    expect(maxInFlight).toBeLessThanOrEqual(CONCURRENCY);

    // 4. Unchanged: a send writes nothing.
    const writes = () => em.kit.requestLog.filter((r) => r.method !== 'GET' && r.path.startsWith('/api/')).length;
    const before = writes();
    const s = await createOutboundService(k.db).send(actor, scope, v1, sink());
    expect(s.counts).toMatchObject({ created: 0, updated: 0, removed: 0, retrying: 0, dead: 0, refused: 0 });
    expect(writes()).toBe(before);
    expectExact(v1);
  });
});
