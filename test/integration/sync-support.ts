import { sql } from 'kysely';
import { type PersonioEmulator, type PersonioEmulatorOptions, startPersonioEmulator } from '../../emulators/personio/personio-emulator.server.ts';
import type { Koppel } from '../../src/app/runtime.ts';
import { type Client, eventually } from '../helpers/harness.ts';

/** Shared by the sync-*.test.ts files (not a test file itself). */

export const REFERENCE_DATE = '2026-03-02';

export function startEmulator(opts: Partial<PersonioEmulatorOptions> = {}): Promise<PersonioEmulator> {
  return startPersonioEmulator({ employees: 24, seed: 11, referenceDate: REFERENCE_DATE, latencyMs: 0, ...opts });
}

export async function connect(client: Pick<Client, 'post'>, em: PersonioEmulator, settings: Record<string, unknown> = {}, name = 'Personio') {
  const res = await client.post('/integrations', { vendor: 'personio', name, baseUrl: em.url, credentials: em.credentials, settings });
  if (res.status !== 201) throw new Error(`connect failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; credentialsHint: string; settings: Record<string, unknown> };
}

export type RunBody = {
  id: string;
  status: string;
  mode: string;
  counts: Record<string, number>;
  apiCalls: number;
  diff: { items: { name: string; action: string; employeeId?: string | null; changes: { field: string; old: unknown; new: unknown }[]; issues?: string[] }[] };
  warnings: { name: string; messages: string[] }[];
  errors: { name: string; messages: string[] }[];
  error: string | null;
  finishedAt: string | null;
  progress: { phase: string; done: number; total: number } | null;
};

/** Waits for a run (executed by the in-process worker) to finish. */
export async function waitRun(client: Pick<Client, 'get'>, runId: string, ms = 30_000): Promise<RunBody> {
  return eventually(async () => {
    const r = await client.get(`/sync-runs/${runId}`);
    return r.body?.status === 'succeeded' || r.body?.status === 'failed' ? (r.body as RunBody) : null;
  }, ms);
}

/** Everything a sync writes about employees, without ids and timestamps: two tenants synced from the same data compare equal. */
export async function employeeState(k: Koppel, tenantId: string) {
  const employees = await k.db
    .selectFrom('employees')
    .select(['id', 'first_name', 'prefix', 'last_name', 'email', 'personnel_number', 'bsn_hash', 'birth_date', 'street', 'postal_code', 'city', 'phone', 'status', 'source'])
    .where('tenant_id', '=', tenantId)
    .execute();
  const contracts = await k.db
    .selectFrom('contracts as c')
    .leftJoin('departments as d', 'd.id', 'c.department_id')
    .leftJoin('job_functions as f', 'f.id', 'c.function_id')
    .leftJoin('contract_types as t', 't.id', 'c.contract_type_id')
    .select(['c.employee_id', 'c.start_date', 'c.end_date', 'c.weekly_hours', 'c.hourly_wage', 'd.name as department', 'f.name as function', 't.name as contract_type'])
    .where('c.tenant_id', '=', tenantId)
    .execute();
  const links = await k.db.selectFrom('external_records').select(['external_id', 'employee_id', 'link_state']).where('tenant_id', '=', tenantId).execute();
  const key = new Map(employees.map((e) => [e.id, e.personnel_number ?? `${e.first_name} ${e.last_name} ${e.email}`]));
  return {
    employees: employees.map(({ id: _id, ...e }) => e).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    contracts: contracts.map(({ employee_id, ...c }) => ({ employee: key.get(employee_id), ...c })).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    links: links.map((l) => ({ externalId: l.external_id, employee: l.employee_id ? key.get(l.employee_id) : null, state: l.link_state })).sort((a, b) => a.externalId.localeCompare(b.externalId)),
  };
}

/** A fingerprint of every row in the tables a sync writes (for "an unchanged sync writes nothing"). */
export async function writeFootprint(k: Koppel, tenantId: string) {
  const r = await sql<{ employees: string; contracts: string; records: string; changes: number; audit: number }>`
    SELECT (SELECT count(*) || ':' || coalesce(md5(string_agg(e::text, ',' ORDER BY e.id)), '') FROM employees e WHERE e.tenant_id = ${tenantId}) AS employees,
           (SELECT count(*) || ':' || coalesce(md5(string_agg(c::text, ',' ORDER BY c.id)), '') FROM contracts c WHERE c.tenant_id = ${tenantId}) AS contracts,
           (SELECT count(*) || ':' || coalesce(md5(string_agg(r::text, ',' ORDER BY r.id)), '') FROM external_records r WHERE r.tenant_id = ${tenantId}) AS records,
           (SELECT count(*)::int FROM sync_changes WHERE tenant_id = ${tenantId}) AS changes,
           (SELECT count(*)::int FROM audit_log WHERE tenant_id = ${tenantId}) AS audit`.execute(k.db);
  return r.rows[0]!;
}

/**
 * What a dead worker leaves: its sync job "running" with a lease that ran out. The next worker takes it over and runs
 * the run again; resolves with the run once it ended. Generous: on a loaded machine the worker's poll and the re-run
 * take their time; nothing here is timing-sensitive.
 */
export async function takeOverAfterDeath<R extends { status: string }>(k: Koppel & { worker?: { poke(): void } | null }, engine: { loadRun(tenantId: string, runId: string): Promise<R> }, tenantId: string, integrationId: string, runId: string): Promise<R> {
  await k.db
    .insertInto('jobs')
    .values({
      name: 'integration.sync',
      tenant_id: tenantId,
      payload: JSON.stringify({ tenantId, integrationId, runId }),
      status: 'running',
      singleton_key: `${tenantId}:${integrationId}:sync`,
      run_at: new Date(),
      attempts: 1,
      locked_by: 'dead-worker',
      locked_until: new Date(Date.now() - 1000),
    })
    .execute();
  k.worker!.poke();
  return eventually(async () => {
    const r = await engine.loadRun(tenantId, runId);
    return r.status === 'succeeded' || r.status === 'failed' ? r : null;
  }, 60_000);
}
