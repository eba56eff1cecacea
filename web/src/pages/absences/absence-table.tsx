import { ActionIcon, Anchor, Group, Table, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconLock, IconTrash, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useAbsenceDecision, useDeleteAbsence, useLookup } from '../../api/hooks';
import type { Absence } from '../../api/types';
import { ConfirmButton } from '../../components/confirm-button';
import { EmptyRow } from '../../components/empty-row';
import { ApprovalBadge } from '../../components/status-badge';
import { formatDate, formatHours } from '../../lib/format';
import { nameMap } from '../../lib/lookup-names';
import { notifyError } from '../../lib/notify';
import { useLockedDays } from '../../api/outbound';
import { AbsenceLockBadge, useAbsenceLocks } from './absence-lock';

export const absenceEmployeeName = (a: Absence) => a.employeeName || '…';

export function AbsenceTable({ absences, showEmployee, canDecide, busy }: { absences: Absence[]; showEmployee: boolean; canDecide: boolean; busy?: boolean }) {
  const { t } = useTranslation();
  const types = nameMap(useLookup('absence-types').data?.items, (x) => x.name);
  const decide = useAbsenceDecision();
  const remove = useDeleteAbsence();
  const lockOf = useAbsenceLocks();
  const cols = 6 + (showEmployee ? 1 : 0) + (canDecide ? 1 : 0);
  // F-25: an absence on days an export already sent (payroll) is deleted as a correction, and the dialog says so.
  const span = absences.length > 0 ? [absences.map((a) => a.startDate).sort()[0]!, absences.map((a) => a.endDate).sort().at(-1)!] : [null, null];
  const tooLong = span[0] && span[1] ? Date.parse(span[1]) - Date.parse(span[0]) > 400 * 86_400_000 : true;
  const locks = useLockedDays(tooLong ? null : span[0]!, tooLong ? null : span[1]!, 'absence').data ?? [];
  const sentFor = (a: Absence) => [...new Set(locks.filter((l) => l.day >= a.startDate && l.day <= a.endDate).map((l) => l.integrationName))];
  const act = (id: string, decision: 'approve' | 'reject') => decide.mutate({ id, decision }, { onError: (e) => notifyError(e.message) });

  return (
    <Table.ScrollContainer minWidth={760}>
      <Table striped highlightOnHover verticalSpacing="xs" aria-busy={busy} data-testid="absences-table">
        <Table.Thead>
          <Table.Tr>
            {showEmployee && <Table.Th>{t('common.employee')}</Table.Th>}
            <Table.Th>{t('absences.type')}</Table.Th>
            <Table.Th>{t('absences.startDate')}</Table.Th>
            <Table.Th>{t('absences.endDate')}</Table.Th>
            <Table.Th>{t('absences.unit')}</Table.Th>
            <Table.Th>{t('absences.comment')}</Table.Th>
            <Table.Th>{t('common.status')}</Table.Th>
            {canDecide && <Table.Th>{t('common.actions')}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {absences.length === 0 && <EmptyRow colSpan={cols} text={t('absences.none')} />}
          {absences.map((a) => {
            const label = { name: absenceEmployeeName(a), date: formatDate(a.startDate) };
            const lock = lockOf(a.absenceTypeId);
            return (
              <Table.Tr key={a.id} data-testid="absence-row" data-absence-id={a.id} data-status={a.status} data-locked={lock ? 'true' : undefined}>
                {showEmployee && (
                  <Table.Td>
                    <Anchor component={Link} to={`/employees/${a.employeeId}/absences`} size="sm">
                      {absenceEmployeeName(a)}
                    </Anchor>
                  </Table.Td>
                )}
                <Table.Td>
                  {a.absenceTypeName ?? types.get(a.absenceTypeId) ?? '…'}
                  {lock && <AbsenceLockBadge lock={lock} />}
                </Table.Td>
                <Table.Td>{formatDate(a.startDate)}</Table.Td>
                <Table.Td>{formatDate(a.endDate)}</Table.Td>
                <Table.Td>
                  {t(`absenceUnits.${a.unit}`)}
                  {a.unit === 'hours' && a.hours !== null ? ` (${formatHours(a.hours)})` : ''}
                </Table.Td>
                <Table.Td>
                  <Text size="sm" lineClamp={2}>
                    {a.comment ?? ''}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <ApprovalBadge status={a.status} testId="absence-status" />
                </Table.Td>
                {canDecide && (
                <Table.Td>
                  {lock ? (
                    <Tooltip label={t('absenceImport.locked.row', { integration: lock.integrationName })}>
                      <ActionIcon variant="subtle" color="gray" disabled aria-label={t('absenceImport.locked.row', { integration: lock.integrationName })} data-testid="absence-actions-locked">
                        <IconLock size={16} />
                      </ActionIcon>
                    </Tooltip>
                  ) : (
                  <Group gap={4} wrap="nowrap">
                    {canDecide && a.status !== 'approved' && (
                      <Tooltip label={t('common.approve')}>
                        <ActionIcon color="green" variant="light" aria-label={t('absences.approveRow', label)} onClick={() => act(a.id, 'approve')} data-testid="absence-approve">
                          <IconCheck size={16} />
                        </ActionIcon>
                      </Tooltip>
                    )}
                    {canDecide && a.status === 'pending' && (
                      <Tooltip label={t('common.reject')}>
                        <ActionIcon color="red" variant="light" aria-label={t('absences.rejectRow', label)} onClick={() => act(a.id, 'reject')} data-testid="absence-reject">
                          <IconX size={16} />
                        </ActionIcon>
                      </Tooltip>
                    )}
                    {canDecide && (
                      <ConfirmButton
                        label={t('absences.delete')}
                        icon={<IconTrash size={16} />}
                        message={
                          sentFor(a).length > 0
                            ? `${t('absences.deleteConfirm', label)} ${t('corrections.deleteNote', { integration: sentFor(a).join(', ') })}`
                            : t('absences.deleteConfirm', label)
                        }
                        confirmLabel={t('common.delete')}
                        loading={remove.isPending}
                        error={remove.error}
                        onConfirm={() => remove.mutateAsync({ id: a.id, confirmCorrection: sentFor(a).length > 0 })}
                      />
                    )}
                  </Group>
                  )}
                </Table.Td>
                )}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
