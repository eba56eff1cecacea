import { Badge, Button, Paper, Stack, Table, Text } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useJobProblems, useRetryJob } from '../../api/hooks';
import type { JobProblem } from '../../api/types';
import { useMe } from '../../auth/auth-context';
import { EmptyRow } from '../../components/empty-row';
import { PageHeader } from '../../components/page-header';
import { QueryState } from '../../components/query-state';
import { TechnicalDetail } from '../../components/technical-detail';
import { formatDateTime } from '../../lib/format';
import { notifyError, notifySuccess } from '../../lib/notify';

/** Settings → Background jobs: mails and other jobs that failed, with the reason and a retry (admins). */
export function JobsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const jobs = useJobProblems();
  const retry = useRetryJob();
  const items = jobs.data?.items ?? [];
  const name = (j: JobProblem) => t(`jobs.names.${j.name.replace(/\./g, '_')}`, { defaultValue: j.name });

  return (
    <>
      <PageHeader title={t('nav.jobs')} description={t('jobs.intro')} />
      <Paper withBorder p="md" radius="md">
        <QueryState isLoading={jobs.isLoading} error={jobs.error}>
          <Table.ScrollContainer minWidth={860}>
            <Table striped verticalSpacing="xs" data-testid="jobs-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('jobs.what')}</Table.Th>
                  <Table.Th>{t('jobs.state')}</Table.Th>
                  <Table.Th>{t('jobs.reason')}</Table.Th>
                  <Table.Th>{t('jobs.when')}</Table.Th>
                  <Table.Th>{t('common.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.length === 0 && <EmptyRow colSpan={5} text={t('jobs.none')} />}
                {items.map((j) => (
                  <Table.Tr key={j.id} data-testid="job-row" data-status={j.status}>
                    <Table.Td>
                      <Stack gap={0}>
                        <Text size="sm" fw={500}>
                          {name(j)}
                        </Text>
                        {j.mail && (
                          <Text size="xs" c="dimmed">
                            {t('jobs.mailTo', { to: j.mail.to })}
                            {j.mail.subject ? ` · ${j.mail.subject}` : ''}
                          </Text>
                        )}
                      </Stack>
                    </Table.Td>
                    <Table.Td style={{ minWidth: 170 }}>
                      <Badge color={j.status === 'dead' ? 'red' : 'orange'} variant="light" style={{ overflow: 'visible' }}>
                        {t(`jobs.status.${j.status}`)}
                      </Badge>
                      <Text size="xs" c="dimmed">
                        {t('jobs.attempts', { attempts: j.attempts, max: j.maxAttempts })}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" data-testid="job-reason">
                        {t(`jobs.reasons.${j.reason}`)}
                      </Text>
                      <TechnicalDetail detail={j.lastError} testId="job-error-detail" />
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{formatDateTime(j.failedAt ?? j.createdAt, me.user.timeZone)}</Text>
                      {j.nextAttemptAt && (
                        <Text size="xs" c="dimmed">
                          {t('jobs.nextAttempt', { when: formatDateTime(j.nextAttemptAt, me.user.timeZone) })}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Button
                        size="xs"
                        variant="light"
                        leftSection={<IconRefresh size={14} aria-hidden />}
                        loading={retry.isPending && retry.variables === j.id}
                        onClick={() => retry.mutate(j.id, { onSuccess: () => notifySuccess(t('jobs.retried')), onError: (e) => notifyError(e.message) })}
                        data-testid="job-retry"
                      >
                        {t('jobs.retry')}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </QueryState>
      </Paper>
    </>
  );
}
