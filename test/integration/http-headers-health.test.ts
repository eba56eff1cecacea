import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../src/app/container.ts';
import { buildApp } from '../../src/app/http/app.ts';
import { openDatabase } from '../../src/platform/db/client.ts';
import { startTestKoppel, type TestKoppel } from '../helpers/harness.ts';

/** Issue 12 #13: security headers on pages and API answers; liveness and readiness apart. */

let k: TestKoppel;
beforeAll(async () => {
  k = await startTestKoppel();
});
afterAll(async () => {
  await k?.stop();
});

const common = (headers: Record<string, unknown>) => {
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('no-referrer');
  expect(String(headers['content-security-policy'])).toContain("frame-ancestors 'none'");
};

describe('security headers', () => {
  it('API answers (ok, refused, not found, malformed) forbid framing, sniffing and every source', async () => {
    for (const req of [
      { method: 'GET' as const, url: '/api/v1/auth/me' },
      { method: 'GET' as const, url: '/api/v1/nothing-here' },
      { method: 'POST' as const, url: '/api/v1/auth/login', payload: '{not json', headers: { 'content-type': 'application/json' } },
      { method: 'GET' as const, url: '/api/docs' },
      { method: 'GET' as const, url: '/healthz' },
      // A path the router cannot decode (answered before any hook), and an encoded spelling of the API prefix.
      { method: 'GET' as const, url: '/api/v1/employees/%ED%A0%80' },
      { method: 'GET' as const, url: '/%61pi/v1/employees' },
    ]) {
      const res = await k.app.inject(req);
      common(res.headers);
      expect(res.headers['content-security-policy'], req.url).toMatch(/^default-src 'none'/);
    }
  });

  it('web pages allow their own origin only and cannot be framed', async () => {
    const dist = mkdtempSync(path.join(tmpdir(), 'koppel-web-'));
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><html><body><div id="root"></div><script type="module" src="/assets/app.js"></script></body></html>');
    const app = await buildApp(k.services, { webDist: dist });
    try {
      for (const url of ['/', '/employees/123', '/api/docs/ui']) {
        const res = await app.inject({ method: 'GET', url });
        expect(res.statusCode, url).toBe(200);
        expect(res.headers['content-type'], url).toMatch(/^text\/html/);
        common(res.headers);
        const csp = String(res.headers['content-security-policy']);
        expect(csp).toContain("default-src 'self'");
        expect(csp).toContain("script-src 'self'");
        expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
        expect(csp).toContain("object-src 'none'");
      }
      // No HSTS over plain http (PUBLIC_URL http://localhost).
      expect((await app.inject({ method: 'GET', url: '/' })).headers['strict-transport-security']).toBeUndefined();
    } finally {
      await app.close();
      rmSync(dist, { recursive: true, force: true });
    }
  });
});

describe('liveness and readiness', () => {
  it('/healthz answers without the database, /readyz asks it and says 503 when it cannot answer', async () => {
    expect((await k.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ ok: true });
    const ready = await k.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ ok: true });
    // Both are in the API description.
    const paths = Object.keys((await k.app.inject({ method: 'GET', url: '/api/docs' })).json().paths);
    expect(paths).toEqual(expect.arrayContaining(['/healthz', '/readyz']));

    // A second app on a database of its own, which then goes away.
    const database = await openDatabase(k.config, k.config.databaseUrl ? {} : { embeddedPath: 'memory://' });
    const app = await buildApp(createServices(database.db, k.config));
    try {
      expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
      await database.close();
      const down = await app.inject({ method: 'GET', url: '/readyz' });
      expect(down.statusCode).toBe(503);
      expect(down.json()).toEqual({ ok: false });
      const live = await app.inject({ method: 'GET', url: '/healthz' });
      expect(live.statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});
