import { Anchor, Breadcrumbs, Group, Tabs, Text } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useDeleteEmployee, useEmployee } from '../../api/hooks';
import { useAuth } from '../../auth/auth-context';
import { ConfirmButton } from '../../components/confirm-button';
import { PageHeader } from '../../components/page-header';
import { QueryState } from '../../components/query-state';
import { EmployeeStatusBadge, SourceBadge } from '../../components/status-badge';
import { notifySuccess } from '../../lib/notify';
import { EmployeeAbsencesTab } from './tabs/absences-tab';
import { ContractsTab } from './tabs/contracts-tab';
import { DetailsTab } from './tabs/details-tab';
import { HistoryTab } from './tabs/history-tab';
import { LeaveTab } from './tabs/leave-tab';
import { EmployeeShiftsTab } from './tabs/shifts-tab';

const TABS = ['details', 'contracts', 'hours', 'absences', 'leave', 'history'] as const;
type Tab = (typeof TABS)[number];

export function EmployeePage() {
  const { t } = useTranslation();
  const { id = '', tab } = useParams();
  const navigate = useNavigate();
  const { can } = useAuth();
  const query = useEmployee(id);
  const remove = useDeleteEmployee();
  const employee = query.data;
  const visibleTabs = TABS.filter((x) => (x === 'history' ? can('admin') : x === 'hours' || x === 'absences' || x === 'leave' ? can('hours') : true));
  const active: Tab = visibleTabs.includes(tab as Tab) ? (tab as Tab) : 'details';

  return (
    <>
      <Breadcrumbs mb="sm">
        <Anchor component={Link} to="/employees">
          {t('employees.title')}
        </Anchor>
        <span>{employee?.displayName ?? '…'}</span>
      </Breadcrumbs>
      <QueryState isLoading={query.isLoading} error={query.error}>
        {employee && (
          <>
            <PageHeader
              title={<span data-testid="employee-name">{employee.displayName}</span>}
              description={
                <Group gap="xs" component="span">
                  {employee.personnelNumber && (
                    <Text span size="sm">
                      {t('employees.fields.personnelNumber')}: {employee.personnelNumber}
                    </Text>
                  )}
                  <EmployeeStatusBadge status={employee.status} />
                  <SourceBadge source={employee.source} />
                </Group>
              }
              actions={
                can('hr') && (
                  <ConfirmButton
                    label={t('employees.delete')}
                    icon={<IconTrash size={18} />}
                    message={t('employees.deleteConfirm', { name: employee.displayName })}
                    confirmLabel={t('common.delete')}
                    loading={remove.isPending}
                    error={remove.error}
                    testId="employee-delete"
                    onConfirm={async () => {
                      await remove.mutateAsync(employee.id);
                      notifySuccess(t('employees.deleted'));
                      void navigate('/employees');
                    }}
                  />
                )
              }
            />
            <Tabs value={active} onChange={(v) => navigate(`/employees/${id}/${v === 'details' ? '' : v}`)} keepMounted={false}>
              <Tabs.List mb="md">
                {visibleTabs.map((x) => (
                  <Tabs.Tab key={x} value={x} data-testid={`tab-${x}`}>
                    {t(`employeeTabs.${x}`)}
                  </Tabs.Tab>
                ))}
              </Tabs.List>
              <Tabs.Panel value="details">
                <DetailsTab employee={employee} />
              </Tabs.Panel>
              <Tabs.Panel value="contracts">
                <ContractsTab employeeId={employee.id} />
              </Tabs.Panel>
              <Tabs.Panel value="hours">
                <EmployeeShiftsTab employee={employee} />
              </Tabs.Panel>
              <Tabs.Panel value="absences">
                <EmployeeAbsencesTab employee={employee} />
              </Tabs.Panel>
              <Tabs.Panel value="leave">
                <LeaveTab employeeId={employee.id} />
              </Tabs.Panel>
              <Tabs.Panel value="history">
                <HistoryTab employeeId={employee.id} />
              </Tabs.Panel>
            </Tabs>
          </>
        )}
      </QueryState>
    </>
  );
}
