import { ActionIcon, Anchor, Badge, Button, Card, Group, Paper, SimpleGrid, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { IconArrowsExchange, IconDownload, IconPlus, IconSettings, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import {
  type Integration,
  type IntegrationHealth,
  type IntegrationVendor,
  useDeactivateIntegration,
  useIntegrations,
  useIntegrationsHealth,
  useIntegrationVendors,
  useStartSync,
} from '../../api/integrations';
import { useMe } from '../../auth/auth-context';
import { ConfirmButton } from '../../components/confirm-button';
import { EmptyRow } from '../../components/empty-row';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { PageLoader } from '../../components/query-state';
import { formatDateTime } from '../../lib/format';
import { notifyError, notifySuccess } from '../../lib/notify';
import { HealthBadge } from './integration-badges';
import { ReconnectAlerts } from './reconnect-alerts';

/** Vendors whose connector is still to come are listed as "coming soon", not connectable. */
const isAvailable = (v: IntegrationVendor) => !v.comingSoon;

/** Settings → App center: the HR systems one can connect, and this company's integrations (F-10, F-14, F-19). */
export function AppCenterPage() {
  const { t } = useTranslation();
  const vendors = useIntegrationVendors();
  const integrations = useIntegrations();
  const health = useIntegrationsHealth();
  const healthById = new Map((health.data ?? []).map((h) => [h.id, h]));
  const items = integrations.data ?? [];

  return (
    <>
      <PageHeader
        title={t('integrations.appCenter.title')}
        description={t('integrations.appCenter.intro')}
        actions={
          <Button component={Link} to="/settings/integration-health" variant="default" data-testid="appcenter-health-link">
            {t('nav.integrationHealth')}
          </Button>
        }
      />
      <Stack gap="lg">
        <ReconnectAlerts health={health.data ?? []} />

        <section aria-labelledby="appcenter-active">
          <Title order={2} size="h4" mb="xs" id="appcenter-active">
            {t('integrations.appCenter.active')}
          </Title>
          <Paper withBorder p="md" radius="md">
            {integrations.error && <ErrorAlert error={integrations.error} />}
            {integrations.isLoading ? (
              <PageLoader />
            ) : (
              <Table.ScrollContainer minWidth={900}>
                <Table verticalSpacing="xs" data-testid="integrations-table">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('integrations.fields.name')}</Table.Th>
                      <Table.Th>{t('integrations.fields.vendor')}</Table.Th>
                      <Table.Th>{t('integrations.fields.health')}</Table.Th>
                      <Table.Th>{t('integrations.fields.lastSuccess')}</Table.Th>
                      <Table.Th>{t('integrations.fields.nextSync')}</Table.Th>
                      <Table.Th ta="right">{t('integrations.fields.openActions')}</Table.Th>
                      <Table.Th>{t('common.actions')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {items.length === 0 && <EmptyRow colSpan={7} text={t('integrations.appCenter.none')} />}
                    {items.map((i) => (
                      <IntegrationRow key={i.id} integration={i} health={healthById.get(i.id)} />
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </Paper>
        </section>

        <section aria-labelledby="appcenter-vendors">
          <Title order={2} size="h4" mb="xs" id="appcenter-vendors">
            {t('integrations.appCenter.available')}
          </Title>
          {vendors.error && <ErrorAlert error={vendors.error} />}
          {vendors.isLoading ? (
            <PageLoader />
          ) : (
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
              {/* Calendar and video providers are connected on the recruiting connections page. */}
              {(vendors.data ?? []).filter((v) => v.category === 'hr' || v.category === 'payroll').map((v) => (
                <VendorTile key={v.vendor} vendor={v} />
              ))}
            </SimpleGrid>
          )}
        </section>
      </Stack>
    </>
  );
}

function VendorTile({ vendor }: { vendor: IntegrationVendor }) {
  const { t } = useTranslation();
  const available = isAvailable(vendor);
  return (
    <Card withBorder radius="md" padding="lg" data-testid={`vendor-${vendor.vendor}`} data-available={available}>
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Text fw={700} size="lg">
          {vendor.label}
        </Text>
        {!available && (
          <Badge color="gray" variant="light">
            {t('integrations.appCenter.comingSoon')}
          </Badge>
        )}
      </Group>
      <Text size="sm" c="dimmed" mb="md">
        {t(`integrations.vendorText.${vendor.vendor}`, { defaultValue: t('integrations.vendorText.default', { vendor: vendor.label }) })}
      </Text>
      {available ? (
        <Button
          component={Link}
          to={`/settings/integrations/new/${vendor.vendor}`}
          color="green"
          leftSection={<IconPlus size={16} aria-hidden />}
          styles={{ root: { height: 'auto', minHeight: 36, paddingBlock: 6 }, label: { whiteSpace: 'normal', lineHeight: 1.3 } }}
          data-testid={`vendor-add-${vendor.vendor}`}
        >
          {t('integrations.appCenter.add', { vendor: vendor.label })}
        </Button>
      ) : (
        <Button disabled variant="default">
          {t('integrations.appCenter.comingSoon')}
        </Button>
      )}
    </Card>
  );
}

/** One line of "active applications", with the four icons of the original: configure, mapping, deactivate, sync now. */
function IntegrationRow({ integration: i, health }: { integration: Integration; health?: IntegrationHealth }) {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const deactivate = useDeactivateIntegration();
  const sync = useStartSync(i.id);
  const open = health?.openActions ?? 0;
  return (
    <Table.Tr data-testid="integration-row" data-id={i.id}>
      <Table.Td>
        <Anchor component={Link} to={`/settings/integrations/${i.id}`} fw={500} data-testid="integration-open">
          {i.name}
        </Anchor>
      </Table.Td>
      <Table.Td>{i.vendorLabel}</Table.Td>
      <Table.Td>
        <HealthBadge state={health?.state ?? i.health} active={i.active} testId="integration-health" />
      </Table.Td>
      <Table.Td>{formatDateTime(i.lastSuccessAt, me.user.timeZone)}</Table.Td>
      <Table.Td>{i.active ? formatDateTime(i.nextSyncAt, me.user.timeZone) : '—'}</Table.Td>
      <Table.Td ta="right">
        {open > 0 ? (
          <Anchor component={Link} to={`/settings/integrations/${i.id}/employees`} c="red" fw={600} data-testid="integration-open-actions">
            {open}
          </Anchor>
        ) : (
          <Text span size="sm" c="dimmed" data-testid="integration-open-actions">
            0
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Group gap={4} wrap="nowrap">
          <Tooltip label={t('integrations.actions.configure')}>
            <ActionIcon variant="subtle" component={Link} to={`/settings/integrations/${i.id}/configuration`} aria-label={t('integrations.actions.configureRow', { name: i.name })}>
              <IconSettings size={18} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label={t('integrations.actions.mapping')}>
            <ActionIcon variant="subtle" component={Link} to={`/settings/integrations/${i.id}/mapping`} aria-label={t('integrations.actions.mappingRow', { name: i.name })}>
              <IconArrowsExchange size={18} />
            </ActionIcon>
          </Tooltip>
          {i.active && (
            <ConfirmButton
              label={t('integrations.deactivate.label')}
              icon={<IconTrash size={18} />}
              message={t('integrations.deactivate.confirm', { name: i.name })}
              confirmLabel={t('integrations.deactivate.submit')}
              loading={deactivate.isPending}
              error={deactivate.error}
              testId="integration-deactivate"
              onConfirm={async () => {
                await deactivate.mutateAsync(i.id);
                notifySuccess(t('integrations.deactivate.done', { name: i.name }));
              }}
            />
          )}
          {i.active && (
            <Tooltip label={t('integrations.sync.now')}>
              <ActionIcon
                variant="subtle"
                color="green"
                loading={sync.isPending}
                aria-label={t('integrations.actions.syncRow', { name: i.name })}
                data-testid="integration-sync"
                onClick={() =>
                  sync.mutate(
                    { dryRun: false },
                    {
                      onSuccess: (r) => navigate(`/settings/integrations/${i.id}/sync?run=${r.runId}`),
                      onError: (e) => notifyError(e.message),
                    },
                  )
                }
              >
                <IconDownload size={18} />
              </ActionIcon>
            </Tooltip>
          )}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}
