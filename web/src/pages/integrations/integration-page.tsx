import { Alert, Anchor, Badge, Breadcrumbs, Button, Group, List, Modal, Tabs, Text } from '@mantine/core';
import { IconClockHour4, IconInfoCircle, IconKey, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useDeactivateIntegration, useIntegration, useIntegrationsHealth, useUpdateIntegration } from '../../api/integrations';
import { ConfirmButton } from '../../components/confirm-button';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { QueryState } from '../../components/query-state';
import { notifySuccess } from '../../lib/notify';
import { AbsenceImportSection } from './absence-import-section';
import { AccountScopeSection } from './account-scope';
import { NmbrsSteps } from './nmbrs-steps';
import { HealthBadge } from './integration-badges';
import { ReconnectAlerts } from './reconnect-alerts';
import { ReconnectModal } from './reconnect-modal';
import { ConfigurationTab } from './tabs/configuration-tab';
import { LoketMappingSection } from './loket-mapping-section';
import { EmployeesTab } from './tabs/employees-tab';
import { MappingTab } from './tabs/mapping-tab';
import { SyncTab } from './tabs/sync-tab';

const TABS = ['configuration', 'mapping', 'employees', 'sync'] as const;
type Tab = (typeof TABS)[number];

/** One integration: configure (F-11), map (F-12), link employees (F-13), sync, preview, history and undo (F-14 … F-18). */
export function IntegrationPage() {
  const { t } = useTranslation();
  const { id = '', tab } = useParams();
  const navigate = useNavigate();
  const query = useIntegration(id);
  const health = useIntegrationsHealth();
  const deactivate = useDeactivateIntegration();
  const reactivate = useUpdateIntegration(id);
  const [reconnectOpen, setReconnectOpen] = useState(false);
  // Unsaved mapping changes: switching to another tab first asks (the tab's drafts would be dropped).
  const [mappingDirty, setMappingDirty] = useState(false);
  const [leaveTo, setLeaveTo] = useState<string | null>(null);
  const goToTab = (v: string | null) => {
    if (!v || v === active) return;
    if (active === 'mapping' && mappingDirty) setLeaveTo(v);
    else void navigate(`/settings/integrations/${id}/${v}`);
  };
  const integration = query.data;
  const h = health.data?.find((x) => x.id === id);
  const active: Tab = TABS.includes(tab as Tab) ? (tab as Tab) : 'configuration';
  const openActions = h?.openActions ?? 0;

  return (
    <>
      <Breadcrumbs mb="sm">
        <Anchor component={Link} to="/settings/integrations">
          {t('integrations.appCenter.title')}
        </Anchor>
        <span>{integration?.name ?? '…'}</span>
      </Breadcrumbs>
      <QueryState isLoading={query.isLoading} error={query.error}>
        {integration && (
          <>
            <PageHeader
              title={<span data-testid="integration-name">{integration.name}</span>}
              description={
                <Group gap="xs" component="span" wrap="wrap">
                  <HealthBadge state={h?.state ?? integration.health} active={integration.active} testId="integration-health" />
                  <Text span size="sm">
                    {integration.vendorLabel} · {integration.baseUrl} · {t('integrations.credentialsHint', { hint: integration.credentialsHint })}
                  </Text>
                </Group>
              }
              actions={
                <>
                  {integration.vendor === 'personio' && (
                    <Button component={Link} to={`/settings/integrations/${id}/report/hours`} variant="light" leftSection={<IconClockHour4 size={16} aria-hidden />} data-testid="integration-hours-report">
                      {t('hoursExport.open')}
                    </Button>
                  )}
                  {integration.vendor === 'nmbrs' && (
                    <Button component={Link} to={`/settings/integrations/${id}/report/nmbrs-hours`} variant="light" leftSection={<IconClockHour4 size={16} aria-hidden />} data-testid="integration-nmbrs-hours">
                      {t('nmbrsHours.open')}
                    </Button>
                  )}
                  <Button variant="default" leftSection={<IconKey size={16} aria-hidden />} onClick={() => setReconnectOpen(true)} data-testid="integration-credentials">
                    {t('integrations.reconnect.change')}
                  </Button>
                  {integration.active && (
                    <ConfirmButton
                      label={t('integrations.deactivate.label')}
                      icon={<IconTrash size={18} />}
                      message={t('integrations.deactivate.confirm', { name: integration.name })}
                      confirmLabel={t('integrations.deactivate.submit')}
                      loading={deactivate.isPending}
                      error={deactivate.error}
                      testId="integration-deactivate"
                      onConfirm={async () => {
                        await deactivate.mutateAsync(integration.id);
                        notifySuccess(t('integrations.deactivate.done', { name: integration.name }));
                      }}
                    />
                  )}
                </>
              }
            />
            {!integration.active && (
              <Alert color="gray" variant="light" mb="md" title={t('integrations.deactivate.stateTitle')} data-testid="integration-inactive">
                <Group justify="space-between" align="flex-end" wrap="wrap">
                  <Text size="sm">{t('integrations.deactivate.stateText')}</Text>
                  <Button
                    variant="light"
                    loading={reactivate.isPending}
                    onClick={() => reactivate.mutate({ active: true }, { onSuccess: () => notifySuccess(t('integrations.deactivate.reactivated')) })}
                    data-testid="integration-reactivate"
                  >
                    {t('integrations.deactivate.reactivate')}
                  </Button>
                </Group>
                {reactivate.error && <ErrorAlert error={reactivate.error} />}
              </Alert>
            )}
            {h && (
              <div style={{ marginBottom: 'var(--mantine-spacing-md)' }}>
                <ReconnectAlerts health={[h]} />
              </div>
            )}
            {integration.vendor === 'nmbrs' && integration.accountScope !== null && <NmbrsSteps integrationId={integration.id} onOpen={goToTab} autoOpen={!tab} />}
            {(integration.accountScope === null || active === 'configuration') && <AccountScopeSection integration={integration} />}
            {!integration.firstSyncApplied && integration.active && active === 'configuration' && (
              <Alert color="blue" variant="light" mb="md" icon={<IconInfoCircle aria-hidden />} title={t('integrations.firstSync.title')} data-testid="first-sync-note">
                <Text size="sm" mb={4}>
                  {t('integrations.firstSync.text')}
                </Text>
                <List size="sm" type="ordered">
                  <List.Item>{t('integrations.firstSync.step1')}</List.Item>
                  <List.Item>{t('integrations.firstSync.step2')}</List.Item>
                  <List.Item>{t('integrations.firstSync.step3')}</List.Item>
                  <List.Item>{t('integrations.firstSync.step4')}</List.Item>
                </List>
              </Alert>
            )}
            <Tabs value={active} onChange={goToTab} keepMounted={false}>
              <Tabs.List mb="md">
                {TABS.map((x) => (
                  <Tabs.Tab
                    key={x}
                    value={x}
                    data-testid={`tab-${x}`}
                    rightSection={
                      x === 'employees' && openActions > 0 ? (
                        <Badge color="red" size="sm" circle={openActions < 10} aria-label={t('integrations.records.openCount', { count: openActions })}>
                          {openActions}
                        </Badge>
                      ) : undefined
                    }
                  >
                    {t(`integrations.tabs.${x}`)}
                  </Tabs.Tab>
                ))}
              </Tabs.List>
              <Tabs.Panel value="configuration">
                <ConfigurationTab integration={integration} />
                <AbsenceImportSection integration={integration} />
                {integration.vendor === 'loket' && <LoketMappingSection integrationId={integration.id} />}
              </Tabs.Panel>
              <Tabs.Panel value="mapping">
                <MappingTab integrationId={integration.id} onDirtyChange={setMappingDirty} />
              </Tabs.Panel>
              <Tabs.Panel value="employees">
                <EmployeesTab integrationId={integration.id} />
              </Tabs.Panel>
              <Tabs.Panel value="sync">
                <SyncTab integration={integration} />
              </Tabs.Panel>
            </Tabs>
            <Modal opened={leaveTo !== null} onClose={() => setLeaveTo(null)} title={t('integrations.mapping.leaveTitle')} data-testid="mapping-leave-modal">
              <Text size="sm" mb="md">
                {t('integrations.mapping.leaveText')}
              </Text>
              <Group justify="flex-end">
                <Button variant="default" onClick={() => setLeaveTo(null)} data-testid="mapping-leave-stay">
                  {t('integrations.mapping.leaveStay')}
                </Button>
                <Button
                  color="red"
                  onClick={() => {
                    const to = leaveTo;
                    setLeaveTo(null);
                    setMappingDirty(false);
                    void navigate(`/settings/integrations/${id}/${to}`);
                  }}
                  data-testid="mapping-leave-discard"
                >
                  {t('integrations.mapping.leaveDiscard')}
                </Button>
              </Group>
            </Modal>
            <ReconnectModal integrationId={integration.id} opened={reconnectOpen} onClose={() => setReconnectOpen(false)} />
          </>
        )}
      </QueryState>
    </>
  );
}
