/** Names shared by the sync engine, its job, its schedule and the HTTP layer (no imports, so no cycles). */
export const INTEGRATION_SYNC_JOB = 'integration.sync';
/** One queued-or-running sync job per integration: a second trigger joins the first. */
export const syncSingletonKey = (tenantId: string, integrationId: string) => `${tenantId}:${integrationId}:sync`;
export const scheduleKey = (integrationId: string) => `integration:${integrationId}:sync`;
