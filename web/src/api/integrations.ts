import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ApiError, api, type Page } from './client';
import { useApiMutation } from './hooks';
import type { BodyOf, ItemOf, ListItemOf, ResponseOf } from './openapi-helpers';

/**
 * HR integrations (F-10 … F-19), as src/http/routes/integrations.routes.ts describes them.
 * Credentials go in, never out: an integration carries only a hint (e.g. a masked client id).
 */

// The shapes come from the OpenAPI description (schema.gen.ts, `npm run gen:api`); only the lists the UI
// iterates over are spelled out, and tsc checks them against the generated unions.
export type Integration = ResponseOf<'/integrations/{id}'>;
export type IntegrationVendor = ListItemOf<'/integration-vendors'>;
export type VendorCategory = IntegrationVendor['category'];
export type Capability = IntegrationVendor['capabilities'][number];
export type IntegrationSettings = Integration['settings'];
export type HealthState = Integration['health'];
export const HEALTH_STATES: HealthState[] = ['healthy', 'warnings', 'failing', 'reconnect_needed'];
export type AccountChoice = ResponseOf<'/integrations/{id}/accounts'>['items'][number];
export type ExternalAccount = Omit<AccountChoice, 'selected'>;
export type IntegrationHealth = ListItemOf<'/integrations-health'>;
export type ExternalOrganisation = ResponseOf<'/integrations/{id}/organisation'>;
export type ExternalRef = ExternalOrganisation['departments'][number];
export type Mappings = ResponseOf<'/integrations/{id}/mappings/{kind}'>;
export type MappingKind = Mappings['kind'];
export const MAPPING_KINDS: MappingKind[] = ['department', 'cost_center', 'function', 'contract_type_in', 'contract_type_out'];
/** Kinds whose tab is shown only when the HR system lists such things (Nmbrs' function catalogue). */
export const OPTIONAL_MAPPING_KINDS: ReadonlySet<MappingKind> = new Set(['function']);
export type MappingItem = Mappings['items'][number];
export type RecordPage = ResponseOf<'/integrations/{id}/records'>;
export type ExternalRecord = ItemOf<RecordPage>;
export type RecordList = keyof RecordPage['lists'];
export const RECORD_LISTS: RecordList[] = ['unlinked', 'linked', 'excluded', 'former'];
export type ListCount = RecordPage['lists'][RecordList];
export type RecordAction = BodyOf<'/integrations/{id}/records/{recordId}/actions', 'post'>['action'];
export type LinkState = ExternalRecord['linkState'];
export type SyncRun = ResponseOf<'/sync-runs/{id}'>;
export type SyncRunSummary = ListItemOf<'/integrations/{id}/runs'>;
export type RunStatus = SyncRunSummary['status'];
export type RunMode = SyncRunSummary['mode'];
export type RunTrigger = SyncRunSummary['trigger'];
export type RunCounts = SyncRunSummary['counts'];
export type PerEmployeeMessages = SyncRun['warnings'];
export type DiffItem = SyncRun['diff']['items'][number];
export type RunStarted = ResponseOf<'/integrations/{id}/sync', 'post'>;

export const isRunning = (status: RunStatus | undefined) => status === 'queued' || status === 'running';

/** Which of an employee's fields HR integrations own (F-14: edits there are overwritten by the next sync). */
export type EmployeeSyncStatus = ResponseOf<'/employees/{id}/sync-status'>;

/* ---------- queries ---------- */

export const useIntegrationVendors = () =>
  useQuery<IntegrationVendor[], ApiError>({ queryKey: ['integration-vendors'], queryFn: () => api.get<IntegrationVendor[]>('/integration-vendors'), staleTime: 5 * 60_000 });

export const useIntegrations = () => useQuery<Integration[], ApiError>({ queryKey: ['integrations', 'list'], queryFn: () => api.get<Integration[]>('/integrations') });

export const useIntegration = (id: string) =>
  useQuery<Integration, ApiError>({ queryKey: ['integrations', 'one', id], queryFn: () => api.get<Integration>(`/integrations/${id}`), enabled: !!id });

export const useEmployeeSyncStatus = (employeeId: string) =>
  useQuery<EmployeeSyncStatus, ApiError>({
    queryKey: ['integrations', 'employee-sync-status', employeeId],
    queryFn: () => api.get<EmployeeSyncStatus>(`/employees/${employeeId}/sync-status`),
    enabled: !!employeeId,
    staleTime: 60_000,
  });

export const useIntegrationsHealth = (enabled = true) =>
  useQuery<IntegrationHealth[], ApiError>({ queryKey: ['integrations-health'], queryFn: () => api.get<IntegrationHealth[]>('/integrations-health'), enabled });

/** Read live from the HR system: may fail when it cannot be reached; not retried automatically. */
export const useExternalOrganisation = (id: string) =>
  useQuery<ExternalOrganisation, ApiError>({
    queryKey: ['integrations', 'organisation', id],
    queryFn: () => api.get<ExternalOrganisation>(`/integrations/${id}/organisation`),
    staleTime: 60_000,
    retry: false,
  });

/** The accounts the credentials see, read live (no automatic retry), with the chosen ones selected. */
export const useIntegrationAccounts = (id: string, enabled = true) =>
  useQuery<{ items: AccountChoice[] }, ApiError>({
    queryKey: ['integrations', 'accounts', id],
    queryFn: () => api.get<{ items: AccountChoice[] }>(`/integrations/${id}/accounts`),
    enabled: enabled && !!id,
    staleTime: 60_000,
    retry: false,
  });

export const useMappings = (id: string, kind: MappingKind) =>
  useQuery<Mappings, ApiError>({ queryKey: ['integrations', 'mappings', id, kind], queryFn: () => api.get<Mappings>(`/integrations/${id}/mappings/${kind}`) });

export const useRecords = (id: string, query: { list: RecordList; page: number; pageSize: number; q?: string }) =>
  useQuery<RecordPage, ApiError>({
    queryKey: ['integrations', 'records', id, query],
    queryFn: () => api.get<RecordPage>(`/integrations/${id}/records`, query),
    placeholderData: keepPreviousData,
  });

/** The history; polled every second while one of its runs is queued or running. */
export const useRuns = (id: string, query: { page: number; pageSize: number }) =>
  useQuery<Page<SyncRunSummary>, ApiError>({
    queryKey: ['integrations', 'runs', id, query],
    queryFn: () => api.get<Page<SyncRunSummary>>(`/integrations/${id}/runs`, query),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (q.state.data?.items.some((r) => isRunning(r.status)) ? 1000 : false),
  });

/** One run; polled every second while it is queued or running. */
export const useRun = (runId: string | null) =>
  useQuery<SyncRun, ApiError>({
    queryKey: ['sync-runs', runId],
    queryFn: () => api.get<SyncRun>(`/sync-runs/${runId}`),
    enabled: !!runId,
    refetchInterval: (q) => (q.state.status !== 'error' && (!q.state.data || isRunning(q.state.data.status)) ? 1000 : false),
    staleTime: 0,
  });

/* ---------- mutations ---------- */

/** Everything a sync, a link action or a mapping change can move (an apply changes contract hours, so the leave computed from them too). */
/** What a finished run changed: integrations, records, employees and their contracts and leave, and the Nmbrs steps strip. */
const AFTER_SYNC = [['integrations'], ['integrations-health'], ['employees'], ['dashboard'], ['contracts'], ['leave'], ['nmbrs-steps']];

export const useCreateIntegration = () =>
  useApiMutation(
    (body: { vendor: string; name: string; baseUrl?: string | null; credentials: Record<string, string>; settings?: Partial<IntegrationSettings> }) =>
      api.post<Integration>('/integrations', body),
    [['integrations'], ['integrations-health']],
  );

export const useUpdateIntegration = (id: string) =>
  useApiMutation(
    (body: { name?: string; baseUrl?: string | null; credentials?: Record<string, string>; settings?: Partial<IntegrationSettings>; active?: boolean }) =>
      api.patch<Integration>(`/integrations/${id}`, body),
    [['integrations'], ['integrations-health'], ['audit']],
  );

export const useSetIntegrationScope = (id: string) =>
  useApiMutation((body: { accountIds: string[] }) => api.put<Integration>(`/integrations/${id}/scope`, body), [['integrations'], ['integrations-health'], ['audit']]);

export const useDeactivateIntegration = () =>
  useApiMutation((id: string) => api.delete<Integration>(`/integrations/${id}`), [['integrations'], ['integrations-health']]);

export const useSaveMappings = (id: string, kind: MappingKind) =>
  useApiMutation(
    (items: { externalId: string; externalName?: string; koppelId: string | null; exclude?: boolean; create?: boolean }[]) => api.put<Mappings>(`/integrations/${id}/mappings/${kind}`, { items }),
    // "Create" adds Koppel functions: the functions list is read again.
    [['integrations', 'mappings', id, kind], ['integrations', 'records', id], ['integrations-health'], ['nmbrs-steps', id], ['functions']],
  );

export const useRecordAction = (id: string) =>
  useApiMutation(
    ({ recordId, ...body }: { recordId: string; action: RecordAction; employeeId?: string | null }) => api.post<ExternalRecord>(`/integrations/${id}/records/${recordId}/actions`, body),
    [['integrations', 'records', id], ['integrations-health'], ['nmbrs-steps', id]],
  );

export type LinkPreview = ResponseOf<'/integrations/{id}/records/{recordId}/link-preview'>;
/** What linking a record to an employee will overwrite (old → new), before the link is confirmed. */
export const useLinkPreview = (id: string, recordId: string, employeeId: string | null) =>
  useQuery<LinkPreview, ApiError>({
    queryKey: ['integrations', 'link-preview', id, recordId, employeeId],
    queryFn: () => api.get<LinkPreview>(`/integrations/${id}/records/${recordId}/link-preview`, { employeeId: employeeId! }),
    enabled: !!employeeId,
  });

export const useStartSync = (id: string) =>
  useApiMutation((body: { dryRun: boolean }) => api.post<RunStarted>(`/integrations/${id}/sync`, body), [['integrations', 'runs', id], ['integrations-health']]);

export const useApplyRun = () => useApiMutation((runId: string) => api.post<RunStarted>(`/sync-runs/${runId}/apply`), [['integrations'], ['sync-runs']]);

export const useUndoRun = () => useApiMutation((runId: string) => api.post<RunStarted>(`/sync-runs/${runId}/undo`), [['integrations'], ['sync-runs']]);

/** Call when a run finishes: the lists, health and employees it touched are stale. */
export function useRefreshAfterRun() {
  const qc = useQueryClient();
  return () => Promise.all(AFTER_SYNC.map((key) => qc.invalidateQueries({ queryKey: key })));
}
