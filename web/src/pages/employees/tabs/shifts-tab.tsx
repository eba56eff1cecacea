import { Button, Group, Paper } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShifts } from '../../../api/hooks';
import type { Employee, Shift } from '../../../api/types';
import { PagingFooter } from '../../../components/paging-footer';
import { QueryState } from '../../../components/query-state';
import { addDaysLocal, todayLocal } from '../../../lib/format';
import { ShiftFormModal } from '../../shifts/shift-form-modal';
import { ShiftTable } from '../../shifts/shift-table';
import { DateField } from '../../../components/date-time-fields';

export function EmployeeShiftsTab({ employee }: { employee: Employee }) {
  const { t } = useTranslation();
  const today = todayLocal();
  const [from, setFrom] = useState(addDaysLocal(today, -60));
  const [to, setTo] = useState(addDaysLocal(today, 30));
  const [page, setPage] = useState(1);
  const query = useShifts({ employeeId: employee.id, from: from || undefined, to: to || undefined, page, pageSize: 50 });
  const [editing, setEditing] = useState<Shift | null>(null);
  const [open, setOpen] = useState(false);

  return (
    <Paper withBorder p="md" radius="md">
      <Group justify="space-between" align="flex-end" mb="sm" wrap="wrap">
        <Group gap="sm" align="flex-end">
          <DateField label={t('common.from')} value={from} onChange={(e) => { setFrom(e.currentTarget.value); setPage(1); }} />
          <DateField label={t('common.to')} value={to} onChange={(e) => { setTo(e.currentTarget.value); setPage(1); }} />
        </Group>
        <Button
          leftSection={<IconPlus size={16} aria-hidden />}
          onClick={() => {
            setEditing(null);
            setOpen(true);
          }}
          data-testid="shift-add"
        >
          {t('shifts.add')}
        </Button>
      </Group>
      <QueryState isLoading={query.isLoading} error={query.error}>
        <ShiftTable
          shifts={query.data?.items ?? []}
          showEmployee={false}
          canApprove
          busy={query.isFetching}
          onEdit={(s) => {
            setEditing(s);
            setOpen(true);
          }}
        />
        <PagingFooter page={page} pageSize={50} total={query.data?.total ?? 0} onPage={setPage} />
      </QueryState>
      <ShiftFormModal opened={open} onClose={() => setOpen(false)} shift={editing} employee={{ id: employee.id, displayName: employee.displayName }} />
    </Paper>
  );
}
