import { createLogger, silentLogger } from '../platform/log/logger.ts';
import type { Config } from '../platform/config.ts';
import { type DatabaseHandle, migrate, openDatabase } from '../platform/db/client.ts';
import { buildApp } from './http/app.ts';
import { installSchedules, startWorker, type Worker } from '../platform/jobs/worker.ts';
import { jobDefinitions, systemSchedules } from './job-registry.ts';
import { createMailer } from '../platform/mail/mailer.ts';
import { noTransportMailer } from '../platform/mail/no-transport.ts';
import { createServices } from './container.ts';

export type RuntimeOptions = {
  worker?: boolean;
  mailCatcher?: boolean;
  listen?: boolean;
  logger?: boolean;
  migrate?: boolean;
  database?: DatabaseHandle;
};

/**
 * Starts the pieces of one Koppel process: database (+migrations), optional mail catcher,
 * HTTP app, and optional in-process worker. `koppel serve`, `koppel demo`, the tests and the
 * benchmarks all start Koppel through here, so they run the same wiring.
 */
export async function startKoppel(baseConfig: Config, opts: RuntimeOptions = {}) {
  const log = opts.logger ? createLogger(baseConfig.logLevel) : silentLogger;
  const database = opts.database ?? (await openDatabase(baseConfig, { log, applicationName: opts.worker ? 'koppel' : 'koppel-web' }));
  if (opts.migrate !== false) await migrate(database.db);
  let config = baseConfig;
  // Port taken (another Koppel on this machine)? Any free port will do: the mailer is pointed at it.
  const catcher = opts.mailCatcher
    ? await import('../platform/mail/catcher.ts').then(({ startMailCatcher }) =>
        startMailCatcher(database.db, baseConfig.mailCatcherPort, { secret: baseConfig.secret }).catch(() => startMailCatcher(database.db, 0, { secret: baseConfig.secret })),
      )
    : undefined;
  if (catcher && !config.smtpUrl) config = { ...config, smtpUrl: catcher.url };
  const mailer = config.smtpUrl ? createMailer(config.smtpUrl, config.mailFrom, config.secret) : noTransportMailer(log);
  const services = createServices(database.db, config, log);
  const app = await buildApp(services, { log });
  let worker: Worker | undefined;
  if (opts.worker) {
    await installSchedules(database.db, systemSchedules, config.timeZone);
    worker = startWorker({ db: database.db, config, mailer, log, definitions: jobDefinitions });
  }
  let address: string | undefined;
  if (opts.listen) {
    address = await app.listen({ port: config.port, host: config.host });
  }
  return {
    config,
    database,
    db: database.db,
    services,
    app,
    worker,
    catcher,
    mailer,
    log,
    address,
    async stop() {
      await app.close();
      await worker?.stop();
      await catcher?.close();
      mailer.close();
      await database.close();
    },
  };
}
export type Koppel = Awaited<ReturnType<typeof startKoppel>>;
