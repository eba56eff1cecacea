import { ActionIcon, Button, Group, Paper, Table, Tooltip } from '@mantine/core';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useContracts, useDeleteContract, useLookup } from '../../../api/hooks';
import type { Contract } from '../../../api/types';
import { useAuth } from '../../../auth/auth-context';
import { ConfirmButton } from '../../../components/confirm-button';
import { EmptyRow } from '../../../components/empty-row';
import { QueryState } from '../../../components/query-state';
import { formatDate, formatHours, formatMoney } from '../../../lib/format';
import { nameMap } from '../../../lib/lookup-names';
import { ContractFormModal } from './contract-form-modal';

export function ContractsTab({ employeeId }: { employeeId: string }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const canEdit = can('hr');
  const contracts = useContracts(employeeId);
  const remove = useDeleteContract(employeeId);
  const types = nameMap(useLookup('contract-types').data?.items, (x) => x.name);
  const departments = nameMap(useLookup('departments').data?.items, (x) => x.name);
  const functions = nameMap(useLookup('functions').data?.items, (x) => x.name);
  const [editing, setEditing] = useState<Contract | null>(null);
  const [opened, setOpened] = useState(false);
  const items = contracts.data?.items ?? [];
  // Wages are for HR roles only (docs/decisions/0008-field-visibility.md): the server leaves hourlyWage out otherwise.
  const showsWage = canEdit || items.some((c) => c.hourlyWage !== undefined);

  const name = (map: Map<string, string>, id: string | null, fallback?: string | null) => fallback ?? (id ? (map.get(id) ?? '…') : '—');

  return (
    <Paper withBorder p="md" radius="md">
      {canEdit && (
        <Group justify="flex-end" mb="sm">
          <Button
            leftSection={<IconPlus size={16} aria-hidden />}
            onClick={() => {
              setEditing(null);
              setOpened(true);
            }}
            data-testid="contract-add"
          >
            {t('contracts.add')}
          </Button>
        </Group>
      )}
      <QueryState isLoading={contracts.isLoading} error={contracts.error}>
        <Table.ScrollContainer minWidth={760}>
          <Table striped data-testid="contracts-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('contracts.type')}</Table.Th>
                <Table.Th>{t('contracts.department')}</Table.Th>
                <Table.Th>{t('contracts.function')}</Table.Th>
                <Table.Th>{t('contracts.company')}</Table.Th>
                <Table.Th>{t('contracts.startDate')}</Table.Th>
                <Table.Th>{t('contracts.endDate')}</Table.Th>
                <Table.Th ta="right">{t('contracts.weeklyHours')}</Table.Th>
                {showsWage && <Table.Th ta="right">{t('contracts.hourlyWage')}</Table.Th>}
                <Table.Th>
                  <Tooltip label={t('contracts.costCentersHint')}>
                    <span>{t('contracts.costCenters')}</span>
                  </Tooltip>
                </Table.Th>
                {canEdit && <Table.Th>{t('common.actions')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.length === 0 && <EmptyRow colSpan={8 + (showsWage ? 1 : 0) + (canEdit ? 1 : 0)} text={t('contracts.none')} />}
              {items.map((c) => (
                <Table.Tr key={c.id} data-testid="contract-row">
                  <Table.Td>{name(types, c.contractTypeId, c.contractTypeName)}</Table.Td>
                  <Table.Td>{name(departments, c.departmentId, c.departmentName)}</Table.Td>
                  <Table.Td>{name(functions, c.functionId, c.functionName)}</Table.Td>
                  <Table.Td data-testid="contract-company">{c.company ?? '—'}</Table.Td>
                  <Table.Td>{formatDate(c.startDate)}</Table.Td>
                  <Table.Td>{c.endDate ? formatDate(c.endDate) : t('contracts.open')}</Table.Td>
                  <Table.Td ta="right">{formatHours(c.weeklyHours)}</Table.Td>
                  {showsWage && <Table.Td ta="right">{formatMoney(c.hourlyWage)}</Table.Td>}
                  <Table.Td data-testid="contract-cost-centers">
                    {c.costCenters?.length
                      ? c.costCenters.map((cc) => (cc.percentage === null ? cc.name : t('contracts.costCenterShare', { name: cc.name, percentage: cc.percentage }))).join(', ')
                      : '—'}
                  </Table.Td>
                  {canEdit && (
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <Tooltip label={t('common.edit')}>
                          <ActionIcon
                            variant="subtle"
                            aria-label={t('contracts.editRow', { start: formatDate(c.startDate) })}
                            onClick={() => {
                              setEditing(c);
                              setOpened(true);
                            }}
                            data-testid="contract-edit"
                          >
                            <IconPencil size={16} />
                          </ActionIcon>
                        </Tooltip>
                        <ConfirmButton
                          label={t('contracts.delete')}
                          icon={<IconTrash size={16} />}
                          message={t('contracts.deleteConfirm')}
                          confirmLabel={t('common.delete')}
                          loading={remove.isPending}
                          error={remove.error}
                          onConfirm={() => remove.mutateAsync(c.id)}
                        />
                      </Group>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </QueryState>
      <ContractFormModal employeeId={employeeId} contract={editing} opened={opened} onClose={() => setOpened(false)} />
    </Paper>
  );
}
