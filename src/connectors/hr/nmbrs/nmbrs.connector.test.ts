import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryTokenStore } from '../../kit/auth/token-store.ts';
import { startNmbrsEmulator, type NmbrsEmulator } from '../../../../emulators/nmbrs/nmbrs-emulator.server.ts';
import { NmbrsConnector, type NmbrsConnectorConfig } from './nmbrs.connector.ts';

/** The connector against the emulator: accounts per debtor, scope, people with several employments or records. */

const NOW = Date.UTC(2026, 5, 15, 10);
let em: NmbrsEmulator;

const connector = (over: Partial<NmbrsConnectorConfig> = {}, user?: string) =>
  new NmbrsConnector({
    baseUrl: em.url,
    identityUrl: em.url,
    subscriptionKey: em.subscriptionKey,
    clientId: em.client.clientId,
    clientSecret: em.client.clientSecret,
    tokens: new MemoryTokenStore(em.issueTokens(user)),
    rateLimit: false,
    now: () => NOW,
    ...over,
  });

beforeAll(async () => {
  em = await startNmbrsEmulator({ employees: 300, companies: 3, debtors: 2, seed: 4, referenceDate: '2026-06-15', rateLimitPerSecond: 0, clock: () => NOW });
});
afterAll(() => em?.close());

describe('NmbrsConnector', () => {
  it('lists debtors and their companies (per debtor when the token covers several); a one-debtor token sees only its own', async () => {
    const all = await connector().listAccounts();
    expect(all.filter((a) => a.kind === 'debtor')).toHaveLength(2);
    const companies = all.filter((a) => a.kind === 'company');
    expect(companies).toHaveLength(3);
    for (const c of companies) expect(all.some((d) => d.id === c.parentId && d.kind === 'debtor')).toBe(true);
    const single = await connector({}, 'hr@example.nl').listAccounts();
    expect(single.filter((a) => a.kind === 'debtor').map((a) => a.id)).toEqual([em.data.debtors[0]!.debtorId]);
    expect(single.filter((a) => a.kind === 'company').length).toBe(em.data.companies.filter((c) => c.debtorId === em.data.debtors[0]!.debtorId).length);
  });

  it('a revoked consent shows as reconnect needed: the refresh is refused and the store says so', async () => {
    const store = new MemoryTokenStore({ ...em.issueTokens('hr@example.nl'), expiresAt: 0 });
    em.oauth.revokeUser('hr@example.nl');
    const c = connector({ tokens: store });
    expect(await c.verifyCredentials()).toMatchObject({ ok: false, reason: 'invalid_credentials' });
    expect(store.reconnectNeeded).toMatch(/invalid_grant/);
    // The other account is unaffected.
    expect(await connector().verifyCredentials()).toEqual({ ok: true });
  });

  it('checkpoints after each company and resumes from one', async () => {
    const checkpoints: string[] = [];
    const all: string[] = [];
    for await (const e of connector().listEmployees({ onCheckpoint: (p) => checkpoints.push(p) })) all.push(e.externalId);
    expect(checkpoints).toHaveLength(2);
    const rest: string[] = [];
    for await (const e of connector().listEmployees({ resumeFrom: checkpoints[0]! })) rest.push(e.externalId);
    const firstCompany = em.data.companies.map((c) => c.companyId).sort()[0]!;
    const firstIds = new Set(em.data.employees.filter((e) => e.companyId === firstCompany).map((e) => e.employeeId));
    expect(rest.sort()).toEqual(all.filter((id) => !firstIds.has(id)).sort());
  });

  it('reads only the companies in scope (a debtor id covers all its companies)', async () => {
    const company = em.data.companies[1]!;
    const ids: string[] = [];
    for await (const e of connector({ accountScope: [company.companyId] }).listEmployees()) ids.push(e.externalId);
    expect(ids.sort()).toEqual(em.data.employees.filter((e) => e.companyId === company.companyId).map((e) => e.employeeId).sort());
    const debtor = em.data.debtors[1]!;
    const byDebtor: string[] = [];
    for await (const e of connector({ accountScope: [debtor.debtorId] }).listEmployees()) byDebtor.push(e.externalId);
    const companyIds = new Set(em.data.companies.filter((c) => c.debtorId === debtor.debtorId).map((c) => c.companyId));
    expect(byDebtor.length).toBe(em.data.employees.filter((e) => companyIds.has(e.companyId)).length);
  });

  it('a rehired person is one employee with two employments; a person in two companies is two records with the same BSN', async () => {
    const details = [];
    for await (const d of connector().listEmployeeDetails()) details.push(d);
    const rehired = details.filter((d) => d.employments.length === 2);
    expect(rehired.length).toBeGreaterThan(0);
    for (const d of rehired) {
      expect(d.employments[0]!.current).toBe(false);
      expect(d.employments[1]!.current).toBe(true);
      expect(d.employee.hireDate).toBe(d.employments[1]!.startDate);
      expect(d.employments.every((e) => e.contracts.length >= 1)).toBe(true);
    }
    const byBsn = new Map<string, Set<string>>();
    for (const d of details) if (d.employee.bsn) byBsn.set(d.employee.bsn, (byBsn.get(d.employee.bsn) ?? new Set()).add(d.companyId));
    expect([...byBsn.values()].some((s) => s.size === 2)).toBe(true);
    // Tussenvoegsels stay apart from the last name.
    expect(details.some((d) => d.employee.prefix === 'van der')).toBe(true);
    // A change entered for a future period is not current yet: no employee carries the future name.
    expect(details.some((d) => d.employee.lastName.endsWith('-Bakker'))).toBe(false);
  });

  it('lists the functions of the debtors in scope for the mapping tab (F-12); every employee\'s function is one of them, by id', async () => {
    const debtor = em.data.debtors[0]!;
    const c = connector({ accountScope: [debtor.debtorId] });
    const org = await c.listOrganisation();
    const catalogue = em.data.functions.get(debtor.debtorId)!;
    expect(org.functions!.map((f) => f.externalId).sort()).toEqual(catalogue.map((f) => f.id).sort());
    expect(org.functions!.find((f) => f.externalId === catalogue[0]!.id)?.name).toBe(catalogue[0]!.description);
    const ids = new Set(org.functions!.map((f) => f.externalId));
    let seen = 0;
    for await (const e of c.listEmployees()) {
      if (!e.jobFunction) continue;
      seen++;
      expect(ids.has(e.jobFunction.externalId)).toBe(true);
    }
    expect(seen).toBeGreaterThan(10);
  });
});

describe('NmbrsConnector against a stand-in that settles the unconfirmed details differently', () => {
  it('"" as last-page marker, a smaller page cap, the BSN as socialSecurityNumber, no employments path, a flat period block, no function catalogue', async () => {
    const other = await startNmbrsEmulator({
      employees: 40,
      companies: 1,
      seed: 8,
      referenceDate: '2026-06-15',
      rateLimitPerSecond: 0,
      clock: () => NOW,
      lastPageMarker: 'empty',
      maxPageSize: 10,
      bsnKey: 'socialSecurityNumber',
      missingCollections: ['employments'],
      periodNesting: 'flat',
      functionCatalogue: false,
    });
    try {
      const c = new NmbrsConnector({
        baseUrl: other.url,
        identityUrl: other.url,
        subscriptionKey: other.subscriptionKey,
        clientId: other.client.clientId,
        clientSecret: other.client.clientSecret,
        tokens: new MemoryTokenStore(other.issueTokens()),
        rateLimit: false,
        now: () => NOW,
      });
      const listed = [];
      for await (const e of c.listEmployees()) listed.push(e);
      expect(listed).toHaveLength(40);
      expect(listed.every((e) => e.bsn !== null && e.hireDate !== null)).toBe(true);
      const formerIds = new Set(other.data.employees.filter((e) => e.employments.at(-1)!.endDate !== null).map((e) => e.employeeId));
      for (const e of listed) if (formerIds.has(e.externalId)) expect(e.status).toBe('former');
      // Hours: the nested period block is refused as a body, the flat one is then used.
      const employeeId = listed.find((e) => e.status === 'active')!.externalId;
      const payload = { employeeId, year: 2026, period: 6, hourCode: other.data.companies[0]!.hourCodes[0]!.code, hours: 7.5 };
      const [r] = await c.hoursSink().write([{ idempotencyKey: `k@${employeeId}/2026/6`, payload }]);
      expect(r!.outcome).toBe('created');
      expect(other.hourComponents(employeeId).map((h) => h.hours)).toEqual([7.5]);
      // No function catalogue (404): the functions come from the company's employee function rows, each once, by id.
      const org = await c.listOrganisation();
      const held = new Map(other.data.employees.flatMap((e) => e.functions.map((f) => [f.functionId, f.description] as const)));
      expect(org.functions!.map((f) => f.externalId).sort()).toEqual([...held.keys()].sort());
      for (const f of org.functions!) expect(f.name).toBe(held.get(f.externalId));
    } finally {
      await other.close();
    }
  });
});
