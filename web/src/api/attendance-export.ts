import { useQuery } from '@tanstack/react-query';
import { type ApiError, api } from './client';
import { useApiMutation } from './hooks';
import type { ResponseOf } from './openapi-helpers';

/** Approved hours to Personio (F-20 report and send, F-25 reconciliation); src/app/http/routes/attendance-export.routes.ts. */
export type AttendanceReport = ResponseOf<'/integrations/{id}/attendance-export'>;
export type AttendanceRow = AttendanceReport['rows'][number];
export type AttendanceRowState = AttendanceRow['state'];
export const ROW_STATES: AttendanceRowState[] = ['new', 'changed', 'unchanged', 'removed', 'blocked'];
export type AttendanceSendResult = ResponseOf<'/integrations/{id}/attendance-export/send', 'post'>;
export type RowOutcome = AttendanceSendResult['rows'][number]['outcome'];
export const ROW_OUTCOMES: RowOutcome[] = ['sent', 'unchanged', 'removed', 'refused', 'retrying', 'blocked'];
export type Reconciliation = ResponseOf<'/integrations/{id}/attendance-export/reconciliation'>;

export type ExportPeriod = { from: string; to: string; departmentId?: string | null };
const query = (p: ExportPeriod) => ({ from: p.from, to: p.to, ...(p.departmentId ? { departmentId: p.departmentId } : {}) });

export const useAttendanceReport = (id: string, p: ExportPeriod, enabled = true) =>
  useQuery<AttendanceReport, ApiError>({
    queryKey: ['attendance-export', id, 'report', query(p)],
    queryFn: () => api.get<AttendanceReport>(`/integrations/${id}/attendance-export`, query(p)),
    enabled: enabled && !!id && !!p.from && !!p.to,
  });

export const useSendAttendance = (id: string) =>
  useApiMutation((p: ExportPeriod & { repair?: boolean }) => api.post<AttendanceSendResult>(`/integrations/${id}/attendance-export/send`, { ...query(p), ...(p.repair ? { repair: true } : {}) }), [['attendance-export', id]]);

export const useReconciliation = (id: string, p: ExportPeriod, enabled: boolean) =>
  useQuery<Reconciliation, ApiError>({
    queryKey: ['attendance-export', id, 'reconciliation', query(p)],
    queryFn: () => api.get<Reconciliation>(`/integrations/${id}/attendance-export/reconciliation`, query(p)),
    enabled: enabled && !!id && !!p.from && !!p.to,
  });
