import type { Services } from '../../services/container.ts';
import type { ZodApp } from '../app.ts';
import { authRoutes } from './auth.routes.ts';
import { employeesRoutes } from './employees.routes.ts';
import { mailsRoutes } from './mails.routes.ts';
import { usersRoutes } from './users.routes.ts';

/** One file per route group; each handler validates, calls one service, maps the result. */
export function registerRoutes(app: ZodApp, s: Services) {
  authRoutes(app, s);
  usersRoutes(app, s);
  employeesRoutes(app, s);
  mailsRoutes(app, s);
}
