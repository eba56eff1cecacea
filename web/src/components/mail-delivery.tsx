import { Alert, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { type ApiError, api } from '../api/client';
import type { ResponseOf } from '../api/openapi-helpers';

export type MailDeliveryState = ResponseOf<'/mail-deliveries/{id}'>;

const FINAL = new Set(['sent', 'failed']);

/**
 * Whether a mail the user just asked for went out (issue 12 #6): followed until it is sent or has failed for good,
 * with the reason in the user's language when it could not be sent.
 */
export function MailDelivery({ id }: { id: number }) {
  const { t } = useTranslation();
  const q = useQuery<MailDeliveryState, ApiError>({
    queryKey: ['mail-delivery', id],
    queryFn: () => api.get<MailDeliveryState>(`/mail-deliveries/${id}`),
    refetchInterval: (query) => (query.state.data && FINAL.has(query.state.data.state) ? false : 2000),
  });
  const d = q.data;
  if (!d) return null;
  const reason = d.reason ? t(`jobs.reasons.${d.reason}`) : '';
  if (d.state === 'sent')
    return (
      <Text size="sm" c="green.8" data-testid="mail-delivery" data-state="sent">
        {t('mailDelivery.sent', { to: d.to ?? '' })}
      </Text>
    );
  if (d.state === 'pending')
    return (
      <Text size="sm" c="dimmed" data-testid="mail-delivery" data-state="pending">
        {t('mailDelivery.pending', { to: d.to ?? '' })}
      </Text>
    );
  return (
    <Alert color={d.state === 'failed' ? 'red' : 'orange'} role="alert" data-testid="mail-delivery" data-state={d.state}>
      {t(d.state === 'failed' ? 'mailDelivery.failed' : 'mailDelivery.retrying', { to: d.to ?? '', reason, attempts: d.attempts, max: d.maxAttempts })}
    </Alert>
  );
}
