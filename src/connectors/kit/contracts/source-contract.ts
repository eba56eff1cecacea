import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCapability } from '../capabilities.ts';
import {
  externalAccountSchema,
  externalEmployeeSchema,
  externalOrganisationSchema,
  type ExternalEmployee,
  type HrConnector,
  type InvalidExternalRow,
  type ListEmployeesOptions,
} from '../hr-connector.ts';

/**
 * The contract every HR connector passes against its own emulator (GUIDE: "a new connector is one
 * folder that implements one interface and passes the one shared contract suite"). It registers
 * vitest tests; call it at the top level of a `*.contract.test.ts`.
 *
 * The harness gives the suite what only the vendor's stand-in can do: break credentials, inject
 * faults, change data. Everything asserted is vendor-neutral.
 */
export interface ConnectorContractHarness {
  /** A connector with valid credentials. */
  connector: HrConnector;
  /** Records the stand-in holds (former employees and second records included). */
  expectedEmployeeCount: number;
  /** A connector to the same account with a wrong secret. */
  breakCredentials(): HrConnector;
  /** A new connector to the same account: fresh token cache, fresh counters. */
  freshConnector(): HrConnector;
  /** Sets the stand-in's fault profile to this total rate, spread over every kind it injects (0 switches faults off). */
  setFaultRate(rate: number): void | Promise<void>;
  /** Changes `count` employees in the stand-in; returns their ids and an instant before the change. */
  changeEmployees(count: number): Promise<{ since: Date; externalIds: string[] }>;
  /** Requests the stand-in has answered so far, to check `metrics()` against. */
  vendorCallCount?(): number;
  /** A connector whose credential lacks some rights, and the rights it lacks. */
  limitedRights?(): Promise<{ connector: HrConnector; missing: string[] }>;
  /** A connector pointed at an address where nothing listens. */
  unreachable?(): HrConnector;
  /** The vendor has no change-time filter: `updatedSince` returns a superset (allowed); only "no change missed" is checked. Loket. */
  updatedSinceIsSuperset?: boolean;
  /** Lists the vendor's API offers no endpoint for (they may be empty). Loket: cost centers. */
  organisationLacks?: ReadonlyArray<'departments' | 'costCenters' | 'contractTypes'>;
  teardown(): Promise<void>;
}

export async function listAll(connector: HrConnector, opts: ListEmployeesOptions = {}): Promise<{ employees: ExternalEmployee[]; invalid: InvalidExternalRow[] }> {
  const employees: ExternalEmployee[] = [];
  const invalid: InvalidExternalRow[] = [];
  for await (const e of connector.listEmployees({ ...opts, onInvalidRow: (r) => invalid.push(r) })) employees.push(e);
  return { employees, invalid };
}

const byId = (a: ExternalEmployee, b: ExternalEmployee) => (a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0);

export function runConnectorContract(name: string, setup: () => Promise<ConnectorContractHarness>): void {
  describe(`HrConnector contract: ${name}`, () => {
    let h: ConnectorContractHarness;
    beforeAll(async () => {
      h = await setup();
    });
    afterAll(async () => {
      await h?.teardown();
    });

    describe('capabilities and accounts', () => {
      it('declares known capabilities, reading employees and the organisation among them', () => {
        const caps = h.connector.capabilities;
        for (const c of caps) expect(isCapability(c), c).toBe(true);
        expect(new Set(caps).size).toBe(caps.length);
        expect(caps).toEqual(expect.arrayContaining(['employees:read', 'organisation:read']));
        // A declared write side must be reachable.
        for (const c of caps.filter((x) => x.endsWith(':write'))) expect(h.connector.sink?.(c), `sink for ${c}`).toBeDefined();
      });

      it('lists at least one account, with unique ids and parents that exist', async () => {
        const accounts = await h.freshConnector().listAccounts();
        expect(accounts.length).toBeGreaterThan(0);
        for (const a of accounts) expect(externalAccountSchema.parse(a)).toEqual(a);
        const ids = new Set(accounts.map((a) => a.id));
        expect(ids.size).toBe(accounts.length);
        for (const a of accounts) if (a.parentId) expect(ids.has(a.parentId), `parent ${a.parentId}`).toBe(true);
        // Stable: a second call (fresh connector) names the same accounts.
        expect((await h.freshConnector().listAccounts()).map((a) => a.id).sort()).toEqual([...ids].sort());
      });
    });

    describe('verifyCredentials', () => {
      it('accepts valid credentials', async () => {
        await expect(h.connector.verifyCredentials()).resolves.toEqual({ ok: true });
      });

      it('reports wrong credentials as a value, not an exception', async () => {
        const result = await h.breakCredentials().verifyCredentials();
        expect(result).toMatchObject({ ok: false, reason: 'invalid_credentials' });
      });

      it('names the rights a credential lacks', async (ctx) => {
        if (!h.limitedRights) return ctx.skip();
        const { connector, missing } = await h.limitedRights();
        const result = await connector.verifyCredentials();
        expect(result).toEqual({ ok: false, reason: 'missing_rights', missing });
      });

      it('reports an unreachable vendor as such', async (ctx) => {
        if (!h.unreachable) return ctx.skip();
        const result = await h.unreachable().verifyCredentials();
        expect(result).toMatchObject({ ok: false, reason: 'unreachable' });
      });
    });

    describe('listEmployees', () => {
      it('returns every employee exactly once, in the vendor-neutral shape', async () => {
        const progress: Array<[number, number | undefined]> = [];
        const { employees, invalid } = await listAll(h.freshConnector(), { onProgress: (read, total) => progress.push([read, total]) });
        expect(invalid).toEqual([]);
        expect(employees).toHaveLength(h.expectedEmployeeCount);
        expect(new Set(employees.map((e) => e.externalId)).size).toBe(h.expectedEmployeeCount);
        for (const e of employees) expect(externalEmployeeSchema.parse(e)).toEqual(e);
        // Both statuses exist in any realistic account; a connector mapping everyone to one of them is broken.
        expect(new Set(employees.map((e) => e.status))).toEqual(new Set(['active', 'former']));
        // Progress only grows and ends at the count.
        expect(progress.length).toBeGreaterThan(0);
        expect(progress.map(([r]) => r)).toEqual([...progress.map(([r]) => r)].sort((a, b) => a - b));
        expect(progress.at(-1)![0]).toBe(h.expectedEmployeeCount);
      });

      it('can be abandoned halfway and listed again', async () => {
        const c = h.freshConnector();
        let n = 0;
        for await (const _ of c.listEmployees()) if (++n === 3) break;
        expect(n).toBe(3);
        const { employees } = await listAll(c);
        expect(employees).toHaveLength(h.expectedEmployeeCount);
      });

      it('updatedSince narrows the listing to what changed (never missing a change)', async () => {
        const { since, externalIds } = await h.changeEmployees(3);
        const { employees } = await listAll(h.freshConnector(), { updatedSince: since });
        const ids = new Set(employees.map((e) => e.externalId));
        for (const id of externalIds) expect(ids.has(id), `changed employee ${id} listed`).toBe(true);
        if (!h.updatedSinceIsSuperset) expect(employees.length).toBeLessThan(h.expectedEmployeeCount);
      });
    });

    describe('listOrganisation', () => {
      it('lists departments, cost centers and contract types, covering every one an employee refers to', async () => {
        const c = h.freshConnector();
        const org = externalOrganisationSchema.parse(await c.listOrganisation());
        const lacks = new Set(h.organisationLacks ?? []);
        if (!lacks.has('departments')) expect(org.departments.length).toBeGreaterThan(0);
        if (!lacks.has('costCenters')) expect(org.costCenters.length).toBeGreaterThan(0);
        if (!lacks.has('contractTypes')) expect(org.contractTypes.length).toBeGreaterThan(0);
        for (const list of [org.departments, org.costCenters, org.contractTypes]) {
          expect(new Set(list.map((r) => r.externalId)).size).toBe(list.length);
        }
        const { employees } = await listAll(h.freshConnector());
        const has = (list: typeof org.departments, id: string) => list.some((r) => r.externalId === id);
        for (const e of employees) {
          if (e.department) expect(has(org.departments, e.department.externalId), `department ${e.department.externalId}`).toBe(true);
          if (e.costCenter) expect(has(org.costCenters, e.costCenter.externalId), `cost center ${e.costCenter.externalId}`).toBe(true);
          if (e.contractType) expect(has(org.contractTypes, e.contractType.externalId), `contract type ${e.contractType.externalId}`).toBe(true);
          // A connector that gives functions by id lists them too (the function mapping offers exactly those).
          if (e.jobFunction) {
            expect(org.functions, 'functions listed when employees carry function ids').toBeDefined();
            expect(has(org.functions ?? [], e.jobFunction.externalId), `function ${e.jobFunction.externalId}`).toBe(true);
          }
        }
        if (org.functions) expect(new Set(org.functions.map((r) => r.externalId)).size).toBe(org.functions.length);
      });
    });

    describe('faults', () => {
      it('under a 20 % fault profile the listing equals the fault-free listing', async () => {
        const clean = (await listAll(h.freshConnector())).employees.sort(byId);
        let retries = 0;
        try {
          await h.setFaultRate(0.2);
          // Several listings, each with fresh connectors (new tokens), so every fault kind gets its turn.
          for (let round = 0; round < 3; round++) {
            const c = h.freshConnector();
            const { employees, invalid } = await listAll(c);
            expect(invalid).toEqual([]);
            expect(employees.sort(byId)).toEqual(clean);
            retries += c.metrics().retries;
          }
        } finally {
          await h.setFaultRate(0);
        }
        // The faults really happened (otherwise this test proves nothing).
        expect(retries).toBeGreaterThan(0);
      });
    });

    describe('metrics', () => {
      it('count every call made, and nothing else', async () => {
        const c = h.freshConnector();
        expect(c.metrics()).toEqual({ apiCalls: 0, retries: 0, rateLimited: 0 });
        const before = h.vendorCallCount?.();
        await listAll(c);
        const m = c.metrics();
        expect(m.apiCalls).toBeGreaterThanOrEqual(2);
        expect(m).toMatchObject({ retries: 0, rateLimited: 0 });
        if (before !== undefined) expect(h.vendorCallCount!() - before).toBe(m.apiCalls);
        await listAll(c);
        expect(c.metrics().apiCalls).toBeGreaterThan(m.apiCalls);
      });
    });
  });
}
