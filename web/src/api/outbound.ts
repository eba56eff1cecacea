import { useQueries, useQuery } from '@tanstack/react-query';
import { ApiError, api } from './client';
import { useApiMutation } from './hooks';
import type { ListItemOf, ResponseOf } from './openapi-helpers';

/**
 * Outbound journal (F-26) and sent days / corrections (F-25), as src/app/http/routes/outbound.routes.ts
 * describes them.
 */
export type DeadLetter = ListItemOf<'/integrations/{id}/outbound/dead-letters'>;
export type OutboundAttempt = ListItemOf<'/integrations/{id}/outbound/items/{itemId}/attempts'>;
export type Correction = ListItemOf<'/integrations/{id}/outbound/corrections'>;
export type LockedDay = ListItemOf<'/outbound/locked-days'>;
export type RetryAnswer = ResponseOf<'/integrations/{id}/outbound/items/{itemId}/retry', 'post'>;

const keys = { dead: (id: string) => ['outbound', 'dead-letters', id], corrections: (id: string) => ['outbound', 'corrections', id] };

/** Dead letters of several integrations at once (the health page lists them together). */
export function useDeadLettersOf(integrationIds: string[]) {
  return useQueries({
    queries: integrationIds.map((id) => ({
      queryKey: keys.dead(id),
      queryFn: () => api.get<DeadLetter[]>(`/integrations/${id}/outbound/dead-letters`),
    })),
  });
}

export function useCorrectionsOf(integrationIds: string[]) {
  return useQueries({
    queries: integrationIds.map((id) => ({
      queryKey: keys.corrections(id),
      queryFn: () => api.get<Correction[]>(`/integrations/${id}/outbound/corrections`),
    })),
  });
}

export const useOutboundAttempts = (integrationId: string, itemId: string | null) =>
  useQuery<OutboundAttempt[], ApiError>({
    queryKey: ['outbound', 'attempts', integrationId, itemId],
    queryFn: () => api.get<OutboundAttempt[]>(`/integrations/${integrationId}/outbound/items/${itemId}/attempts`),
    enabled: !!itemId,
  });

export const useRetryDeadLetter = () =>
  useApiMutation(({ integrationId, itemId }: { integrationId: string; itemId: string }) => api.post<RetryAnswer>(`/integrations/${integrationId}/outbound/items/${itemId}/retry`), [
    ['outbound'],
  ]);

export const useDismissDeadLetter = () =>
  useApiMutation(({ integrationId, itemId }: { integrationId: string; itemId: string }) => api.post(`/integrations/${integrationId}/outbound/items/${itemId}/dismiss`), [
    ['outbound'],
  ]);

/** Sent days in a range (at most 400 days), for marking them in lists. */
export const useLockedDays = (from: string | null, to: string | null, subject: 'shift' | 'absence') =>
  useQuery<LockedDay[], ApiError>({
    queryKey: ['outbound', 'locked-days', from, to, subject],
    queryFn: () => api.get<LockedDay[]>('/outbound/locked-days', { from: from!, to: to!, subject }),
    enabled: !!from && !!to,
  });

/** A write refused because its day was already sent (409, details.reason period_sent): the locks it hit. */
export type SentDay = { integrationId: string; integrationName: string; kind: string; day: string; sentAt: string };
export function sentDaysOf(error: unknown): SentDay[] | null {
  if (!(error instanceof ApiError) || error.status !== 409) return null;
  const d = error.details as { reason?: unknown; locks?: unknown } | null | undefined;
  if (!d || d.reason !== 'period_sent' || !Array.isArray(d.locks)) return null;
  return d.locks as SentDay[];
}
