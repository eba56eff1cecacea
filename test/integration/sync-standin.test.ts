import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTenant, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';
import { waitRun, writeFootprint } from './sync-support.ts';

/**
 * The sync against a Personio stand-in that is NOT this project's emulator: a few dozen lines that
 * follow the vendor's OpenAPI but make other documented choices — ids and hours as strings in some
 * rows and as numbers in others, optional attributes missing, extra attributes and envelope fields,
 * `limit` capped at 25 without echoing it, `total_elements` as a string, no `offset`/`limit` in the
 * envelope, and `updated_since` ignored (a superset is allowed). The engine must read everyone,
 * write the same employees, and write nothing on a second sync.
 */

type Person = { id: number; first: string; last: string; email?: string; hours?: string | number; hire?: string; status: string; birthday?: string; termination?: string; department?: { id: number | string; name: string } };

const PEOPLE: Person[] = Array.from({ length: 60 }, (_, i) => ({
  id: 9000 + i * 7,
  first: ['Anna', 'Bram', 'Chantal', 'Dirk', 'Emma', 'Frits'][i % 6]!,
  last: `Standin${String.fromCharCode(65 + (i % 26))}${Math.floor(i / 26)}`,
  // Every fifth person has no email attribute at all; the rest alternate number and string hours.
  ...(i % 5 === 4 ? {} : { email: `standin${i}@example.test` }),
  ...(i % 3 === 2 ? {} : { hours: i % 2 ? String(20 + (i % 20)) : 20 + (i % 20) + 0.5 }),
  ...(i % 11 === 10 ? {} : { hire: `20${10 + (i % 14)}-0${1 + (i % 9)}-15` }),
  status: i % 10 === 9 ? 'inactive' : i % 7 === 3 ? 'leave' : 'active',
  ...(i % 4 === 0 ? { birthday: `19${70 + (i % 30)}-0${1 + (i % 9)}-2${i % 9}` } : {}),
  ...(i % 10 === 9 ? { termination: '2025-12-31T00:00:00+01:00' } : {}),
  ...(i % 6 === 5 ? {} : { department: { id: i % 2 ? 55 : '56', name: i % 2 ? 'Bediening' : 'Keuken' } }),
}));

const attr = (label: string, value: unknown, extra: Record<string, unknown> = {}) => ({ label, value, type: 'standard', universal_id: null, ...extra });

function employeeRow(p: Person, n: number) {
  const attributes: Record<string, unknown> = {
    // Ids alternate between number and string, both allowed by the documented quirks.
    id: attr('ID', n % 2 ? String(p.id) : p.id, { type: 'integer', universal_id: 'id' }),
    first_name: attr('First name', p.first, { universal_id: 'first_name' }),
    last_name: attr('Last name', p.last, { universal_id: 'last_name' }),
    status: attr('Status', p.status, { universal_id: 'status' }),
    preferred_name: attr('Name (preferred)', `${p.first} ${p.last}`),
    gender: attr('Gender', 'diverse'),
    dynamic_77001: attr('Lieblingsfarbe', 'blau'),
  };
  if (p.email) attributes.email = attr('Email', p.email, { universal_id: 'email' });
  if (p.hours !== undefined) attributes.weekly_working_hours = attr('Weekly hours', p.hours, { universal_id: 'weekly_working_hours' });
  if (p.hire) attributes.hire_date = attr('Hire date', `${p.hire}T00:00:00+01:00`, { type: 'date', universal_id: 'hire_date' });
  if (p.termination) attributes.termination_date = attr('Termination date', p.termination, { type: 'date', universal_id: 'termination_date' });
  if (p.birthday) attributes.dynamic_88123 = attr('Geburtstag', p.birthday, { type: 'date' });
  if (p.department) attributes.department = attr('Department', { type: 'Department', attributes: { id: p.department.id, name: p.department.name } }, { universal_id: 'department' });
  return { type: 'Employee', attributes, links: { self: `/v1/company/employees/${p.id}` } };
}

/** The stand-in; `offsetIsPage` switches it to a (wrong) page-number offset, as a careless reimplementation might. */
async function startStandIn() {
  const state = { offsetIsPage: false, calls: 0 };
  const json = (res: import('node:http').ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const server: Server = createServer((req, res) => {
    state.calls++;
    const url = new URL(req.url ?? '/', 'http://standin');
    if (req.method === 'POST' && url.pathname === '/v1/auth') {
      req.resume();
      return json(res, 200, { success: true, data: { token: 'papi-standin-token', expires_in: '86400', scope: 'all' } });
    }
    if (req.headers.authorization !== 'Bearer papi-standin-token') return json(res, 401, { success: false, error: { code: 401, message: 'Authorization is not provided' } });
    if (url.pathname === '/v1/company/employees') {
      const asked = Number(url.searchParams.get('limit') ?? 10);
      const limit = Math.min(asked, 25);
      const offset = Number(url.searchParams.get('offset') ?? 0);
      const start = state.offsetIsPage ? offset * limit : offset;
      const rows = PEOPLE.slice(start, start + limit).map((p, i) => employeeRow(p, start + i));
      return json(res, 200, {
        success: true,
        metadata: { total_elements: String(PEOPLE.length), current_page: Math.floor(start / limit), total_pages: Math.ceil(PEOPLE.length / limit) },
        data: rows,
        server_time: new Date().toISOString(),
      });
    }
    if (url.pathname === '/v1/company/employees/attributes') {
      return json(res, 200, {
        success: true,
        data: [
          { key: 'first_name', label: 'First name', type: 'standard', universal_id: 'first_name' },
          { key: 'dynamic_88123', label: 'Geburtstag', type: 'date', universal_id: null },
          { key: 'dynamic_77001', label: 'Lieblingsfarbe', type: 'standard', universal_id: null },
        ],
      });
    }
    if (url.pathname === '/v1/company/attendances' || url.pathname === '/v1/company/time-off-types') return json(res, 200, { success: true, data: [] });
    if (url.pathname.startsWith('/v1/company/attendances/')) return json(res, 404, { success: false, error: { code: 0, message: 'The attendance period was not found.' } });
    return json(res, 404, { success: false, error: { code: 0, message: 'Not found' } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, state, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

let k: TestKoppel;
let standIn: Awaited<ReturnType<typeof startStandIn>>;
let owner: Client;
let tenantId: string;
let integrationId: string;

beforeAll(async () => {
  k = await startTestKoppel({ worker: true });
  standIn = await startStandIn();
  const t = await createTenant(k, 'Standin BV');
  owner = t.client;
  tenantId = t.tenant.id;
});
afterAll(async () => {
  await k?.stop();
  await standIn?.close();
});

describe('sync against a Personio stand-in that is not our emulator', () => {
  it('connects, previews and applies: everyone read, values as sent', async () => {
    const created = await owner.post('/integrations', {
      vendor: 'personio',
      name: 'Stand-in',
      baseUrl: standIn.url,
      credentials: { clientId: 'c', clientSecret: 's' },
      settings: { autoAddEmployees: true, employeeFields: { birthDate: true }, contractFields: { contractHours: true } },
    });
    expect(created.status).toBe(201);
    integrationId = created.body.id;
    const preview = await waitRun(owner, (await owner.post(`/integrations/${integrationId}/sync`, {})).body.runId);
    expect(preview).toMatchObject({ status: 'succeeded', mode: 'preview' });
    // 25 a page although 100 were asked and no `limit` came back: the total says where the end is.
    expect(preview.counts.read).toBe(PEOPLE.length);
    // The only warnings: active people without a hire date get no contract.
    const noHire = PEOPLE.filter((p) => !p.hire && p.status !== 'inactive').map((p) => `${p.first} ${p.last}`).sort();
    expect(preview.warnings.map((w) => w.name).sort()).toEqual(noHire);
    expect(new Set(preview.warnings.flatMap((w) => w.messages))).toEqual(new Set(['contract:no_hire_date']));
    const applied = await waitRun(owner, (await owner.post(`/sync-runs/${preview.id}/apply`)).body.runId);
    expect(applied.status).toBe('succeeded');
    const former = PEOPLE.filter((p) => p.status === 'inactive').length;
    expect(applied.counts.added).toBe(PEOPLE.length - former);

    const employees = await k.db.selectFrom('employees').select(['id', 'first_name', 'last_name', 'email', 'birth_date', 'status']).where('tenant_id', '=', tenantId).execute();
    expect(employees).toHaveLength(PEOPLE.length - former);
    const links = await k.db.selectFrom('external_records').select(['external_id', 'employee_id', 'contract_id']).where('tenant_id', '=', tenantId).execute();
    const byExternal = new Map(links.map((l) => [l.external_id, l]));
    for (const p of PEOPLE.filter((x) => x.status !== 'inactive')) {
      const link = byExternal.get(String(p.id));
      const e = employees.find((x) => x.id === link?.employee_id);
      expect(e, p.last).toMatchObject({ first_name: p.first, last_name: p.last, email: p.email ?? null, birth_date: p.birthday ?? null, status: 'active' });
      if (p.hire) {
        const c = await k.db.selectFrom('contracts').select(['start_date', 'weekly_hours']).where('id', '=', link!.contract_id!).executeTakeFirstOrThrow();
        expect(c.start_date).toBe(p.hire);
        expect(Number(c.weekly_hours)).toBe(p.hours === undefined ? 0 : Number(p.hours));
      } else {
        expect(link!.contract_id).toBeNull();
      }
    }
  });

  it('a second sync (the stand-in ignores updated_since and sends everything) writes nothing', async () => {
    const before = await writeFootprint(k, tenantId);
    const run = await waitRun(owner, (await owner.post(`/integrations/${integrationId}/sync`, {})).body.runId);
    expect(run.status).toBe('succeeded');
    expect(run.counts).toMatchObject({ read: PEOPLE.length, added: 0, updated: 0, failed: 0 });
    expect(await writeFootprint(k, tenantId)).toEqual(before);
  });

  it('a complete listing that ends short of the vendor total marks nobody as gone', async () => {
    standIn.state.offsetIsPage = true;
    try {
      const run = await waitRun(owner, (await owner.post(`/integrations/${integrationId}/sync`, { full: true })).body.runId);
      expect(run.status).toBe('succeeded');
      expect(run.counts.read).toBeLessThan(PEOPLE.length);
      expect(run.warnings.flatMap((w) => w.messages)).toContain('listing:incomplete');
      const gone = await k.db.selectFrom('external_records').select('id').where('tenant_id', '=', tenantId).where('missing_since', 'is not', null).execute();
      expect(gone).toEqual([]);
      const active = await k.db.selectFrom('employees').select('id').where('tenant_id', '=', tenantId).where('status', '=', 'active').execute();
      expect(active).toHaveLength(PEOPLE.filter((p) => p.status !== 'inactive').length);
      // Not clean: the next sync reads everything again instead of trusting a cursor.
      const integration = await k.db.selectFrom('integrations').select('sync_cursor').where('id', '=', integrationId).executeTakeFirstOrThrow();
      expect(integration.sync_cursor).toBeNull();
    } finally {
      standIn.state.offsetIsPage = false;
    }
  });
});
