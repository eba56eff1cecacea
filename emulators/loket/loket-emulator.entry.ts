import { z } from 'zod';
import { defineEmulator } from '../kit/emulator-entry.ts';

/**
 * Loket.nl in the emulator registry: `koppel emulator loket --port P --employers E --employees N
 * --seed S [--latency-ms L] [--faults RATE|JSON]`. The server module is loaded only when started.
 */
export const loketEmulator = defineEmulator({
  name: 'loket',
  defaultPort: 4030,
  defaultSeed: 1,
  faultsHelp: 'share 0..1 of API requests that fail (429, 5xx, timeout, expired token, dropped answer after a write), or a JSON fault profile',
  cliOptions: {
    employers: { type: 'string', short: 'e', value: 'E', help: 'number of employers (default 2)' },
    employees: { type: 'string', short: 'n', value: 'N', help: 'number of employees over all employers (default 50)' },
    'reference-year': { type: 'string', value: 'Y', help: 'year whose payroll periods exist, with the one before (default: this year)' },
    'client-id': { type: 'string', value: 'ID', help: 'accepted client id (default loket-emulator-client)' },
    'client-secret': { type: 'string', value: 'S', help: 'accepted client secret (default loket-emulator-secret)' },
    username: { type: 'string', value: 'U', help: 'user name for the password grant (default koppel)' },
    password: { type: 'string', value: 'P', help: 'password for the password grant (default loket-wachtwoord)' },
    'no-bsn-right': { type: 'boolean', help: 'the user lacks the citizen service number right (that call answers 403)' },
  },
  cliSchema: z.object({
    employers: z.coerce.number().int().min(1).max(1000).default(2),
    employees: z.coerce.number().int().min(0).max(1_000_000).default(50),
    referenceYear: z.coerce.number().int().min(2001).max(9998).optional(),
    clientId: z.string().min(1).optional(),
    clientSecret: z.string().min(1).optional(),
    username: z.string().min(1).optional(),
    password: z.string().min(1).optional(),
    noBsnRight: z.boolean().default(false),
  }),
  usageNotes: `API under <url>/v2, tokens at <url>/token (authorization code via <url>/authorize, password, refresh; refresh tokens rotate).
Test hooks: POST/DELETE /_emulator/faults, PUT /_emulator/profile, POST /_emulator/tokens {user}, POST /_emulator/expire-tokens {user},
POST /_emulator/revoke {user}, PUT /_emulator/rights {citizenServiceNumber?,payrollPeriodData?}, GET /_emulator/payrollperioddata, GET|DELETE /_emulator/stats.`,
  async start(o) {
    const { startLoketEmulator } = await import('./loket-emulator.server.ts');
    const seed = o.seed ?? 1;
    const em = await startLoketEmulator({
      port: o.port,
      host: o.host,
      seed,
      employers: o.employers ?? 2,
      employees: o.employees ?? 50,
      latencyMs: o.latencyMs,
      faults: o.faults,
      ...(o.referenceYear ? { referenceYear: o.referenceYear } : {}),
      ...(o.clientId ? { clientId: o.clientId } : {}),
      ...(o.clientSecret ? { clientSecret: o.clientSecret } : {}),
      ...(o.username ? { username: o.username } : {}),
      ...(o.password ? { password: o.password } : {}),
    });
    if (o.noBsnRight) em.rights.citizenServiceNumber = false;
    const faults = typeof o.faults === 'number' ? `${Math.round(o.faults * 100)} %` : `profile ${JSON.stringify(o.faults)}`;
    return {
      name: 'loket',
      url: em.url,
      credentials: em.credentials,
      banner: [
        `Loket emulator listening on ${em.url}`,
        `  API base for Koppel: ${em.apiUrl}   token URL: ${em.tokenUrl}   authorize URL: ${em.authorizeUrl}`,
        `  client id: ${em.credentials.clientId}   client secret: ${em.credentials.clientSecret}`,
        `  user name: ${em.login.username}   password: ${em.login.password}`,
        `  ${em.world.employers.length} employers, ${em.world.employees.length} employees; seed ${seed}, payroll years ${em.world.referenceYear - 1}–${em.world.referenceYear}`,
        `  latency ${o.latencyMs} ms, faults ${faults}, BSN right ${em.rights.citizenServiceNumber ? 'yes' : 'no'}`,
      ],
      stats: () => em.stats,
      native: em,
      close: () => em.close(),
    };
  },
});
