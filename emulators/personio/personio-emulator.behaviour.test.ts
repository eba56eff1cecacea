import { afterEach, describe, expect, it } from 'vitest';
import { isValidDate } from './personio-emulator.dates.ts';
import { startPersonioEmulator, type PersonioEmulator, type PersonioEmulatorOptions } from './personio-emulator.server.ts';
import { TEST_NOW, TEST_REFERENCE_DATE, authenticate, call } from './personio-emulator.test-support.ts';

/**
 * The documented behaviours a client must survive (vendor reference: personio-api.md):
 * paging, tokens, error shapes, rate limits, faults, partial-commit batches, no tombstones.
 */

type Json = Record<string, unknown>;
type Row = { type: string; attributes: Record<string, { value: unknown }> };
type ListBody = { success: boolean; metadata: { total_elements: number; current_page: number; total_pages: number }; offset: unknown; limit: unknown; data: Row[] };

const running: PersonioEmulator[] = [];
async function start(opts: Partial<PersonioEmulatorOptions> = {}): Promise<PersonioEmulator> {
  const em = await startPersonioEmulator({
    employees: 40,
    seed: 5,
    referenceDate: TEST_REFERENCE_DATE,
    clock: () => TEST_NOW,
    rateLimit: false,
    v1Attendances: 'served',
    ...opts,
  });
  running.push(em);
  return em;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((em) => em.close()));
});

const idOf = (row: Row) => row.attributes.id!.value as number;

describe('employees paging (record offset, limit cap)', () => {
  it('walks every employee exactly once with limit 100, in id order, with consistent metadata', async () => {
    const em = await start({ employees: 237 });
    const token = await authenticate(em);
    const seen: number[] = [];
    for (let offset = 0; ; offset += 100) {
      const res = await call<ListBody>(em, `/v1/company/employees?limit=100&offset=${offset}`, { token });
      expect(res.status).toBe(200);
      expect(res.json.metadata).toEqual({ total_elements: 237, current_page: offset / 100, total_pages: 3 });
      expect(res.json.offset).toBe(offset);
      if (res.json.data.length === 0) break;
      seen.push(...res.json.data.map(idOf));
    }
    const expected = em.state.listEmployees().map((e) => e.id);
    expect(seen).toEqual(expected);
    expect(new Set(seen).size).toBe(237);
  });

  it('offset is a RECORD offset: offset=1 starts at the second employee, not the second page', async () => {
    const em = await start();
    const token = await authenticate(em);
    const res = await call<ListBody>(em, '/v1/company/employees?limit=10&offset=1', { token });
    expect(idOf(res.json.data[0]!)).toBe(em.state.listEmployees()[1]!.id);
  });

  it('caps limit at 100 and defaults to 50', async () => {
    const em = await start({ employees: 150 });
    const token = await authenticate(em);
    const capped = await call<ListBody>(em, '/v1/company/employees?limit=1000', { token });
    expect(capped.json.limit).toBe(100);
    expect(capped.json.data).toHaveLength(100);
    const dflt = await call<ListBody>(em, '/v1/company/employees', { token });
    expect(dflt.json.limit).toBe(50);
    expect(dflt.json.data).toHaveLength(50);
  });

  it('a hard delete between pages shifts later records (what record-offset paging does to a naive client)', async () => {
    const em = await start({ employees: 30 });
    const token = await authenticate(em);
    const first = await call<ListBody>(em, '/v1/company/employees?limit=10&offset=0', { token });
    em.state.removeEmployee(idOf(first.json.data[0]!));
    const second = await call<ListBody>(em, '/v1/company/employees?limit=10&offset=10', { token });
    // The record that was 11th is now 10th and falls between the pages.
    expect(second.json.data.map(idOf)).not.toContain(em.state.listEmployees()[9]!.id);
    expect(second.json.metadata.total_elements).toBe(29);
  });
});

describe('employee attributes', () => {
  it('string-typed weekly hours, offsets with colon, birthday as a dynamic attribute with a label', async () => {
    const em = await start();
    const token = await authenticate(em);
    const res = await call<ListBody>(em, '/v1/company/employees?limit=40', { token });
    for (const row of res.json.data) {
      const a = row.attributes as unknown as Record<string, { value: unknown; label: string; universal_id: unknown; type: string }>;
      expect(typeof a.weekly_working_hours!.value).toBe('string');
      expect(a.hire_date!.value).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00\+0[12]:00$/);
      expect(a.dynamic_180883).toMatchObject({ label: 'Birthday', universal_id: 'date_of_birth', type: 'date' });
      expect(isValidDate(a.dynamic_180883!.value)).toBe(true);
      const shares = (a.cost_centers!.value as Array<{ attributes: { percentage: number } }>).map((c) => c.attributes.percentage);
      expect(shares.reduce((x, y) => x + y, 0)).toBe(100);
    }
  });

  it('attributes[] projects (id always kept); a whitelist silently drops everything else', async () => {
    const em = await start({ attributeWhitelist: ['first_name', 'last_name', 'email'] });
    const token = await authenticate(em);
    const all = await call<ListBody>(em, '/v1/company/employees?limit=3', { token });
    expect(Object.keys(all.json.data[0]!.attributes).sort()).toEqual(['email', 'first_name', 'id', 'last_name']);
    const projected = await call<ListBody>(em, '/v1/company/employees?limit=3&attributes[]=first_name&attributes[]=hire_date', { token });
    // hire_date is requested but not whitelisted: absent without an error.
    expect(Object.keys(projected.json.data[0]!.attributes).sort()).toEqual(['first_name', 'id']);
  });

  it('updated_since with attributes[] selects only employees whose listed attributes changed (mutation API)', async () => {
    let now = TEST_NOW;
    const em = await start({ clock: () => now });
    const token = await authenticate(em);
    const target = em.state.listEmployees()[4]!;
    now += 60_000;
    em.state.updateEmployee(target.id, { position: 'Sous-chef (new)' });
    // 12:00:30 Berlin time, 30 s before the change; no offset → company local time.
    const since = '2025-06-02T12:00:30';
    const any = await call<ListBody>(em, `/v1/company/employees?updated_since=${since}`, { token });
    expect(any.json.data.map(idOf)).toEqual([target.id]);
    const byPosition = await call<ListBody>(em, `/v1/company/employees?updated_since=${since}&attributes[]=position`, { token });
    expect(byPosition.json.data.map(idOf)).toEqual([target.id]);
    const byName = await call<ListBody>(em, `/v1/company/employees?updated_since=${since}&attributes[]=first_name`, { token });
    expect(byName.json.data).toEqual([]);
    const one = await call<{ data: Row }>(em, `/v1/company/employees/${target.id}`, { token });
    expect(one.json.data.attributes.position!.value).toBe('Sous-chef (new)');
    expect(one.json.data.attributes.last_modified_at!.value).toBe('2025-06-02T12:01:00+02:00');
  });

  it('terminate, addEmployee and the email filter reflect in the API', async () => {
    const em = await start();
    const token = await authenticate(em);
    const target = em.state.listEmployees().find((e) => e.status === 'active')!;
    em.state.terminate(target.id, { date: '2025-05-31' });
    const added = em.state.addEmployee({ position: 'Barista' });
    const byEmail = await call<ListBody>(em, `/v1/company/employees?email=${encodeURIComponent(target.email.toUpperCase())}`, { token });
    expect(byEmail.json.data.map(idOf)).toContain(target.id);
    const t = byEmail.json.data.find((r) => idOf(r) === target.id)!;
    expect(t.attributes.status!.value).toBe('inactive');
    expect(t.attributes.termination_date!.value).toBe('2025-05-31T00:00:00+02:00');
    const last = await call<ListBody>(em, '/v1/company/employees?limit=1&offset=40', { token });
    expect(last.json.data.map(idOf)).toEqual([added.id]);
    expect(last.json.metadata.total_elements).toBe(41);
  });
});

describe('authentication (§1)', () => {
  it('wrong credentials → 401 in the v1 error shape; no token', async () => {
    const em = await start();
    const res = await call(em, '/v1/auth', { method: 'POST', json: { client_id: em.credentials.clientId, client_secret: 'wrong' } });
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ success: false, error: { code: expect.any(Number), message: expect.any(String) } });
    expect(JSON.stringify(res.json)).not.toContain('papi-');
  });

  it('accepts JSON, form and query-string credentials; the token is stable and echoed in the authorization header', async () => {
    const em = await start();
    const { clientId, clientSecret } = em.credentials;
    const a = await call<{ data: { token: string; expires_in: number } }>(em, '/v1/auth', { method: 'POST', json: { client_id: clientId, client_secret: clientSecret } });
    const b = await call<{ data: { token: string } }>(em, '/v1/auth', { method: 'POST', form: { client_id: clientId, client_secret: clientSecret } });
    const c = await call<{ data: { token: string } }>(em, `/v1/auth?client_id=${clientId}&client_secret=${clientSecret}`, { method: 'POST' });
    expect(a.json.data.token).toMatch(/^papi-/);
    expect(a.json.data.expires_in).toBe(86_400);
    expect(b.json.data.token).toBe(a.json.data.token);
    expect(c.json.data.token).toBe(a.json.data.token);
    const data = await call(em, '/v1/company/time-off-types', { token: a.json.data.token });
    expect(data.headers.get('authorization')).toBe(`Bearer ${a.json.data.token}`);
  });

  it('tokens expire after their lifetime → 401; re-authenticating gives a new, working token', async () => {
    let now = TEST_NOW;
    const em = await start({ clock: () => now, tokenTtlSeconds: 3600 });
    const token = await authenticate(em);
    now += 3_600_000;
    const expired = await call(em, '/v1/company/time-off-types', { token });
    expect(expired.status).toBe(401);
    expect(expired.json).toMatchObject({ success: false, error: { code: 401 } });
    const fresh = await authenticate(em);
    expect(fresh).not.toBe(token);
    expect((await call(em, '/v1/company/time-off-types', { token: fresh })).status).toBe(200);
  });

  it('rotateTokens: the header carries the next token and the used one stops working', async () => {
    const em = await start({ rotateTokens: true });
    const token = await authenticate(em);
    const first = await call(em, '/v1/company/time-off-types', { token });
    const next = first.headers.get('authorization')!.slice('Bearer '.length);
    expect(next).not.toBe(token);
    expect((await call(em, '/v1/company/time-off-types', { token })).status).toBe(401);
    expect((await call(em, '/v1/company/time-off-types', { token: next })).status).toBe(200);
  });

  it('a missing access right → 403 with error code 0', async () => {
    const em = await start({ rights: ['employees:read', 'absences:read'] });
    const token = await authenticate(em);
    const res = await call(em, '/v1/company/attendances', { method: 'POST', token, json: { attendances: [] } });
    expect(res.status).toBe(403);
    expect(res.json).toEqual({ success: false, error: { message: 'personio.core.api.exceptions.api.forbidden.http.exception', code: 0 } });
  });

  it('v2 token endpoint: form-encoded client-credentials grant; v2 token accepted by v1 endpoints', async () => {
    const em = await start();
    const { clientId, clientSecret } = em.credentials;
    const json = await call(em, '/v2/auth/token', { method: 'POST', json: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret } });
    expect(json.status).toBe(400);
    const bad = await call(em, '/v2/auth/token', { method: 'POST', form: { grant_type: 'client_credentials', client_id: clientId, client_secret: 'x' } });
    expect(bad.status).toBe(401);
    const ok = await call<{ access_token: string; token_type: string; expires_in: number }>(em, '/v2/auth/token', {
      method: 'POST',
      form: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret },
    });
    expect(ok.json).toMatchObject({ token_type: 'Bearer', expires_in: 86_400 });
    expect((await call(em, '/v1/company/time-off-types', { token: ok.json.access_token })).status).toBe(200);
  });
});

describe('rate limits (§1, §2): 429 without Retry-After', () => {
  // The limiter runs on a fake clock here: exact windows, no sleeping, no flakiness on a busy machine.
  it('GET /employees: at most 15 a second (burst), counted apart from other endpoints', async () => {
    let t = 0;
    const em = await start({ rateLimit: { clock: () => t } });
    const token = await authenticate(em);
    const statuses: number[] = [];
    for (let i = 0; i < 18; i++) {
      const res = await call(em, `/v1/company/employees?limit=1&offset=${i}`, { token });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(res.headers.get('retry-after')).toBeNull();
        expect(res.json).toMatchObject({ success: false, error: { code: 429 } });
      }
    }
    expect(statuses).toEqual([...Array(15).fill(200), 429, 429, 429]);
    expect(em.stats.served429).toBe(3);
    expect(em.stats.rateLimitedBy['employees-second']).toBe(3);
    expect((await call(em, '/v1/company/time-off-types', { token })).status).toBe(200);
    t += 999;
    expect((await call(em, '/v1/company/employees?limit=1', { token })).status).toBe(429);
    t += 2;
    expect((await call(em, '/v1/company/employees?limit=1', { token })).status).toBe(200);
  });

  it('GET /employees: the per-minute limit holds even when every second stays under the burst limit', async () => {
    let t = 0;
    // Scaled down (documented: 300/min, 15/s) so the test sends 60 requests, not 350.
    const em = await start({ rateLimit: { clock: () => t, employeesPerMinute: 30, employeesPerSecond: 4 } });
    const token = await authenticate(em);
    const perSecond: number[] = [];
    for (let second = 0; second < 12; second++, t = second * 1000) {
      let ok = 0;
      for (let i = 0; i < 5; i++) if ((await call(em, `/v1/company/employees?limit=1&offset=${i}`, { token })).status === 200) ok++;
      perSecond.push(ok);
    }
    // 4 a second until the minute's 30 are used up after 7½ seconds, then nothing.
    expect(perSecond).toEqual([4, 4, 4, 4, 4, 4, 4, 2, 0, 0, 0, 0]);
    expect(em.stats.rateLimitedBy).toEqual({ 'employees-second': 7, 'employees-minute': 23 });
  });

  it('/v1/auth: 60 a minute, then a cool-down in which even a request in a fresh window fails', async () => {
    let t = 0;
    const em = await start({ rateLimit: { clock: () => t, authCooldownMs: 120_000 } });
    const body = { client_id: em.credentials.clientId, client_secret: em.credentials.clientSecret };
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++, t += 100) statuses.push((await call(em, '/v1/auth', { method: 'POST', json: body })).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(60);
    expect(statuses[60]).toBe(429);
    t = 70_000; // the minute window is empty again, but the cool-down runs until 126 100
    expect((await call(em, '/v1/auth', { method: 'POST', json: body })).status).toBe(429);
    t = 126_200;
    expect((await call(em, '/v1/auth', { method: 'POST', json: body })).status).toBe(200);
  });

  it('the global per-IP limit covers every endpoint', async () => {
    let t = 0;
    const em = await start({ rateLimit: { globalPerMinutePerIp: 3, clock: () => t } });
    const token = await authenticate(em);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await call(em, '/v1/company/time-off-types', { token })).status);
    expect(statuses).toEqual([200, 200, 429]);
    t += 60_001;
    expect((await call(em, '/v1/company/time-off-types', { token })).status).toBe(200);
  });
});

/** What a strict client checks before trusting a row. */
function employeeRowIsSane(row: Row): boolean {
  const a = row.attributes as Record<string, { value?: unknown } | undefined>;
  const hire = a.hire_date?.value;
  const cc = a.cost_centers?.value as Array<{ attributes: { percentage: unknown } }> | undefined;
  return (
    Number.isInteger(a.id?.value) &&
    typeof a.email?.value === 'string' &&
    /^[^@\s]+@[^@\s]+\.[a-z]+$/.test(a.email.value) &&
    typeof a.weekly_working_hours?.value === 'string' &&
    /^\d+(\.\d+)?$/.test(a.weekly_working_hours.value) &&
    typeof hire === 'string' &&
    isValidDate(hire.slice(0, 10)) &&
    a.first_name !== undefined &&
    'value' in a.first_name &&
    !!cc &&
    cc.every((c) => typeof c.attributes.percentage === 'number') &&
    isValidDate(a.dynamic_180883?.value)
  );
}

const PROBE_FIELDS = ['email', 'weekly_working_hours', 'hire_date', 'first_name', 'cost_centers', 'dynamic_180883'].map((f) => `attributes[]=${f}`).join('&');

type Outcome = '200' | '429' | '5xx' | '401' | 'malformed' | 'timeout';

function classify(status: number): Outcome {
  return status === 401 ? '401' : status === 429 ? '429' : status >= 500 ? '5xx' : '200';
}

/** Fires `n` distinct list requests, re-authenticating after a 401, and classifies every answer (auth calls included). */
async function probe(em: PersonioEmulator, n: number): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  const auth = async (): Promise<string> => {
    for (;;) {
      const res = await call<{ data: { token: string } }>(em, '/v1/auth', {
        method: 'POST',
        json: { client_id: em.credentials.clientId, client_secret: em.credentials.clientSecret },
      });
      if (res.status === 200) return res.json.data.token;
      outcomes.push(classify(res.status));
    }
  };
  let token = await auth();
  for (let i = 0; i < n; i++) {
    let res;
    try {
      // Projected to the fields the sanity check reads (and the faults touch): small pages, fast test.
      res = await call<ListBody>(em, `/v1/company/employees?limit=2&offset=${i % 40}&${PROBE_FIELDS}&n=${i}`, { token });
    } catch {
      outcomes.push('timeout');
      continue;
    }
    if (res.status === 401) {
      outcomes.push('401');
      token = await auth();
    } else if (res.status === 429) outcomes.push('429');
    else if (res.status >= 500) outcomes.push('5xx');
    else outcomes.push(res.json.data.every(employeeRowIsSane) ? '200' : 'malformed');
  }
  return outcomes;
}

describe('fault profile', () => {
  const profile = { rate429: 0.06, rate5xx: 0.06, rateExpiredToken: 0.06, rateMalformed: 0.06 };

  it('injects each kind at roughly its rate, and the client sees exactly what the stats report', async () => {
    const em = await start({ faults: profile });
    const outcomes = await probe(em, 300);
    const count = (k: Outcome) => outcomes.filter((o) => o === k).length;
    // ≈ Binomial(300, 0.06) per kind: mean 18, sd ≈ 4.1 — a wide band, but 0 or 50 would fail.
    for (const k of ['429', '5xx', '401', 'malformed'] as const) {
      expect(count(k), k).toBeGreaterThanOrEqual(6);
      expect(count(k), k).toBeLessThanOrEqual(34);
    }
    const faultShare = (outcomes.length - count('200')) / outcomes.length;
    expect(faultShare).toBeGreaterThan(0.15);
    expect(faultShare).toBeLessThan(0.33);
    expect(em.stats.faults).toMatchObject({ '429': count('429'), '5xx': count('5xx'), expiredToken: count('401'), malformed: count('malformed'), timeout: 0 });
    // Injected 429s carry no Retry-After either, like the real limiter.
    expect(em.stats.served429).toBe(count('429'));
  });

  it('is deterministic for a seed and differs for another seed', async () => {
    const a = await probe(await start({ faults: profile }), 80);
    const b = await probe(await start({ faults: profile }), 80);
    const c = await probe(await start({ faults: profile, seed: 6 }), 80);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('a retried request draws again, so retrying always gets through (no request is doomed)', async () => {
    const em = await start({ faults: { rate5xx: 0.5 } });
    const token = await authenticate(em, 30);
    for (let i = 0; i < 10; i++) {
      let attempts = 0;
      let status = 0;
      do {
        status = (await call(em, `/v1/company/employees?limit=1&offset=${i}`, { token })).status;
        attempts++;
      } while (status !== 200 && attempts < 30);
      expect(status).toBe(200);
    }
  });

  it('timeouts hang and then cut the connection', async () => {
    const em = await start({ faults: { rateTimeout: 1, timeoutMs: 40 } });
    const started = Date.now();
    await expect(fetch(`${em.url}/v1/company/time-off-types`)).rejects.toThrow();
    expect(Date.now() - started).toBeGreaterThanOrEqual(35);
    expect(em.stats.faults.timeout).toBe(1);
  });

  it('a 5xx on a write may come after the commit: the data is there although the client saw an error', async () => {
    const em = await start({ faults: { rate5xx: 1 } });
    const token = await authenticate(em).catch(() => null);
    // Auth itself faults at rate 1; take a token from a fault-free window.
    em.setFaults(undefined);
    const t = token ?? (await authenticate(em));
    em.setFaults({ rate5xx: 1 });
    const employee = em.state.listEmployees().find((e) => e.status === 'active' && e.hire_date < '2025-01-01')!.id;
    let committedButFailed = 0;
    for (let day = 1; day <= 20; day++) {
      const before = em.state.listAttendances().length;
      const res = await call(em, '/v1/company/attendances', {
        method: 'POST',
        token: t,
        json: { attendances: [{ employee, date: `2025-04-${String(day).padStart(2, '0')}`, start_time: '09:00', end_time: '10:00', break: 0 }] },
      });
      expect(res.status).toBeGreaterThanOrEqual(500);
      if (em.state.listAttendances().length > before) committedButFailed++;
    }
    expect(committedButFailed).toBe(em.stats.writesCommittedBeforeFault);
    expect(committedButFailed).toBeGreaterThan(3);
    expect(committedButFailed).toBeLessThan(17);
  });

  it('latencyMs delays every response', async () => {
    const em = await start({ latencyMs: 60 });
    const started = Date.now();
    await call(em, '/v1/company/time-off-types');
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
  });
});

describe('attendances (§3)', () => {
  async function setup() {
    const em = await start();
    const token = await authenticate(em);
    const [a, b] = em.state.listEmployees().filter((e) => e.status === 'active' && e.hire_date < '2025-01-01' && !e.termination_date);
    return { em, token, a: a!.id, b: b!.id };
  }

  it('a batch with an overlapping row answers 400 per row and KEEPS the rows that succeeded (partial commit)', async () => {
    const { em, token, a, b } = await setup();
    const rows = [
      { employee: a, date: '2025-05-05', start_time: '09:00', end_time: '17:00', break: 30, comment: 'ok' },
      { employee: a, date: '2025-05-05', start_time: '16:00', end_time: '18:00', break: 0 },
      { employee: b, date: '2025-05-05', start_time: '08:00', end_time: '12:00', break: 0, project_id: 51059 },
    ];
    const res = await call<{ success: boolean; error: { code: number; message: string; detailed_message: Json[] } }>(em, '/v1/company/attendances', {
      method: 'POST',
      token,
      json: { attendances: rows },
    });
    expect(res.status).toBe(400);
    expect(res.json.error.message).toBe('Error when trying to insert Attendances periods rows');
    const detail = res.json.error.detailed_message;
    expect(detail.map((d) => d.success)).toEqual([true, false, true]);
    expect(detail[1]).toMatchObject({ error_msg: 'Existing overlapping attendances periods', id: null });
    expect(detail[0]!.id).toEqual(expect.any(Number));

    const list = await call<ListBody>(em, '/v1/company/attendances?start_date=2025-05-05&end_date=2025-05-05', { token });
    expect(list.json.data.map((r) => (r as unknown as { id: number }).id).sort()).toEqual([detail[0]!.id, detail[2]!.id].sort());
    expect(list.json.offset).toBe('0');
    expect(list.json.limit).toBe('200');

    // Re-sending the same period: every row overlaps now, nothing is added (seeds/000: "no import can take place").
    const again = await call<{ error: { detailed_message: Json[] } }>(em, '/v1/company/attendances', { method: 'POST', token, json: { attendances: rows } });
    expect(again.status).toBe(400);
    expect(again.json.error.detailed_message.every((d) => d.success === false)).toBe(true);
    expect(em.state.listAttendances()).toHaveLength(2);
  });

  it('an all-good batch answers 200 with the new ids; rows are validated one by one', async () => {
    const { em, token, a } = await setup();
    const ok = await call<{ data: { id: number[]; message: string } }>(em, '/v1/company/attendances', {
      method: 'POST',
      token,
      json: {
        attendances: [
          { employee: a, date: '2025-05-06', start_time: '09:00', end_time: '12:00', break: 0 },
          { employee: a, date: '2025-05-06', start_time: '12:00', end_time: '17:00', break: 15 },
        ],
      },
    });
    expect(ok.status).toBe(200);
    expect(ok.json.data.id).toHaveLength(2);
    const bad = await call<{ error: { detailed_message: Array<{ error_msg: string }> } }>(em, '/v1/company/attendances', {
      method: 'POST',
      token,
      json: {
        attendances: [
          { employee: 1, date: '2025-05-07', start_time: '09:00', end_time: '12:00', break: 0 },
          { employee: a, date: '2025-02-30', start_time: '09:00', end_time: '12:00', break: 0 },
          { employee: a, date: '2025-05-07', start_time: '12:00', end_time: '09:00', break: 0 },
          { employee: a, date: '2025-05-07', start_time: '09:00', end_time: '10:00', break: 90 },
        ],
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.detailed_message.map((d) => d.error_msg)).toEqual([
      'Employee not found.',
      expect.stringContaining('date'),
      expect.stringContaining('end time'),
      expect.stringContaining('break'),
    ]);
  });

  it('GET filters: required dates, includePending, employees[], record offset', async () => {
    const { em, token, a, b } = await setup();
    for (let d = 1; d <= 5; d++) {
      await call(em, '/v1/company/attendances', {
        method: 'POST',
        token,
        json: { attendances: [{ employee: a, date: `2025-05-1${d}`, start_time: '09:00', end_time: '10:00', break: 0 }] },
      });
    }
    await call(em, '/v1/company/attendances', {
      method: 'POST',
      token,
      json: { attendances: [{ employee: b, date: '2025-05-12', start_time: '09:00', end_time: '10:00', break: 0 }], skip_approval: false },
    });
    expect((await call(em, '/v1/company/attendances', { token })).status).toBe(400);
    const range = '/v1/company/attendances?start_date=2025-05-11&end_date=2025-05-15';
    expect((await call<ListBody>(em, range, { token })).json.metadata.total_elements).toBe(5);
    expect((await call<ListBody>(em, `${range}&includePending=true`, { token })).json.metadata.total_elements).toBe(6);
    expect((await call<ListBody>(em, `${range}&includePending=true&employees[]=${b}`, { token })).json.data).toHaveLength(1);
    const page = await call<ListBody>(em, `${range}&limit=2&offset=3`, { token });
    expect(page.json.data.map((r) => r.attributes.date)).toEqual(['2025-05-14', '2025-05-15']);
    expect(page.json.metadata).toEqual({ total_elements: 5, current_page: 1, total_pages: 3 });
  });

  it('PATCH keeps absent fields and refuses an overlap; DELETE removes; unknown id → 404', async () => {
    const { em, token, a } = await setup();
    const created = await call<{ data: { id: number[] } }>(em, '/v1/company/attendances', {
      method: 'POST',
      token,
      json: {
        attendances: [
          { employee: a, date: '2025-05-20', start_time: '09:00', end_time: '12:00', break: 0, comment: 'morning' },
          { employee: a, date: '2025-05-20', start_time: '13:00', end_time: '17:00', break: 0 },
        ],
      },
    });
    const [first, second] = created.json.data.id as [number, number];
    const patched = await call(em, `/v1/company/attendances/${first}`, { method: 'PATCH', token, json: { end_time: '12:30' } });
    expect(patched.json).toEqual({ success: true, data: { message: 'The attendance period was updated.' } });
    expect(em.state.getAttendance(first)).toMatchObject({ start_time: '09:00', end_time: '12:30', comment: 'morning' });
    const overlap = await call<{ error: { detailed_message: Array<{ error_msg: string }> } }>(em, `/v1/company/attendances/${second}`, {
      method: 'PATCH',
      token,
      json: { start_time: '12:00' },
    });
    expect(overlap.status).toBe(400);
    expect(overlap.json.error.detailed_message[0]!.error_msg).toBe('Existing overlapping attendances periods');
    expect(em.state.getAttendance(second)!.start_time).toBe('13:00');
    expect((await call(em, `/v1/company/attendances/${second}`, { method: 'DELETE', token })).status).toBe(200);
    const missing = await call(em, `/v1/company/attendances/${second}`, { method: 'PATCH', token, json: { comment: 'x' } });
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ success: false, error: { code: 404, message: 'The attendance period was not found.' } });
  });
});

describe('time-offs (§4)', () => {
  it('offset is a 1-based PAGE number (0 = 1); limit caps at 200; pages cover every absence once', async () => {
    const em = await start({ employees: 80 });
    const token = await authenticate(em);
    const base = '/v1/company/time-offs?start_date=2025-01-01&end_date=2025-12-31&limit=7';
    const p0 = await call<ListBody>(em, `${base}&offset=0`, { token });
    const p1 = await call<ListBody>(em, `${base}&offset=1`, { token });
    expect(p1.json.data.map((r) => r.attributes.id)).toEqual(p0.json.data.map((r) => r.attributes.id));
    expect(p1.json.metadata.current_page).toBe(1);
    const total = p1.json.metadata.total_elements;
    expect(total).toBeGreaterThan(14);
    const ids: unknown[] = [];
    for (let page = 1; page <= p1.json.metadata.total_pages; page++) {
      ids.push(...(await call<ListBody>(em, `${base}&offset=${page}`, { token })).json.data.map((r) => r.attributes.id));
    }
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
    const capped = await call<ListBody>(em, '/v1/company/time-offs?limit=1000', { token });
    expect(capped.json.limit).toBe(200);
  });

  it('dates use +0100/+0200 without a colon; rejected or deleted absences vanish without a tombstone', async () => {
    const em = await start();
    const token = await authenticate(em);
    const list = await call<ListBody>(em, '/v1/company/time-offs', { token });
    for (const row of list.json.data) expect(row.attributes.start_date).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00\+0[12]00$/);
    const [x, y] = em.state.listTimeOffs();
    em.state.removeTimeOff(x!.id);
    em.state.updateTimeOff(y!.id, { status: 'rejected' });
    const after = await call<ListBody>(em, '/v1/company/time-offs', { token });
    const ids = after.json.data.map((r) => r.attributes.id);
    expect(ids).not.toContain(x!.id);
    expect(ids).not.toContain(y!.id);
    expect(after.json.metadata.total_elements).toBe(list.json.metadata.total_elements - 2);
  });

  it('POST is form-urlencoded only; JSON counts as missing fields (422)', async () => {
    const em = await start();
    const token = await authenticate(em);
    const e = em.state.listEmployees().find((r) => r.status === 'active')!;
    const form = { employee_id: String(e.id), time_off_type_id: '113437', start_date: '2025-09-01', end_date: '2025-09-03', half_day_start: '0', half_day_end: '0' };
    const asJson = await call(em, '/v1/company/time-offs', { method: 'POST', token, json: form });
    expect(asJson.status).toBe(422);
    const created = await call<{ data: { attributes: { id: number; days_count: number } } }>(em, '/v1/company/time-offs', { method: 'POST', token, form });
    expect(created.status).toBe(200);
    expect(created.json.data.attributes.days_count).toBe(3);
    expect((await call(em, '/v1/company/time-offs', { method: 'POST', token, form })).status).toBe(400);
  });
});

describe('issue 14: Personio as it is today', () => {
  it('v1 attendances are gone (404, like an unknown route) unless asked for; v2 periods answer with cursor paging', async () => {
    const em = await start({ v1Attendances: 'removed', seedAttendances: { employeeShare: 1, days: 3 } });
    const token = await authenticate(em);
    const v1 = await call<Json>(em, '/v1/company/attendances?start_date=2025-05-01&end_date=2025-06-01', { token });
    expect(v1.status).toBe(404);
    expect(JSON.stringify(v1.json)).toContain('was not found');
    const page = await call<{ _data: Array<{ id: string; person: { id: string } }>; _meta: { links: { next?: { href: string } } } }>(em, '/v2/attendance-periods?limit=5', { token });
    expect(page.status).toBe(200);
    expect(page.json._data).toHaveLength(5);
    expect(page.json._data[0]!.id).toMatch(/^[0-9a-f-]{36}$/);
    const next = new URL(page.json._meta.links.next!.href);
    expect(next.origin).toBe(em.url);
    const second = await call<{ _data: Array<{ id: string }> }>(em, `${next.pathname}${next.search}`, { token });
    expect(second.json._data[0]!.id).not.toBe(page.json._data[0]!.id);
    const absences = await call<{ _data: unknown[] }>(em, '/v2/absence-periods?limit=3', { token });
    expect(absences.status).toBe(200);
  });

  it('a v2 endpoint without the right answers 403 "Insufficient access scope" in the v2 error shape', async () => {
    const em = await start({ rights: ['employees:read'] });
    const token = await authenticate(em);
    const res = await call<{ errors: Array<{ title: string }> }>(em, '/v2/absence-periods', { token });
    expect(res.status).toBe(403);
    expect(res.json.errors[0]!.title).toBe('Insufficient access scope');
  });

  it('another client of the company uses the same employee-list budget', async () => {
    const em = await start({ rateLimit: {}, clock: Date.now, otherClientPerSecond: 12 });
    const token = await authenticate(em);
    await new Promise((r) => setTimeout(r, 1_100));
    const answers = await Promise.all(Array.from({ length: 10 }, () => call(em, '/v1/company/employees?limit=1', { token })));
    // 12 of the 15 a second are the other client's: at most 3 (+1 at a window edge) of ours get through.
    expect(answers.filter((a) => a.status === 200).length).toBeLessThanOrEqual(4);
    expect(answers.filter((a) => a.status === 429).length).toBeGreaterThanOrEqual(6);
  });

  it('another client faster than the limit takes every slot the moment it frees: none of ours gets through', async () => {
    let now = 1_000_000;
    const em = await start({ rateLimit: { clock: () => now } });
    const token = await authenticate(em);
    // Ours fill the second's window, then the other client starts hammering.
    for (let i = 0; i < 15; i++) expect((await call(em, '/v1/company/employees?limit=1', { token })).status).toBe(200);
    em.setOtherClient(40);
    // Each of ours leaves the window a millisecond before we ask again: the other client, always waiting, was first.
    for (let i = 0; i < 10; i++) {
      now += 1_001 + i * 7;
      expect((await call(em, '/v1/company/employees?limit=1', { token })).status).toBe(429);
    }
  });

  it('stores a share of the BSNs failing the 11-proof and of the e-mails in upper case, the same on every read', async () => {
    const em = await start({ employees: 100, invalidBsnShare: 0.5, upperCaseEmailShare: 0.3 });
    const elevenProof = (b: string) => [...b].reduce((s, d, i) => s + Number(d) * (i < 8 ? 9 - i : -1), 0) % 11 === 0;
    const withBsn = em.state.listEmployees().filter((e) => e.bsn);
    const bad = withBsn.filter((e) => !elevenProof(e.bsn!)).length;
    expect(bad / withBsn.length).toBeGreaterThan(0.3);
    expect(bad / withBsn.length).toBeLessThan(0.7);
    const upper = em.state.listEmployees().filter((e) => e.email === e.email.toUpperCase()).length;
    expect(upper).toBeGreaterThan(15);
    expect(upper).toBeLessThan(45);
  });

  it('stores e-mail addresses that are none, the same on every read, and sends custom attributes the catalogue does not list', async () => {
    const em = await start({ employees: 60, invalidEmailShare: 0.5, unlistedAttributes: true });
    const token = await authenticate(em);
    const read = async () => (await call<ListBody>(em, '/v1/company/employees?limit=100&attributes[]=email', { token })).json.data;
    const [a, b] = [await read(), await read()];
    expect(a).toEqual(b);
    const notAddresses = a.filter((r) => !String(r.attributes.email!.value).includes('@')).length;
    expect(notAddresses).toBeGreaterThan(15);
    expect(notAddresses).toBeLessThan(45);
    // Projected to e-mail, yet every row carries the unlisted custom attributes.
    expect(Object.keys(a[0]!.attributes).sort()).toEqual(['dynamic_9990001', 'dynamic_9990002', 'dynamic_9990003', 'email', 'id']);
    const catalogue = (await call<{ data: Array<{ key: string }> }>(em, '/v1/company/employees/attributes', { token })).json.data;
    expect(catalogue.map((c) => c.key)).not.toContain('dynamic_9990001');
  });

  it('token knobs: expires_in left out or always the whole lifetime, tokens refused earlier than stated, a new token per auth call', async () => {
    let now = TEST_NOW;
    const auth = async (em: PersonioEmulator) => (await call<{ data: { token: string; expires_in?: number } }>(em, '/v1/auth', { method: 'POST', json: { client_id: em.credentials.clientId, client_secret: em.credentials.clientSecret } })).json.data;
    const omitted = await start({ clock: () => now, tokenTtlSeconds: 5, tokens: { expiresIn: 'omitted' } });
    expect('expires_in' in (await auth(omitted))).toBe(false);
    const full = await start({ clock: () => now, tokenTtlSeconds: 5, tokens: { expiresIn: 'full', stable: false } });
    const t1 = await auth(full);
    now += 3_000;
    const t2 = await auth(full);
    expect([t1.expires_in, t2.expires_in]).toEqual([5, 5]);
    expect(t2.token).not.toBe(t1.token);
    now = TEST_NOW;
    const early = await start({ clock: () => now, tokens: { refusedAfterSeconds: 5 } });
    const t = await auth(early);
    expect(t.expires_in).toBe(86_400);
    now += 4_000;
    expect((await call(early, '/v1/company/employees?limit=1', { token: t.token })).status).toBe(200);
    now += 2_000;
    expect((await call(early, '/v1/company/employees?limit=1', { token: t.token })).status).toBe(401);
    expect((await auth(early)).token).not.toBe(t.token);
  });
});
