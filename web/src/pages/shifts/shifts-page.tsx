import { Button, Group, NativeSelect, Paper } from '@mantine/core';
import { IconChecks, IconFileImport, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useBulkApproveShifts, useLookup, useShifts } from '../../api/hooks';
import type { Shift } from '../../api/types';
import { EmployeePicker } from '../../components/employee-picker';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { PagingFooter } from '../../components/paging-footer';
import { PageLoader } from '../../components/query-state';
import { addDaysLocal, todayLocal } from '../../lib/format';
import { notifySuccess } from '../../lib/notify';
import { useUrlFilters } from '../../lib/use-url-filters';
import { ShiftFormModal } from './shift-form-modal';
import { ShiftImportModal } from './shift-import-modal';
import { ShiftTable } from './shift-table';
import { DateField } from '../../components/date-time-fields';

const PAGE_SIZE = 50;

export function ShiftsPage() {
  const { t } = useTranslation();
  const today = todayLocal();
  const { values: f, set, page } = useUrlFilters({
    from: addDaysLocal(today, -14),
    to: addDaysLocal(today, 7),
    status: '',
    departmentId: '',
    employeeId: '',
  });
  const departments = useLookup('departments');
  const query = useShifts({
    from: f.from || undefined,
    to: f.to || undefined,
    status: f.status || undefined,
    departmentId: f.departmentId || undefined,
    employeeId: f.employeeId || undefined,
    page,
    pageSize: PAGE_SIZE,
  });
  const bulk = useBulkApproveShifts();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [editing, setEditing] = useState<Shift | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const [importOpen, setImportOpen] = useState(false);
  const shifts = query.data?.items ?? [];

  return (
    <>
      <PageHeader
        title={t('shifts.title')}
        actions={
          <>
            <Button variant="default" leftSection={<IconFileImport size={16} aria-hidden />} onClick={() => setImportOpen(true)} data-testid="shift-import">
              {t('shiftImport.open')}
            </Button>
            <Button
              leftSection={<IconPlus size={16} aria-hidden />}
              onClick={() => {
                setEditing(null);
                setFormOpen(true);
              }}
              data-testid="shift-add"
            >
              {t('shifts.add')}
            </Button>
          </>
        }
      />
      <Paper withBorder p="md" radius="md">
        <Group gap="sm" mb="md" align="flex-end" wrap="wrap" role="search">
          <DateField label={t('common.from')} value={f.from} onChange={(e) => set({ from: e.currentTarget.value })} data-testid="shifts-from" />
          <DateField label={t('common.to')} value={f.to} onChange={(e) => set({ to: e.currentTarget.value })} data-testid="shifts-to" />
          <EmployeePicker
            value={f.employeeId || null}
            onChange={(id) => set({ employeeId: id ?? '' })}
            clearable
            includeFormer
            w={260}
            testId="shifts-filter-employee"
          />
          <NativeSelect
            label={t('shifts.department')}
            value={f.departmentId}
            onChange={(e) => set({ departmentId: e.currentTarget.value })}
            data={[{ value: '', label: t('common.all') }, ...(departments.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))]}
            data-testid="shifts-filter-department"
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
            data-testid="shifts-filter-status"
          />
          <Button
            ml="auto"
            color="green"
            leftSection={<IconChecks size={16} aria-hidden />}
            disabled={selected.size === 0}
            loading={bulk.isPending}
            onClick={() =>
              bulk.mutate([...selected], {
                onSuccess: () => {
                  notifySuccess(t('shifts.bulkApproved', { count: selected.size }));
                  setSelected(new Set());
                },
              })
            }
            data-testid="shifts-approve-selected"
          >
            {t('shifts.approveSelected', { count: selected.size })}
          </Button>
        </Group>
        <ErrorAlert error={bulk.error} />
        {query.error && <ErrorAlert error={query.error} />}
        {query.isLoading ? (
          <PageLoader />
        ) : (
          <ShiftTable
            shifts={shifts}
            showEmployee
            canApprove
            selected={selected}
            onSelectedChange={setSelected}
            busy={query.isFetching}
            onEdit={(s) => {
              setEditing(s);
              setFormOpen(true);
            }}
          />
        )}
        <PagingFooter page={page} pageSize={PAGE_SIZE} total={query.data?.total ?? 0} onPage={(p) => set({ page: p === 1 ? null : p }, false)} />
      </Paper>
      <ShiftFormModal opened={formOpen} onClose={() => setFormOpen(false)} shift={editing} />
      <ShiftImportModal opened={importOpen} onClose={() => setImportOpen(false)} />
    </>
  );
}
