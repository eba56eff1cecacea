import { Alert, Anchor, Card, Group, Loader, SimpleGrid, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconAlertTriangle, IconCalendarOff, IconClockHour4, IconUsers } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import type { ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { type ApiError, api, asPage, type Page } from '../../api/client';
import { useAuth, useMe } from '../../auth/auth-context';
import { PageHeader } from '../../components/page-header';
import { useIntegrationsHealth } from '../../api/integrations';
import { formatDateTime, formatNumber } from '../../lib/format';
import { runErrorText } from '../integrations/sync-messages';

/** Total of a list endpoint, asking for a single row (works for paged and plain list answers). */
function useCount(name: string, path: string, query: Record<string, string | number>, enabled: boolean) {
  return useQuery<number, ApiError>({
    queryKey: ['dashboard', name],
    queryFn: async () => asPage(await api.get<Page<unknown> | unknown[]>(path, { ...query, page: 1, pageSize: 1 })).total,
    enabled,
  });
}

export function DashboardPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { can } = useAuth();
  const workforce = can('workforceRead');
  const hours = can('hours');
  const employees = useCount('employees', '/employees', { status: 'active' }, workforce);
  const shifts = useCount('shifts', '/shifts', { status: 'pending' }, hours);
  const absences = useCount('absences', '/absences', { status: 'pending' }, hours);

  return (
    <Stack>
      <PageHeader title={t('dashboard.title')} description={t('dashboard.welcome', { name: me.user.name, tenant: me.tenant.name })} />
      {can('hr') && <FailedSyncAlerts />}
      {workforce || hours ? (
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          {workforce && (
            <CountCard
              testId="dashboard-active-employees"
              icon={IconUsers}
              color="blue"
              label={t('dashboard.activeEmployees')}
              query={employees}
              to="/employees?status=active"
              linkLabel={t('dashboard.toEmployees')}
            />
          )}
          {hours && (
            <CountCard
              testId="dashboard-pending-shifts"
              icon={IconClockHour4}
              color="orange"
              label={t('dashboard.pendingShifts')}
              query={shifts}
              to="/shifts?status=pending&from=&to="
              linkLabel={t('dashboard.toShifts')}
            />
          )}
          {hours && (
            <CountCard
              testId="dashboard-pending-absences"
              icon={IconCalendarOff}
              color="grape"
              label={t('dashboard.pendingAbsences')}
              query={absences}
              to="/absences?status=pending"
              linkLabel={t('dashboard.toAbsences')}
            />
          )}
        </SimpleGrid>
      ) : (
        <Text c="dimmed">{t('dashboard.nothingForRole')}</Text>
      )}
    </Stack>
  );
}

/** A sync that failed is not missed: one alert per active integration whose last run failed, with the reason and a link to the run. */
function FailedSyncAlerts() {
  const { t } = useTranslation();
  const me = useMe();
  const health = useIntegrationsHealth();
  const failing = (health.data ?? []).filter((h) => h.active && (h.state === 'failing' || h.state === 'reconnect_needed'));
  if (failing.length === 0) return null;
  return (
    <Stack gap="xs">
      {failing.map((h) => (
        <Alert key={h.id} color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title={t('dashboard.syncFailed', { name: h.name })} role="alert" data-testid="dashboard-sync-failed">
          <Text size="sm">{runErrorText(t, h.detail)?.text ?? t('integrations.runErrors.unexpected')}</Text>
          <Text size="xs" c="dimmed" mt={4}>
            {h.lastSuccessAt ? t('dashboard.lastGoodSync', { when: formatDateTime(h.lastSuccessAt, me.user.timeZone) }) : t('dashboard.noGoodSync')}
          </Text>
          <Anchor component={Link} to={`/settings/integrations/${h.id}/sync${h.lastRun ? `?run=${h.lastRun.id}` : ''}`} size="sm" mt={4} display="inline-block" data-testid="dashboard-sync-failed-link">
            {t('dashboard.toSync')} →
          </Anchor>
        </Alert>
      ))}
    </Stack>
  );
}

type CountCardProps = {
  testId: string;
  icon: ComponentType<{ size?: number }>;
  color: string;
  label: string;
  query: { data?: number; isLoading: boolean; error: ApiError | null };
  to: string;
  linkLabel: string;
};

function CountCard({ testId, icon: Icon, color, label, query, to, linkLabel }: CountCardProps) {
  return (
    <Card withBorder padding="lg" radius="md" data-testid={testId}>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Text size="sm" c="dimmed" fw={500}>
            {label}
          </Text>
          {query.isLoading ? (
            <Loader size="sm" />
          ) : query.error ? (
            <Text c="red" size="sm" role="alert">
              {query.error.message}
            </Text>
          ) : (
            <Text fz={32} fw={700} className="koppel-figure-value" data-testid={`${testId}-count`}>
              {formatNumber(query.data ?? 0)}
            </Text>
          )}
        </Stack>
        <ThemeIcon color={color} variant="light" size={44} radius="md" aria-hidden>
          <Icon size={26} />
        </ThemeIcon>
      </Group>
      <Anchor component={Link} to={to} size="sm" mt="sm" display="inline-block">
        {linkLabel} →
      </Anchor>
    </Card>
  );
}
