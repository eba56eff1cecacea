import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ApiError, api, type Page } from './client';
import { useApiMutation } from './hooks';

/**
 * HR integrations (F-10 … F-19), as src/http/routes/integrations.routes.ts describes them.
 * Credentials go in, never out: an integration carries only a hint (e.g. a masked client id).
 */

export type HealthState = 'healthy' | 'warnings' | 'failing' | 'reconnect_needed';
export const HEALTH_STATES: HealthState[] = ['healthy', 'warnings', 'failing', 'reconnect_needed'];

export type VendorCategory = 'hr' | 'payroll' | 'calendar' | 'video';
/** The closed list in src/connectors/kit/capabilities.ts. */
export type Capability =
  | 'employees:read'
  | 'organisation:read'
  | 'attendances:read'
  | 'attendances:write'
  | 'absences:read'
  | 'payroll-hours:write'
  | 'calendar:freebusy'
  | 'calendar:events:write'
  | 'video:meetings:write';

export type IntegrationVendor = {
  vendor: string;
  label: string;
  /** hr and payroll vendors are connected in the App center; calendar and video ones on the recruiting connections page. */
  category: VendorCategory;
  capabilities: Capability[];
  defaultBaseUrl: string;
  credentialFields: string[];
  /** Listed so users see what is planned (Nmbrs, Loket), but cannot be connected yet. */
  comingSoon: boolean;
};

export type IntegrationSettings = {
  contractFields: { function: boolean; endDates: boolean; contractHours: boolean; hourlyWages: boolean };
  employeeFields: { birthDate: boolean; address: boolean; phone: boolean };
  autoAddEmployees: boolean;
  notificationEmails: string[];
  syncTime: string;
  syncStartDate: string | null;
};

/** A company / administration the credentials can see (a Personio company, an Nmbrs debtor or company, a Loket employer). */
export type ExternalAccount = { id: string; name: string; kind: 'company' | 'employer' | 'debtor'; parentId?: string | null };
export type AccountChoice = ExternalAccount & { selected: boolean };

export type Integration = {
  id: string;
  vendor: string;
  vendorLabel: string;
  capabilities: Capability[];
  /** The accounts the integration covers; null = not chosen yet (the scope step). */
  accountScope: ExternalAccount[] | null;
  name: string;
  baseUrl: string;
  credentialsHint: string;
  active: boolean;
  settings: IntegrationSettings;
  health: HealthState;
  healthDetail: string | null;
  lastSuccessAt: string | null;
  firstSyncApplied: boolean;
  nextSyncAt: string | null;
  createdAt: string;
  updatedAt: string;
};

export type IntegrationHealth = {
  id: string;
  name: string;
  vendor: string;
  vendorLabel: string;
  active: boolean;
  state: HealthState;
  detail: string | null;
  lastSuccessAt: string | null;
  nextSyncAt: string | null;
  openActions: number;
  lastRun: { id: string; status: string; mode: string; finishedAt: string | null } | null;
};

export type ExternalRef = { externalId: string; name: string };
export type ExternalOrganisation = { departments: ExternalRef[]; costCenters: ExternalRef[]; contractTypes: ExternalRef[] };

export type MappingKind = 'department' | 'cost_center' | 'contract_type_in' | 'contract_type_out';
export const MAPPING_KINDS: MappingKind[] = ['department', 'cost_center', 'contract_type_in', 'contract_type_out'];
export type MappingItem = { externalId: string; externalName: string; koppelId: string | null; exclude: boolean };
export type Mappings = { kind: MappingKind; items: MappingItem[] };

export type RecordList = 'unlinked' | 'linked' | 'excluded' | 'former';
export const RECORD_LISTS: RecordList[] = ['unlinked', 'linked', 'excluded', 'former'];
export type RecordAction = 'add' | 'link' | 'exclude' | 'skip' | 'unlink';
export type LinkState = 'unlinked' | 'linked' | 'excluded' | 'skipped';

export type ExternalRecord = {
  id: string;
  externalId: string;
  name: string;
  firstName: string;
  prefix: string | null;
  lastName: string;
  email: string | null;
  personnelNumber: string | null;
  bsnMasked: string | null;
  birthDate: string | null;
  status: 'active' | 'former';
  department: string | null;
  costCenter: string | null;
  contractType: string | null;
  position: string | null;
  hireDate: string | null;
  terminationDate: string | null;
  linkState: LinkState;
  decision: 'add' | null;
  employee: { id: string; name: string } | null;
  proposal: {
    action: string;
    employeeId: string | null;
    employeeName: string | null;
    candidates: { id: string; name: string }[];
    recordId: string | null;
    reasons: string[];
    strength: string | null;
  } | null;
  needsAction: boolean;
  issues: string[];
  ruleExcluded: boolean;
  missing: boolean;
  warnings: string[];
};
export type ListCount = { total: number; needsAction: number };
export type RecordPage = Page<ExternalRecord> & { lists: Record<RecordList, ListCount> };

export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed';
export type RunMode = 'preview' | 'apply' | 'undo';
export type RunTrigger = 'manual' | 'schedule' | 'cli' | 'api';
export type RunCounts = {
  read: number;
  added: number;
  updated: number;
  unchanged: number;
  excluded: number;
  failed: number;
  needsAction: number;
  skipped: number;
  former: number;
};
export type SyncRunSummary = {
  id: string;
  integrationId: string;
  trigger: RunTrigger;
  mode: RunMode;
  status: RunStatus;
  listing: string | null;
  requestedBy: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  counts: RunCounts;
  apiCalls: number;
  progress: { phase: string; done: number; total: number } | null;
  error: string | null;
  previewRunId: string | null;
  appliedRunId: string | null;
  undoOfRunId: string | null;
  undoneByRunId: string | null;
};
export type PerEmployeeMessages = { recordId?: string; externalId?: string; name: string; messages: string[] }[];
export type DiffItem = {
  recordId?: string;
  externalId?: string;
  name: string;
  action: string;
  employeeId?: string | null;
  changes: { field: string; old: unknown; new: unknown }[];
  issues?: string[];
  needsAction?: boolean;
};
export type SyncRun = SyncRunSummary & {
  warnings: PerEmployeeMessages;
  errors: PerEmployeeMessages;
  diff: { items: DiffItem[]; truncated: boolean };
};
export type RunStarted = { runId: string; mode: RunMode; created: boolean };

export const isRunning = (status: RunStatus | undefined) => status === 'queued' || status === 'running';

/** Which of an employee's fields HR integrations own (F-14: edits there are overwritten by the next sync). */
export type EmployeeSyncStatus = {
  synced: boolean;
  integrations: { id: string; name: string; vendor: string; active: boolean; externalIds: string[] }[];
  employeeFields: string[];
  contractFields: string[];
  /** Only these contracts are synced; the employee's other contracts are Koppel's own. */
  contractIds: string[];
};

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

/** Everything a sync, a link action or a mapping change can move. */
const AFTER_SYNC = [['integrations'], ['integrations-health'], ['employees'], ['dashboard']];

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
    (items: { externalId: string; externalName?: string; koppelId: string | null; exclude?: boolean }[]) => api.put<Mappings>(`/integrations/${id}/mappings/${kind}`, { items }),
    [['integrations', 'mappings', id, kind], ['integrations', 'records', id], ['integrations-health']],
  );

export const useRecordAction = (id: string) =>
  useApiMutation(
    ({ recordId, ...body }: { recordId: string; action: RecordAction; employeeId?: string | null }) => api.post<ExternalRecord>(`/integrations/${id}/records/${recordId}/actions`, body),
    [['integrations', 'records', id], ['integrations-health']],
  );

export const useStartSync = (id: string) =>
  useApiMutation((body: { dryRun: boolean }) => api.post<RunStarted>(`/integrations/${id}/sync`, body), [['integrations', 'runs', id], ['integrations-health']]);

export const useApplyRun = () => useApiMutation((runId: string) => api.post<RunStarted>(`/sync-runs/${runId}/apply`), [['integrations'], ['sync-runs']]);

export const useUndoRun = () => useApiMutation((runId: string) => api.post<RunStarted>(`/sync-runs/${runId}/undo`), [['integrations'], ['sync-runs']]);

/** Call when a run finishes: the lists, health and employees it touched are stale. */
export function useRefreshAfterRun() {
  const qc = useQueryClient();
  return () => Promise.all(AFTER_SYNC.map((key) => qc.invalidateQueries({ queryKey: key })));
}
