import { zoneForCountry } from '../../domain/tenant-zone.ts';
import { fakerNL as faker } from '@faker-js/faker';
import { sql } from 'kysely';
import type { Database } from '../../platform/db/client.ts';
import { employeeSearchText } from '../../workforce/employee.repository.ts';
import type { Employee } from '../../platform/db/schema.ts';
import { addDays, isoWeekday, todayIn } from '../../domain/dates.ts';
import type { SecretBox } from '../../platform/crypto.ts';
import { hashPassword } from '../../platform/identity/password.ts';

export const DEMO_TENANT = 'Demo Horeca BV';
export const DEMO_PASSWORD = 'koppel-demo-2026';
export const DEMO_USERS = [
  { email: 'owner@demo.koppel.test', name: 'Olivia de Boer', role: 'owner' as const, locale: null },
  { email: 'hr@demo.koppel.test', name: 'Henk Visser', role: 'hr_admin' as const, locale: 'nl' as const },
  { email: 'planner@demo.koppel.test', name: 'Petra Schmidt', role: 'planner' as const, locale: 'de' as const },
  { email: 'recruiter@demo.koppel.test', name: 'Ruben Bakker', role: 'recruiter' as const, locale: 'en' as const },
];

/** A valid BSN: random 8 digits, then a check digit chosen to pass the 11-test (retry when it would be 10). */
export function makeBsn(rand: () => number): string {
  for (;;) {
    const d = Array.from({ length: 8 }, () => Math.floor(rand() * 10));
    if (d[0] === 0) d[0] = 1;
    const sum = d.reduce((acc, digit, i) => acc + digit * (9 - i), 0);
    const check = sum % 11;
    if (check < 10) return `${d.join('')}${check}`;
  }
}

/**
 * Seeds a demo company: organisation, components, absence types, users, employees with contracts,
 * four weeks of shifts and some absences. Idempotent: does nothing when the demo tenant exists.
 */
export async function seedDemo(db: Database, box: SecretBox, opts: { employees?: number; seed?: number } = {}) {
  const existing = await db.selectFrom('tenants').select('id').where('name', '=', DEMO_TENANT).executeTakeFirst();
  if (existing) return { tenantId: existing.id, created: false };
  faker.seed(opts.seed ?? 42);
  const rand = () => faker.number.float({ min: 0, max: 1 });
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const count = opts.employees ?? 60;
  const tenantId = await db.transaction().execute(async (trx) => {
    const tenant = await trx.insertInto('tenants').values({ name: DEMO_TENANT, locale: 'nl', country: 'NL', time_zone: zoneForCountry('NL') }).returning('id').executeTakeFirstOrThrow();
    const t = tenant.id;
    const users = await trx
      .insertInto('users')
      .values(DEMO_USERS.map((u) => ({ ...u, tenant_id: t, password_hash: passwordHash })))
      .returning(['id', 'role'])
      .execute();
    const ccs = await trx
      .insertInto('cost_centers')
      .values([
        { tenant_id: t, code: 'KP100', name: 'Horeca' },
        { tenant_id: t, code: 'KP200', name: 'Overhead' },
      ])
      .returning(['id', 'code'])
      .execute();
    const deps = await trx
      .insertInto('departments')
      .values([
        { tenant_id: t, name: 'Keuken', code: 'KEU', cost_center_id: ccs[0].id },
        { tenant_id: t, name: 'Bediening', code: 'BED', cost_center_id: ccs[0].id },
        { tenant_id: t, name: 'Magazijn', code: 'MAG', cost_center_id: ccs[0].id },
        { tenant_id: t, name: 'Kantoor', code: 'KAN', cost_center_id: ccs[1].id },
      ])
      .returning(['id', 'name'])
      .execute();
    const types = await trx
      .insertInto('contract_types')
      .values([
        { tenant_id: t, name: 'Vaste uren', leave_weeks: 4 },
        { tenant_id: t, name: 'Nul uren', leave_weeks: 4 },
        { tenant_id: t, name: 'Oproepkracht', leave_weeks: 4 },
        { tenant_id: t, name: 'Vast contract (5 weken)', leave_weeks: 5 },
      ])
      .returning(['id', 'name'])
      .execute();
    const fns = await trx
      .insertInto('job_functions')
      .values(['Kok', 'Zelfstandig werkend kok', 'Medewerker bediening', 'Gastheer/-vrouw', 'Magazijnmedewerker', 'Office manager'].map((name) => ({ tenant_id: t, name })))
      .returning(['id', 'name'])
      .execute();
    const [regular, overtime, night] = await trx
      .insertInto('hour_components')
      .values([
        { tenant_id: t, code: 'U100', name: 'Gewerkte uren', rate_percent: 100, is_default: true },
        { tenant_id: t, code: 'U125', name: 'Overwerk 125%', rate_percent: 125 },
        { tenant_id: t, code: 'TNACHT', name: 'Nachttoeslag', rate_percent: 130 },
      ])
      .returning(['id', 'code'])
      .execute();
    await sql`INSERT INTO hour_component_rules (tenant_id, hour_component_id, priority, weekdays, time_from, time_to)
      VALUES (${t}, ${night.id}, 10, '{}'::int[], '22:00', '06:00'), (${t}, ${overtime.id}, 20, '{6,7}'::int[], NULL, NULL)`.execute(trx);
    await trx
      .insertInto('wage_components')
      .values([
        { tenant_id: t, code: 'L210', name: 'Reiskostenvergoeding' },
        { tenant_id: t, code: 'L320', name: 'Fooienpot' },
      ])
      .execute();
    const absenceTypes = await trx
      .insertInto('absence_types')
      .values([
        { tenant_id: t, name: 'Vakantie', kind: 'vacation', deducts_leave: true },
        { tenant_id: t, name: 'Ziek', kind: 'sick', deducts_leave: false },
        { tenant_id: t, name: 'Bijzonder verlof', kind: 'special_leave', deducts_leave: false },
        { tenant_id: t, name: 'Niet planbaar', kind: 'not_plannable', deducts_leave: false },
      ])
      .returning(['id', 'kind'])
      .execute();

    const today = todayIn('Europe/Amsterdam');
    const year = Number(today.slice(0, 4));
    const planner = users.find((u) => u.role === 'planner')!;
    const employees: Employee[] = [];
    for (let i = 0; i < count; i++) {
      // faker's nl list has a few mis-encoded names ("Ã–mer"); keep only clean ones.
      let firstName = faker.person.firstName();
      while (firstName.includes('Ã')) firstName = faker.person.firstName();
      const prefix = rand() < 0.25 ? faker.helpers.arrayElement(['van', 'de', 'van der', 'van den', 'ter']) : null;
      const lastName = faker.person.lastName().replace(/^(van der|van den|van|de|ter)\s+/i, '');
      const bsn = makeBsn(rand);
      const former = i % 17 === 16;
      const row = {
        tenant_id: t,
        first_name: firstName,
        prefix,
        last_name: lastName,
        initials: `${firstName[0]}.`,
        email: `${firstName}.${lastName}`.toLowerCase().replace(/[^a-z.]/g, '') + `${i}@demo-horeca.test`,
        bsn_encrypted: box.encrypt(bsn),
        bsn_hash: box.blindIndex(bsn),
        bsn_last3: bsn.slice(-3),
        personnel_number: String(1000 + i),
        birth_date: faker.date.birthdate({ min: 18, max: 64, mode: 'age' }).toISOString().slice(0, 10),
        street: faker.location.street(),
        house_number: String(faker.number.int({ min: 1, max: 250 })),
        postal_code: `${faker.number.int({ min: 1000, max: 9999 })} ${faker.string.alpha({ length: 2, casing: 'upper' })}`,
        city: faker.helpers.arrayElement(['Utrecht', 'Amsterdam', 'Rotterdam', 'Zwolle', 'Arnhem', 'Den Haag']),
        country: 'NL',
        phone: `06-${faker.number.int({ min: 10000000, max: 99999999 })}`,
        status: former ? ('former' as const) : ('active' as const),
      };
      const created = await trx
        .insertInto('employees')
        .values({ ...row, search_text: employeeSearchText(row as Employee) })
        .returningAll()
        .executeTakeFirstOrThrow();
      employees.push(created);
      const dep = deps[i % deps.length];
      const type = types[i % 3];
      const start = `${year - 1 - (i % 3)}-${String((i % 12) + 1).padStart(2, '0')}-01`;
      await trx
        .insertInto('contracts')
        .values({
          tenant_id: t,
          employee_id: created.id,
          contract_type_id: type.id,
          department_id: dep.id,
          function_id: fns[i % fns.length].id,
          start_date: start,
          end_date: former ? addDays(today, -30) : i % 7 === 0 ? `${year}-12-31` : null,
          weekly_hours: type.name === 'Vaste uren' ? faker.helpers.arrayElement([24, 32, 36, 38, 40]) : type.name === 'Nul uren' ? 0 : 12,
          hourly_wage: faker.number.float({ min: 14.4, max: 24, fractionDigits: 2 }),
        })
        .execute();
      if (former) continue;
      // Four weeks of shifts; the older ones approved.
      for (let d = -28; d < 0; d++) {
        const date = addDays(today, d);
        if (isoWeekday(date) === 7 || rand() < 0.45) continue;
        const startHour = dep.name === 'Keuken' && rand() < 0.2 ? 16 : faker.helpers.arrayElement([8, 9, 10, 12]);
        const hours = faker.helpers.arrayElement([4, 6, 8]);
        const endHour = (startHour + hours + 1) % 24;
        await trx
          .insertInto('shifts')
          .values({
            tenant_id: t,
            employee_id: created.id,
            date,
            start_time: `${String(startHour).padStart(2, '0')}:00`,
            end_time: `${String(endHour).padStart(2, '0')}:00`,
            break_minutes: hours >= 6 ? 30 : 0,
            department_id: dep.id,
            hour_component_id: regular.id,
            status: d < -7 ? 'approved' : 'pending',
            approved_by: d < -7 ? planner.id : null,
            approved_at: d < -7 ? new Date() : null,
          })
          .execute();
      }
      if (i % 5 === 0) {
        const vacationStart = addDays(today, 14 + (i % 20));
        await trx
          .insertInto('absences')
          .values({
            tenant_id: t,
            employee_id: created.id,
            absence_type_id: absenceTypes[0].id,
            start_date: vacationStart,
            end_date: addDays(vacationStart, 4),
            unit: 'days',
            status: i % 10 === 0 ? 'approved' : 'pending',
            comment: 'Zomervakantie',
          })
          .execute();
      }
      if (i % 9 === 0) {
        const sickDay = addDays(today, -3 - (i % 10));
        await trx
          .insertInto('absences')
          .values({ tenant_id: t, employee_id: created.id, absence_type_id: absenceTypes[1].id, start_date: sickDay, end_date: sickDay, unit: 'days', status: 'approved' })
          .execute();
      }
    }
    void overtime;
    return t;
  });
  return { tenantId, created: true };
}
