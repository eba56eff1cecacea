import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PersonioEmulator, PersonioEmulatorOptions } from '../../emulators/personio/personio-emulator.server.ts';
import { type Client, createTenant, login, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';
import { startEmulator } from './sync-support.ts';

/**
 * Issue 14, item 1: connecting to a Personio that is not ours. Connect checks what the enabled features
 * need, on the endpoints Personio serves today, and its message names what failed — in nl, de and en —
 * for each kind of failure: wrong credentials, a missing v2 scope (403 in Personio's v2 error shape), an
 * unreachable host, a wrong path in the base URL, and the auth endpoint's own rate limit. The retired v1
 * attendances, whatever they answer (404, 410, 403), play no part.
 */

let k: TestKoppel;
const running: PersonioEmulator[] = [];
let clients: Record<'en' | 'nl' | 'de', Client>;

beforeAll(async () => {
  k = await startTestKoppel({ worker: false });
  const t = await createTenant(k, 'Verbinden BV');
  clients = { en: t.client, nl: await login(k, t.email, t.password, 'nl'), de: await login(k, t.email, t.password, 'de') };
});
afterAll(async () => {
  await k?.stop();
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((em) => em.close()));
});

async function emulator(opts: Partial<PersonioEmulatorOptions> = {}) {
  const em = await startEmulator({ employees: 5, ...opts });
  running.push(em);
  return em;
}

const TIME = { timeExchange: { attendances: true, absences: true } };

async function connectIn(lang: 'en' | 'nl' | 'de', body: Record<string, unknown>) {
  return clients[lang].post('/integrations', { vendor: 'personio', name: `Personio ${lang}`, ...body });
}

describe('1. connect: a message per kind of failure, in the user\'s language', () => {
  it('wrong credentials', async () => {
    const em = await emulator();
    const expected = {
      en: 'Personio refused these credentials. Check the client ID and secret.',
      nl: 'Personio heeft deze inloggegevens geweigerd. Controleer de client-ID en het secret.',
      de: 'Personio hat diese Zugangsdaten abgelehnt. Prüfen Sie Client-ID und Secret.',
    };
    for (const lang of ['en', 'nl', 'de'] as const) {
      const r = await connectIn(lang, { baseUrl: em.url, credentials: { clientId: em.credentials.clientId, clientSecret: 'wrong' } });
      expect(r.status).toBe(400);
      expect({ code: r.body.error.code, message: r.body.error.message }).toEqual({ code: 'integration_credentials_invalid', message: expected[lang] });
    }
  });

  it('a missing v2 scope, answered 403 "Insufficient access scope" in the v2 error shape, is named', async () => {
    const em = await emulator({ rights: ['employees:read', 'attendances:read'] });
    // What the emulator answers is Personio's v2 forbidden shape.
    const token = await fetch(`${em.url}/v2/auth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'client_credentials', client_id: em.credentials.clientId, client_secret: em.credentials.clientSecret }) });
    const access = ((await token.json()) as { access_token: string }).access_token;
    const probe = await fetch(`${em.url}/v2/absence-periods?limit=1`, { headers: { authorization: `Bearer ${access}` } });
    expect(probe.status).toBe(403);
    expect(await probe.json()).toMatchObject({ personio_trace_id: expect.any(String), errors: [{ title: 'Insufficient access scope' }] });

    const expected = {
      en: 'These Personio credentials lack rights: attendances:write, absences:read.',
      nl: 'Deze Personio-inloggegevens missen rechten: attendances:write, absences:read.',
      de: 'Diesen Personio-Zugangsdaten fehlen Rechte: attendances:write, absences:read.',
    };
    for (const lang of ['en', 'nl', 'de'] as const) {
      const r = await connectIn(lang, { baseUrl: em.url, credentials: em.credentials, settings: TIME });
      expect(r.status).toBe(400);
      expect({ code: r.body.error.code, message: r.body.error.message }).toEqual({ code: 'integration_missing_rights', message: expected[lang] });
    }
  });

  it('an unreachable host, and a reachable host with a wrong path in the base URL: "check the base URL"', async () => {
    const em = await emulator();
    const expected = {
      en: 'Personio could not be reached at this address. Check the base URL and try again.',
      nl: 'Personio is op dit adres niet bereikbaar. Controleer de basis-URL en probeer het opnieuw.',
      de: 'Personio ist unter dieser Adresse nicht erreichbar. Prüfen Sie die Basis-URL und versuchen Sie es erneut.',
    };
    // A wrong path reads like a wrong host on purpose: what answers at an address is no oracle (issue 12, outbound-guard.test.ts).
    for (const baseUrl of ['http://127.0.0.1:9', `${em.url}/api`, `${em.url}/v1`]) {
      for (const lang of ['en', 'nl', 'de'] as const) {
        const r = await connectIn(lang, { baseUrl, credentials: em.credentials });
        expect(r.status).toBe(400);
        expect({ baseUrl, code: r.body.error.code, message: r.body.error.message }).toEqual({ baseUrl, code: 'integration_unreachable', message: expected[lang] });
      }
    }
  });

  it("the auth endpoint's rate limit: busy, not unreachable, and the user is not held for the cool-down", async () => {
    const em = await emulator();
    const expected = {
      en: "Personio answered at this address but refuses requests for the moment: too many were made in a short time (its rate limit, shared with the company's other tools). Try again in a minute.",
      nl: 'Personio antwoordt op dit adres maar weigert op dit moment verzoeken: er zijn er te veel gedaan in korte tijd (de limiet, gedeeld met de andere koppelingen van het bedrijf). Probeer het over een minuut opnieuw.',
      de: 'Personio antwortet unter dieser Adresse, lehnt aber derzeit Anfragen ab: es wurden zu viele in kurzer Zeit gestellt (das Limit, geteilt mit den anderen Anbindungen des Unternehmens). Versuchen Sie es in einer Minute erneut.',
    };
    for (const lang of ['en', 'nl', 'de'] as const) {
      em.injectFault({ status: 429, method: 'POST', path: '/v1/auth', times: 1 });
      const started = Date.now();
      const r = await connectIn(lang, { baseUrl: em.url, credentials: em.credentials });
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(r.status).toBe(503);
      expect({ code: r.body.error.code, message: r.body.error.message }).toEqual({ code: 'integration_rate_limited', message: expected[lang] });
    }
  });

  it('the retired v1 attendances play no part, whether they answer 404, 410 or 403; a v2 list refusing the probe\'s query (400) still connects', async () => {
    for (const status of [404, 410, 403]) {
      const em = await emulator({ v1Attendances: 'served' });
      em.injectFault({ status, path: '/v1/company/attendances', times: 100 });
      const r = await connectIn('en', { baseUrl: em.url, credentials: em.credentials, settings: TIME });
      expect({ status, code: r.status }).toEqual({ status, code: 201 });
      expect(em.stats.calls['GET /v1/company/attendances'] ?? 0).toBe(0);
    }
    const em = await emulator();
    em.injectFault({ status: 400, method: 'GET', path: '/v2/attendance-periods', times: 5 });
    em.injectFault({ status: 400, method: 'GET', path: '/v2/absence-periods', times: 5 });
    const r = await connectIn('en', { baseUrl: em.url, credentials: em.credentials, settings: TIME });
    expect(r.status).toBe(201);
  });
});
