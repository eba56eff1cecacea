import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidBsn } from '../../src/domain/bsn.ts';
import { runEmulatorCli } from '../kit/cli.ts';
import { startLoketEmulator, type LoketEmulator } from './loket-emulator.server.ts';
import { loketCall, passwordToken } from './loket-emulator.test-support.ts';

let em: LoketEmulator;
beforeAll(async () => {
  em = await startLoketEmulator({ employers: 3, employees: 60, seed: 5, referenceYear: 2026 });
});
afterAll(() => em.close());

const form = (body: Record<string, string>) =>
  fetch(em.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body) });
const client = () => ({ client_id: em.credentials.clientId, client_secret: em.credentials.clientSecret });

describe('Loket emulator: tokens', () => {
  it('password grant, then refresh tokens rotate and a used one is refused', async () => {
    const first = await passwordToken(em);
    const r1 = await form({ grant_type: 'refresh_token', refresh_token: first.refresh_token, ...client() });
    expect(r1.status).toBe(200);
    const next = (await r1.json()) as { access_token: string; refresh_token: string; expires_in: number; token_type: string };
    expect(next.refresh_token).not.toBe(first.refresh_token);
    expect(next.expires_in).toBe(3599);
    const again = await form({ grant_type: 'refresh_token', refresh_token: first.refresh_token, ...client() });
    expect(again.status).toBe(400);
    expect(((await again.json()) as { error: string }).error).toBe('invalid_grant');
    expect((await form({ grant_type: 'refresh_token', refresh_token: next.refresh_token, ...client() })).status).toBe(200);
  });

  it('refuses a wrong password and a wrong client secret', async () => {
    expect((await form({ grant_type: 'password', username: em.login.username, password: 'fout', ...client() })).status).toBe(400);
    expect((await form({ grant_type: 'password', username: em.login.username, password: em.login.password, client_id: em.credentials.clientId, client_secret: 'x' })).status).toBe(401);
  });

  it('authorization code: the authorize page redirects with a code that buys tokens once', async () => {
    const redirect = 'http://127.0.0.1:9/callback';
    const auth = await fetch(`${em.authorizeUrl}?${new URLSearchParams({ client_id: em.credentials.clientId, redirect_uri: redirect, response_type: 'code', state: 's1', login_hint: em.oauth.users.values().next().value!.email })}`, { redirect: 'manual' });
    expect(auth.status).toBe(302);
    const code = new URL(auth.headers.get('location')!).searchParams.get('code')!;
    const t = await form({ grant_type: 'authorization_code', code, redirect_uri: redirect, ...client() });
    expect(t.status).toBe(200);
    expect((await form({ grant_type: 'authorization_code', code, redirect_uri: redirect, ...client() })).status).toBe(400);
  });
});

describe('Loket emulator: API rules', () => {
  let token: string;
  beforeAll(async () => {
    token = (await passwordToken(em)).access_token;
  });

  it('the Accept header must carry a version; the newest version on or before the asked date is served', async () => {
    expect((await loketCall(em, token, '/providers/employers', { version: null })).status).toBe(400);
    const e = em.world.employers[0]!;
    const older = await loketCall(em, token, `/providers/employers/${e.id}/employees`, { version: '2020-01-01' });
    expect((older.json.version as { resourceVersion: string }).resourceVersion).toBe('2018-12-31');
    const newer = await loketCall(em, token, `/providers/employers/${e.id}/employees`, { version: '2021-03-29' });
    expect((newer.json.version as { resourceVersion: string }).resourceVersion).toBe('2021-03-29');
    expect((newer.json._embedded as Array<{ contactInformation: object }>)[0]!.contactInformation).toHaveProperty('businessEmailAddress');
  });

  it('page-number paging in the _embedded envelope', async () => {
    const e = em.world.employers[0]!;
    const total = em.world.employees.filter((p) => p.employerId === e.id).length;
    const seen: string[] = [];
    for (let n = 1; ; n++) {
      const res = await loketCall(em, token, `/providers/employers/${e.id}/employees?pageNumber=${n}&pageSize=7`, { version: '2021-03-29' });
      expect(res.json).toMatchObject({ totalSize: total, pageSize: 7, currentPage: n, totalPages: Math.ceil(total / 7), messages: [] });
      const items = res.json._embedded as Array<{ id: string }>;
      seen.push(...items.map((i) => i.id));
      if (n >= (res.json.totalPages as number)) break;
    }
    expect(new Set(seen).size).toBe(total);
  });

  it('employee numbers repeat across employers; names carry tussenvoegsels; BSNs pass the elfproef', () => {
    const byNumber = em.world.employees.filter((p) => p.employeeNumber === 1);
    expect(new Set(byNumber.map((p) => p.employerId)).size).toBe(3);
    expect(em.world.employees.some((p) => p.prefix && /^(van|de|ter|den|in)/.test(p.prefix))).toBe(true);
    expect(em.world.employees.every((p) => isValidBsn(p.bsn))).toBe(true);
  });

  it('without the BSN right only the BSN call answers 403; other calls keep working', async () => {
    em.rights.citizenServiceNumber = false;
    try {
      const p = em.world.employees[0]!;
      const res = await loketCall(em, token, `/providers/employers/employees/${p.id}/citizenservicenumber`);
      expect(res.status).toBe(403);
      expect(String(res.json.message)).toMatch(/^Insufficient rights for this request, reason "/);
      expect((await loketCall(em, token, `/providers/employers/${p.employerId}/employees`, { version: '2021-03-29' })).status).toBe(200);
    } finally {
      em.rights.citizenServiceNumber = true;
    }
  });

  it('actual working hours: one record per employment of the employer, 16–40 hours a week from the seed, on-call contracts null; 403 without the right', async () => {
    const employer = em.world.employers[0]!;
    const res = await loketCall(em, token, `/providers/employers/${employer.id}/actualworkinghours?pageSize=7`);
    expect(res.status).toBe(200);
    const ours = em.world.employments.filter((m) => m.employerId === employer.id);
    expect(res.json.totalSize).toBe(ours.length);
    expect(res.json._embedded).toHaveLength(7);
    const first = (res.json._embedded as Array<{ employmentId: string; workingHours: { aggregatedHoursPerWeek: number | null } }>)[0]!;
    expect(first.employmentId).toBe(ours[0]!.id);
    expect(first.workingHours.aggregatedHoursPerWeek).toBe(ours[0]!.hoursPerWeek);
    const hours = em.world.employments.map((m) => m.hoursPerWeek);
    expect(hours.filter((h) => h === null).length).toBeGreaterThan(0);
    for (const h of hours) if (h !== null) expect(h >= 16 && h <= 40 && Number.isInteger(h * 2)).toBe(true);
    em.rights.workingHours = false;
    try {
      expect((await loketCall(em, token, `/providers/employers/${employer.id}/actualworkinghours`)).status).toBe(403);
      expect((await loketCall(em, token, `/providers/employers/${employer.id}/employees/employments`, { version: '2019-12-16' })).status).toBe(200);
    } finally {
      em.rights.workingHours = true;
    }
  });

  it('last-modified version numbers: a change raises the employer and the employment above the stored number', async () => {
    const employer = em.world.employers[2]!;
    const versions = async (path: string, gt?: number) =>
      ((await loketCall(em, token, `${path}${gt === undefined ? '' : `?filter=${encodeURIComponent(`lastModifiedVersionNumber gt ${gt}`)}`}`)).json._embedded as Array<{ id: string; lastModifiedVersionNumber: number }>);
    const all = await versions('/providers/employers/lastmodifiedversionnumbers');
    const highest = Math.max(...all.map((r) => r.lastModifiedVersionNumber));
    expect(await versions('/providers/employers/lastmodifiedversionnumbers', highest)).toEqual([]);
    const employee = em.world.employees.find((p) => p.employerId === employer.id)!;
    const v = em.touch(employee.id);
    expect(v).toBeGreaterThan(highest);
    expect((await versions('/providers/employers/lastmodifiedversionnumbers', highest)).map((r) => r.id)).toEqual([employer.id]);
    const employment = em.world.employments.find((m) => m.employeeId === employee.id)!;
    expect(await versions(`/providers/employers/${employer.id}/employees/employments/lastmodifiedversionnumbers`, highest)).toEqual([{ id: employment.id, lastModifiedVersionNumber: v }]);
    expect((await loketCall(em, token, '/providers/employers/lastmodifiedversionnumbers?filter=id%20eq%201')).status).toBe(400);
  });

  it('401 with the documented body for an unknown token; 404 for an unknown employer', async () => {
    const res = await loketCall(em, 'bogus', '/providers/employers');
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ message: 'Authorization has been denied for this request.' });
    expect((await loketCall(em, token, '/providers/employers/00000000-0000-4000-8000-000000000000/employees')).status).toBe(404);
  });
});

describe('Loket emulator: payrollperioddata', () => {
  let token: string;
  beforeAll(async () => {
    token = (await passwordToken(em)).access_token;
  });
  const comps = (res: { json: Record<string, unknown> }) =>
    (res.json._embedded as Array<{ payrollPeriod: { periodNumber: number }; payrollComponents: Array<{ payrollComponent: { key: number }; value: number }> }>).map((r) => [
      r.payrollPeriod.periodNumber,
      r.payrollComponents.map((c) => [c.payrollComponent.key, c.value]),
    ]);

  it('PATCH is an upsert: sent components overwrite, omitted stay, null deletes (not 0)', async () => {
    const m = em.world.employments[1]!;
    const path = `/providers/employers/employees/employments/${m.id}/payrollperioddata`;
    const send = (components: Array<[number, number | null]>) =>
      loketCall(em, token, path, {
        method: 'PATCH',
        json: { payrollPeriod: { year: 2026, periodNumber: 3 }, shift: { shiftNumber: 1 }, payslipType: { key: 1 }, payrollComponents: components.map(([key, value]) => ({ payrollComponent: { key }, value, isSupplement: false })) },
      });
    expect((await send([[2, 120], [15, 8]])).status).toBe(200);
    expect(comps(await loketCall(em, token, path))).toEqual([[3, [[2, 120], [15, 8]]]]);
    expect((await send([[2, 121.5]])).status).toBe(200);
    expect(comps(await loketCall(em, token, path))).toEqual([[3, [[2, 121.5], [15, 8]]]]);
    expect((await send([[15, null]])).status).toBe(200);
    expect(comps(await loketCall(em, token, path))).toEqual([[3, [[2, 121.5]]]]);
    expect((await send([[2, null]])).status).toBe(200);
    expect(comps(await loketCall(em, token, path))).toEqual([]);
    const unknown = await send([[999, 1]]);
    expect(unknown.status).toBe(400);
    expect((unknown.json.messages as Array<{ type: string }>)[0]!.type).toBe('BrokenBusinessRule');
  });

  it('collective PATCH: 200 when at least one item succeeded, each failure a message with that employment id; 400 when none did', async () => {
    const employer = em.world.employers[1]!;
    const [a, b] = em.world.employments.filter((m) => m.employerId === employer.id);
    const item = (employmentId: string, key: number) => ({ employmentId, payrollPeriod: { year: 2026, periodNumber: 5 }, shift: { shiftNumber: 1 }, payslipType: { key: 1 }, payrollComponents: [{ payrollComponent: { key }, value: 10, isSupplement: false }] });
    const path = `/providers/employers/${employer.id}/payrollperioddata`;
    const res = await loketCall(em, token, path, { method: 'PATCH', json: [item(a!.id, 2), item(b!.id, 999)] });
    expect(res.status).toBe(200);
    expect((res.json.messages as Array<{ id: string }>).map((m) => m.id)).toEqual([b!.id]);
    const none = await loketCall(em, token, path, { method: 'PATCH', json: [item(b!.id, 999)] });
    expect(none.status).toBe(400);
  });
});

describe('koppel emulator loket', () => {
  it('starts from the registry with --employers and --employees and prints where to connect', async () => {
    const lines: string[] = [];
    const running = await runEmulatorCli('loket', ['--port', '0', '--employers', '2', '--employees', '10', '--seed', '9'], { log: (l) => lines.push(l) });
    try {
      expect(lines[0]).toMatch(/^Loket emulator listening on http:\/\/127\.0\.0\.1:\d+$/);
      expect(lines.join('\n')).toContain('2 employers, 10 employees');
    } finally {
      await running!.close();
    }
  });
});
