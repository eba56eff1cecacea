import { describe, expect, it } from 'vitest';
import { startLoketEmulator, type LoketEmulator } from '../../../../emulators/loket/loket-emulator.server.ts';
import { MemoryTokenStore } from '../../kit/auth/token-store.ts';
import { runSinkContract } from '../../kit/contracts/sink-contract.ts';
import type { SinkItem } from '../../kit/sink.ts';
import { LoketClient } from './loket.client.ts';
import { type LoketPayrollPayload, LoketPayrollSink, loketPayrollKey } from './loket.payroll-sink.ts';

/**
 * The shared sink contract for `payrollperioddata` against the Loket emulator (fresh emulator per test),
 * plus Loket's own rules: null deletes, a re-send changes only what changed, per-item failures in a 200.
 * Items: 40 employments of one employer, components 2 (hours) and 15 (overtime), period 2026/4.
 */

const YEAR = 2026;

function clientFor(em: LoketEmulator) {
  return new LoketClient({
    apiUrl: em.apiUrl,
    tokenUrl: em.tokenUrl,
    clientId: em.credentials.clientId,
    clientSecret: em.credentials.clientSecret,
    tokenStore: new MemoryTokenStore(em.issueTokens()),
    rateLimit: false,
    timeoutMs: 1_000,
    retry: { baseDelayMs: 5, maxDelayMs: 40, rateLimitFloorMs: 10, maxAttempts: 8 },
  });
}

// Employment ids depend only on the seed, so items can be made before an emulator runs.
let template: LoketEmulator | null = null;
const EMPLOYER = { id: '', employments: [] as string[], distributionUnit: '', administration: '' };

function payload(i: number, version: number, withAdministration = false): LoketPayrollPayload {
  return {
    ...(withAdministration ? { payrollAdministrationId: EMPLOYER.administration } : {}), employerId: EMPLOYER.id, employmentId: EMPLOYER.employments[Math.floor(i / 2)]!, year: YEAR, periodNumber: 4, shiftNumber: 1, distributionUnitKey: EMPLOYER.distributionUnit, component: i % 2 === 0 ? 2 : 15, value: 8 * (i + 1) + version * 0.25 };
}
const item = (p: LoketPayrollPayload): SinkItem<LoketPayrollPayload> => ({ idempotencyKey: loketPayrollKey(p), payload: p });

async function emulator(faultRate: number, seed = 7) {
  const em = await startLoketEmulator({ employers: 1, employees: 40, seed: 21, referenceYear: YEAR });
  if (!template) {
    template = em;
    EMPLOYER.id = em.world.employers[0]!.id;
    EMPLOYER.employments = em.world.employments.map((m) => m.id);
    EMPLOYER.distributionUnit = em.world.employers[0]!.distributionUnits[1]!.key;
    EMPLOYER.administration = em.world.employers[0]!.administration.id;
  }
  if (faultRate > 0) em.kit.setFaultProfile({ rate429: faultRate * 0.25, rate5xx: faultRate * 0.25, rateTimeout: faultRate * 0.2, rateDropAfterCommit: faultRate * 0.3, timeoutMs: 150, seed });
  return em;
}
await emulator(0).then((em) => em.close());

const harness = (withAdministration: boolean): Parameters<typeof runSinkContract<LoketPayrollPayload>>[1] => ({
  async start({ faultRate, seed }) {
    const em = await emulator(faultRate, seed);
    // Small collective calls in the administration variant: its reads are few, so the writes carry the faults.
    const sink = new LoketPayrollSink({ client: clientFor(em), employerIds: [EMPLOYER.id], ...(withAdministration ? { batchSize: 4 } : {}) });
    return {
      sink,
      loseAnswerAfterCommit: (times = 1) => em.injectFault({ kind: 'drop_after_commit', method: 'PATCH', path: '/v2/providers/employers', times }),
      vendorObjects: async () =>
        [...em.periodData.values()].flatMap((r) =>
          [...r.components.entries()].map(([component, c]) => {
            const p: LoketPayrollPayload = { employerId: EMPLOYER.id, employmentId: r.employmentId, year: r.year, periodNumber: r.periodNumber, shiftNumber: r.shiftNumber, distributionUnitKey: r.distributionUnitKey, component, value: c.value };
            return { key: loketPayrollKey(p), payload: p };
          }),
        ),
      faultsSeen: () => em.kit.requestLog.filter((r) => r.path.startsWith('/v2') && (r.status === 0 || r.status === 429 || r.status >= 500)).length,
      close: () => em.close(),
    };
  },
  items: (count, version = 1) => Array.from({ length: count }, (_, i) => item(payload(i, version, withAdministration))),
  badItem: () => item({ ...payload(78, 1, withAdministration), component: 999 }),
  samePayload: (a, b) => a.employmentId.toLowerCase() === b.employmentId.toLowerCase() && a.component === b.component && Math.round(a.value * 100) === Math.round(b.value * 100),
});

// Held data read per employment, and per administration and period (one paged read).
runSinkContract<LoketPayrollPayload>('loket payrollperioddata (read per employment)', harness(false));
runSinkContract<LoketPayrollPayload>('loket payrollperioddata (read per administration period)', harness(true));

describe('Loket payroll sink: Loket rules', () => {
  it('a re-send writes nothing; a component that dropped to nothing is removed with null, not 0', async () => {
    const em = await emulator(0);
    try {
      const sink = new LoketPayrollSink({ client: clientFor(em), employerIds: [EMPLOYER.id] });
      const items = [item(payload(0, 1)), item(payload(1, 1))];
      await sink.write(items);
      const before = Object.values(em.stats.calls).reduce((a, b) => a + b, 0);
      expect((await sink.write(items)).map((r) => r.outcome)).toEqual(['unchanged', 'unchanged']);
      const patches = Object.entries(em.stats.calls).filter(([k]) => k.startsWith('PATCH'));
      expect(Object.values(em.stats.calls).reduce((a, b) => a + b, 0) - before).toBe(1); // one read, no write
      expect(patches.reduce((n, [, v]) => n + v, 0)).toBe(1);
      const [removed] = await sink.remove([{ idempotencyKey: items[1]!.idempotencyKey, externalId: items[1]!.idempotencyKey }]);
      expect(removed!.outcome).toBe('removed');
      const rec = [...em.periodData.values()].find((r) => r.employmentId === EMPLOYER.employments[0]);
      expect([...rec!.components.keys()]).toEqual([2]);
    } finally {
      await em.close();
    }
  });

  it('per-item failures inside a 200: a component Loket refuses collectively fails alone, its neighbours land', async () => {
    const em = await emulator(0);
    try {
      const sink = new LoketPayrollSink({ client: clientFor(em), employerIds: [EMPLOYER.id] });
      const good = item(payload(4, 1));
      const refused = item({ ...payload(6, 1), component: 998 });
      const sameRecord = item({ ...payload(6, 1), component: 2 });
      const results = await sink.write([good, refused, sameRecord]);
      expect(results.map((r) => r.outcome)).toEqual(['created', 'failed', 'created']);
      expect(results[1]!.error).toMatchObject({ code: 'rejected', retryable: false });
      expect(results[1]!.error!.message).toMatch(/998/);
    } finally {
      await em.close();
    }
  });

  it('cost centers: a record per cost center; an item without one is not "unchanged" by the value of a cost center another item books on', async () => {
    const em = await emulator(0);
    try {
      const sink = new LoketPayrollSink({ client: clientFor(em), employerIds: [EMPLOYER.id] });
      const cc = em.world.employers[0]!.costCenters[1]!.key;
      const base = { ...payload(0, 0), distributionUnitKey: null, component: 2, value: 4 };
      const booked = item({ ...base, distributionUnitKey: EMPLOYER.distributionUnit, costCenterKey: cc });
      expect(booked.idempotencyKey).toMatch(new RegExp(`:kp${cc}$`));
      expect((await sink.write([booked])).map((r) => r.outcome)).toEqual(['created']);
      // The same hours without a cost center (another department): Loket holds 4 only on the cost center's record.
      const plain = item(base);
      expect((await sink.write([booked, plain])).map((r) => r.outcome)).toEqual(['unchanged', 'created']);
      const records = [...em.periodData.values()].filter((r) => r.employmentId === EMPLOYER.employments[0]);
      expect(records.map((r) => [r.costCenterKey, r.components.get(2)?.value]).sort()).toEqual([[cc, 4], [null, 4]].sort());
      expect((await sink.write([booked, plain])).map((r) => r.outcome)).toEqual(['unchanged', 'unchanged']);
      const [removed] = await sink.remove([{ idempotencyKey: booked.idempotencyKey, externalId: booked.idempotencyKey }]);
      expect(removed!.outcome).toBe('removed');
      expect([...em.periodData.values()].filter((r) => r.employmentId === EMPLOYER.employments[0]).map((r) => r.costCenterKey)).toEqual([null]);
    } finally {
      await em.close();
    }
  });
});
