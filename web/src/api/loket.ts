import { useQuery } from '@tanstack/react-query';
import { type ApiError, api } from './client';
import { useApiMutation } from './hooks';
import type { ResponseOf } from './openapi-helpers';

/** Loket.nl mappings and the "Loket" report (issue 11), as src/app/http/routes/loket.routes.ts describes them. */
export type LoketMappings = ResponseOf<'/integrations/{id}/loket/mappings'>;
export type LoketPeriods = ResponseOf<'/integrations/{id}/loket/periods'>;
export type LoketReport = ResponseOf<'/integrations/{id}/loket/report'>;
export type LoketSend = ResponseOf<'/integrations/{id}/loket/report/send', 'post'>;
export type LoketMail = ResponseOf<'/integrations/{id}/loket/report/mail', 'post'>;
export type LoketMappingKind = 'cost_center' | 'distribution_unit' | 'hour_component' | 'wage_component';
export type LoketPeriodRef = { administrationId: string; year: number; period: number };

export const useLoketMappings = (id: string, administrationId: string | null, year: number) =>
  useQuery<LoketMappings, ApiError>({
    queryKey: ['loket', 'mappings', id, administrationId, year],
    queryFn: () => api.get<LoketMappings>(`/integrations/${id}/loket/mappings`, administrationId ? { administrationId, year: String(year) } : {}),
  });

export const useSaveLoketMappings = (id: string) =>
  useApiMutation(
    (v: { kind: LoketMappingKind; administrationId?: string; year?: number; items: { koppelId: string; loketCode: string | null }[] }) =>
      api.put<LoketMappings>(`/integrations/${id}/loket/mappings/${v.kind}`, { administrationId: v.administrationId, year: v.year, items: v.items }),
    [['loket', 'mappings', id]],
  );

export const useLoketPeriods = (id: string | null, year: number) =>
  useQuery<LoketPeriods, ApiError>({ queryKey: ['loket', 'periods', id, year], queryFn: () => api.get<LoketPeriods>(`/integrations/${id}/loket/periods`, { year: String(year) }), enabled: !!id });

export const useLoketReport = (id: string | null, ref: LoketPeriodRef | null) =>
  useQuery<LoketReport, ApiError>({
    queryKey: ['loket', 'report', id, ref],
    queryFn: () => api.get<LoketReport>(`/integrations/${id}/loket/report`, { administrationId: ref!.administrationId, year: String(ref!.year), period: String(ref!.period) }),
    enabled: !!id && !!ref,
  });

export const useMailLoketReport = (id: string) => useApiMutation((ref: LoketPeriodRef & { to?: string[] }) => api.post<LoketMail>(`/integrations/${id}/loket/report/mail`, ref), []);
export const useSendLoketReport = (id: string) => useApiMutation((ref: LoketPeriodRef) => api.post<LoketSend>(`/integrations/${id}/loket/report/send`, ref), [['loket', 'report', id]]);

/** The CSV download's address (the browser sends the session cookie). */
export const loketCsvUrl = (id: string, ref: LoketPeriodRef) =>
  `/api/v1/integrations/${id}/loket/report.csv?${new URLSearchParams({ administrationId: ref.administrationId, year: String(ref.year), period: String(ref.period) }).toString()}`;
