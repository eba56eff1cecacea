import { describe, expect, it } from 'vitest';
import type { ExternalEmployee, HrConnector, ListEmployeesOptions } from '../../../connectors/kit/hr-connector.ts';
import { SecretBox } from '../../../platform/crypto.ts';
import type { ExternalRecordWrite, RecordStore } from '../ports.ts';
import { fakeRunContext } from '../testing/run-context.fake.ts';
import { ingest } from './ingest.ts';

/**
 * Ingest over a connector that pages as Personio's does (the total with the first page, a checkpoint after each
 * page) and a record store that only counts what it is given.
 */

const PAGE = 100;

function person(n: number): ExternalEmployee {
  return {
    externalId: String(n), firstName: `P${n}`, prefix: null, lastName: 'Bos', email: null, personnelNumber: null, bsn: null, birthDate: null, street: null, houseNumber: null,
    postalCode: null, city: null, country: null, phone: null, status: 'active', department: null, costCenter: null, contractType: null, position: null, weeklyHours: null,
    hourlyWage: null, hireDate: null, terminationDate: null, contractEndDate: null, warnings: [],
  };
}

function pagedConnector(total: number): HrConnector {
  return {
    async *listEmployees(opts: ListEmployeesOptions = {}) {
      for (let offset = 0; offset < total; offset += PAGE) {
        opts.onProgress?.(offset, total);
        for (let n = offset; n < Math.min(total, offset + PAGE); n++) yield person(n);
        opts.onCheckpoint?.(String(Math.min(total, offset + PAGE)));
      }
    },
  } as unknown as HrConnector;
}

function countingStore() {
  const batches: number[] = [];
  const store = {
    hashes: async () => new Map(),
    async upsert(_i: unknown, _r: string, rows: ExternalRecordWrite[]) {
      batches.push(rows.length);
    },
    analyze: async () => {},
    markMissing: async () => {},
  } as unknown as RecordStore;
  return { store, batches };
}

describe('ingest', () => {
  it('stores 500 rows at a time, and each page as it ends once 500 or fewer are left: the last write is one page', async () => {
    const { ctx } = fakeRunContext('run-1');
    const { store, batches } = countingStore();
    const result = await ingest(ctx, { records: store, box: new SecretBox('ingest-test-secret-ingest-test-secret') }, pagedConnector(1250), true);
    expect(result.read).toBe(1250);
    expect(batches).toEqual([500, 300, 100, 100, 100, 100, 50]);
    expect(batches.reduce((a, b) => a + b, 0)).toBe(1250);
  });
});
