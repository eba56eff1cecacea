import { useQuery } from '@tanstack/react-query';
import { type ApiError, api } from './client';
import { useApiMutation } from './hooks';
import type { ResponseOf } from './openapi-helpers';

/** Hours to Nmbrs (F-24); src/app/http/routes/nmbrs-hours.routes.ts. */
export type NmbrsHourCodes = ResponseOf<'/integrations/{id}/nmbrs-hours/codes'>;
export type NmbrsHoursReport = ResponseOf<'/integrations/{id}/nmbrs-hours'>;
export type NmbrsHoursSent = ResponseOf<'/integrations/{id}/nmbrs-hours/send', 'post'>;
export type NmbrsPeriodQuery = { company: string; year: number; period: number };

export const useNmbrsHourCodes = (id: string, company: string) =>
  useQuery<NmbrsHourCodes, ApiError>({ queryKey: ['nmbrs-hours', id, 'codes', company], queryFn: () => api.get<NmbrsHourCodes>(`/integrations/${id}/nmbrs-hours/codes`, { company }), enabled: !!id && !!company });

export const useSaveNmbrsMapping = (id: string) =>
  useApiMutation((items: { hourComponentId: string; hourCode: number }[]) => api.put(`/integrations/${id}/nmbrs-hours/mapping`, { items }), [['nmbrs-hours', id]]);

export const useNmbrsHoursReport = (id: string, q: NmbrsPeriodQuery) =>
  useQuery<NmbrsHoursReport, ApiError>({ queryKey: ['nmbrs-hours', id, 'report', q], queryFn: () => api.get<NmbrsHoursReport>(`/integrations/${id}/nmbrs-hours`, q), enabled: !!id && !!q.company });

export const useSendNmbrsHours = (id: string) =>
  useApiMutation((q: NmbrsPeriodQuery & { unprotected?: boolean }) => api.post<NmbrsHoursSent>(`/integrations/${id}/nmbrs-hours/send`, q), [['nmbrs-hours', id]]);
