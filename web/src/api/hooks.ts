import { keepPreviousData, type QueryKey, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ApiError, api, asPage, type Page, withQuery } from './client';
import type {
  Absence,
  AbsenceType,
  ApiToken,
  AuditEntry,
  CaughtMail,
  CreatedApiToken,
  Contract,
  ContractType,
  CostCenter,
  Department,
  Employee,
  EmployeePage,
  HourComponent,
  HourComponentRule,
  JobFunction,
  JobProblem,
  LeaveAdjustment,
  LeaveBalance,
  NewLeaveAdjustment,
  Shift,
  ShiftImportResult,
  User,
  WageComponent,
} from './types';

type Query = Record<string, string | number | boolean | null | undefined>;

/** A list endpoint (bare array or page object), normalised to a page. */
export function useList<T>(key: QueryKey, path: string, query?: Query, opts: { enabled?: boolean; keepPrevious?: boolean; staleTime?: number } = {}) {
  return useQuery<Page<T>, ApiError>({
    queryKey: [...key, query ?? {}],
    queryFn: async () => asPage(await api.get<T[] | Page<T>>(path, query)),
    enabled: opts.enabled ?? true,
    placeholderData: opts.keepPrevious ? keepPreviousData : undefined,
    staleTime: opts.staleTime,
  });
}

export function useItem<T>(key: QueryKey, path: string, enabled = true) {
  return useQuery<T, ApiError>({ queryKey: key, queryFn: () => api.get<T>(path), enabled });
}

/** A mutation that refreshes the given query-key prefixes when it succeeds. */
export function useApiMutation<V, R = unknown>(fn: (vars: V) => Promise<R>, invalidate: QueryKey[]) {
  const qc = useQueryClient();
  return useMutation<R, ApiError, V>({
    mutationFn: fn,
    onSuccess: async () => {
      await Promise.all(invalidate.map((key) => qc.invalidateQueries({ queryKey: key })));
    },
  });
}

/* ---------- organisation and component lookups (small lists, cached) ---------- */

export type CrudResource =
  | 'departments'
  | 'cost-centers'
  | 'contract-types'
  | 'functions'
  | 'hour-components'
  | 'wage-components'
  | 'hour-component-rules'
  | 'absence-types';

export type ResourceRow = {
  departments: Department;
  'cost-centers': CostCenter;
  'contract-types': ContractType;
  functions: JobFunction;
  'hour-components': HourComponent;
  'wage-components': WageComponent;
  'hour-component-rules': HourComponentRule;
  'absence-types': AbsenceType;
};

export function useLookup<R extends CrudResource>(resource: R, enabled = true) {
  return useList<ResourceRow[R]>([resource], `/${resource}`, undefined, { enabled, staleTime: 60_000 });
}

export function useCrudMutations(resource: CrudResource, extraInvalidate: QueryKey[] = []) {
  const keys = [[resource], ...extraInvalidate];
  return {
    create: useApiMutation((body: Record<string, unknown>) => api.post(`/${resource}`, body), keys),
    update: useApiMutation(({ id, ...body }: Record<string, unknown> & { id: string }) => api.patch(`/${resource}/${id}`, body), keys),
    remove: useApiMutation((id: string) => api.delete(`/${resource}/${id}`), keys),
  };
}

/* ---------- employees ---------- */

export type EmployeeQuery = {
  page: number;
  pageSize: number;
  q?: string;
  status?: string;
  source?: string;
  departmentId?: string;
  sort?: string;
  /** Keyset paging: the `nextCursor` of the page before (same filters); the server then neither skips nor counts rows. */
  after?: string;
};

export function useEmployees(query: EmployeeQuery, enabled = true) {
  return useQuery<EmployeePage, ApiError>({
    queryKey: ['employees', 'list', query],
    queryFn: () => api.get<EmployeePage>('/employees', query),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useEmployee(id: string | undefined) {
  return useItem<Employee>(['employees', 'one', id], `/employees/${id}`, !!id);
}

export const useCreateEmployee = () =>
  useApiMutation((body: Record<string, unknown>) => api.post<Employee>('/employees', body), [['employees'], ['dashboard']]);
export const useUpdateEmployee = (id: string) =>
  useApiMutation((body: Record<string, unknown>) => api.patch<Employee>(`/employees/${id}`, body), [['employees'], ['audit']]);
export const useDeleteEmployee = () => useApiMutation((id: string) => api.delete(`/employees/${id}`), [['employees'], ['dashboard']]);

/* ---------- contracts ---------- */

export function useContracts(employeeId: string) {
  return useList<Contract>(['contracts', employeeId], `/employees/${employeeId}/contracts`);
}
export const useSaveContract = (employeeId: string) =>
  useApiMutation(
    ({ id, ...body }: Record<string, unknown> & { id?: string }) =>
      id ? api.patch<Contract>(`/contracts/${id}`, body) : api.post<Contract>(`/employees/${employeeId}/contracts`, body),
    [['contracts', employeeId], ['leave', employeeId], ['employees'], ['audit']],
  );
export const useDeleteContract = (employeeId: string) =>
  useApiMutation((id: string) => api.delete(`/contracts/${id}`), [['contracts', employeeId], ['leave', employeeId], ['employees']]);

/* ---------- shifts ---------- */

export type ShiftQuery = {
  from?: string;
  to?: string;
  employeeId?: string;
  departmentId?: string;
  status?: string;
  page?: number;
  pageSize?: number;
};

export function useShifts(query: ShiftQuery, enabled = true) {
  return useList<Shift>(['shifts'], '/shifts', query, { keepPrevious: true, enabled });
}
const shiftKeys = [['shifts'], ['dashboard'], ['audit'], ['outbound']];
export const useSaveShift = () =>
  useApiMutation(
    ({ id, ...body }: Record<string, unknown> & { id?: string }) => (id ? api.patch<Shift>(`/shifts/${id}`, body) : api.post<Shift>('/shifts', body)),
    shiftKeys,
  );
export const useDeleteShift = () =>
  useApiMutation(
    ({ id, reason, confirmCorrection }: { id: string; reason?: string; confirmCorrection?: boolean }) =>
      api.delete(withQuery(`/shifts/${id}`, { reason: reason || undefined, confirmCorrection: confirmCorrection ? 'true' : undefined })),
    shiftKeys,
  );
/** An approved or rejected shift back to pending, with the reason for the correction. */
export const useReopenShift = () =>
  useApiMutation(
    ({ id, reason, confirmCorrection }: { id: string; reason: string; confirmCorrection?: boolean }) =>
      api.post<Shift>(`/shifts/${id}/reopen`, { reason, ...(confirmCorrection ? { confirmCorrection } : {}) }),
    shiftKeys,
  );
export const useShiftDecision = () =>
  useApiMutation(({ id, decision }: { id: string; decision: 'approve' | 'reject' }) => api.post<Shift>(`/shifts/${id}/${decision}`), shiftKeys);
export const useBulkApproveShifts = () => useApiMutation((ids: string[]) => api.post('/shifts/approve', { ids }), shiftKeys);
export const useImportShifts = () =>
  useApiMutation(
    ({ csv, dryRun, confirmCorrection }: { csv: string; dryRun: boolean; confirmCorrection?: boolean }) =>
      api.post<ShiftImportResult>('/shifts/import', { csv, dryRun, ...(confirmCorrection ? { confirmCorrection } : {}) }),
    shiftKeys,
  );

/* ---------- absences and leave ---------- */

export type AbsenceQuery = { employeeId?: string; absenceTypeId?: string; from?: string; to?: string; status?: string; page?: number; pageSize?: number };

export function useAbsences(query: AbsenceQuery, enabled = true) {
  return useList<Absence>(['absences'], '/absences', query, { keepPrevious: true, enabled });
}
const absenceKeys = [['absences'], ['leave'], ['dashboard'], ['audit']];
export const useSaveAbsence = () =>
  useApiMutation(
    ({ id, ...body }: Record<string, unknown> & { id?: string }) =>
      id ? api.patch<Absence>(`/absences/${id}`, body) : api.post<Absence>('/absences', body),
    absenceKeys,
  );
export const useDeleteAbsence = () =>
  useApiMutation((v: string | { id: string; confirmCorrection?: boolean }) => {
    const { id, confirmCorrection } = typeof v === 'string' ? { id: v, confirmCorrection: false } : v;
    return api.delete(withQuery(`/absences/${id}`, { confirmCorrection: confirmCorrection ? 'true' : undefined }));
  }, absenceKeys);
export const useAbsenceDecision = () =>
  useApiMutation(({ id, decision }: { id: string; decision: 'approve' | 'reject' }) => api.post<Absence>(`/absences/${id}/${decision}`), absenceKeys);

export function useLeaveBalance(employeeId: string, year: number) {
  return useQuery<LeaveBalance, ApiError>({
    queryKey: ['leave', employeeId, 'balance', year],
    queryFn: () => api.get<LeaveBalance>(`/employees/${employeeId}/leave`, { year }),
    placeholderData: keepPreviousData,
    // No cached figures when the tab opens again: the balance shown is always the server's latest.
    gcTime: 0,
  });
}
export function useLeaveAdjustments(employeeId: string, year: number) {
  return useList<LeaveAdjustment>(['leave', employeeId, 'adjustments'], `/employees/${employeeId}/leave-adjustments`, { year });
}
export const useAddLeaveAdjustment = (employeeId: string) =>
  useApiMutation((body: NewLeaveAdjustment) => api.post(`/employees/${employeeId}/leave-adjustments`, body), [
    ['leave', employeeId],
    ['audit'],
  ]);

/* ---------- users, tokens, audit, mails ---------- */

export const useUsers = () => useList<User>(['users'], '/users');
export const useCreateUser = () => useApiMutation((body: Record<string, unknown>) => api.post<User>('/users', body), [['users']]);
export const useUpdateUser = () =>
  useApiMutation(({ id, ...body }: Record<string, unknown> & { id: string }) => api.patch<User>(`/users/${id}`, body), [['users']]);

export const useJobProblems = () => useList<JobProblem>(['job-problems'], '/jobs/problems');
export const useRetryJob = () => useApiMutation((id: number) => api.post<JobProblem>(`/jobs/${id}/retry`), [['job-problems'], ['users']]);

export const useApiTokens = () => useList<ApiToken>(['api-tokens'], '/api-tokens');
export const useCreateApiToken = () =>
  useApiMutation((body: { name: string; role: string }) => api.post<CreatedApiToken>('/api-tokens', body), [['api-tokens']]);
export const useRevokeApiToken = () => useApiMutation((id: string) => api.delete(`/api-tokens/${id}`), [['api-tokens']]);

export type AuditQuery = { entityType?: string; entityId?: string; page?: number; pageSize?: number };
export function useAudit(query: AuditQuery, enabled = true) {
  return useList<AuditEntry>(['audit'], '/audit', query, { keepPrevious: true, enabled });
}

export function useMails(enabled = true) {
  return useList<CaughtMail>(['mails'], '/mails', undefined, { enabled });
}
export function useMail(id: string | undefined) {
  return useItem<CaughtMail>(['mails', 'one', id], `/mails/${id}`, !!id);
}
