import type { Locale } from './locale.ts';
import { AppError } from './errors.ts';

/** The six roles; what each may do is ROLE_GROUPS below and docs/decisions/0003-auth.md. */
export type Role = 'owner' | 'admin' | 'hr_admin' | 'planner' | 'recruiter' | 'interviewer';

/** Who is acting: a logged-in user, an API token, a sync run or the system. Every service call takes one. */
export type Actor = {
  tenantId: string;
  type: 'user' | 'api_token' | 'sync' | 'system';
  id: string | null;
  name: string;
  role: Role;
  userId?: string;
  /** An API token acts for the user who created it (never with more than that user's current role); their id. */
  onBehalfOf?: string;
  locale?: Locale;
  /** The tenant's IANA zone: local dates ("today", schedules, mails) are read in it. */
  timeZone: string;
};

/** Higher number = more rights. Interviewer and recruiter sit beside the HR roles; see ROLE_GROUPS. */
export const ROLE_RANK: Record<Role, number> = {
  owner: 100,
  admin: 90,
  hr_admin: 70,
  planner: 50,
  recruiter: 40,
  interviewer: 10,
};

export const ROLES = Object.keys(ROLE_RANK) as Role[];

/** The lower-ranked of two roles: what an API token may do when its creator's role has changed since. */
export const lowerRole = (a: Role, b: Role): Role => (ROLE_RANK[a] <= ROLE_RANK[b] ? a : b);

/** Named permission groups; routes and services refer to these, never to raw role lists. */
export const ROLE_GROUPS = {
  admin: ['owner', 'admin'],
  hr: ['owner', 'admin', 'hr_admin'],
  workforceRead: ['owner', 'admin', 'hr_admin', 'planner'],
  hours: ['owner', 'admin', 'hr_admin', 'planner'],
  everyone: ['owner', 'admin', 'hr_admin', 'planner', 'recruiter', 'interviewer'],
} as const satisfies Record<string, readonly Role[]>;
export type RoleGroup = keyof typeof ROLE_GROUPS;

/** Whether the actor's role is in the group (for answers that differ by role without refusing). */
export function inRoleGroup(actor: Actor, group: RoleGroup): boolean {
  return (ROLE_GROUPS[group] as readonly Role[]).includes(actor.role);
}

export function requireRole(actor: Actor, group: RoleGroup): void {
  if (!inRoleGroup(actor, group)) throw new AppError('forbidden');
}

export function systemActor(tenantId: string, timeZone: string, name = 'system'): Actor {
  return { tenantId, type: 'system', id: null, name, role: 'owner', timeZone };
}

/**
 * Field-level visibility (docs/decisions/0008-field-visibility.md): wages and employees' private data (birth date,
 * address, notes, the masked BSN) are for the HR roles only; planners read what planning needs.
 */
export function seesPrivateData(actor: Actor): boolean {
  return (ROLE_GROUPS.hr as readonly Role[]).includes(actor.role);
}
