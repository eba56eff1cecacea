import { afterEach, describe, expect, it } from 'vitest';
import { runProviderEmulatorCli, PROVIDER_EMULATORS, type RunningProviderEmulator } from './cli.ts';

/** `koppel emulator <vendor>`: starts, prints how to connect, seeds demo data, and the HTTP test hooks work. */

let running: RunningProviderEmulator[] = [];
afterEach(async () => {
  await Promise.all(running.map((r) => r.close()));
  running = [];
});

async function start(vendor: (typeof PROVIDER_EMULATORS)[number], args: string[]) {
  const lines: string[] = [];
  const em = await runProviderEmulatorCli(vendor, ['--port', '0', ...args], { log: (l) => lines.push(l) });
  if (em) running.push(em);
  return { em: em!, out: lines.join('\n') };
}

async function hook(url: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${url}${path}`, { method: body === undefined ? 'GET' : 'POST', headers: { 'content-type': 'application/json' }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('koppel emulator google|microsoft|zoom|gotomeeting', () => {
  it.each(PROVIDER_EMULATORS)('%s prints URL, OAuth endpoints, client credentials and accounts', async (vendor) => {
    const { em, out } = await start(vendor, ['--seed', '7', '--user', 'extra.person@example.com']);
    expect(out).toContain(`listening on ${em.url}`);
    expect(out).toMatch(/client id: +\S+ +client secret: +\S+/);
    expect(out).toContain('extra.person@example.com');
    const users = await hook(em.url, '/_emulator/users');
    expect((users.json.users as Array<{ email: string }>).map((u) => u.email)).toContain('extra.person@example.com');
  });

  it('google: seeded busy time plus a busy event added over HTTP show up in freeBusy', async () => {
    const { em } = await start('google', ['--seed', '1']);
    const user = 'bram.devries@example.com';
    const added = await hook(em.url, `/_emulator/calendars/${user}/busy`, { summary: 'Dentist', start: '2030-01-07T09:00:00Z', end: '2030-01-07T10:00:00Z', visibility: 'private' });
    expect(added.status).toBe(201);
    const creds = (await hook(em.url, '/_emulator/tokens', { user })).json;
    const fb = await fetch(`${em.url}/calendar/v3/freeBusy`, {
      method: 'POST',
      headers: { authorization: `Bearer ${String(creds.accessToken)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ timeMin: '2030-01-07T00:00:00Z', timeMax: '2030-01-08T00:00:00Z', items: [{ id: 'primary' }] }),
    });
    const body = (await fb.json()) as { calendars: { primary: { busy: unknown[] } } };
    expect(body.calendars.primary.busy).toContainEqual({ start: '2030-01-07T09:00:00Z', end: '2030-01-07T10:00:00Z' });
    const seeded = (await hook(em.url, `/_emulator/calendars/${user}/events`)).json.events as unknown[];
    expect(seeded.length).toBeGreaterThanOrEqual(4);
  });

  it('rejects bad flags with the usage text', async () => {
    await expect(runProviderEmulatorCli('zoom', ['--latency-ms', '-5'], { log: () => {} })).rejects.toThrow(/--latency-ms/);
    await expect(runProviderEmulatorCli('zoom', ['--user', 'not-an-email'], { log: () => {} })).rejects.toThrow(/--user: must be an email address/);
  });
});
