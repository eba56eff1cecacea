import { Badge, Code, Paper, Stack, Table, Text, Title } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { IntegrationHealth } from '../../api/integrations';
import { type Correction, useCorrectionsOf } from '../../api/outbound';
import { useMe } from '../../auth/auth-context';
import { EmptyRow } from '../../components/empty-row';
import { ErrorAlert } from '../../components/error-alert';
import { PageLoader } from '../../components/query-state';
import { formatDate, formatDateTime } from '../../lib/format';

/** A before/after summary of a shift or absence in one short line. */
function summary(t: TFunction, s: Correction['before']): string {
  if (!s) return '—';
  const v = s as Record<string, unknown>;
  const status = t(`status.${String(v.status)}`);
  if (typeof v.startTime === 'string') return `${formatDate(String(v.date))} ${v.startTime}–${v.endTime} (${v.breakMinutes}′) · ${status}`;
  if (typeof v.startDate === 'string')
    return `${formatDate(String(v.startDate))}–${formatDate(String(v.endDate))} · ${t(`absenceUnits.${String(v.unit)}`)}${v.hours ? ` ${v.hours}` : ''} · ${status}`;
  return JSON.stringify(v);
}

/** F-25 on the health page: writes on days that were already sent, per integration, open until a later send carries them. */
export function CorrectionsSection({ integrations }: { integrations: IntegrationHealth[] }) {
  const { t } = useTranslation();
  const me = useMe();
  const results = useCorrectionsOf(integrations.map((i) => i.id));
  const rows = results
    .flatMap((r, i) => (r.data ?? []).map((c) => ({ ...c, integrationName: integrations[i]!.name })))
    .sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)));
  const error = results.find((r) => r.error)?.error;
  return (
    <Paper withBorder p="md" radius="md" data-testid="corrections">
      <Stack gap="xs">
        <Title order={3} size="h4">
          {t('corrections.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('corrections.intro')}
        </Text>
        {error && <ErrorAlert error={error} />}
        {results.some((r) => r.isLoading) ? (
          <PageLoader />
        ) : (
          <Table.ScrollContainer minWidth={900}>
            <Table verticalSpacing="xs" data-testid="corrections-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('deadLetters.integration')}</Table.Th>
                  <Table.Th>{t('corrections.day')}</Table.Th>
                  <Table.Th>{t('corrections.subject')}</Table.Th>
                  <Table.Th>{t('corrections.change')}</Table.Th>
                  <Table.Th>{t('corrections.by')}</Table.Th>
                  <Table.Th>{t('corrections.state')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.length === 0 && <EmptyRow colSpan={6} text={t('corrections.none')} />}
                {rows.slice(0, 200).map((c) => (
                  <Table.Tr key={c.id} data-testid="correction-row" data-subject-id={c.subjectId}>
                    <Table.Td>
                      {c.integrationName}
                      <Text size="xs" c="dimmed">
                        <Code>{c.kind}</Code>
                      </Text>
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(c.day)}</Table.Td>
                    <Table.Td>
                      {t(`corrections.subjects.${c.subjectType}`)} · {t(`corrections.actions.${c.action}`)}
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs">{summary(t, c.before)}</Text>
                      <Text size="xs" fw={500}>
                        → {summary(t, c.after)}
                      </Text>
                      {c.reason && (
                        <Text size="xs" c="dimmed" fs="italic" data-testid="correction-reason">
                          {t('corrections.reason', { reason: c.reason })}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {c.actorName}
                      <Text size="xs" c="dimmed">
                        {formatDateTime(c.createdAt, me.user.timeZone)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {c.carriedAt ? (
                        <Badge color="green" variant="light" data-testid="correction-state">
                          {t('corrections.carried', { when: formatDateTime(c.carriedAt, me.user.timeZone) })}
                        </Badge>
                      ) : (
                        <Badge color="orange" variant="light" data-testid="correction-state">
                          {t('corrections.open')}
                        </Badge>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Paper>
  );
}
