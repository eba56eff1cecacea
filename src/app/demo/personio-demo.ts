import type { PersonioEmulator } from '../../../emulators/personio/personio-emulator.server.ts';
import type { SecretBox } from '../../platform/crypto.ts';
import type { Database } from '../../platform/db/client.ts';
import { systemActorFor } from '../../platform/identity/tenants.service.ts';
import type { Services } from '../container.ts';

/**
 * The demo's Personio: a local emulator (fixed seed, so the same people come back on every start)
 * and, the first time, a Personio integration of the demo company pointing at it. The user then
 * walks the real flow: map, link, preview, apply. The emulator comes from the registry, loaded on
 * demand (the product never imports an emulator statically).
 */
export async function startDemoPersonio(db: Database, services: Services, tenantId: string, opts: { port: number; employees?: number }) {
  const { EMULATORS } = await import('../../../emulators/registry.ts');
  const start = (port: number) => EMULATORS.personio.start({ port, host: '127.0.0.1', latencyMs: 0, faults: 0, seed: 2026, employees: opts.employees ?? 60 });
  // Port taken (another demo?): any free port works, the integration is pointed at it below.
  const emulator = await start(opts.port).catch(() => start(0));
  const alignment = await alignDemoPeople(db, services.box, tenantId, (emulator.native as PersonioEmulator).state);
  const actor = await systemActorFor(db, tenantId, 'demo');
  const existing = await db.selectFrom('integrations').select(['id', 'base_url']).where('tenant_id', '=', tenantId).where('vendor', '=', 'personio').executeTakeFirst();
  if (!existing) {
    await services.integrations.create(actor, {
      vendor: 'personio',
      name: 'Personio (demo)',
      baseUrl: emulator.url,
      credentials: { clientId: emulator.credentials.clientId, clientSecret: emulator.credentials.clientSecret },
      settings: { notificationEmails: ['hr@demo.koppel.test'] },
    });
  } else if (existing.base_url !== emulator.url) {
    await services.integrations.update(actor, existing.id, { baseUrl: emulator.url });
  }
  return Object.assign(emulator, { alignment });
}

/** How the demo's Personio people relate to the demo company's employees (what the first preview should propose). */
export type DemoAlignment = {
  /** Same work e-mail, BSN and personnel number: linked automatically. */
  email: number;
  /** Same BSN (Personio has a private e-mail address): linked automatically. */
  bsn: number;
  /** Only the personnel number is the same (a German colleague without BSN, private address): linked automatically. */
  personnelNumber: number;
  /** Only name and birth date are the same: the user decides. */
  weak: number;
  /** The e-mail address points at one employee, the BSN at another: the user decides. */
  conflict: number;
};

/**
 * The emulator invents its own company; a real customer's Personio holds largely the same people as Koppel.
 * So, on every start (the emulator's data is rebuilt from its seed), the demo gives a share of the active
 * Personio people the identity of demo employees: most share e-mail, BSN and personnel number, some only the
 * BSN or only the number, a couple only name and birth date, one points at two employees. The rest are
 * Personio-only people (new hires to add), numbered apart from Koppel's numbers.
 */
export async function alignDemoPeople(db: Database, box: SecretBox, tenantId: string, state: PersonioEmulator['state']): Promise<DemoAlignment> {
  const koppel = await db
    .selectFrom('employees')
    .select(['first_name', 'prefix', 'last_name', 'email', 'personnel_number', 'birth_date', 'bsn_encrypted', 'status'])
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'active')
    .where('prefix', 'is', null)
    .where('personnel_number', 'is not', null)
    .where('birth_date', 'is not', null)
    .where('bsn_encrypted', 'is not', null)
    .orderBy('personnel_number')
    .execute();
  // People with a second record in Personio (rehires, second contracts) keep their own identity: they show the join logic.
  const paired = new Set(state.duplicates().flatMap((d) => d.ids));
  const people = state.listEmployees().filter((e) => e.status === 'active' && !paired.has(e.id));
  // The decisions first (they must be there), then the quiet matches; the loop ends when either side runs out.
  const plan: Array<keyof DemoAlignment> = [
    'conflict',
    ...Array<'weak'>(2).fill('weak'),
    ...Array<'personnelNumber'>(4).fill('personnelNumber'),
    ...Array<'bsn'>(5).fill('bsn'),
    // Everyone else who can be matched shares the work e-mail address (a few Koppel employees stay Koppel-only).
    ...Array<'email'>(Math.max(0, koppel.length - 15)).fill('email'),
  ];
  const counts: DemoAlignment = { email: 0, bsn: 0, personnelNumber: 0, weak: 0, conflict: 0 };
  let k = 0;
  let p = 0;
  for (const kind of plan) {
    const person = people[p];
    const e = koppel[k];
    if (!person || !e) break;
    p += 1;
    k += 1;
    const bsn = box.decrypt(e.bsn_encrypted!);
    const name = { first_name: e.first_name, last_name: e.last_name, preferred_name: `${e.first_name} ${e.last_name}`, birthday: e.birth_date };
    const privateMail = `${e.first_name}.${e.last_name}`.toLowerCase().replace(/[^a-z.]/g, '') + '@privemail.test';
    if (kind === 'email') state.updateEmployee(person.id, { ...name, email: e.email!, bsn, personnel_number: e.personnel_number, country: 'NL' });
    else if (kind === 'bsn') state.updateEmployee(person.id, { ...name, email: privateMail, bsn, personnel_number: `P${person.personnel_number}`, country: 'NL' });
    else if (kind === 'personnelNumber') state.updateEmployee(person.id, { ...name, email: privateMail, bsn: null, personnel_number: e.personnel_number, country: 'DE' });
    else if (kind === 'weak') state.updateEmployee(person.id, { ...name, email: privateMail, bsn: null, personnel_number: `P${person.personnel_number}`, country: 'DE' });
    else {
      // The e-mail address of this employee, the BSN of the next one: Personio or Koppel holds a typo somewhere.
      const other = koppel[k];
      if (!other) break;
      k += 1;
      state.updateEmployee(person.id, { ...name, email: e.email!, bsn: box.decrypt(other.bsn_encrypted!), personnel_number: `P${person.personnel_number}`, country: 'NL' });
    }
    counts[kind] += 1;
  }
  // Personio-only people get Personio's own numbering ("P001234"), so they never collide with Koppel's numbers by accident.
  const aligned = new Set(people.slice(0, p).map((x) => x.id));
  for (const person of state.listEmployees()) {
    if (!aligned.has(person.id) && person.personnel_number && !person.personnel_number.startsWith('P')) state.updateEmployee(person.id, { personnel_number: `P${person.personnel_number}` });
  }
  return counts;
}
