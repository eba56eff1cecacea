import { AppError } from '../domain/errors.ts';
import type { Actor } from '../domain/actor.ts';
import { asLang, type Lang } from './text.ts';

/**
 * Recruiting's finer rules on top of the route groups (routes use `everyone`): staff manage
 * recruiting, admins see private titles and set up OAuth apps, everybody else takes part.
 * Kept here rather than in ROLE_GROUPS because only recruiting needs the recruiter-without-HR group.
 */
export const RECRUITING_STAFF = ['owner', 'admin', 'hr_admin', 'recruiter'] as const;
const ADMINS = ['owner', 'admin'] as const;
/** May organise an interview for a job they are not responsible for. */
const ORGANISE_ANY = ['owner', 'admin', 'hr_admin'] as const;

export const isStaff = (actor: Actor) => (RECRUITING_STAFF as readonly string[]).includes(actor.role);
export const isAdmin = (actor: Actor) => (ADMINS as readonly string[]).includes(actor.role);
export const mayOrganiseAny = (role: string) => (ORGANISE_ANY as readonly string[]).includes(role);

export function requireStaff(actor: Actor): void {
  if (!isStaff(actor)) throw new AppError('forbidden');
}
export function requireAdmin(actor: Actor): void {
  if (!isAdmin(actor)) throw new AppError('forbidden');
}
export const langOf = (actor: Actor | null | undefined): Lang => asLang(actor?.locale);
