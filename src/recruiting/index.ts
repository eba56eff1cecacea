import { type Logger, silentLogger } from '../platform/log/logger.ts';
import type { Config } from '../platform/config.ts';
import type { Database } from '../platform/db/client.ts';
import type { SecretBox } from '../platform/crypto.ts';
import { createRecruitingCatalogs } from './catalogs.ts';
import { createConnectionsService } from './connections.ts';
import { outboundGuardFor } from '../connectors/kit/outbound-guard.ts';
import { type PollDeps, processInbox, refreshResponses } from './delivery.ts';
import { createInterviewsService } from './interviews.ts';
import { createLinksService } from './links.ts';
import { createWorkingHoursService } from './working-hours.ts';
import type { Actor } from '../domain/actor.ts';

/** Recruiting (issue 4): one object with every recruiting service, wired once in services/container.ts. */
export function createRecruitingServices(db: Database, box: SecretBox, config: Config, log: Logger = silentLogger) {
  const catalogs = createRecruitingCatalogs(db);
  const connections = createConnectionsService(db, box, { urlGuard: outboundGuardFor(config), logger: log });
  const interviews = createInterviewsService(db, box, config, log);
  const links = createLinksService(db, box, config, interviews);
  return {
    ...catalogs,
    connections,
    interviews,
    links,
    workingHours: createWorkingHoursService(db),
    /** F-36 "refresh now": mailed replies first, then the calendars. */
    async refresh(actor: Actor, id: string) {
      await interviews.get(actor, id);
      const full: PollDeps = { db, box, config };
      await processInbox(full);
      await refreshResponses(full, id);
      return interviews.get(actor, id);
    },
  };
}
export type RecruitingServices = ReturnType<typeof createRecruitingServices>;
