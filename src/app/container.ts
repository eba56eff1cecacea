import { createCompanyService } from '../platform/identity/tenants.service.ts';
import { type Logger, silentLogger } from '../platform/log/logger.ts';
import type { Config } from '../platform/config.ts';
import type { Database } from '../platform/db/client.ts';
import { SecretBox } from '../platform/crypto.ts';
import { createAuthService } from '../platform/identity/auth.service.ts';
import { createAbsencesService } from '../workforce/absences.service.ts';
import { createAuditService } from '../platform/audit/audit.service.ts';
import { createJobsService } from '../platform/jobs/jobs.service.ts';
import { createComponentsService } from '../workforce/components.service.ts';
import { createContractsService } from '../workforce/contracts.service.ts';
import { createEmployeesService, EMBEDDED_LIST_PAGE_TTL_MS, SERVER_LIST_PAGE_TTL_MS } from '../workforce/employees.service.ts';
import { createIntegrationsService } from '../integrations/app-center.service.ts';
import { createAuthorizationCodeService } from '../integrations/authorization-code.service.ts';
import { createNmbrsHoursService } from '../integrations/outbound/nmbrs-hours.service.ts';
import { createNmbrsStepsService } from '../integrations/nmbrs-steps.service.ts';
import { createLeaveService } from '../workforce/leave.service.ts';
import { createOrganisationService } from '../workforce/organisation.service.ts';
import { createShiftsService } from '../workforce/shifts.service.ts';
import { createMailsService } from '../platform/mail/mails.service.ts';
import { createTokensService, createUsersService } from '../platform/identity/users.service.ts';
import { createRecruitingServices } from '../recruiting/index.ts';
import { outboundGuardFor } from '../connectors/kit/outbound-guard.ts';
import { createOutboundService } from '../integrations/outbound/outbound.service.ts';
import { createPeriodLocks } from '../integrations/outbound/period-locks.ts';
import { createCorrectionsService } from '../integrations/outbound/corrections.service.ts';
import { createPersonioAttendanceService } from '../integrations/outbound/personio-attendance.service.ts';
import { absenceLockPort } from '../integrations/absence-import/absence-lock.ts';
import { createAbsenceImportService } from '../integrations/absence-import/absence-import.service.ts';
import { createLoketExportService } from '../integrations/loket/loket-export.service.ts';

/** Wires the services once per process; HTTP routes, CLI and jobs all call these. */
export function createServices(db: Database, config: Config, log: Logger = silentLogger) {
  const box = new SecretBox(config.secret);
  const auth = createAuthService(db);
  // Sent days (F-25): the outbound journal's locks, handed to the workforce as a port.
  const periodLocks = createPeriodLocks();
  const outbound = createOutboundService(db);
  // Koppel's own OAuth2 clients at the vendors (KOPPEL_<VENDOR>_CLIENT_ID / _SECRET): Loket's form and login page, Nmbrs' consent page.
  const oauthClients = { ...(config.loketClient ? { loket: config.loketClient } : {}), ...(config.nmbrsClient ? { nmbrs: config.nmbrsClient } : {}) };
  const integrations = createIntegrationsService(db, box, { log, urlGuard: outboundGuardFor(config), oauthClients });
  return {
    db,
    config,
    box,
    auth,
    users: createUsersService(db, auth),
    company: createCompanyService(db),
    tokens: createTokensService(db),
    // On the embedded database this process makes every write, so a reused page is never stale (decision 0026).
    employees: createEmployeesService(db, box, { listPageTtlMs: config.databaseUrl ? SERVER_LIST_PAGE_TTL_MS : EMBEDDED_LIST_PAGE_TTL_MS }),
    mails: createMailsService(db),
    organisation: createOrganisationService(db),
    contracts: createContractsService(db),
    components: createComponentsService(db),
    shifts: createShiftsService(db, { periodLocks }),
    absences: createAbsencesService(db, { periodLocks, lock: absenceLockPort(db) }),
    leave: createLeaveService(db),
    audit: createAuditService(db),
    jobs: createJobsService(db),
    integrations,
    integrationAuthorization: createAuthorizationCodeService(db, box, { log, urlGuard: outboundGuardFor(config), oauthClients, integrations, ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}) }),
    absenceImport: createAbsenceImportService({ db, box, log, urlGuard: outboundGuardFor(config) }),
    recruiting: createRecruitingServices(db, box, config, log),
    outbound,
    corrections: createCorrectionsService(db),
    personioAttendance: createPersonioAttendanceService(db, box, { log, urlGuard: outboundGuardFor(config) }),
    loketExport: createLoketExportService({ db, box, outbound, urlGuard: outboundGuardFor(config), log }),
    nmbrsHours: createNmbrsHoursService(db, box, { log, urlGuard: outboundGuardFor(config) }),
    nmbrsSteps: createNmbrsStepsService(db, box, { log, urlGuard: outboundGuardFor(config) }),
  };
}
export type Services = ReturnType<typeof createServices>;
