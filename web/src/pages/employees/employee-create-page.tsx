import { Anchor, Breadcrumbs, Paper } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { useCreateEmployee } from '../../api/hooks';
import { PageHeader } from '../../components/page-header';
import { notifySuccess } from '../../lib/notify';
import { EmployeeForm, employeeToForm, formToBody } from './employee-form';

export function EmployeeCreatePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateEmployee();
  return (
    <>
      <Breadcrumbs mb="sm">
        <Anchor component={Link} to="/employees">
          {t('employees.title')}
        </Anchor>
        <span>{t('employees.new')}</span>
      </Breadcrumbs>
      <PageHeader title={t('employees.new')} />
      <Paper withBorder p="md" radius="md">
        <EmployeeForm
          mode="create"
          initial={employeeToForm(null)}
          pending={create.isPending}
          error={create.error}
          onCancel={() => navigate('/employees')}
          onSubmit={(v) =>
            create.mutate(formToBody(v, 'create'), {
              onSuccess: (emp) => {
                notifySuccess(t('employees.created', { name: emp.displayName }));
                void navigate(`/employees/${emp.id}`);
              },
            })
          }
        />
      </Paper>
    </>
  );
}
