/**
 * F-14, pure: which fields the synced-fields notice names. The contract form names its contract's synced
 * fields; the employee form names the employee's synced fields and, when the sync also fills contracts of
 * this employee (Nmbrs: function, department, contract type, hours), those contract fields as well, so the
 * user reads on the employee form what the next sync overwrites there and on the contracts tab.
 */
export type SyncStatusLike = { synced: boolean; employeeFields: string[]; contractFields: string[]; contractIds: string[]; integrations?: { vendor: string; active: boolean }[] };

/**
 * What an HR system holds that Koppel keeps no field of, per vendor, named on the employee form so the user knows
 * where it is changed: Nmbrs' labour agreement (CAO: Nmbrs' REST API offers no endpoint for it). The company
 * (werkmaatschappij) is a contract field that the sync fills and overwrites (in `contractFields`).
 */
const HELD_BY_VENDOR: Record<string, string[]> = { nmbrs: ['labourAgreement'] };

export function noticeFields(
  s: SyncStatusLike | undefined,
  entity: 'employee' | 'contract',
  contractId?: string | null,
): { fields: string[]; contractFields: string[]; vendorOnly: string[] } {
  const none = { fields: [], contractFields: [], vendorOnly: [] };
  if (!s?.synced) return none;
  const vendorOnly = [...new Set((s.integrations ?? []).filter((i) => i.active).flatMap((i) => HELD_BY_VENDOR[i.vendor] ?? []))];
  if (entity === 'contract') return contractId && s.contractIds.includes(contractId) ? { fields: s.contractFields, contractFields: [], vendorOnly } : none;
  return { fields: s.employeeFields, contractFields: s.contractIds.length > 0 ? s.contractFields : [], vendorOnly };
}
