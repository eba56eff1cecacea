import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startPersonioEmulator } from '../../emulators/personio/personio-emulator.server.ts';
import { addDays, todayIn } from '../../src/domain/dates.ts';
import { parseSettings } from '../../src/integrations/engine/sync.types.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { migrate, openDatabase } from '../../src/platform/db/client.ts';
import { SecretBox } from '../../src/platform/crypto.ts';
import { createTenantWithOwner } from '../../src/platform/identity/tenants.service.ts';

/**
 * `koppel import personio-absences <integration>` (F-22, F-52): runs one absence import in the CLI process against
 * an embedded database in a data dir and the Personio emulator, prints the counts, and is idempotent.
 */
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'koppel-absence-cli-'));
const SECRET = 'cli-secret-cli-secret-cli-secret-0123456';
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function cli(args: string[]): Promise<{ code: number | null; out: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, KOPPEL_SECRET: SECRET, NODE_ENV: 'development', LOG_LEVEL: 'silent' };
  delete env.DATABASE_URL;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/app/cli/main.ts', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

describe('koppel import personio-absences', () => {
  it('imports the mapped absences, prints the counts, writes nothing the second time', async () => {
    const em = await startPersonioEmulator({ employees: 2, seed: 3, referenceDate: '2026-03-02', rateLimit: false });
    try {
      for (const t of em.state.listTimeOffs()) em.state.removeTimeOff(t.id);
      const person = em.state.listEmployees()[0]!;
      const start = addDays(todayIn('Europe/Amsterdam'), 10);
      em.state.addTimeOff({ employee: person.id, time_off_type_id: 113437, start_date: start, end_date: addDays(start, 1) });
      const config = loadConfig({ NODE_ENV: 'development', LOG_LEVEL: 'silent' }, { secret: SECRET, dataDir });
      const database = await openDatabase(config);
      let integrationId: string;
      try {
        await migrate(database.db);
        const db = database.db;
        const { tenant } = await createTenantWithOwner(db, { tenantName: 'CLI BV', ownerEmail: 'cli@example.test', ownerName: 'CLI', password: 'correct horse battery' });
        const type = await db.insertInto('absence_types').values({ tenant_id: tenant.id, name: 'Vakantie', kind: 'vacation' }).returning('id').executeTakeFirstOrThrow();
        const settings = parseSettings({ timeExchange: { absences: true }, absenceImport: { typeMap: { '00000000-0000-4000-0003-00000001bb1d': type.id } } });
        const row = await db
          .insertInto('integrations')
          .values({ tenant_id: tenant.id, vendor: 'personio', name: 'Personio', base_url: em.url, credentials_encrypted: new SecretBox(SECRET).encrypt(JSON.stringify(em.credentials)), settings: JSON.stringify(settings) })
          .returning('id')
          .executeTakeFirstOrThrow();
        integrationId = row.id;
        const emp = await db.insertInto('employees').values({ tenant_id: tenant.id, first_name: person.first_name, prefix: null, last_name: person.last_name, email: person.email }).returning('id').executeTakeFirstOrThrow();
        await db.insertInto('external_records').values({ tenant_id: tenant.id, integration_id: row.id, vendor: 'personio', external_id: String(person.id), data: '{}', data_hash: 'x', link_state: 'linked', employee_id: emp.id }).execute();
      } finally {
        await database.close();
      }
      const first = await cli(['import', 'personio-absences', integrationId, '--data-dir', dataDir]);
      expect(first.out).toMatch(/Absence import [0-9a-f-]+: succeeded .* read 1 · created 1 /);
      expect(first.code).toBe(0);
      const second = await cli(['import', 'personio-absences', integrationId, '--data-dir', dataDir]);
      expect(second.out).toMatch(/succeeded .* created 0 · updated 0 · removed 0 · yielded 0 · unchanged 1/);
      const missing = await cli(['import', 'personio-absences', '00000000-0000-4000-8000-000000000000', '--data-dir', dataDir]);
      expect(missing.code).toBe(1);
      expect(missing.out).toContain('Integration not found');
    } finally {
      await em.close();
    }
  }, 120_000);
});
