/**
 * F-14, pure: which fields the synced-fields notice names. The contract form names its contract's synced
 * fields; the employee form names the employee's synced fields and, when the sync also fills contracts of
 * this employee (Nmbrs: function, department, contract type, hours), those contract fields as well, so the
 * user reads on the employee form what the next sync overwrites there and on the contracts tab.
 */
export type SyncStatusLike = { synced: boolean; employeeFields: string[]; contractFields: string[]; contractIds: string[] };

export function noticeFields(s: SyncStatusLike | undefined, entity: 'employee' | 'contract', contractId?: string | null): { fields: string[]; contractFields: string[] } {
  const none = { fields: [], contractFields: [] };
  if (!s?.synced) return none;
  if (entity === 'contract') return contractId && s.contractIds.includes(contractId) ? { fields: s.contractFields, contractFields: [] } : none;
  return { fields: s.employeeFields, contractFields: s.contractIds.length > 0 ? s.contractFields : [] };
}
