import type { Config } from '../config/config.ts';
import type { Database } from '../db/client.ts';
import { SecretBox } from '../lib/crypto.ts';
import { createAuthService } from './auth.service.ts';
import { createAbsencesService } from './absences.service.ts';
import { createAuditService } from './audit.service.ts';
import { createComponentsService } from './components.service.ts';
import { createContractsService } from './contracts.service.ts';
import { createEmployeesService } from './employees.service.ts';
import { createIntegrationsService } from './integrations.service.ts';
import { createLeaveService } from './leave.service.ts';
import { createOrganisationService } from './organisation.service.ts';
import { createShiftsService } from './shifts.service.ts';
import { createMailsService } from './mails.service.ts';
import { createTokensService, createUsersService } from './users.service.ts';
import { createRecruitingServices } from '../recruiting/index.ts';

/** Wires the services once per process; HTTP routes, CLI and jobs all call these. */
export function createServices(db: Database, config: Config) {
  const box = new SecretBox(config.secret);
  const auth = createAuthService(db, config);
  return {
    db,
    config,
    box,
    auth,
    users: createUsersService(db, auth),
    tokens: createTokensService(db),
    employees: createEmployeesService(db, box),
    mails: createMailsService(db),
    organisation: createOrganisationService(db),
    contracts: createContractsService(db),
    components: createComponentsService(db),
    shifts: createShiftsService(db),
    absences: createAbsencesService(db),
    leave: createLeaveService(db),
    audit: createAuditService(db),
    integrations: createIntegrationsService(db, box),
    recruiting: createRecruitingServices(db, box, config),
  };
}
export type Services = ReturnType<typeof createServices>;
