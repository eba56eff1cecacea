import { Badge, Button, Group, NativeSelect, Paper, Tabs } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { useAbsences, useLookup } from '../../api/hooks';
import { ABSENCE_KINDS } from '../../api/types';
import { useAuth } from '../../auth/auth-context';
import { CrudSection } from '../../components/crud-section';
import { EmployeePicker } from '../../components/employee-picker';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { PagingFooter } from '../../components/paging-footer';
import { PageLoader } from '../../components/query-state';
import { useUrlFilters } from '../../lib/use-url-filters';
import { AbsenceFormModal } from './absence-form-modal';
import { AbsenceTable } from './absence-table';
import { AbsenceLockNotice } from './absence-lock';
import { DateField } from '../../components/date-time-fields';

export function AbsencesPage() {
  const { t } = useTranslation();
  const { tab } = useParams();
  const navigate = useNavigate();
  const active = tab === 'types' ? 'types' : 'list';
  return (
    <>
      <PageHeader title={t('absences.title')} />
      <Tabs value={active} onChange={(v) => navigate(v === 'types' ? '/absences/types' : '/absences')}>
        <Tabs.List mb="md">
          <Tabs.Tab value="list" data-testid="tab-absences-list">
            {t('absences.listTab')}
          </Tabs.Tab>
          <Tabs.Tab value="types" data-testid="tab-absence-types">
            {t('absences.typesTab')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="list">{active === 'list' && <AbsenceList />}</Tabs.Panel>
        <Tabs.Panel value="types">{active === 'types' && <AbsenceTypes />}</Tabs.Panel>
      </Tabs>
    </>
  );
}

function AbsenceList() {
  const { t } = useTranslation();
  const { values: f, set, page } = useUrlFilters({ from: '', to: '', status: '', employeeId: '', absenceTypeId: '' });
  const types = useLookup('absence-types');
  const query = useAbsences({
    from: f.from || undefined,
    to: f.to || undefined,
    status: f.status || undefined,
    employeeId: f.employeeId || undefined,
    absenceTypeId: f.absenceTypeId || undefined,
    page,
    pageSize: 50,
  });
  const [open, setOpen] = useState(false);
  return (
    <Paper withBorder p="md" radius="md">
      <AbsenceLockNotice />
      <Group gap="sm" mb="md" align="flex-end" wrap="wrap" role="search">
        <DateField label={t('common.from')} value={f.from} onChange={(e) => set({ from: e.currentTarget.value })} />
        <DateField label={t('common.to')} value={f.to} onChange={(e) => set({ to: e.currentTarget.value })} />
        <EmployeePicker value={f.employeeId || null} onChange={(id) => set({ employeeId: id ?? '' })} clearable includeFormer w={260} testId="absences-filter-employee" />
        <NativeSelect
          label={t('absences.type')}
          value={f.absenceTypeId}
          onChange={(e) => set({ absenceTypeId: e.currentTarget.value })}
          data={[{ value: '', label: t('common.all') }, ...(types.data?.items ?? []).map((x) => ({ value: x.id, label: x.name }))]}
          data-testid="absences-filter-type"
        />
        <NativeSelect
          label={t('common.status')}
          value={f.status}
          onChange={(e) => set({ status: e.currentTarget.value })}
          data={[
            { value: '', label: t('common.all') },
            { value: 'pending', label: t('status.pending') },
            { value: 'approved', label: t('status.approved') },
            { value: 'rejected', label: t('status.rejected') },
          ]}
          data-testid="absences-filter-status"
        />
        <Button ml="auto" leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setOpen(true)} data-testid="absence-add">
          {t('absences.add')}
        </Button>
      </Group>
      {query.error && <ErrorAlert error={query.error} />}
      {query.isLoading ? <PageLoader /> : <AbsenceTable absences={query.data?.items ?? []} showEmployee canDecide busy={query.isFetching} />}
      <PagingFooter page={page} pageSize={50} total={query.data?.total ?? 0} onPage={(p) => set({ page: p === 1 ? null : p }, false)} />
      <AbsenceFormModal opened={open} onClose={() => setOpen(false)} />
    </Paper>
  );
}

function AbsenceTypes() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const kinds = ABSENCE_KINDS.map((k) => ({ value: k, label: t(`absenceKinds.${k}`) }));
  return (
    <CrudSection
      resource="absence-types"
      noun={t('nouns.absenceType')}
      canEdit={can('hr')}
      rowLabel={(r) => r.name}
      invalidate={[['absences'], ['leave']]}
      fields={[
        { name: 'name', label: t('fields.name'), type: 'text', required: true },
        { name: 'kind', label: t('absences.kind'), type: 'select', required: true, options: kinds, initial: 'vacation' },
        { name: 'deductsLeave', label: t('absences.deductsLeave'), type: 'checkbox', description: t('absences.deductsLeaveHint') },
      ]}
      columns={[
        { key: 'name', label: t('fields.name') },
        { key: 'kind', label: t('absences.kind'), render: (r) => t(`absenceKinds.${r.kind}`) },
        {
          key: 'deductsLeave',
          label: t('absences.deductsLeave'),
          render: (r) => <Badge variant="light" color={r.deductsLeave ? 'blue' : 'gray'}>{r.deductsLeave ? t('common.yes') : t('common.no')}</Badge>,
        },
      ]}
    />
  );
}
