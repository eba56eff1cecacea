import type { Role } from '../api/types';

/** Mirrors the server's role groups (src/services/actor.ts) so navigation hides what a role cannot use. */
export const ROLE_GROUPS = {
  admin: ['owner', 'admin'],
  hr: ['owner', 'admin', 'hr_admin'],
  workforceRead: ['owner', 'admin', 'hr_admin', 'planner'],
  hours: ['owner', 'admin', 'hr_admin', 'planner'],
  everyone: ['owner', 'admin', 'hr_admin', 'planner', 'recruiter', 'interviewer'],
  /** Recruiting staff (docs/recruiting-api.md): manage jobs, candidates, interviews and smart links. */
  recruiting: ['owner', 'admin', 'hr_admin', 'recruiter'],
} as const satisfies Record<string, readonly Role[]>;
export type RoleGroup = keyof typeof ROLE_GROUPS;

export function inGroup(role: Role | undefined, group: RoleGroup): boolean {
  return !!role && (ROLE_GROUPS[group] as readonly Role[]).includes(role);
}
