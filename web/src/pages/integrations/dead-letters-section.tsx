import { ActionIcon, Badge, Button, Code, Group, Modal, Paper, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { IconHistory } from '@tabler/icons-react';
import { useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { IntegrationHealth } from '../../api/integrations';
import { type DeadLetter, useDeadLettersOf, useDismissDeadLetter, useOutboundAttempts, useRetryDeadLetter } from '../../api/outbound';
import { useMe } from '../../auth/auth-context';
import { EmptyRow } from '../../components/empty-row';
import { ErrorAlert } from '../../components/error-alert';
import { PageLoader } from '../../components/query-state';
import { TechnicalDetail } from '../../components/technical-detail';
import { formatDate, formatDateTime } from '../../lib/format';
import { notifyError, notifySuccess } from '../../lib/notify';

type Row = DeadLetter & { integrationId: string; integrationName: string };

/**
 * F-26 on the health page: every integration's dead letters (writes that gave up after retries, or that the
 * vendor refused) with their last answer; "Retry" puts one back in the queue at once, "Dismiss" sets it aside;
 * "Attempts" shows every try with the vendor's answer.
 */
export function DeadLettersSection({ integrations }: { integrations: IntegrationHealth[] }) {
  const { t } = useTranslation();
  const me = useMe();
  const results = useDeadLettersOf(integrations.map((i) => i.id));
  const retry = useRetryDeadLetter();
  const dismiss = useDismissDeadLetter();
  const [open, setOpen] = useState<Row | null>(null);
  const rows: Row[] = results.flatMap((r, i) => (r.data ?? []).map((d) => ({ ...d, integrationId: integrations[i]!.id, integrationName: integrations[i]!.name })));
  const loading = results.some((r) => r.isLoading);
  const error = results.find((r) => r.error)?.error;

  return (
    <Paper withBorder p="md" radius="md" data-testid="dead-letters">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={3} size="h4">
            {t('deadLetters.title')}
          </Title>
          {rows.length > 0 && (
            <Badge color="red" variant="light" data-testid="dead-letters-count">
              {rows.length}
            </Badge>
          )}
        </Group>
        <Text size="sm" c="dimmed">
          {t('deadLetters.intro')}
        </Text>
        {error && <ErrorAlert error={error} />}
        {loading ? (
          <PageLoader />
        ) : (
          <Table.ScrollContainer minWidth={860}>
            <Table verticalSpacing="xs" data-testid="dead-letters-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('deadLetters.kind')}</Table.Th>
                  <Table.Th>{t('deadLetters.subject')}</Table.Th>
                  <Table.Th>{t('deadLetters.day')}</Table.Th>
                  <Table.Th ta="right">{t('deadLetters.attempts')}</Table.Th>
                  <Table.Th>{t('deadLetters.lastError')}</Table.Th>
                  <Table.Th>{t('deadLetters.when')}</Table.Th>
                  <Table.Th>{t('common.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.length === 0 && <EmptyRow colSpan={7} text={t('deadLetters.none')} />}
                {rows.map((d) => (
                  <Table.Tr key={d.id} data-testid="dead-letter-row" data-item-id={d.id} data-status={d.status}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {d.integrationName}
                      </Text>
                      <Code>{d.kind}</Code>
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs" ff="monospace">
                        {d.idempotencyKey}
                      </Text>
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(d.periodDate)}</Table.Td>
                    <Table.Td>
                      <Group gap={4} justify="flex-end" wrap="nowrap">
                        {d.attempts}
                        <Tooltip label={t('deadLetters.showAttempts')} withinPortal>
                          <ActionIcon variant="subtle" size="sm" onClick={() => setOpen(d)} aria-label={t('deadLetters.showAttempts')} data-testid="dead-letter-attempts">
                            <IconHistory size={14} />
                          </ActionIcon>
                        </Tooltip>
                      </Group>
                    </Table.Td>
                    <Table.Td miw={240}>
                      <Badge size="xs" color={d.status === 'refused' ? 'red' : 'orange'} variant="light" mr={6}>
                        {t(`deadLetters.status.${d.status}`)}
                      </Badge>
                      {d.error ? (
                        <>
                          <Text span size="sm" data-testid="dead-letter-error" data-code={d.error.code}>
                            {errorText(t, d.error.code)}
                          </Text>
                          <TechnicalDetail detail={`${d.error.code}: ${d.error.message}`} />
                        </>
                      ) : (
                        '—'
                      )}
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(d.updatedAt, me.user.timeZone)}</Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <Button
                          size="xs"
                          variant="light"
                          loading={retry.isPending && retry.variables?.itemId === d.id}
                          onClick={() =>
                            retry.mutate(
                              { integrationId: d.integrationId, itemId: d.id },
                              { onSuccess: () => notifySuccess(t('deadLetters.retried')), onError: (err) => notifyError(err.message) },
                            )
                          }
                          data-testid="dead-letter-retry"
                        >
                          {t('deadLetters.retry')}
                        </Button>
                        <Button
                          size="xs"
                          variant="subtle"
                          color="gray"
                          loading={dismiss.isPending && dismiss.variables?.itemId === d.id}
                          onClick={() =>
                            dismiss.mutate(
                              { integrationId: d.integrationId, itemId: d.id },
                              { onSuccess: () => notifySuccess(t('deadLetters.dismissed')), onError: (err) => notifyError(err.message) },
                            )
                          }
                          data-testid="dead-letter-dismiss"
                        >
                          {t('deadLetters.dismiss')}
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
      <AttemptsModal row={open} onClose={() => setOpen(null)} />
    </Paper>
  );
}

function AttemptsModal({ row, onClose }: { row: Row | null; onClose: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const attempts = useOutboundAttempts(row?.integrationId ?? '', row?.id ?? null);
  return (
    <Modal opened={!!row} onClose={onClose} title={t('deadLetters.attemptsTitle', { key: row?.idempotencyKey ?? '' })} size="lg" data-testid="dead-letter-attempts-modal">
      {attempts.error && <ErrorAlert error={attempts.error} />}
      {attempts.isLoading ? (
        <PageLoader />
      ) : (
        <Table verticalSpacing="xs" data-testid="attempts-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('deadLetters.when')}</Table.Th>
              <Table.Th>{t('deadLetters.operation')}</Table.Th>
              <Table.Th>{t('deadLetters.outcome')}</Table.Th>
              <Table.Th>{t('deadLetters.answer')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(attempts.data ?? []).length === 0 && <EmptyRow colSpan={4} text={t('deadLetters.noAttempts')} />}
            {(attempts.data ?? []).map((a, i) => (
              <Table.Tr key={i} data-testid="attempt-row">
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(a.at, me.user.timeZone)}</Table.Td>
                <Table.Td>{t(`deadLetters.operations.${a.operation}`)}</Table.Td>
                <Table.Td>{t(`deadLetters.outcomes.${a.outcome}`, { defaultValue: a.outcome })}</Table.Td>
                <Table.Td>
                  {a.errorCode ? errorText(t, a.errorCode) : ''}
                  <TechnicalDetail detail={a.errorCode || a.message ? `${a.errorCode ?? ''}${a.errorCode && a.message ? ': ' : ''}${a.message ?? ''}` : null} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Modal>
  );
}

/** Why a send failed, in the user's language; the vendor's own words stay under the technical detail. */
function errorText(t: TFunction, code: string): string {
  return t(`deadLetters.errors.${code}`, { defaultValue: t('deadLetters.errors.other') });
}
