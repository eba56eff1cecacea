import { randomUUID } from 'node:crypto';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { type Config, loadConfig } from '../../src/platform/config.ts';
import { openDatabase } from '../../src/platform/db/client.ts';
import { type Koppel, type RuntimeOptions, startKoppel } from '../../src/app/runtime.ts';
import { createTenantWithOwner } from '../../src/platform/identity/tenants.service.ts';

/**
 * A real Koppel for integration tests: real database (in-memory PGlite, or a fresh schema on the
 * PostgreSQL server when DATABASE_URL is set), real HTTP stack (Fastify inject), real SMTP catcher.
 */
export async function startTestKoppel(opts: RuntimeOptions & { config?: Partial<Config> } = {}) {
  const databaseUrl = process.env.DATABASE_URL;
  const schema = `t_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  if (databaseUrl) {
    const admin = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: databaseUrl, max: 1 }) }) });
    await sql`CREATE SCHEMA ${sql.id(schema)}`.execute(admin);
    await admin.destroy();
  }
  const config = loadConfig(
    { NODE_ENV: 'test', DATABASE_URL: databaseUrl },
    { secret: 'test-secret-test-secret-test-secret-0123', mailCatcherPort: 0, port: 0, workerPollMs: 50, publicUrl: 'http://localhost:3000', dataDir: '/tmp/koppel-test', ...opts.config },
  );
  const database = await openDatabase(config, databaseUrl ? { searchPath: schema } : { embeddedPath: 'memory://' });
  const koppel = await startKoppel(config, { mailCatcher: true, ...opts, database });
  const stop = koppel.stop;
  return Object.assign(koppel, {
    async stop() {
      await stop();
      if (databaseUrl) {
        const admin = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: databaseUrl, max: 1 }) }) });
        await sql`DROP SCHEMA ${sql.id(schema)} CASCADE`.execute(admin);
        await admin.destroy();
      }
    },
  });
}
export type TestKoppel = Awaited<ReturnType<typeof startTestKoppel>>;

let counter = 0;
export async function createTenant(k: Koppel, name = 'Acme BV') {
  counter += 1;
  const email = `owner${counter}-${randomUUID().slice(0, 6)}@example.test`;
  const password = 'correct horse battery';
  const { tenant, owner } = await createTenantWithOwner(k.db, { tenantName: name, ownerEmail: email, ownerName: 'Olga Owner', password });
  const client = await login(k, email, password);
  return { tenant, owner, email, password, client };
}

export type Client = Awaited<ReturnType<typeof login>>;

/** Logs in through the API and returns a small client that sends the session cookie and CSRF token. */
export async function login(k: Koppel, email: string, password: string, locale = 'en', remoteAddress?: string) {
  const res = await k.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, ...(remoteAddress ? { remoteAddress } : {}) });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'koppel_session')!;
  const csrf = res.json().csrfToken as string;
  const call = async (method: string, url: string, payload?: unknown, headers: Record<string, string> = {}) => {
    const r = await k.app.inject({
      method: method as 'GET',
      url: `/api/v1${url}`,
      payload: payload as object,
      headers: { cookie: `koppel_session=${cookie.value}`, 'x-csrf-token': csrf, 'accept-language': locale, ...headers },
    });
    return { status: r.statusCode, body: r.body ? safeJson(r.body) : undefined, raw: r };
  };
  return {
    csrf,
    cookie: cookie.value,
    get: (url: string) => call('GET', url),
    post: (url: string, payload?: unknown, headers?: Record<string, string>) => call('POST', url, payload, headers),
    patch: (url: string, payload?: unknown) => call('PATCH', url, payload),
    put: (url: string, payload?: unknown) => call('PUT', url, payload),
    delete: (url: string) => call('DELETE', url),
    call,
  };
}

function safeJson(body: string) {
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

/** Waits until `check` returns a truthy value (for background jobs), or fails after `ms`. */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
