import { Button, Group, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconEye, IconPencil } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiError, api } from '../../../api/client';
import { useContracts, useUpdateEmployee } from '../../../api/hooks';
import type { Employee } from '../../../api/types';
import { useAuth } from '../../../auth/auth-context';
import { ErrorAlert } from '../../../components/error-alert';
import { formatDate, todayLocal } from '../../../lib/format';
import { notifySuccess } from '../../../lib/notify';
import { EmployeeForm, employeeToForm, formToBody } from '../employee-form';
import { SyncedFieldsNotice } from '../../integrations/synced-fields-notice';

export function DetailsTab({ employee }: { employee: Employee }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const [editing, setEditing] = useState(false);
  const update = useUpdateEmployee(employee.id);
  const contracts = useContracts(employee.id);
  const today = todayLocal();
  // The single-employee answer carries no department names; derive them from the contracts running today.
  const currentDepartments =
    employee.departments ??
    ([
      ...new Set(
        (contracts.data?.items ?? [])
          .filter((c) => c.startDate <= today && (!c.endDate || c.endDate >= today) && c.departmentName)
          .map((c) => c.departmentName as string),
      ),
    ].join(', ') ||
      null);

  if (editing) {
    return (
      <Paper withBorder p="md" radius="md">
        <SyncedFieldsNotice employeeId={employee.id} entity="employee" />
        <EmployeeForm
          mode="edit"
          hasBsn={!!employee.bsnMasked}
          initial={employeeToForm(employee)}
          pending={update.isPending}
          error={update.error}
          onCancel={() => {
            update.reset();
            setEditing(false);
          }}
          onSubmit={(v) =>
            update.mutate(formToBody(v, 'edit'), {
              onSuccess: () => {
                notifySuccess(t('common.saved'));
                setEditing(false);
              },
            })
          }
        />
      </Paper>
    );
  }

  const showsAddress = [employee.street, employee.houseNumber, employee.postalCode, employee.city, employee.country].some((v) => v !== undefined);
  const address = [
    [employee.street, employee.houseNumber].filter(Boolean).join(' '),
    [employee.postalCode, employee.city].filter(Boolean).join(' '),
    employee.country,
  ]
    .filter(Boolean)
    .join(', ');

  return (
    <Paper withBorder p="md" radius="md">
      <Stack>
        {can('hr') && (
          <Group justify="flex-end">
            <Button variant="light" leftSection={<IconPencil size={16} aria-hidden />} onClick={() => setEditing(true)} data-testid="employee-edit">
              {t('common.edit')}
            </Button>
          </Group>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="lg" verticalSpacing="md" component="dl" m={0}>
          <Item label={t('employees.fields.firstName')}>{employee.firstName}</Item>
          <Item label={t('employees.fields.prefix')}>{employee.prefix}</Item>
          <Item label={t('employees.fields.lastName')}>{employee.lastName}</Item>
          <Item label={t('employees.fields.initials')}>{employee.initials}</Item>
          <Item label={t('employees.fields.personnelNumber')}>{employee.personnelNumber}</Item>
          {/* Private fields are absent for roles outside HR (docs/decisions/0008-field-visibility.md): no row at all then. */}
          {employee.bsnMasked !== undefined && (
            <Item label={t('employees.fields.bsn')}>
              <BsnValue employee={employee} />
            </Item>
          )}
          {employee.birthDate !== undefined && <Item label={t('employees.fields.birthDate')}>{employee.birthDate ? formatDate(employee.birthDate) : null}</Item>}
          <Item label={t('employees.fields.email')}>{employee.email}</Item>
          <Item label={t('employees.fields.phone')}>{employee.phone}</Item>
          {showsAddress && <Item label={t('employees.address')}>{address}</Item>}
          <Item label={t('employees.departments')}>{currentDepartments}</Item>
          {employee.notes !== undefined && <Item label={t('employees.fields.notes')}>{employee.notes}</Item>}
        </SimpleGrid>
      </Stack>
    </Paper>
  );
}

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text component="dt" size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <Text component="dd" m={0} size="sm">
        {children === null || children === undefined || children === '' ? '—' : children}
      </Text>
    </div>
  );
}

/** Masked by default; HR can reveal the full number (the server audits every reveal). */
function BsnValue({ employee }: { employee: Employee }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const [revealed, setRevealed] = useState<string | null>(null);
  const reveal = useMutation<{ bsn: string | null }, ApiError>({
    mutationFn: () => api.post<{ bsn: string | null }>(`/employees/${employee.id}/bsn/reveal`),
    onSuccess: (r) => setRevealed(r.bsn ?? ''),
  });
  if (!employee.bsnMasked) return <>—</>;
  return (
    <Stack gap={4} component="span">
      <Group gap="xs" component="span">
        <Text span ff="monospace" data-testid="employee-bsn">
          {revealed ?? employee.bsnMasked}
        </Text>
        {can('hr') &&
          (revealed === null ? (
            <Button
              size="compact-xs"
              variant="subtle"
              leftSection={<IconEye size={14} aria-hidden />}
              loading={reveal.isPending}
              onClick={() => reveal.mutate()}
              data-testid="employee-bsn-reveal"
            >
              {t('employees.revealBsn')}
            </Button>
          ) : (
            <Button size="compact-xs" variant="subtle" onClick={() => setRevealed(null)}>
              {t('employees.hideBsn')}
            </Button>
          ))}
      </Group>
      {reveal.error && <ErrorAlert error={reveal.error} />}
    </Stack>
  );
}
