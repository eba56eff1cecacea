import type { Services } from '../container.ts';
import type { ZodApp } from '../../platform/http/zod-app.ts';
import { absencesRoutes } from './routes/absences.routes.ts';
import { absenceImportRoutes } from './routes/absence-import.routes.ts';
import { auditRoutes } from './routes/audit.routes.ts';
import { companyRoutes } from './routes/company.routes.ts';
import { authRoutes } from './routes/auth.routes.ts';
import { componentsRoutes } from './routes/components.routes.ts';
import { contractsRoutes } from './routes/contracts.routes.ts';
import { employeesRoutes } from './routes/employees.routes.ts';
import { integrationsRoutes } from './routes/integrations.routes.ts';
import { jobsRoutes } from './routes/jobs.routes.ts';
import { leaveRoutes } from './routes/leave.routes.ts';
import { mailsRoutes } from './routes/mails.routes.ts';
import { organisationRoutes } from './routes/organisation.routes.ts';
import { shiftsRoutes } from './routes/shifts.routes.ts';
import { usersRoutes } from './routes/users.routes.ts';
import { recruitingRoutes } from './routes/recruiting.routes.ts';
import { outboundRoutes } from './routes/outbound.routes.ts';
import { attendanceExportRoutes } from './routes/attendance-export.routes.ts';
import { integrationConsentRoutes } from './routes/integration-consent.routes.ts';
import { nmbrsHoursRoutes } from './routes/nmbrs-hours.routes.ts';
import { nmbrsStepsRoutes } from './routes/nmbrs-steps.routes.ts';

/** One file per route group; each handler validates, calls one service, maps the result. */
export function registerRoutes(app: ZodApp, s: Services) {
  authRoutes(app, s);
  usersRoutes(app, s);
  companyRoutes(app, s);
  employeesRoutes(app, s);
  mailsRoutes(app, s);
  organisationRoutes(app, s);
  contractsRoutes(app, s);
  componentsRoutes(app, s);
  shiftsRoutes(app, s);
  absencesRoutes(app, s);
  leaveRoutes(app, s);
  auditRoutes(app, s);
  jobsRoutes(app, s);
  integrationsRoutes(app, s);
  absenceImportRoutes(app, s);
  recruitingRoutes(app, s);
  outboundRoutes(app, s);
  attendanceExportRoutes(app, s);
  integrationConsentRoutes(app, s);
  nmbrsHoursRoutes(app, s);
  nmbrsStepsRoutes(app, s);
}
