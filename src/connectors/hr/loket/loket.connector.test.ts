import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoketEmulator, type LoketEmulator } from '../../../../emulators/loket/loket-emulator.server.ts';
import { MemoryTokenStore } from '../../kit/auth/token-store.ts';
import { listAll } from '../../kit/contracts/source-contract.ts';
import { loketPasswordGrant } from './loket.client.ts';
import { LoketConnector, parseLoketCursor } from './loket.connector.ts';
import { currentEmployment, mapLoketEmployee, weeklyHoursOf } from './loket.mappers.ts';
import type { LoketEmployment } from './loket.schemas.ts';

let em: LoketEmulator;
beforeAll(async () => {
  em = await startLoketEmulator({ employers: 3, employees: 30, seed: 8, referenceYear: 2025 });
});
afterAll(() => em.close());

const connector = (overrides: Partial<ConstructorParameters<typeof LoketConnector>[0]> = {}) =>
  new LoketConnector({
    apiUrl: em.apiUrl,
    tokenUrl: em.tokenUrl,
    clientId: em.credentials.clientId,
    clientSecret: em.credentials.clientSecret,
    tokenStore: new MemoryTokenStore(em.issueTokens()),
    rateLimit: false,
    now: () => Date.UTC(2026, 0, 15),
    ...overrides,
  });

describe('Loket connector', () => {
  it('connects with user name and password once (seed form): only the token pair comes back', async () => {
    const tokens = await loketPasswordGrant({ apiUrl: em.apiUrl, tokenUrl: em.tokenUrl, clientId: em.credentials.clientId, clientSecret: em.credentials.clientSecret, username: em.login.username, password: em.login.password });
    expect(Object.keys(tokens).sort()).toEqual(['accessToken', 'expiresAt', 'refreshToken']);
    const c = connector({ tokenStore: new MemoryTokenStore(tokens) });
    expect((await c.listAccounts()).map((a) => a.kind)).toEqual(['employer', 'employer', 'employer']);
    await expect(
      loketPasswordGrant({ apiUrl: em.apiUrl, tokenUrl: em.tokenUrl, clientId: em.credentials.clientId, clientSecret: em.credentials.clientSecret, username: em.login.username, password: 'fout' }),
    ).rejects.toMatchObject({ code: 'client_error' });
  });

  it('keys on Loket ids: the same employee number under two employers is two employees; tussenvoegsels stay apart; BSNs are read', async () => {
    const { employees } = await listAll(connector());
    expect(employees).toHaveLength(30);
    const ones = employees.filter((e) => e.personnelNumber === '1');
    expect(ones).toHaveLength(3);
    expect(new Set(ones.map((e) => e.externalId)).size).toBe(3);
    const withPrefix = em.world.employees.find((p) => p.prefix)!;
    expect(employees.find((e) => e.externalId === withPrefix.id)).toMatchObject({ prefix: withPrefix.prefix, lastName: withPrefix.lastName, bsn: withPrefix.bsn });
  });

  it('without the BSN right: that call alone is refused, the listing completes with BSNs empty and says so', async () => {
    em.rights.citizenServiceNumber = false;
    try {
      const c = connector();
      const { employees } = await listAll(c);
      expect(employees).toHaveLength(30);
      expect(employees.every((e) => e.bsn === null)).toBe(true);
      expect(c.bsnRight).toBe(false);
      expect(await connector().verifyCredentials()).toEqual({ ok: false, reason: 'missing_rights', missing: ['GetCitizenServiceNumberByEmployeeId'] });
    } finally {
      em.rights.citizenServiceNumber = true;
    }
  });

  it('weekly hours: the employment\'s aggregated hours per week from actualworkinghours, read once per employer; on-call stays null', async () => {
    em.resetStats();
    const { employees } = await listAll(connector());
    expect(employees).toHaveLength(30);
    expect(em.stats.calls['GET /providers/employers/:employerId/actualworkinghours']).toBe(3);
    const hoursOf = (employeeId: string) => em.world.employments.find((m) => m.employeeId === employeeId)!.hoursPerWeek;
    for (const e of employees) expect(e.weeklyHours, e.externalId).toBe(hoursOf(e.externalId));
    expect(employees.some((e) => e.weeklyHours === null)).toBe(true);
    expect(employees.filter((e) => e.weeklyHours !== null).length).toBeGreaterThan(20);
  });

  it('paged: a page size smaller than an employer still joins every employment\'s hours', async () => {
    em.resetStats();
    const { employees } = await listAll(connector({ pageSize: 4 }));
    expect(employees).toHaveLength(30);
    for (const e of employees) expect(e.weeklyHours).toBe(em.world.employments.find((m) => m.employeeId === e.externalId)!.hoursPerWeek);
    expect(em.stats.calls['GET /providers/employers/:employerId/actualworkinghours']).toBeGreaterThan(3);
  });

  it('without the working-hours right: the listing completes with the hours unknown (null), asked once, and says so', async () => {
    em.rights.workingHours = false;
    em.resetStats();
    try {
      const c = connector();
      const { employees } = await listAll(c);
      expect(employees).toHaveLength(30);
      expect(employees.every((e) => e.weeklyHours === null)).toBe(true);
      expect(employees.every((e) => e.bsn !== null)).toBe(true);
      expect(c.workingHoursRight).toBe(false);
      expect(em.stats.calls['GET /providers/employers/:employerId/actualworkinghours']).toBe(1);
    } finally {
      em.rights.workingHours = true;
    }
  });

  it('incremental read on the engine\'s change cursor: only changed employees come back, and only they cost a BSN call', async () => {
    const cursors: string[] = [];
    const full = await listAll(connector(), { onChangeCursor: (c) => cursors.push(c) });
    expect(full.employees).toHaveLength(30);
    expect(cursors).toHaveLength(1);
    const touched = [em.world.employees[4]!, em.world.employees[17]!];
    for (const p of touched) em.touch(p.id);
    em.resetStats();
    const changed = await listAll(connector(), { changeCursor: cursors[0]!, onChangeCursor: (c) => cursors.push(c) });
    expect(changed.employees.map((e) => e.externalId).sort()).toEqual(touched.map((p) => p.id).sort());
    expect(em.stats.calls['GET /providers/employers/employees/:employeeId/citizenservicenumber']).toBe(2);
    // Hours are read for the employers whose employees are listed, and only for them.
    const listedEmployers = new Set(touched.map((p) => p.employerId));
    expect(em.stats.calls['GET /providers/employers/:employerId/actualworkinghours']).toBe(listedEmployers.size);
    for (const e of changed.employees) expect(e.weeklyHours).toBe(em.world.employments.find((m) => m.employeeId === e.externalId)!.hoursPerWeek);
    expect(parseLoketCursor(cursors[1]!)!.version).toBeGreaterThan(parseLoketCursor(cursors[0]!)!.version);
    // Nothing changed: two calls (the employers, their version numbers), nothing listed.
    em.resetStats();
    const none = await listAll(connector(), { changeCursor: cursors[1]!, onChangeCursor: (c) => cursors.push(c) });
    expect(none.employees).toEqual([]);
    expect(Object.keys(em.stats.calls).sort()).toEqual(['GET /providers/employers', 'GET /providers/employers/lastmodifiedversionnumbers']);
    expect(cursors[2]).toBe(cursors[1]);
  });

  it('the cursor\'s calendar: on the day an employment ends or starts, that employee is listed again without a version change', async () => {
    const cursors: string[] = [];
    // The world's employments run up to 2025: listed on 1 March 2025, some start or end later.
    await listAll(connector({ now: () => Date.UTC(2025, 2, 1) }), { onChangeCursor: (c) => cursors.push(c) });
    const next = parseLoketCursor(cursors[0]!)!.next!;
    expect(next > '2025-03-01').toBe(true);
    const dayBefore = new Date(Date.parse(`${next}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const crossing = em.world.employments.filter((m) => m.startDate === next || m.endDate === dayBefore).map((m) => m.employeeId);
    expect(crossing.length).toBeGreaterThan(0);
    const later = connector({ now: () => Date.parse(`${next}T06:00:00Z`) });
    const { employees } = await listAll(later, { changeCursor: cursors[0]!, onChangeCursor: (c) => cursors.push(c) });
    expect(employees.map((e) => e.externalId).sort()).toEqual([...new Set(crossing)].sort());
    for (const e of employees) if (em.world.employments.some((m) => m.employeeId === e.externalId && m.endDate === dayBefore)) expect(e.status).toBe('former');
    expect(parseLoketCursor(cursors[1]!)!.next! > next).toBe(true);
  });

  it('a cursor of another employer scope (or none readable) lists everything', async () => {
    const cursors: string[] = [];
    const one = em.world.employers[0]!.id;
    await listAll(connector({ accountScope: [one] }), { onChangeCursor: (c) => cursors.push(c) });
    const all = await listAll(connector(), { changeCursor: cursors[0]! });
    expect(all.employees).toHaveLength(30);
    expect((await listAll(connector(), { changeCursor: 'garbage' })).employees).toHaveLength(30);
  });

  it('a refused refresh is "reconnect needed", recorded in the store', async () => {
    const store = new MemoryTokenStore({ accessToken: 'x', refreshToken: 'spent', expiresAt: 0 });
    expect(await connector({ tokenStore: store }).verifyCredentials()).toMatchObject({ ok: false, reason: 'invalid_credentials' });
    expect(store.reconnectNeeded).not.toBeNull();
  });
});

describe('Loket mappers', () => {
  const employment = (over: Partial<LoketEmployment>): LoketEmployment => ({ id: 'm', employee: { id: 'p' }, startDate: '2020-01-01', endDate: null, ...over });
  const row = { id: 'p', employeeNumber: 7, personalDetails: { initials: 'J.', firstName: 'Jan', prefix: 'van der', lastName: 'Meer', dateOfBirth: '1990-02-03' }, contactInformation: { emailAddress: 'jan@example.nl' } };

  it('the contract end date is always taken over; once passed the employee is former', () => {
    const running = mapLoketEmployee(row, employment({ endDate: '2026-12-31' }), null, '2026-01-15');
    expect(running).toMatchObject({ ok: true, employee: { status: 'active', contractEndDate: '2026-12-31', terminationDate: null, prefix: 'van der', personnelNumber: '7' } });
    const ended = mapLoketEmployee(row, employment({ endDate: '2025-06-30' }), null, '2026-01-15');
    expect(ended).toMatchObject({ ok: true, employee: { status: 'former', contractEndDate: '2025-06-30', terminationDate: '2025-06-30' } });
  });

  it('picks the employment running today, else the latest; an invalid BSN is dropped with a warning', () => {
    const old = employment({ id: 'old', startDate: '2015-01-01', endDate: '2019-12-31' });
    const now = employment({ id: 'now', startDate: '2020-01-01' });
    expect(currentEmployment([old, now], '2026-01-01')!.id).toBe('now');
    expect(currentEmployment([old], '2026-01-01')!.id).toBe('old');
    const r = mapLoketEmployee(row, now, { right: true, bsn: '123456789' }, '2026-01-01');
    expect(r).toMatchObject({ ok: true, employee: { bsn: null, warnings: ['bsn:not_11_proof'] } });
    expect(mapLoketEmployee({ employeeNumber: 1 }, null, null, '2026-01-01')).toEqual({ ok: false, error: 'id:missing' });
  });

  it('weekly hours: aggregated hours per week, else the average; none (on-call, unknown) stays null', () => {
    expect(weeklyHoursOf({ aggregatedHoursPerWeek: 32, averageHoursPerWeek: 30.5 })).toBe(32);
    expect(weeklyHoursOf({ aggregatedHoursPerWeek: null, averageHoursPerWeek: 30.5 })).toBe(30.5);
    expect(weeklyHoursOf({ averageHoursPerWeek: 24 })).toBe(24);
    expect(weeklyHoursOf({ aggregatedHoursPerWeek: null, averageHoursPerWeek: null })).toBeNull();
    expect(weeklyHoursOf({ aggregatedHoursPerWeek: null, averageHoursPerWeek: 0 })).toBeNull();
    expect(weeklyHoursOf(null)).toBeNull();
    expect(weeklyHoursOf(undefined)).toBeNull();
    const now = employment({ id: 'now' });
    expect(mapLoketEmployee(row, now, null, '2026-01-01', null, 36)).toMatchObject({ ok: true, employee: { weeklyHours: 36 } });
    expect(mapLoketEmployee(row, now, null, '2026-01-01')).toMatchObject({ ok: true, employee: { weeklyHours: null } });
  });
});
