import { createLogger, stderrDestination } from '../../platform/log/logger.ts';
import { Command, Option } from 'commander';
import { loadConfig, type Config } from '../../platform/config.ts';
import { type Database, migrate, openDatabase } from '../../platform/db/client.ts';
import { startDemoPersonio } from '../demo/personio-demo.ts';
import { startDemoLoket } from '../demo/loket-demo.ts';
import { startDemoNmbrs } from '../demo/nmbrs-demo.ts';
import { startDemoRecruiting } from '../demo/recruiting-providers-demo.ts';
import { demoBanner } from '../demo/banner.ts';
import { installSchedules, startWorker } from '../../platform/jobs/worker.ts';
import { jobDefinitions, systemSchedules } from '../job-registry.ts';
import { SecretBox } from '../../platform/crypto.ts';
import { AppError } from '../../domain/errors.ts';
import { errorMessage } from '../../platform/i18n/messages.ts';
import { createMailer } from '../../platform/mail/mailer.ts';
import { noTransportMailer } from '../../platform/mail/no-transport.ts';
import { startKoppel } from '../runtime.ts';
import { ROLES, systemActor } from '../../domain/actor.ts';
import { createServices } from '../container.ts';
import { createTenantWithOwner } from '../../platform/identity/tenants.service.ts';
import { registerOutboundCommands } from './outbound.ts';
import { registerLoketCommands } from './loket.ts';

/** `koppel` — start the app, run a worker, migrate, seed a demo, manage users. Every command has --help. */
const program = new Command('koppel').description('Koppel workforce hub').showHelpAfterError();

function config(opts: { port?: string; host?: string; dataDir?: string } = {}): Config {
  return loadConfig(process.env, {
    ...(opts.port ? { port: Number(opts.port), publicUrl: process.env.PUBLIC_URL ?? `http://localhost:${opts.port}` } : {}),
    ...(opts.host ? { host: opts.host } : {}),
    ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
  });
}
/** Opens the database (migrated), runs one short command on it, and always closes it. */
async function withDatabase<T>(c: Config, fn: (db: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase(c);
  try {
    await migrate(database.db);
    return await fn(database.db);
  } finally {
    await database.close();
  }
}
const dbNote = (c: Config) => (c.databaseUrl ? 'PostgreSQL server (DATABASE_URL)' : `embedded PostgreSQL in ${c.dataDir}`);

function onShutdown(stop: () => Promise<void>) {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      console.log(`\n${signal}: shutting down…`);
      stop().then(
        () => process.exit(0),
        (err) => {
          console.error(err);
          process.exit(1);
        },
      );
    });
  }
}

program
  .command('serve')
  .description('Start the web server and API (with an in-process job worker unless --no-worker)')
  .option('-p, --port <port>', 'port to listen on (default: PORT or 3000)')
  .option('--host <host>', 'interface to bind (default: HOST or 127.0.0.1)')
  .option('--data-dir <dir>', 'embedded database folder (default: KOPPEL_DATA_DIR or .koppel)')
  .option('--no-worker', 'do not run jobs in this process (run `koppel worker` separately)')
  .option('--mail-catcher', 'also start the built-in SMTP catcher', false)
  .action(async (opts) => {
    const c = config(opts);
    const k = await startKoppel(c, { worker: opts.worker, mailCatcher: opts.mailCatcher, listen: true, logger: true });
    console.log(`Koppel listening on ${c.publicUrl} (${dbNote(c)})${opts.worker ? ', worker in-process' : ''}`);
    onShutdown(k.stop);
  });

program
  .command('worker')
  .description('Run a job worker process (several can run against one PostgreSQL server)')
  .option('--data-dir <dir>', 'embedded database folder')
  .action(async (opts) => {
    const c = config(opts);
    const log = createLogger(c.logLevel);
    const database = await openDatabase(c, { log, applicationName: 'koppel-worker' });
    await migrate(database.db);
    await installSchedules(database.db, systemSchedules, c.timeZone);
    const mailer = c.smtpUrl ? createMailer(c.smtpUrl, c.mailFrom, c.secret) : noTransportMailer(log);
    const worker = startWorker({ db: database.db, config: c, mailer, log, definitions: jobDefinitions });
    console.log(`Koppel worker ${worker.id} started (${dbNote(c)})`);
    onShutdown(async () => {
      await worker.stop();
      mailer.close();
      await database.close();
    });
  });

program
  .command('migrate')
  .description('Apply database migrations and exit')
  .option('--data-dir <dir>', 'embedded database folder')
  .action(async (opts) => {
    const c = config(opts);
    const database = await openDatabase(c);
    const applied = await migrate(database.db, console.log);
    console.log(applied.length ? `${applied.length} migration(s) applied` : 'database is up to date');
    await database.close();
  });

program
  .command('seed-demo')
  .description('Create the demo company (idempotent) and exit')
  .option('--data-dir <dir>', 'embedded database folder')
  .option('--employees <n>', 'number of demo employees', '60')
  .action(async (opts) => {
    const c = config(opts);
    const { seedDemo } = await import('../demo/seed.ts');
    const r = await withDatabase(c, (db) => seedDemo(db, new SecretBox(c.secret), { employees: Number(opts.employees) }));
    console.log(r.created ? 'Demo company created.' : 'Demo company already exists.');
  });

program
  .command('demo')
  .description('Start Koppel with a demo company, the in-process worker and the mail catcher')
  .option('-p, --port <port>', 'port to listen on (default: PORT or 3000)')
  .option('--host <host>', 'interface to bind')
  .option('--data-dir <dir>', 'embedded database folder (default .koppel)')
  .option('--employees <n>', 'number of demo employees', '60')
  .option('--personio-port <port>', 'port of the demo Personio emulator (0: any free port)', '4010')
  .option('--loket-port <port>', 'port of the demo Loket.nl emulator (0: any free port)', '4030')
  .option('--nmbrs-port <port>', 'port of the demo Nmbrs emulator (0: any free port)', '4031')
  .option('--calendar-ports <port>', 'first of four ports for the Google, Microsoft, Zoom and GoToMeeting emulators (0: any free ports)', '4020')
  .action(async (opts) => {
    const c = config(opts);
    // Logged like `serve`: one line per request at info (LOG_LEVEL), every server error with its stack.
    const k = await startKoppel(c, { worker: true, mailCatcher: true, listen: true, logger: true });
    // The demo data generator (faker, about 40 MB) is loaded by the demo commands only, not by `serve`.
    const { seedDemo } = await import('../demo/seed.ts');
    const seeded = await seedDemo(k.db, k.services.box, { employees: Number(opts.employees) });
    const personio = await startDemoPersonio(k.db, k.services, seeded.tenantId, { port: Number(opts.personioPort) });
    const loket = await startDemoLoket(k.db, k.services, seeded.tenantId, { port: Number(opts.loketPort) });
    const recruiting = await startDemoRecruiting(k.services, seeded.tenantId, { basePort: Number(opts.calendarPorts) });
    const nmbrs = await startDemoNmbrs(k.db, k.services, seeded.tenantId, { port: Number(opts.nmbrsPort) });
    const banner = demoBanner({
      loket: { url: loket.apiUrl, ...loket.login },
      nmbrs: { url: nmbrs.url, subscriptionKey: nmbrs.subscriptionKey },
      app: c.publicUrl,
      database: `${dbNote(c)}${seeded.created ? ' (demo company created)' : ' (existing data kept)'}`,
      mailCatcher: k.catcher?.url,
      personio: { url: personio.url, ...personio.credentials },
      calendars: recruiting.urls,
    });
    for (const line of banner) console.log(line);
    onShutdown(async () => {
      await k.stop();
      await personio.close();
      await loket.close();
      await recruiting.close();
      await nmbrs.close();
    });
  });

program
  .command('emulator')
  .description('Run a vendor API emulator standalone (personio, nmbrs, loket, google, microsoft, zoom, gotomeeting); `koppel emulator <vendor> --help` for its options')
  .argument('<vendor>', 'which emulator: personio | nmbrs | loket | google | microsoft | zoom | gotomeeting')
  .allowUnknownOption(true)
  .helpOption(false)
  .argument('[options...]', 'options passed to the emulator')
  .action(async (vendor: string, rest: string[]) => {
    // Loaded on demand: the product never imports an emulator statically.
    const { EMULATOR_NAMES, isEmulatorName } = await import('../../../emulators/registry.ts');
    if (!isEmulatorName(vendor)) return program.error(`Unknown emulator "${vendor}". Available: ${EMULATOR_NAMES.join(', ')}`);
    const { runEmulatorCli } = await import('../../../emulators/kit/cli.ts');
    const emulator = await runEmulatorCli(vendor, rest);
    if (emulator) onShutdown(() => emulator.close());
  });

const tenant = program.command('tenant').description('Manage tenants (companies)');
tenant
  .command('create')
  .description('Create a tenant with its first owner')
  .requiredOption('--name <name>', 'company name')
  .requiredOption('--owner-email <email>', 'owner login email')
  .requiredOption('--owner-name <name>', 'owner display name')
  .requiredOption('--password <password>', 'owner password (min. 10 characters)')
  .addOption(new Option('--locale <locale>', 'default language').choices(['nl', 'de', 'en']).default('nl'))
  .addOption(new Option('--country <country>', 'country').choices(['NL', 'DE']).default('NL'))
  .option('--data-dir <dir>', 'embedded database folder')
  .action(async (opts) => {
    if (opts.password.length < 10) program.error('Password must have at least 10 characters');
    const c = config(opts);
    const r = await withDatabase(c, (db) => createTenantWithOwner(db, {
      tenantName: opts.name,
      ownerEmail: opts.ownerEmail,
      ownerName: opts.ownerName,
      password: opts.password,
      locale: opts.locale,
      country: opts.country,
    }));
    console.log(`Tenant ${r.tenant.name} (${r.tenant.id}) created; owner ${r.owner.email}`);
  });
tenant
  .command('list')
  .description('List tenants')
  .option('--data-dir <dir>', 'embedded database folder')
  .action(async (opts) => {
    const c = config(opts);
    const tenants = await withDatabase(c, (db) => db.selectFrom('tenants').select(['id', 'name', 'locale']).orderBy('name').execute());
    for (const t of tenants) console.log(`${t.id}  ${t.name}  (${t.locale})`);
  });

const user = program.command('user').description('Manage users');
user
  .command('create')
  .description('Create a user in a tenant')
  .requiredOption('--tenant <idOrName>', 'tenant id or exact name')
  .requiredOption('--email <email>', 'login email')
  .requiredOption('--name <name>', 'display name')
  .addOption(new Option('--role <role>', 'role').choices(ROLES).makeOptionMandatory())
  .requiredOption('--password <password>', 'password (min. 10 characters)')
  .addOption(new Option('--locale <locale>', 'language').choices(['nl', 'de', 'en']))
  .option('--data-dir <dir>', 'embedded database folder')
  .action(async (opts) => {
    if (opts.password.length < 10) program.error('Password must have at least 10 characters');
    const c = config(opts);
    const u = await withDatabase(c, async (db) => {
      const isUuid = /^[0-9a-f-]{36}$/i.test(opts.tenant);
      const t = await db.selectFrom('tenants').select(['id', 'time_zone']).where(isUuid ? 'id' : 'name', '=', opts.tenant).executeTakeFirst();
      if (!t) throw new Error(`Tenant not found: ${opts.tenant}`);
      // Through the users service, so the CLI gets the same duplicate check and audit entry as the UI.
      return createServices(db, c).users.create(systemActor(t.id, t.time_zone, 'cli'), {
        email: opts.email,
        name: opts.name,
        role: opts.role,
        locale: opts.locale ?? null,
        password: opts.password,
      });
    });
    console.log(`User ${u.email} (${u.role}) created: ${u.id}`);
  });

program
  .command('sync')
  .description('Sync one HR integration now, in this process (the nightly job does the same); the first sync of an integration is always a preview')
  .argument('<integrationId>', 'integration id (see the App center or GET /api/v1/integrations)')
  .option('--dry-run', 'preview only: read and plan, change nothing in Koppel', false)
  .option('--full', 're-read every record (also notices records deleted in the HR system)', false)
  .option('--apply <previewRunId>', 'apply a stored preview run instead (re-planned against the current Koppel data, nothing read again)')
  .option('--data-dir <dir>', 'embedded database folder')
  .action(async (integrationId: string, opts) => {
    const c = config(opts);
    const run = await withDatabase(c, async (db) => {
      const { applyConcurrencyFor, createSyncEngine } = await import('../../integrations/engine/sync.service.ts');
      const integration = await db.selectFrom('integrations').select(['tenant_id']).where('id', '=', integrationId).executeTakeFirst();
      if (!integration) throw new Error(`Integration not found: ${integrationId}`);
      const engine = createSyncEngine({ db, box: new SecretBox(c.secret), log: createLogger(c.logLevel, stderrDestination()), applyConcurrency: applyConcurrencyFor(c) });
      let shown = '';
      const hooks = {
        onProgress: (phase: string, done: number, total: number) => {
          const line = `${phase} ${done}${total ? `/${total}` : ''}`;
          if (process.stderr.isTTY && line !== shown && (done % 100 === 0 || done === total)) process.stderr.write(`\r${(shown = line).padEnd(30)}`);
        },
      };
      if (opts.apply) {
        const { run } = await engine.requestApply(integration.tenant_id, opts.apply, { trigger: 'cli', requestedBy: 'cli' });
        return engine.executeRun(integration.tenant_id, run.id, hooks);
      }
      return engine.runSync(integration.tenant_id, integrationId, { mode: opts.dryRun ? 'preview' : 'apply', trigger: 'cli', full: opts.full, requestedBy: 'cli' }, hooks);
    });
    if (process.stderr.isTTY) process.stderr.write('\n');
    const counts = run.counts as Record<string, number>;
    console.log(`Run ${run.id}: ${run.mode} ${run.status} · read ${counts.read} · added ${counts.added} · updated ${counts.updated} · unchanged ${counts.unchanged} · excluded ${counts.excluded} · needs action ${counts.needsAction} · failed ${counts.failed} · API calls ${run.api_calls}`);
    if (run.mode === 'preview') console.log(`Preview only: review it in the App center, then apply it there or with: koppel sync ${integrationId} --apply ${run.id}`);
    if (run.status === 'failed') {
      console.error(`Error: ${run.error}`);
      process.exitCode = 1;
    }
  });

registerOutboundCommands(program, { config, withDatabase });
const exportCmd = program.command('export').description('Send Koppel data to an external system');
exportCmd
  .command('personio-attendance')
  .description('Approved shifts of a period to Personio as attendance periods (the same as "Send to Personio" in the report); a re-send writes only the difference')
  .argument('<integrationId>', 'Personio integration id (see the App center or GET /api/v1/integrations)')
  .requiredOption('--from <date>', 'first day, YYYY-MM-DD')
  .requiredOption('--to <date>', 'last day, YYYY-MM-DD (at most 93 days)')
  .option('--department <id>', 'only this department')
  .option('--dry-run', 'show the report only: what would be new, changed, unchanged, removed; send nothing', false)
  .option('--data-dir <dir>', 'embedded database folder')
  .action(async (integrationId: string, opts) => {
    const c = config(opts);
    const { exportPersonioAttendance } = await import('./export-attendance.ts');
    const result = await withDatabase(c, (db) => exportPersonioAttendance(db, c, integrationId, opts, createLogger(c.logLevel, stderrDestination())));
    for (const line of result.lines) console.log(line);
    if (result.failed) process.exitCode = 1;
  });
exportCmd
  .command('nmbrs-hours')
  .description('Approved hours of a payroll period to Nmbrs per employee and mapped hour code (the same as "Send to Nmbrs"); a re-send sends only the difference')
  .argument('<integrationId>', 'Nmbrs integration id (see the App center or GET /api/v1/integrations)')
  .requiredOption('--year <year>', 'payroll year, e.g. 2026')
  .requiredOption('--period <n>', "payroll period number of the company's period type (month 1-12, 4-weekly 1-13, week 1-53)")
  .option('--company <id>', 'Nmbrs company id (needed when the integration covers several)')
  .option('--dry-run', 'show the report only; send nothing', false)
  .option('--unprotected', "confirm sending to a period before the company's current one (Nmbrs unprotected mode)", false)
  .option('--data-dir <dir>', 'embedded database folder')
  .action(async (integrationId: string, opts) => {
    const c = config(opts);
    const { exportNmbrsHours } = await import('./export-nmbrs-hours.ts');
    const result = await withDatabase(c, (db) => exportNmbrsHours(db, c, integrationId, opts, createLogger(c.logLevel, stderrDestination())));
    for (const line of result.lines) console.log(line);
    if (result.failed) process.exitCode = 1;
  });
const importCmd = program.command('import').description('Import data from an HR system now, in this process');
importCmd
  .command('personio-absences')
  .description('Import absences from a Personio integration now (the daily job after the sync does the same): approved absences of mapped types in the window; withdrawn ones go')
  .argument('<integrationId>', 'integration id (see the App center or GET /api/v1/integrations)')
  .option('--data-dir <dir>', 'embedded database folder')
  .action(async (integrationId: string, opts) => {
    const c = config(opts);
    const run = await withDatabase(c, async (db) => {
      const { createAbsenceImportService } = await import('../../integrations/absence-import/absence-import.service.ts');
      const integration = await db.selectFrom('integrations').select(['tenant_id', 'vendor']).where('id', '=', integrationId).executeTakeFirst();
      if (!integration) throw new Error(`Integration not found: ${integrationId}`);
      if (integration.vendor !== 'personio') throw new Error(`Not a Personio integration: ${integrationId} (${integration.vendor})`);
      const service = createAbsenceImportService({ db, box: new SecretBox(c.secret), log: createLogger(c.logLevel, stderrDestination()) });
      return service.run(integration.tenant_id, integrationId, 'cli', 'cli');
    });
    const n = run.counts;
    console.log(`Absence import ${run.id}: ${run.status} · window ${run.windowFrom} – ${run.windowTo} · read ${n.read} · created ${n.created} · updated ${n.updated} · removed ${n.removed} · yielded ${n.yielded} · unchanged ${n.unchanged} · skipped ${n.skipped}`);
    if (run.status === 'failed') {
      console.error(`Error: ${run.error}`);
      process.exitCode = 1;
    }
  });
registerLoketCommands(program, { config, withDatabase });

program.parseAsync(process.argv).catch((err) => {
  console.error(err instanceof AppError ? `Error: ${errorMessage('en', err.code, err.params)}` : err instanceof Error ? err.message : err);
  process.exit(1);
});
