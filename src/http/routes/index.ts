import type { Services } from '../../services/container.ts';
import type { ZodApp } from '../app.ts';
import { absencesRoutes } from './absences.routes.ts';
import { auditRoutes } from './audit.routes.ts';
import { authRoutes } from './auth.routes.ts';
import { componentsRoutes } from './components.routes.ts';
import { contractsRoutes } from './contracts.routes.ts';
import { employeesRoutes } from './employees.routes.ts';
import { integrationsRoutes } from './integrations.routes.ts';
import { leaveRoutes } from './leave.routes.ts';
import { mailsRoutes } from './mails.routes.ts';
import { organisationRoutes } from './organisation.routes.ts';
import { shiftsRoutes } from './shifts.routes.ts';
import { usersRoutes } from './users.routes.ts';
import { recruitingRoutes } from './recruiting.routes.ts';

/** One file per route group; each handler validates, calls one service, maps the result. */
export function registerRoutes(app: ZodApp, s: Services) {
  authRoutes(app, s);
  usersRoutes(app, s);
  employeesRoutes(app, s);
  mailsRoutes(app, s);
  organisationRoutes(app, s);
  contractsRoutes(app, s);
  componentsRoutes(app, s);
  shiftsRoutes(app, s);
  absencesRoutes(app, s);
  leaveRoutes(app, s);
  auditRoutes(app, s);
  integrationsRoutes(app, s);
  recruitingRoutes(app, s);
}
