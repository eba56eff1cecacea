import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PersonioEmulator } from '../../emulators/personio/personio-emulator.server.ts';
import { PersonioConnector } from '../../src/connectors/hr/personio/personio.connector.ts';
import { createSyncEngine } from '../../src/integrations/engine/sync.service.ts';
import { createTenant, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';
import { connect, startEmulator } from './sync-support.ts';

/**
 * Issue 14, item 6: Personio's limits are per company, so another tool of the same customer uses the
 * same budget. The emulator's `otherClientPerSecond` is that tool. The client slows down (AIMD on its
 * limiter, longer back-off) and carries on; it gives up only when nothing succeeded for a long time,
 * and the next run resumes the listing where it stopped.
 */

let k: TestKoppel;
const running: PersonioEmulator[] = [];
beforeAll(async () => {
  k = await startTestKoppel();
});
afterAll(async () => {
  await k?.stop();
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((em) => em.close()));
});

describe('another client shares the rate limit', () => {
  it('the listing slows down and completes while another client uses 12 of the 15 requests a second', async () => {
    // 30 pages: more than the room the other client leaves in any second.
    const em = await startEmulator({ employees: 300, otherClientPerSecond: 12 });
    running.push(em);
    // Short back-offs and few attempts: a client that spent its attempts on 429s would give up here.
    const c = new PersonioConnector({ baseUrl: em.url, ...em.credentials, pageSize: 10, timeoutMs: 5_000, retry: { baseDelayMs: 5, maxDelayMs: 40, rateLimitFloorMs: 10, maxAttempts: 4 } });
    const seen = new Set<string>();
    for await (const e of c.listEmployees()) seen.add(e.externalId);
    expect(seen.size).toBe(300);
    expect(em.stats.served429).toBeGreaterThan(0);
    // It slowed down for good rather than trying every page at full speed.
    expect(c.client.http.rateFactors().employees).toBeLessThan(1);
    expect(c.metrics().rateLimited).toBe(em.stats.served429);
  });

  it('gives up only after no progress for the configured time, and the next run resumes where the listing stopped', async () => {
    // More pages than one second's burst (15), so the listing is still going when the other tool takes over.
    const em = await startEmulator({ employees: 400, latencyMs: 5 });
    running.push(em);
    const t = await createTenant(k, 'Gedeeld BV');
    const integration = await connect(t.client, em);
    const engine = createSyncEngine({
      db: k.db,
      box: k.services.box,
      connectorTuning: { pageSize: 10, timeoutMs: 5_000, retry: { baseDelayMs: 20, maxDelayMs: 200, rateLimitFloorMs: 100, rateLimitPatienceMs: 1_500 } },
    });
    // Half-way through, the other tool takes the whole budget.
    let switched = false;
    const failed = await engine.runSync(t.tenant.id, integration.id, { mode: 'preview', trigger: 'cli' }, {
      onProgress: (phase, done) => {
        if (phase === 'read' && done >= 50 && !switched) {
          switched = true;
          // Faster than the limit lets through: it takes every slot that frees up.
          em.setOtherClient(40);
        }
      },
    });
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/^vendor_rate_limited/);
    const stored = await k.db.selectFrom('integrations').select('sync_resume').where('id', '=', integration.id).executeTakeFirstOrThrow();
    const resume = stored.sync_resume as { position: string; full: boolean };
    expect(resume.full).toBe(true);
    expect(Number(resume.position)).toBeGreaterThanOrEqual(50);
    expect(Number(resume.position)).toBeLessThan(400);
    const before = await k.db.selectFrom('external_records').select('external_id').where('integration_id', '=', integration.id).execute();
    expect(before.length).toBeGreaterThanOrEqual(Number(resume.position));

    // The other tool is quieter again: the next run goes on from where the listing stopped.
    em.setOtherClient(0);
    // Its last second of requests leaves the window first.
    await new Promise((r) => setTimeout(r, 1_100));
    em.resetStats();
    const next = await engine.runSync(t.tenant.id, integration.id, { mode: 'preview', trigger: 'cli' });
    expect(next.status).toBe('succeeded');
    const pagesLeft = Math.ceil((400 - Number(resume.position)) / 10);
    // Pages served (a 429 served is a call, not a page): only those after the position, give or take an
    // attempt repeated after a timeout on a loaded machine — never the ones the first run stored.
    const served = em.stats.calls['GET /v1/company/employees']! - em.stats.served429;
    expect(served).toBeGreaterThanOrEqual(pagesLeft);
    expect(served).toBeLessThanOrEqual(pagesLeft + 2);
    const after = await k.db.selectFrom('external_records').select('external_id').where('integration_id', '=', integration.id).execute();
    expect(new Set(after.map((r) => r.external_id)).size).toBe(400);
    const done = await k.db.selectFrom('integrations').select(['sync_resume', 'sync_cursor']).where('id', '=', integration.id).executeTakeFirstOrThrow();
    expect(done.sync_resume).toBeNull();
    expect(done.sync_cursor).not.toBeNull();
  });
});
