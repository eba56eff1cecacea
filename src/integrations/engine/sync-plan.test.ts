import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Matcher } from '../../domain/matching.ts';
import { compareExternalIds, type FullPlanInput, planGroups, planSync, planVerdicts, settleVerdicts } from './sync-plan.ts';
import { identityData, type PlanContract, type RecordVerdict, type PlanEmployee, type PlanRecord, parseSettings, type StoredExternalData } from './sync.types.ts';

function data(over: Partial<StoredExternalData> = {}): StoredExternalData {
  return {
    externalId: '1',
    firstName: 'Jan',
    prefix: 'de',
    lastName: 'Vries',
    email: 'jan@example.test',
    personnelNumber: '000100',
    birthDate: '1990-05-01',
    street: 'Dorpsstraat',
    houseNumber: '1',
    postalCode: '1234 AB',
    city: 'Utrecht',
    country: 'NL',
    phone: null,
    status: 'active',
    department: { externalId: 'd1', name: 'Keuken' },
    costCenter: { externalId: 'cc1', name: 'KP 100' },
    contractType: { externalId: 'Uurloner', name: 'Uurloner' },
    position: 'Kok',
    weeklyHours: 24,
    hourlyWage: 15.5,
    hireDate: '2023-01-01',
    terminationDate: null,
    contractEndDate: null,
    warnings: [],
    ...over,
  };
}

let seq = 0;
function record(over: Partial<PlanRecord> & { data?: StoredExternalData } = {}): PlanRecord {
  seq++;
  const d = over.data ?? data({ externalId: String(seq) });
  return {
    id: `r${seq}`,
    externalId: d.externalId,
    bsnEncrypted: null,
    bsnHash: null,
    bsnLast3: null,
    linkState: 'unlinked',
    decision: null,
    employeeId: null,
    contractId: null,
    missing: false,
    ...over,
    data: d,
  };
}

function employee(over: Partial<PlanEmployee> = {}): PlanEmployee {
  return {
    id: 'e1',
    first_name: 'Jan',
    prefix: 'de',
    last_name: 'Vries',
    email: 'jan@example.test',
    personnel_number: '000100',
    bsn_encrypted: null,
    bsn_hash: null,
    bsn_last3: null,
    birth_date: '1990-05-01',
    street: null,
    house_number: null,
    postal_code: null,
    city: null,
    country: null,
    phone: null,
    status: 'active',
    ...over,
  };
}

function input(over: Partial<FullPlanInput> & { employeeList?: PlanEmployee[]; contracts?: PlanContract[] } = {}): FullPlanInput {
  const employees = over.employeeList ?? [];
  const contractsByEmployee = new Map<string, PlanContract[]>();
  for (const c of over.contracts ?? []) contractsByEmployee.set(c.employee_id, [...(contractsByEmployee.get(c.employee_id) ?? []), c]);
  return {
    records: [],
    employees: new Map(employees.map((e) => [e.id, e])),
    contractsByEmployee,
    claimedContractIds: new Set(),
    mappings: [],
    settings: parseSettings({}),
    matcher: new Matcher(
      employees.map((e) => ({ id: e.id, bsnHash: e.bsn_hash, email: e.email, personnelNumber: e.personnel_number, birthDate: e.birth_date, firstName: e.first_name, lastName: e.last_name })),
    ),
    personnelNumbers: new Map(employees.filter((e) => e.personnel_number).map((e) => [e.personnel_number!, e.id])),
    otherConnectionNumbers: new Set(),
    functionIds: new Map([['kok', 'f-kok']]),
    labels: new Map([['dep-keuken', 'Keuken'], ['f-kok', 'Kok']]),
    acceptProposals: false,
    today: '2026-03-01',
    ...over,
  };
}

const contract = (over: Partial<PlanContract> = {}): PlanContract => ({
  id: 'c1',
  employee_id: 'e1',
  contract_type_id: null,
  department_id: null,
  function_id: 'f-kok',
  start_date: '2023-01-01',
  end_date: null,
  weekly_hours: 24,
  hourly_wage: null,
  ...over,
});

describe('planSync', () => {
  it('two new people with one personnel number (two Nmbrs companies): the review flags the second, an "add" on it creates it without the number', () => {
    const a = record({ data: data({ externalId: 'a1', firstName: 'Anna', lastName: 'Bos', email: 'anna@example.test', personnelNumber: '7' }) });
    const b = record({ data: data({ externalId: 'b1', firstName: 'Bram', lastName: 'Smit', email: 'bram@example.test', personnelNumber: '7', birthDate: '1980-01-01' }) });
    // The preview: both proposed, the second flagged now (not only after the apply).
    const review = planSync(input({ records: [a, b] }));
    expect(review.verdicts.map((v) => v.issues)).toEqual([['proposed_add'], ['proposed_add', 'personnel_number_conflict']]);
    // The apply of the reviewed preview with "add" decided on the second: two employees, one number, no duplicate.
    const applied = planSync(input({ records: [a, { ...b, decision: 'add' }], acceptProposals: true }));
    expect(applied.groups.map((g) => g.create?.personnel_number)).toEqual(['7', null]);
    expect(applied.verdicts.map((v) => v.status)).toEqual(['add', 'add']);
    expect(applied.verdicts[1]!.issues).toContain('personnel_number_taken');
  });

  it('proposes "add" for an unmatched record and waits for a decision without autoAdd', () => {
    const r = record();
    const p = planSync(input({ records: [r] }));
    expect(p.verdicts[0]).toMatchObject({ status: 'needs_action', needsAction: true, issues: ['proposed_add'], proposal: { action: 'add' } });
    expect(p.groups).toEqual([]);
  });

  it('adds with autoAdd, writing only the employee fields the settings sync, and a contract from the mappings', () => {
    const r = record();
    const settings = parseSettings({ autoAddEmployees: true, employeeFields: { birthDate: false, address: true, phone: false } });
    const p = planSync(input({ records: [r], settings, mappings: [{ kind: 'department', externalId: 'd1', koppelId: 'dep-keuken', exclude: false }] }));
    expect(p.verdicts[0]!.status).toBe('add');
    const g = p.groups[0]!;
    expect(g.action).toBe('add');
    expect(g.create).toMatchObject({ first_name: 'Jan', prefix: 'de', last_name: 'Vries', email: 'jan@example.test', personnel_number: '000100', birth_date: null, street: 'Dorpsstraat', city: 'Utrecht', status: 'active' });
    expect(g.contracts[0]!.create).toEqual({ start_date: '2023-01-01', end_date: null, department_id: 'dep-keuken', contract_type_id: null, function_id: 'f-kok', weekly_hours: 24, hourly_wage: null, cost_centers: null });
  });

  it('diffs a linked employee field by field (old → new) and leaves an equal one unchanged', () => {
    const r = record({ linkState: 'linked', employeeId: 'e1', data: data({ externalId: '7', email: 'jan.new@example.test' }) });
    const p = planSync(input({ records: [r], employeeList: [employee()] }));
    expect(p.verdicts[0]!.status).toBe('update');
    expect(p.groups[0]!.changes.map((c) => [c.field, c.old, c.new])).toEqual([['email', 'jan@example.test', 'jan.new@example.test']]);

    const same = record({ linkState: 'linked', employeeId: 'e1', contractId: 'c1', data: data({ externalId: '8' }) });
    const q = planSync(input({ records: [same], employeeList: [employee()], contracts: [contract()], claimedContractIds: new Set(['c1']) }));
    expect(q.verdicts[0]!.status).toBe('unchanged');
    expect(q.groups[0]!.action).toBe('unchanged');
  });

  it('an employee deleted while the run planned (gone from its part): nothing written, never added again, a warning', () => {
    const r = record({ linkState: 'linked', employeeId: 'e1', data: data({ externalId: '7', email: 'jan.new@example.test' }) });
    const all = input({ records: [r], employeeList: [employee()] });
    const pass = planVerdicts(all);
    const [g] = planGroups(all, pass, pass.groups.values(), () => r, new Set(), { employees: new Map(), contractsByEmployee: new Map() });
    expect(g).toMatchObject({ employeeId: 'e1', create: null, action: 'unchanged', changes: [], contracts: [], name: 'Jan de Vries', warnings: ['employee:deleted_during_sync'] });
    expect(pass.verdicts[0]!.status).toBe('unchanged');
    // With its row there, the same group is an update.
    const [there] = planGroups(all, pass, pass.groups.values(), () => r, new Set(), all);
    expect(there!.action).toBe('update');
  });

  it('keeps the BSN Koppel holds when the vendor has none, and takes over a different one', () => {
    const withBsn = employee({ bsn_encrypted: 'enc-old', bsn_hash: 'h-old', bsn_last3: '286' });
    const none = record({ linkState: 'linked', employeeId: 'e1', data: data({ externalId: '9' }) });
    const p = planSync(input({ records: [none], employeeList: [withBsn] }));
    expect(p.groups[0]!.changes.filter((c) => c.field === 'bsn')).toEqual([]);
    const other = record({ linkState: 'linked', employeeId: 'e1', bsnEncrypted: 'enc-new', bsnHash: 'h-new', bsnLast3: '123', data: data({ externalId: '10' }) });
    const q = planSync(input({ records: [other], employeeList: [withBsn] }));
    expect(q.groups[0]!.changes.filter((c) => c.field === 'bsn').map((c) => [c.old, c.new])).toEqual([['******286', '******123']]);
  });

  it('never plans Koppel-owned fields, and keeps a field the vendor sent malformed', () => {
    const r = record({ linkState: 'linked', employeeId: 'e1', data: data({ externalId: '9', birthDate: null, firstName: 'Johannes', warnings: ['birthDate:not_a_date'] }) });
    const p = planSync(input({ records: [r], employeeList: [employee()] }));
    const fields = p.groups[0]!.changes.map((c) => c.field);
    expect(fields).toEqual(['firstName']);
    for (const c of p.groups[0]!.changes) for (const col of Object.keys(c.newColumns)) expect(['manager_id', 'notes', 'initials']).not.toContain(col);
  });

  it('excludes by a mapping rule and by hand', () => {
    const byRule = record({ data: data({ externalId: '20', department: { externalId: 'd-ext', name: 'Extern' } }) });
    const byHand = record({ linkState: 'excluded', data: data({ externalId: '21', email: 'x@example.test', personnelNumber: '9' }) });
    const p = planSync(input({ records: [byRule, byHand], settings: parseSettings({ autoAddEmployees: true }), mappings: [{ kind: 'department', externalId: 'd-ext', koppelId: null, exclude: true }] }));
    expect(p.verdicts.map((v) => [v.status, v.ruleExcluded])).toEqual([['excluded', true], ['excluded', false]]);
    expect(p.groups).toEqual([]);
  });

  it('links by a strong signal with reasons, asks on a weak or ambiguous one', () => {
    const e1 = employee({ id: 'e1', bsn_hash: 'H1', email: 'other@example.test', personnel_number: null });
    const e2 = employee({ id: 'e2', first_name: 'Piet', last_name: 'Jansen', email: 'piet@example.test', personnel_number: null, birth_date: '1980-01-01' });
    const strong = record({ bsnHash: 'H1', data: data({ externalId: '30', email: null, personnelNumber: null }) });
    const weak = record({ data: data({ externalId: '31', firstName: 'Piet', prefix: null, lastName: 'Jansen', email: null, personnelNumber: null, birthDate: '1980-01-01' }) });
    const p = planSync(input({ records: [strong, weak], employeeList: [e1, e2] }));
    expect(p.verdicts[0]).toMatchObject({ status: 'link', proposal: { action: 'link', employeeId: 'e1', reasons: ['bsn'], strength: 'strong' } });
    expect(p.verdicts[1]).toMatchObject({ status: 'needs_action', issues: ['weak_match'], proposal: { action: 'link', employeeId: 'e2', strength: 'weak' } });
    expect(p.groups.map((g) => [g.employeeId, g.linkRecordIds])).toEqual([['e1', [strong.id]]]);
  });

  it('carries out a decision "add" on a weak or conflicting match: a new employee, no "needs action" (issue 14)', () => {
    const e2 = employee({ id: 'e2', first_name: 'Piet', last_name: 'Jansen', email: 'piet@example.test', personnel_number: null, birth_date: '1980-01-01' });
    const weak = record({ decision: 'add', data: data({ externalId: '32', firstName: 'Piet', prefix: null, lastName: 'Jansen', email: null, personnelNumber: null, birthDate: '1980-01-01' }) });
    const p = planSync(input({ records: [weak], employeeList: [e2] }));
    expect(p.verdicts[0]).toMatchObject({ status: 'add', needsAction: false, issues: [] });
    expect(p.groups.map((g) => [g.employeeId, g.action, g.linkRecordIds])).toEqual([[null, 'add', [weak.id]]]);
    // Undecided, the same record still asks.
    const asked = planSync(input({ records: [{ ...weak, decision: null }], employeeList: [e2] }));
    expect(asked.verdicts[0]).toMatchObject({ status: 'needs_action', issues: ['weak_match'] });

    const a = employee({ id: 'a', email: 'same@example.test', personnel_number: null });
    const b = employee({ id: 'b', email: null, personnel_number: null, bsn_hash: 'HB' });
    const conflict = record({ decision: 'add', bsnHash: 'HB', data: data({ externalId: '33', email: 'same@example.test', personnelNumber: null }) });
    const q = planSync(input({ records: [conflict], employeeList: [a, b] }));
    expect(q.verdicts[0]).toMatchObject({ status: 'add', needsAction: false });
  });

  it('compares e-mail addresses without case and keeps the stored spelling (issue 14)', () => {
    const r = record({ linkState: 'linked', employeeId: 'e1', contractId: 'c1', data: data({ externalId: '34', email: 'JAN@EXAMPLE.TEST' }) });
    const p = planSync(input({ records: [r], employeeList: [employee()], contracts: [contract()], claimedContractIds: new Set(['c1']) }));
    expect(p.groups[0]!.changes).toEqual([]);
    expect(p.verdicts[0]!.status).toBe('unchanged');
    // Another address is still a change.
    const other = record({ linkState: 'linked', employeeId: 'e1', data: data({ externalId: '35', email: 'JAN.NEW@EXAMPLE.TEST' }) });
    expect(planSync(input({ records: [other], employeeList: [employee()] })).groups[0]!.changes.map((c) => c.field)).toEqual(['email']);
  });

  it('adds one employee for two records of one person (same BSN), with both linked', () => {
    const first = record({ bsnHash: 'H9', bsnLast3: '123', data: data({ externalId: '40', status: 'former', hireDate: '2015-01-01', terminationDate: '2020-01-01' }) });
    const second = record({ bsnHash: 'H9', bsnLast3: '123', data: data({ externalId: '41', email: 'jan2@example.test', personnelNumber: '000101', hireDate: '2021-03-01' }) });
    const p = planSync(input({ records: [second, first].map((r) => ({ ...r, data: { ...r.data } })), settings: parseSettings({ autoAddEmployees: true }) }));
    // The former record is never added on its own; the active one is.
    const add = p.groups.filter((g) => g.action === 'add');
    expect(add).toHaveLength(1);
    expect(add[0]!.create!.email).toBe('jan2@example.test');
    expect(p.verdicts.find((v) => v.externalId === '40')!.status).toBe('former');
  });

  it('a group whose first record links and whose second is already linked lists both, and links only the first (the shared array splits)', () => {
    const proposed = record({ bsnHash: 'HB', data: data({ externalId: '60' }) });
    const linked = record({ linkState: 'linked', employeeId: 'e1', data: data({ externalId: '61', email: 'jan.61@example.test', personnelNumber: '000761' }) });
    const p = planSync(input({ records: [linked, proposed], employeeList: [employee({ bsn_hash: 'HB' })] }));
    const g = p.groups.find((x) => x.employeeId === 'e1')!;
    expect(g.recordIds).toEqual([proposed.id, linked.id]);
    expect(g.linkRecordIds).toEqual([proposed.id]);
    expect(p.verdicts.find((v) => v.recordId === proposed.id)!.status).toBe('link');
  });

  it('a releasing pass (a preview) judges exactly as a keeping one, and leaves the identities to go', () => {
    const people = [
      record({ bsnHash: 'R1', data: data({ externalId: '80', email: 'r80@example.test', personnelNumber: '000880' }) }),
      record({ bsnHash: 'R1', data: data({ externalId: '81', email: 'r81@example.test', personnelNumber: '000881', hireDate: '2024-01-01' }) }),
      record({ linkState: 'linked', employeeId: 'e1', data: data({ externalId: '82' }) }),
      record({ data: data({ externalId: '83', email: 'r83@example.test', personnelNumber: '000100' }) }),
    ];
    const identities = () => people.map(({ bsnEncrypted: _e, bsnLast3: _l, ...r }) => ({ ...r, data: identityData(r.data) }));
    const base = input({ employeeList: [employee()], settings: parseSettings({ autoAddEmployees: true }) });
    const kept = planVerdicts({ ...base, records: identities() });
    const released = { ...base, records: identities() };
    const pass = planVerdicts(released, { release: true });
    expect(released.records).toHaveLength(0);
    expect(pass.verdicts).toEqual(kept.verdicts);
    expect([...pass.groups.values()]).toEqual([...kept.groups.values()]);
  });

  it('verdicts without issues share no list with those that get one', () => {
    const waiting = record({ data: data({ externalId: '70', email: 'a70@example.test', personnelNumber: '000770' }) });
    const excluded = record({ linkState: 'excluded', data: data({ externalId: '71', email: 'a71@example.test', personnelNumber: '000771' }) });
    const other = record({ data: data({ externalId: '72', email: 'a72@example.test', personnelNumber: '000772', birthDate: '1980-01-01' }) });
    const pass = planVerdicts({ ...input(), records: [waiting, excluded, other].map(({ bsnEncrypted: _e, bsnLast3: _l, ...r }) => ({ ...r, data: identityData(r.data) })) });
    const byId = (id: string) => pass.verdicts.find((v) => v.recordId === id)!;
    expect(byId(waiting.id).issues).toEqual(['proposed_add']);
    expect(byId(other.id).issues).toEqual(['proposed_add']);
    expect(byId(excluded.id).issues).toEqual([]);
    expect(byId(waiting.id).issues).not.toBe(byId(other.id).issues);
  });

  it('joins two active records of one person (same BSN) into one added employee', () => {
    const a = record({ bsnHash: 'H8', data: data({ externalId: '50' }) });
    const b = record({ bsnHash: 'H8', data: data({ externalId: '51', email: 'jan.b@example.test', personnelNumber: '000555', hireDate: '2024-06-01' }) });
    const p = planSync(input({ records: [a, b], settings: parseSettings({ autoAddEmployees: true }) }));
    expect(p.groups).toHaveLength(1);
    // The primary record is the active one hired last; a person's records are planned together, the primary first.
    expect(p.groups[0]!.linkRecordIds).toEqual([b.id, a.id]);
    expect(p.groups[0]!.primaryRecordId).toBe(b.id);
    expect(p.groups[0]!.contracts).toHaveLength(2);
    expect(p.verdicts.map((v) => v.recordId)).toEqual([b.id, a.id]);
    expect(p.verdicts[1]!.proposal).toEqual({ action: 'join', recordId: b.id, reasons: ['bsn'] });
  });

  it('a person in two companies whose first record (by id) carries a number another person holds joins, not waits (issue 10: the next unchanged sync wrote them)', () => {
    // Nmbrs numbers per company: Piet is 7 in company A, Jan is 7 in company B and 12 in company A.
    const piet = record({ bsnHash: 'HP', data: data({ externalId: '10', firstName: 'Piet', lastName: 'Vos', email: 'piet@example.test', personnelNumber: '7', hireDate: '2020-01-01' }) });
    const janB = record({ bsnHash: 'HJ', data: data({ externalId: '11', firstName: 'Jan', lastName: 'Smit', email: 'jan.b@example.test', personnelNumber: '7', hireDate: '2019-01-01' }) });
    const janA = record({ bsnHash: 'HJ', data: data({ externalId: '12', firstName: 'Jan', lastName: 'Smit', email: 'jan.a@example.test', personnelNumber: '12', hireDate: '2024-01-01' }) });
    // Ann is 12 in company B: the number Jan's employee gets (his primary record's), not 7.
    const ann = record({ bsnHash: 'HA', data: data({ externalId: '13', firstName: 'Ann', lastName: 'Kok', email: 'ann@example.test', personnelNumber: '12', hireDate: '2021-01-01' }) });
    const p = planSync(input({ records: [piet, janB, janA, ann], employeeList: [], settings: parseSettings({ autoAddEmployees: true }) }));
    const byId = new Map(p.verdicts.map((v) => [v.recordId, v]));
    // Jan: one employee, both records, the 2024 record primary; his company-B record joins instead of clashing with Piet's 7.
    const jan = p.groups.find((g) => g.linkRecordIds.includes(janA.id))!;
    expect(jan.linkRecordIds.sort()).toEqual([janA.id, janB.id].sort());
    expect(jan.primaryRecordId).toBe(janA.id);
    expect(byId.get(janB.id)).toMatchObject({ status: 'add', needsAction: false });
    expect(byId.get(piet.id)).toMatchObject({ status: 'add', needsAction: false });
    // Ann's 12 is the number Jan's employee gets: she waits for a decision, as she would on every later sync.
    expect(byId.get(ann.id)).toMatchObject({ status: 'needs_action', issues: ['personnel_number_conflict'] });
  });

  it('when a person\'s primary record waits for a decision, their other records wait with it (not added without it)', () => {
    // Piet (company A) holds 7; Kim's primary record (company B, hired last) carries 7 too; her older record has a free number.
    const piet = record({ bsnHash: 'HP2', data: data({ externalId: '19', firstName: 'Piet', lastName: 'Vos', email: 'piet2@example.test', personnelNumber: '7', hireDate: '2020-01-01' }) });
    const kimOld = record({ bsnHash: 'HK', data: data({ externalId: '20', firstName: 'Kim', lastName: 'Ros', email: 'kim.old@example.test', personnelNumber: '30', hireDate: '2018-01-01' }) });
    const kimNew = record({ bsnHash: 'HK', data: data({ externalId: '21', firstName: 'Kim', lastName: 'Ros', email: 'kim.new@example.test', personnelNumber: '7', hireDate: '2024-01-01' }) });
    const p = planSync(input({ records: [piet, kimOld, kimNew], employeeList: [], settings: parseSettings({ autoAddEmployees: true }) }));
    const byId = new Map(p.verdicts.map((v) => [v.recordId, v]));
    expect(byId.get(piet.id)).toMatchObject({ status: 'add' });
    expect(byId.get(kimNew.id)).toMatchObject({ status: 'needs_action', issues: ['personnel_number_conflict'] });
    expect(byId.get(kimOld.id)).toMatchObject({ status: 'needs_action', issues: ['personnel_number_conflict'], proposal: { action: 'join', recordId: kimNew.id, reasons: ['bsn'] } });
    expect(p.groups.map((g) => g.linkRecordIds)).toEqual([[piet.id]]);
    // "Aanmaken" on the primary: Kim is added without the taken number, her other record joins.
    const decided = planSync(input({ records: [piet, kimOld, { ...kimNew, decision: 'add' }], employeeList: [], settings: parseSettings({ autoAddEmployees: true }) }));
    expect(decided.groups).toHaveLength(2);
    expect(decided.groups[1]!.linkRecordIds.sort()).toEqual([kimNew.id, kimOld.id].sort());
  });

  it('says when only another connection holds the number (the same company connected twice), not that an employee does', () => {
    const r = record({ data: data({ externalId: '61', email: 'new@example.test', firstName: 'Kees', lastName: 'Bakker', prefix: null, personnelNumber: '000777' }) });
    const proposed = planSync(input({ records: [r], employeeList: [], otherConnectionNumbers: new Set(['000777']) }));
    expect(proposed.verdicts[0]!.issues).toEqual(['proposed_add', 'personnel_number_other_connection']);
    const auto = planSync(input({ records: [r], employeeList: [], otherConnectionNumbers: new Set(['000777']), settings: parseSettings({ autoAddEmployees: true }) }));
    expect(auto.verdicts[0]).toMatchObject({ status: 'needs_action', issues: ['personnel_number_other_connection'] });
  });

  it('reports a personnel number shared with another connection of the vendor instead of merging', () => {
    const e = employee({ id: 'e1', email: 'someone@example.test', bsn_hash: null, personnel_number: '000100' });
    const r = record({ data: data({ externalId: '60', email: 'different@example.test', firstName: 'Kees', lastName: 'Bakker', prefix: null }) });
    const p = planSync(input({ records: [r], employeeList: [e], otherConnectionNumbers: new Set(['000100']), settings: parseSettings({ autoAddEmployees: true }) }));
    expect(p.verdicts[0]).toMatchObject({ status: 'needs_action', issues: ['personnel_number_conflict'] });
    expect(p.groups).toEqual([]);
  });

  it('an explicit "add" for a record whose number is taken adds the employee without the number', () => {
    const e = employee({ id: 'e1', email: 'someone@example.test', personnel_number: '000100', first_name: 'X', last_name: 'Y', birth_date: null });
    const r = record({ decision: 'add', data: data({ externalId: '61', email: 'kees@example.test', firstName: 'Kees', lastName: 'Bakker', prefix: null }) });
    // The matcher proposes the holder of the number; on the number alone that is no match, and the decision adds.
    const p = planSync(input({ records: [r], employeeList: [e], otherConnectionNumbers: new Set(['000100']) }));
    expect(p.groups[0]!.create).toMatchObject({ first_name: 'Kees', personnel_number: null });
    const r2 = record({ decision: 'add', data: data({ externalId: '62', email: 'kees@example.test', firstName: 'Kees', lastName: 'Bakker', prefix: null, personnelNumber: '000777' }) });
    const q = planSync(input({ records: [r2], employeeList: [e], otherConnectionNumbers: new Set(['000777']) }));
    expect(q.groups[0]!.create!.personnel_number).toBeNull();
    expect(q.groups[0]!.warnings).toContain('personnelNumber:taken');
  });

  it('updates the synced contract, adopts an employee\'s only contract on link, and skips unsynced contract fields', () => {
    const r = record({ linkState: 'linked', employeeId: 'e1', data: data({ externalId: '70', weeklyHours: 32, hourlyWage: 20 }) });
    const p = planSync(input({ records: [r], employeeList: [employee()], contracts: [contract()] }));
    const c = p.groups[0]!.contracts[0]!;
    expect(c).toMatchObject({ contractId: 'c1', adopt: true });
    // Hourly wages are off by default: only the hours change.
    expect(c.changes.map((x) => [x.field, x.old, x.new])).toEqual([['weeklyHours', 24, 32]]);
    const claimed = planSync(input({ records: [r], employeeList: [employee()], contracts: [contract()], claimedContractIds: new Set(['c1']) }));
    expect(claimed.groups[0]!.contracts[0]!.create).not.toBeNull();
  });

  it('asks for missing job functions and keeps skipped records out of this sync', () => {
    const r = record({ data: data({ externalId: '80', position: 'Afwasser' }) });
    const s = record({ linkState: 'skipped', data: data({ externalId: '81', email: 'x@example.test', personnelNumber: '1' }) });
    const p = planSync(input({ records: [r, s], settings: parseSettings({ autoAddEmployees: true }) }));
    expect(p.missingFunctions).toEqual(['Afwasser']);
    expect(p.verdicts[1]!.status).toBe('skipped');
  });

  it('a vendor with function ids (Nmbrs): the function mapping sets the function, an unmapped one is left alone and nothing is created by name', () => {
    const mapped = { kind: 'function' as const, externalId: 'nm-chef', koppelId: 'f-chef', exclude: false };
    // Linked, contract holds "Kok"; Nmbrs says function nm-chef (named "Kok" — the name no longer decides).
    const r = record({ linkState: 'linked', employeeId: 'e1', contractId: 'c1', data: data({ externalId: '90', position: 'Kok', jobFunction: { externalId: 'nm-chef', name: 'Kok' } }) });
    const p = planSync(input({ records: [r], employeeList: [employee()], contracts: [contract()], mappings: [mapped], labels: new Map([['f-kok', 'Kok'], ['f-chef', 'Chef-kok']]) }));
    expect(p.groups[0]!.contracts[0]!.changes.filter((c) => c.field === 'function').map((c) => [c.old, c.new])).toEqual([['Kok', 'Chef-kok']]);
    expect(p.missingFunctions).toEqual([]);
    // Not mapped: the contract keeps its function, no function is asked for by name (the review's step is red instead).
    const un = record({ linkState: 'linked', employeeId: 'e1', contractId: 'c1', data: data({ externalId: '91', position: 'Afwasser', jobFunction: { externalId: 'nm-afwas', name: 'Afwasser' } }) });
    const q = planSync(input({ records: [un], employeeList: [employee()], contracts: [contract()], mappings: [mapped] }));
    expect(q.groups[0]!.contracts[0]!.changes.filter((c) => c.field === 'function')).toEqual([]);
    expect(q.missingFunctions).toEqual([]);
    // A new employee's contract gets the mapped function; an unmapped one none.
    const add = record({ decision: 'add', data: data({ externalId: '92', email: 'n@example.test', personnelNumber: '9', jobFunction: { externalId: 'nm-chef', name: 'Kok' } }) });
    const add2 = record({ decision: 'add', data: data({ externalId: '93', email: 'm@example.test', personnelNumber: '8', firstName: 'Mia', birthDate: '1991-01-01', jobFunction: { externalId: 'nm-afwas', name: 'Afwasser' } }) });
    const n = planSync(input({ records: [add, add2], mappings: [mapped] }));
    expect(n.groups.map((g) => g.contracts[0]!.create!.function_id)).toEqual(['f-chef', null]);
    expect(n.missingFunctions).toEqual([]);
    // Functions off in the settings: not touched at all.
    const off = planSync(input({ records: [r], employeeList: [employee()], contracts: [contract()], mappings: [mapped], settings: parseSettings({ contractFields: { function: false } }) }));
    expect(off.groups[0]!.contracts[0]!.changes.filter((c) => c.field === 'function')).toEqual([]);
  });

  it('the company from a vendor that names it is set on the contract and overwritten; a vendor that does not leaves it alone', () => {
    const nmbrs = record({ linkState: 'linked', employeeId: 'e1', contractId: 'c1', data: data({ externalId: '96', company: { externalId: 'co-1', name: 'Bakkerij Zuid BV' } }) });
    const p = planSync(input({ records: [nmbrs], employeeList: [employee()], contracts: [contract({ company: 'Met de hand BV' } as Partial<PlanContract>)] }));
    expect(p.groups[0]!.contracts[0]!.changes.filter((c) => c.field === 'company').map((c) => [c.old, c.new, c.newColumns])).toEqual([['Met de hand BV', 'Bakkerij Zuid BV', { company: 'Bakkerij Zuid BV' }]]);
    // No company key (Personio): the column is not in the plan at all.
    const personio = record({ linkState: 'linked', employeeId: 'e1', contractId: 'c1', data: data({ externalId: '97' }) });
    const q = planSync(input({ records: [personio], employeeList: [employee()], contracts: [contract({ company: 'Met de hand BV' } as Partial<PlanContract>)] }));
    expect(q.groups[0]!.contracts[0]!.changes.filter((c) => c.field === 'company')).toEqual([]);
    // A new contract gets it; without a company key none is written.
    const add = record({ decision: 'add', data: data({ externalId: '98', email: 'z@example.test', personnelNumber: '5', company: { externalId: 'co-2', name: 'Bakkerij Noord BV' } }) });
    expect(planSync(input({ records: [add] })).groups[0]!.contracts[0]!.create!.company).toBe('Bakkerij Noord BV');
    expect('company' in planSync(input({ records: [record({ decision: 'add', data: data({ externalId: '99', email: 'y@example.test', personnelNumber: '4' }) })] })).groups[0]!.contracts[0]!.create!).toBe(false);
  });

  it('an excluded function (mapping rule) excludes its employees, as a department does', () => {
    const r = record({ data: data({ externalId: '95', jobFunction: { externalId: 'nm-stage', name: 'Stagiair' } }) });
    const p = planSync(input({ records: [r], mappings: [{ kind: 'function', externalId: 'nm-stage', koppelId: null, exclude: true }], settings: parseSettings({ autoAddEmployees: true }) }));
    expect(p.verdicts[0]).toMatchObject({ status: 'excluded', ruleExcluded: true });
    expect(p.groups).toEqual([]);
  });

  it('is deterministic: the same input plans the same', () => {
    const records = [record(), record({ bsnHash: 'Z' }), record({ linkState: 'linked', employeeId: 'e1' })];
    const make = () => input({ records, employeeList: [employee({ email: 'a@b.test', personnel_number: null })], settings: parseSettings({ autoAddEmployees: true }) });
    expect(planSync(make())).toEqual(planSync(make()));
  });
});

describe('planning in parts (issue 13: bounded memory)', () => {
  it('the verdict pass over identities alone, then the groups a few at a time, plans exactly what one pass over everything plans', () => {
    // Few values per field, so people share BSNs, emails, numbers and names with each other and with Koppel's employees.
    const pick = <T,>(xs: readonly T[]) => fc.constantFrom(...xs);
    const rec = fc.record({
      bsn: pick([null, 'B1', 'B2', 'B3']),
      email: pick([null, 'a@x.test', 'b@x.test', 'c@x.test']),
      pn: pick([null, '1', '2', '3', '7']),
      first: pick(['Anna', 'Bram', 'Cem']),
      birth: pick([null, '1990-01-01', '1985-06-15']),
      status: pick(['active', 'former'] as const),
      hire: pick([null, '2020-01-01', '2024-05-01']),
      position: pick([null, 'Kok', 'Bediening']),
      link: pick(['unlinked', 'unlinked', 'linked', 'excluded', 'skipped'] as const),
      decision: pick([null, null, 'add'] as const),
      warn: pick([[], [], ['birthDate:not_a_date'], ['email:not_an_email']]),
      dept: pick(['d1', 'd2']),
    });
    const emp = fc.record({ email: pick([null, 'a@x.test', 'b@x.test']), pn: pick([null, '1', '2']), bsn: pick([null, 'B1', 'B2']), first: pick(['Anna', 'Bram']) });
    fc.assert(
      fc.property(fc.array(rec, { maxLength: 14 }), fc.array(emp, { maxLength: 3 }), fc.boolean(), fc.boolean(), fc.integer({ min: 1, max: 4 }), (recs, emps, autoAdd, accept, partSize) => {
        const employeeList = emps.map((e, i) => employee({ id: `e${i}`, email: e.email, personnel_number: e.pn, bsn_hash: e.bsn, first_name: e.first }));
        const contracts = employeeList.map((e, i) => contract({ id: `c${i}`, employee_id: e.id }));
        const records = recs.map((r, i) =>
          record({
            id: `r${i}`,
            bsnHash: r.bsn,
            linkState: r.link,
            decision: r.decision,
            employeeId: r.link === 'linked' ? `e${i % 4}` : null,
            data: data({ externalId: String(100 + ((i * 7) % 13)), email: r.email, personnelNumber: r.pn, firstName: r.first, birthDate: r.birth, status: r.status, hireDate: r.hire, position: r.position, warnings: r.warn, department: { externalId: r.dept, name: r.dept } }),
          }),
        );
        const make = () =>
          input({
            records,
            employeeList,
            contracts,
            acceptProposals: accept,
            mappings: [{ kind: 'department', externalId: 'd2', koppelId: 'dep-2', exclude: false }],
            settings: parseSettings({ autoAddEmployees: autoAdd, employeeFields: { birthDate: true, address: true, phone: true } }),
          });
        const whole = planSync(make());
        // The pass sees identities only (what loadPlanIdentities keeps); the groups get the full records part by part.
        const full = new Map(records.map((r) => [r.id, r]));
        // Koppel's employees too: identities for the pass, each part's groups the full rows of the employees they update.
        const { employees: fullEmployees, contractsByEmployee, ...slim } = make();
        const employees = new Map([...fullEmployees].map(([id, e]) => [id, { id, first_name: e.first_name, last_name: e.last_name, email: e.email, personnel_number: e.personnel_number, bsn_hash: e.bsn_hash, birth_date: e.birth_date }]));
        const pass = planVerdicts({ ...slim, employees, records: records.map(({ bsnEncrypted: _e, bsnLast3: _l, ...r }) => ({ ...r, data: identityData(r.data) })) });
        const missing = new Set<string>();
        const all = [...pass.groups.values()];
        const groups = [];
        for (let i = 0; i < all.length; i += partSize) {
          const part = all.slice(i, i + partSize);
          const ids = new Set(part.flatMap((g) => (g.employeeId ? [g.employeeId] : [])));
          const koppel = { employees: new Map([...fullEmployees].filter(([id]) => ids.has(id))), contractsByEmployee: new Map([...contractsByEmployee].filter(([id]) => ids.has(id))) };
          groups.push(...planGroups({ ...slim, employees }, pass, part, (id) => full.get(id)!, missing, koppel));
        }
        expect(pass.verdicts).toEqual(whole.verdicts);
        expect(groups).toEqual(whole.groups);
        expect([...missing].sort()).toEqual(whole.missingFunctions);
        // The review lists' refresh settles the stored verdict columns from identities alone, as the group plans do.
        const stored = (v: RecordVerdict) => ({ recordId: v.recordId, proposal: v.proposal, needsAction: v.needsAction, issues: v.issues, ruleExcluded: v.ruleExcluded });
        const identities = records.map(({ bsnEncrypted: _e, bsnLast3: _l, ...r }) => ({ ...r, data: identityData(r.data) }));
        const settled = planVerdicts({ ...slim, employees, records: identities });
        settleVerdicts({ ...slim, employees, records: identities }, settled);
        expect(settled.verdicts.map(stored)).toEqual(whole.verdicts.map(stored));
      }),
      { numRuns: 300 },
    );
  });
});

describe('compareExternalIds', () => {
  it('orders exactly as the numeric collator it stands in for, ids with digits, leading zeros or letters alike', () => {
    const collator = new Intl.Collator('en', { numeric: true });
    const id = fc.oneof(fc.stringMatching(/^[1-9]\d{0,9}$/), fc.stringMatching(/^0\d{0,4}$/), fc.stringMatching(/^[a-z0-9-]{1,8}$/));
    fc.assert(
      fc.property(id, id, (a, b) => Math.sign(compareExternalIds(a, b)) === Math.sign(collator.compare(a, b))),
      { numRuns: 5000 },
    );
    expect(['1100010', '99', '1100002', '100'].sort(compareExternalIds)).toEqual(['99', '100', '1100002', '1100010']);
  });
});
