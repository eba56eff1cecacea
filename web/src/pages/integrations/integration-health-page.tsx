import { Anchor, Group, Paper, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { HEALTH_STATES, type HealthState, type RunMode, type RunStatus, useIntegrationsHealth } from '../../api/integrations';
import { useAuth, useMe } from '../../auth/auth-context';
import { EmptyRow } from '../../components/empty-row';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { PageLoader } from '../../components/query-state';
import { formatDateTime } from '../../lib/format';
import { HealthBadge, RunModeBadge, RunStatusBadge } from './integration-badges';
import { ReconnectAlerts } from './reconnect-alerts';
import { runErrorText } from './sync-messages';
import { DeadLettersSection } from './dead-letters-section';
import { CorrectionsSection } from './corrections-section';

const stateColor: Record<HealthState, string> = { healthy: 'green', warnings: 'yellow', failing: 'red', reconnect_needed: 'orange' };

/** F-19: one page per company — state, last successful sync, next sync and open actions of every integration. */
export function IntegrationHealthPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { can } = useAuth();
  const health = useIntegrationsHealth();
  const items = health.data ?? [];
  const activeItems = items.filter((h) => h.active);
  const hr = can('hr');

  return (
    <>
      <PageHeader
        title={t('integrations.healthPage.title')}
        description={t('integrations.healthPage.intro')}
        actions={
          hr && (
            <Anchor component={Link} to="/settings/integrations">
              {t('integrations.appCenter.title')}
            </Anchor>
          )
        }
      />
      <Stack>
        <ReconnectAlerts health={items} />
        {health.error && <ErrorAlert error={health.error} />}
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          {HEALTH_STATES.map((s) => (
            <Paper key={s} withBorder radius="md" p="sm">
              <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                {t(`integrations.health.${s}`)}
              </Text>
              <Text fw={700} size="xl" c={activeItems.some((h) => h.state === s) && s !== 'healthy' ? stateColor[s] : undefined} data-testid={`health-count-${s}`}>
                {activeItems.filter((h) => h.state === s).length}
              </Text>
            </Paper>
          ))}
        </SimpleGrid>
        <Paper withBorder p="md" radius="md">
          {health.isLoading ? (
            <PageLoader />
          ) : (
            <Table.ScrollContainer minWidth={900}>
              <Table verticalSpacing="xs" data-testid="health-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('integrations.fields.name')}</Table.Th>
                    <Table.Th>{t('integrations.fields.health')}</Table.Th>
                    <Table.Th>{t('integrations.fields.lastSuccess')}</Table.Th>
                    <Table.Th>{t('integrations.fields.nextSync')}</Table.Th>
                    <Table.Th ta="right">{t('integrations.fields.openActions')}</Table.Th>
                    <Table.Th>{t('integrations.fields.lastRun')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.length === 0 && <EmptyRow colSpan={6} text={t('integrations.appCenter.none')} />}
                  {items.map((h) => (
                    <Table.Tr key={h.id} data-testid="health-row" data-state={h.active ? h.state : 'inactive'}>
                      <Table.Td>
                        {hr ? (
                          <Anchor component={Link} to={`/settings/integrations/${h.id}`} fw={500}>
                            {h.name}
                          </Anchor>
                        ) : (
                          <Text size="sm" fw={500}>
                            {h.name}
                          </Text>
                        )}
                        <Text size="xs" c="dimmed">
                          {h.vendorLabel}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <HealthBadge state={h.state} active={h.active} testId="health-state" />
                        {h.detail && h.active && h.state !== 'healthy' && (
                          <Text size="xs" c="dimmed" mt={2} maw={320} data-testid="health-detail">
                            {runErrorText(t, h.detail)?.text}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>{formatDateTime(h.lastSuccessAt, me.user.timeZone)}</Table.Td>
                      <Table.Td>{h.active ? formatDateTime(h.nextSyncAt, me.user.timeZone) : '—'}</Table.Td>
                      <Table.Td ta="right">
                        {h.openActions > 0 && hr ? (
                          <Anchor component={Link} to={`/settings/integrations/${h.id}/employees`} c="red" fw={600} data-testid="health-open-actions">
                            {h.openActions}
                          </Anchor>
                        ) : (
                          <Text span size="sm" c={h.openActions > 0 ? 'red' : 'dimmed'} data-testid="health-open-actions">
                            {h.openActions}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        {h.lastRun ? (
                          <Group gap={4} wrap="nowrap">
                            <RunModeBadge mode={h.lastRun.mode as RunMode} />
                            <RunStatusBadge status={h.lastRun.status as RunStatus} />
                            <Text size="xs" c="dimmed">
                              {formatDateTime(h.lastRun.finishedAt, me.user.timeZone)}
                            </Text>
                          </Group>
                        ) : (
                          '—'
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Paper>
        {!health.isLoading && <DeadLettersSection integrations={items} />}
        {!health.isLoading && <CorrectionsSection integrations={items} />}
      </Stack>
    </>
  );
}
