import { Button, Group, Paper } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAbsences } from '../../../api/hooks';
import type { Employee } from '../../../api/types';
import { QueryState } from '../../../components/query-state';
import { AbsenceFormModal } from '../../absences/absence-form-modal';
import { AbsenceTable } from '../../absences/absence-table';

export function EmployeeAbsencesTab({ employee }: { employee: Employee }) {
  const { t } = useTranslation();
  const query = useAbsences({ employeeId: employee.id, pageSize: 200 });
  const [open, setOpen] = useState(false);
  return (
    <Paper withBorder p="md" radius="md">
      <Group justify="flex-end" mb="sm">
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setOpen(true)} data-testid="absence-add">
          {t('absences.add')}
        </Button>
      </Group>
      <QueryState isLoading={query.isLoading} error={query.error}>
        <AbsenceTable absences={query.data?.items ?? []} showEmployee={false} canDecide busy={query.isFetching} />
      </QueryState>
      <AbsenceFormModal opened={open} onClose={() => setOpen(false)} employee={{ id: employee.id, displayName: employee.displayName }} />
    </Paper>
  );
}
