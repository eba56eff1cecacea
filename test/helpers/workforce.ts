import { randomUUID } from 'node:crypto';
import type { Koppel } from '../../src/app/runtime.ts';
import type { Role } from '../../src/platform/db/schema.ts';
import type { Client } from './harness.ts';

export type RoleClient = Pick<Client, 'get' | 'post' | 'patch' | 'put' | 'delete' | 'call'>;

/**
 * A client acting with `role` in the owner's tenant, through an API token the owner creates.
 * Tokens go through the same role checks as sessions, and leave the login rate limit to the tests
 * that log in.
 */
export async function userWithRole(k: Koppel, owner: Client, role: Role): Promise<RoleClient> {
  const res = await owner.post('/api-tokens', { name: `test ${role} ${randomUUID().slice(0, 6)}`, role });
  if (res.status !== 201) throw new Error(`creating a ${role} token failed: ${res.status} ${JSON.stringify(res.body)}`);
  const token = res.body.token as string;
  const call = async (method: string, url: string, payload?: unknown) => {
    const r = await k.app.inject({ method: method as 'GET', url: `/api/v1${url}`, payload: payload as object, headers: { authorization: `Bearer ${token}` } });
    return { status: r.statusCode, body: r.body ? JSON.parse(r.body) : undefined, raw: r };
  };
  return {
    get: (url) => call('GET', url),
    post: (url, payload) => call('POST', url, payload),
    patch: (url, payload) => call('PATCH', url, payload),
    put: (url, payload) => call('PUT', url, payload),
    delete: (url) => call('DELETE', url),
    call,
  };
}

/** Creates an employee and returns its id. */
export async function employee(client: RoleClient, fields: Record<string, unknown> = {}): Promise<string> {
  const res = await client.post('/employees', { firstName: 'Eva', lastName: `Tester ${randomUUID().slice(0, 4)}`, ...fields });
  if (res.status !== 201) throw new Error(`creating an employee failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

/** POSTs and expects 201; returns the body. */
export async function created(client: RoleClient, url: string, payload: unknown) {
  const res = await client.post(url, payload);
  if (res.status !== 201) throw new Error(`POST ${url} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
