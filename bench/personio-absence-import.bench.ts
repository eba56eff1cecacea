import { randomUUID } from 'node:crypto';
import { startPersonioEmulator } from '../emulators/personio/personio-emulator.server.ts';
import { startKoppel } from '../src/app/runtime.ts';
import { addDays, todayIn } from '../src/domain/dates.ts';
import { createAbsenceImportService } from '../src/integrations/absence-import/absence-import.service.ts';
import { parseSettings } from '../src/integrations/engine/sync.types.ts';
import { loadConfig } from '../src/platform/config.ts';
import { openDatabase } from '../src/platform/db/client.ts';
import { createTenantWithOwner } from '../src/platform/identity/tenants.service.ts';
import { memorySampler } from './memory.ts';

/**
 * Absence import (issue 9, F-22): 10 000 approved absences of 1 000 linked people in the Personio emulator
 * (v2 absence-periods, cursor pages of 100; a tenth hour-unit, which cost a breakdown call each) imported
 * into embedded PGlite: wall time, vendor calls and peak memory of the first run (everything created) and of
 * an unchanged second run (0 writes). The people are linked directly (the employee sync has its own
 * benchmark). `BENCH_ABSENCES` (default 10000), `BENCH_LATENCY_MS` (default 0). One JSON line.
 */
const ABSENCES = Number(process.env.BENCH_ABSENCES ?? 10_000);
const PEOPLE = Math.max(1, Math.round(ABSENCES / 10));
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 0);

export default async function run() {
  const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent' }, { secret: 'bench-secret-bench-secret-bench-secret-00', port: 0, dataDir: '/tmp/koppel-bench' });
  const database = await openDatabase(config, { embeddedPath: 'memory://' });
  const k = await startKoppel(config, { database });
  const em = await startPersonioEmulator({ employees: PEOPLE, seed: 5, referenceDate: '2026-03-02', latencyMs: LATENCY_MS, rateLimit: false });
  try {
    for (const t of em.state.listTimeOffs()) em.state.removeTimeOff(t.id);
    const { tenant } = await createTenantWithOwner(k.db, { tenantName: 'Bench BV', ownerEmail: `bench-${randomUUID().slice(0, 8)}@example.test`, ownerName: 'Bench', password: 'bench-password-123' });
    const [vacation, homeOffice] = await k.db
      .insertInto('absence_types')
      .values([
        { tenant_id: tenant.id, name: 'Vakantie', kind: 'vacation', deducts_leave: true },
        { tenant_id: tenant.id, name: 'Thuiswerk', kind: 'other', deducts_leave: false },
      ])
      .returning('id')
      .execute();
    const settings = parseSettings({ timeExchange: { absences: true }, absenceImport: { typeMap: { '00000000-0000-4000-0003-00000001bb1d': vacation!.id, '00000000-0000-4000-0003-00000001bb34': homeOffice!.id } } });
    const integration = await k.db
      .insertInto('integrations')
      .values({ tenant_id: tenant.id, vendor: 'personio', name: 'Personio', base_url: em.url, credentials_encrypted: k.services.box.encrypt(JSON.stringify(em.credentials)), settings: JSON.stringify(settings) })
      .returning('id')
      .executeTakeFirstOrThrow();
    const persons = em.state.listEmployees().slice(0, PEOPLE);
    for (let i = 0; i < persons.length; i += 500) {
      const chunk = persons.slice(i, i + 500);
      const emps = await k.db
        .insertInto('employees')
        .values(chunk.map((p) => ({ tenant_id: tenant.id, first_name: p.first_name, prefix: null, last_name: p.last_name, email: p.email })))
        .returning('id')
        .execute();
      await k.db
        .insertInto('external_records')
        .values(chunk.map((p, j) => ({ tenant_id: tenant.id, integration_id: integration.id, vendor: 'personio', external_id: String(p.id), data: '{}', data_hash: 'x', link_state: 'linked' as const, employee_id: emps[j]!.id })))
        .execute();
    }
    // Spread over the window: every person 10 absences, one of them hour-unit, some with half days.
    const today = todayIn('Europe/Amsterdam');
    for (let i = 0; i < ABSENCES; i++) {
      const p = persons[i % PEOPLE]!;
      const slot = Math.floor(i / PEOPLE);
      const start = addDays(today, -60 + slot * 30 + (i % 7));
      const hourly = slot === 9;
      em.state.addTimeOff({ employee: p.id, time_off_type_id: hourly ? 113460 : 113437, start_date: start, end_date: hourly ? start : addDays(start, 2), half_day_end: !hourly && i % 3 === 0, ...(hourly ? { start_time: '09:00', end_time: '13:00' } : {}) });
    }
    const service = createAbsenceImportService({ db: k.db, box: k.services.box, connectorTuning: { rateLimit: false } });
    const measure = async () => {
      const mem = memorySampler();
      em.resetStats();
      const t0 = performance.now();
      const r = await service.run(tenant.id, integration.id, 'cli', 'bench');
      const wallSec = (performance.now() - t0) / 1000;
      const memory = mem.stop();
      if (r.status !== 'succeeded') throw new Error(`import failed: ${r.error}`);
      return { wallSec: Math.round(wallSec * 100) / 100, vendorCalls: em.stats.totalCalls, ...memory, phaseMs: r.phaseMs, counts: r.counts };
    };
    const first = await measure();
    const second = await measure();
    const stored = await k.db.selectFrom('absences').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenant.id).executeTakeFirstOrThrow();
    console.log(JSON.stringify({ bench: 'personio-absence-import', absences: ABSENCES, people: PEOPLE, latencyMs: LATENCY_MS, database: 'embedded', storedAbsences: Number(stored.n), first, unchangedSecond: second }));
  } finally {
    await em.close();
    await k.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
