import { Group, NativeSelect, Paper, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useAudit } from '../../api/hooks';
import { AuditTable } from '../../components/audit-table';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { PagingFooter } from '../../components/paging-footer';
import { PageLoader } from '../../components/query-state';
import { useUrlFilters } from '../../lib/use-url-filters';

export const ENTITY_TYPES = [
  'employee',
  'contract',
  'shift',
  'absence',
  'absence_type',
  'leave_adjustment',
  'department',
  'cost_center',
  'contract_type',
  'function',
  'hour_component',
  'hour_component_rule',
  'wage_component',
  'user',
  'api_token',
];

export function AuditPage() {
  const { t } = useTranslation();
  const { values: f, set, page } = useUrlFilters({ entityType: '', entityId: '' });
  const query = useAudit({ entityType: f.entityType || undefined, entityId: f.entityId.trim() || undefined, page, pageSize: 50 });
  return (
    <>
      <PageHeader title={t('nav.audit')} description={t('audit.intro')} />
      <Paper withBorder p="md" radius="md">
        <Group gap="sm" mb="md" align="flex-end" role="search">
          <NativeSelect
            label={t('audit.entity')}
            value={f.entityType}
            onChange={(e) => set({ entityType: e.currentTarget.value })}
            data={[{ value: '', label: t('common.all') }, ...ENTITY_TYPES.map((x) => ({ value: x, label: t(`entityTypes.${x}`) }))]}
            data-testid="audit-filter-entity"
          />
          <TextInput label={t('audit.entityId')} value={f.entityId} onChange={(e) => set({ entityId: e.currentTarget.value })} w={320} />
        </Group>
        {query.error && <ErrorAlert error={query.error} />}
        {query.isLoading ? <PageLoader /> : <AuditTable entries={query.data?.items ?? []} showEntity />}
        <PagingFooter page={page} pageSize={50} total={query.data?.total ?? 0} onPage={(p) => set({ page: p === 1 ? null : p }, false)} />
      </Paper>
    </>
  );
}
