import { useQuery } from '@tanstack/react-query';
import { type ApiError, api } from './client';
import { useApiMutation } from './hooks';
import type { BodyOf, ResponseOf } from './openapi-helpers';

/** Absence import from an HR system (F-22): type mapping, runs, and the lock on synced absence types. */

export type AbsenceImportTypes = ResponseOf<'/integrations/{id}/absence-types'>;
export type AbsenceImportRun = ResponseOf<'/integrations/{id}/absence-import/runs'>[number];
export type AbsenceImportMapping = BodyOf<'/integrations/{id}/absence-import', 'put'>;
export type AbsenceTypeLock = ResponseOf<'/absence-type-locks'>[number];

/** Read live from the HR system: may fail when it cannot be reached; not retried automatically. */
export const useAbsenceImportTypes = (integrationId: string, enabled: boolean) =>
  useQuery<AbsenceImportTypes, ApiError>({
    queryKey: ['absence-import', 'types', integrationId],
    queryFn: () => api.get<AbsenceImportTypes>(`/integrations/${integrationId}/absence-types`),
    enabled,
    retry: false,
    staleTime: 60_000,
  });

/** `waiting`: a run was just requested (its row may not exist yet): look again every second. */
export const useAbsenceImportRuns = (integrationId: string, enabled: boolean, waiting = false) =>
  useQuery<AbsenceImportRun[], ApiError>({
    queryKey: ['absence-import', 'runs', integrationId],
    queryFn: () => api.get<AbsenceImportRun[]>(`/integrations/${integrationId}/absence-import/runs`),
    enabled,
    refetchInterval: (q) => (waiting || q.state.data?.[0]?.status === 'running' ? 1000 : false),
  });

export const useSaveAbsenceImportMapping = (integrationId: string) =>
  useApiMutation((body: AbsenceImportMapping) => api.put(`/integrations/${integrationId}/absence-import`, body), [['absence-import'], ['integrations'], ['absence-type-locks']]);

export const useStartAbsenceImport = (integrationId: string) =>
  useApiMutation(() => api.post<{ jobId: number; queued: boolean }>(`/integrations/${integrationId}/absence-import/runs`, {}), []);

export const useAbsenceTypeLocks = () =>
  useQuery<AbsenceTypeLock[], ApiError>({ queryKey: ['absence-type-locks'], queryFn: () => api.get<AbsenceTypeLock[]>('/absence-type-locks'), staleTime: 30_000 });
