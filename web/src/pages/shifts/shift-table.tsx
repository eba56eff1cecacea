import { ActionIcon, Anchor, Checkbox, Code, Group, Table, Text, Tooltip } from '@mantine/core';
import { IconArrowBackUp, IconCheck, IconPencil, IconTrash, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useDeleteShift, useReopenShift, useShiftDecision } from '../../api/hooks';
import type { Shift } from '../../api/types';
import { ConfirmButton } from '../../components/confirm-button';
import { EmptyRow } from '../../components/empty-row';
import { ApprovalBadge } from '../../components/status-badge';
import { formatHours, formatTime, formatWeekdayDate, shiftHours } from '../../lib/format';
import { notifyError, notifySuccess } from '../../lib/notify';
import { ReasonButton } from './reason-button';
import { useLockedDays } from '../../api/outbound';
import { locksByDay, SentDayMark } from '../../components/sent-day-confirm';

/** The dates the list spans, at most the last 400 days of it (what /outbound/locked-days answers for). */
function spanOf(shifts: Shift[]): [string | null, string | null] {
  if (shifts.length === 0) return [null, null];
  const dates = shifts.map((s) => s.date).sort();
  const to = dates[dates.length - 1]!;
  const floor = new Date(Date.parse(`${to}T00:00:00Z`) - 400 * 86_400_000).toISOString().slice(0, 10);
  return [dates[0]! < floor ? floor : dates[0]!, to];
}

export const shiftEmployeeName = (s: Shift) => s.employeeName || '…';

/** The department the hours count for, marked when it comes from the contract. */
export function ShiftDepartment({ shift: s }: { shift: Shift }) {
  const { t } = useTranslation();
  if (!s.resolvedDepartmentName) return <>—</>;
  return (
    <span data-testid="shift-department-cell" data-from={s.departmentFrom ?? ''}>
      {s.resolvedDepartmentName}
      {s.departmentFrom === 'contract' && (
        <Text span size="xs" c="dimmed" ml={4}>
          ({t('shifts.fromContract')})
        </Text>
      )}
    </span>
  );
}

/** The hour components the shift is booked on: the planner's choice, or what the rules give (with hours when split). */
export function ShiftComponents({ shift: s }: { shift: Shift }) {
  const { t } = useTranslation();
  const parts = s.hourComponents;
  if (parts.length === 0) return <>—</>;
  const split = parts.length > 1;
  return (
    <Tooltip label={s.componentsFrom === 'rules' ? t('shifts.byRulesHint') : t('shifts.chosenHint')} withinPortal>
      <Group gap={4} wrap="wrap" data-testid="shift-components" data-from={s.componentsFrom} data-codes={parts.map((p) => p.code ?? '').join(',')}>
        {parts.map((p) => (
          <Text key={p.hourComponentId ?? 'none'} span size="sm" style={{ whiteSpace: 'nowrap' }}>
            <Code>{p.code ?? t('shifts.noComponent')}</Code>
            {split && ` ${formatHours(p.minutes / 60)}`}
          </Text>
        ))}
        {s.componentsFrom === 'rules' && (
          <Text span size="xs" c="dimmed">
            ({t('shifts.rulesShort')})
          </Text>
        )}
      </Group>
    </Tooltip>
  );
}

type Props = {
  shifts: Shift[];
  showEmployee: boolean;
  canApprove: boolean;
  selected?: Set<string>;
  onSelectedChange?: (next: Set<string>) => void;
  onEdit?: (s: Shift) => void;
  busy?: boolean;
};

export function ShiftTable({ shifts, showEmployee, canApprove, selected, onSelectedChange, onEdit, busy }: Props) {
  const { t } = useTranslation();
  const decide = useShiftDecision();
  const remove = useDeleteShift();
  const reopen = useReopenShift();
  // F-25: days an export already sent are marked; deleting on one says so and confirms the correction.
  const [from, to] = spanOf(shifts);
  const sent = locksByDay(useLockedDays(from, to, 'shift').data);
  const selectable = !!selected && !!onSelectedChange;
  const pendingIds = shifts.filter((s) => s.status === 'pending').map((s) => s.id);
  const allSelected = pendingIds.length > 0 && pendingIds.every((id) => selected?.has(id));
  const cols = 9 + (showEmployee ? 1 : 0) + (selectable ? 1 : 0);

  const toggle = (id: string, on: boolean) => {
    if (!selected || !onSelectedChange) return;
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    onSelectedChange(next);
  };

  const act = (id: string, decision: 'approve' | 'reject') =>
    decide.mutate({ id, decision }, { onError: (err) => notifyError(err.message) });

  return (
    <Table.ScrollContainer minWidth={showEmployee ? 980 : 860}>
      <Table striped highlightOnHover verticalSpacing="xs" aria-busy={busy} data-testid="shifts-table">
        <Table.Thead>
          <Table.Tr>
            {selectable && (
              <Table.Th w={40}>
                <Checkbox
                  aria-label={t('shifts.selectAllPending')}
                  checked={allSelected}
                  indeterminate={!allSelected && pendingIds.some((id) => selected?.has(id))}
                  disabled={pendingIds.length === 0}
                  onChange={(e) => onSelectedChange?.(e.currentTarget.checked ? new Set(pendingIds) : new Set())}
                  data-testid="shifts-select-all"
                />
              </Table.Th>
            )}
            <Table.Th>{t('shifts.date')}</Table.Th>
            {showEmployee && <Table.Th>{t('common.employee')}</Table.Th>}
            <Table.Th>{t('shifts.start')}</Table.Th>
            <Table.Th>{t('shifts.end')}</Table.Th>
            <Table.Th ta="right">{t('shifts.breakMinutes')}</Table.Th>
            <Table.Th ta="right">{t('shifts.hours')}</Table.Th>
            <Table.Th>{t('shifts.department')}</Table.Th>
            <Table.Th>{t('shifts.hourComponent')}</Table.Th>
            <Table.Th>{t('common.status')}</Table.Th>
            <Table.Th>{t('common.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {shifts.length === 0 && <EmptyRow colSpan={cols} text={t('shifts.none')} />}
          {shifts.map((s) => {
            const who = shiftEmployeeName(s);
            const rowLabel = { name: who, date: formatWeekdayDate(s.date) };
            return (
              <Table.Tr key={s.id} data-testid="shift-row" data-shift-id={s.id} data-status={s.status}>
                {selectable && (
                  <Table.Td>
                    <Checkbox
                      aria-label={t('shifts.selectRow', rowLabel)}
                      checked={selected?.has(s.id) ?? false}
                      disabled={s.status !== 'pending'}
                      onChange={(e) => toggle(s.id, e.currentTarget.checked)}
                      data-testid="shift-select"
                    />
                  </Table.Td>
                )}
                <Table.Td style={{ whiteSpace: 'nowrap' }} data-sent={sent.has(s.date) ? 'true' : undefined}>
                  {formatWeekdayDate(s.date)}
                  {sent.has(s.date) && (
                    <div>
                      <SentDayMark locks={sent.get(s.date)} />
                    </div>
                  )}
                </Table.Td>
                {showEmployee && (
                  <Table.Td>
                    <Anchor component={Link} to={`/employees/${s.employeeId}/hours`} size="sm">
                      {who}
                    </Anchor>
                  </Table.Td>
                )}
                <Table.Td>{formatTime(s.startTime)}</Table.Td>
                <Table.Td>{formatTime(s.endTime)}</Table.Td>
                <Table.Td ta="right">{s.breakMinutes}</Table.Td>
                <Table.Td ta="right">{formatHours(typeof s.workedMinutes === 'number' ? s.workedMinutes / 60 : shiftHours(s.startTime, s.endTime, s.breakMinutes))}</Table.Td>
                <Table.Td>
                  <ShiftDepartment shift={s} />
                </Table.Td>
                <Table.Td>
                  <ShiftComponents shift={s} />
                </Table.Td>
                <Table.Td>
                  <ApprovalBadge status={s.status} testId="shift-status" />
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    {canApprove && s.status !== 'approved' && (
                      <Tooltip label={t('common.approve')}>
                        <ActionIcon
                          color="green"
                          variant="light"
                          aria-label={t('shifts.approveRow', rowLabel)}
                          onClick={() => act(s.id, 'approve')}
                          loading={decide.isPending && decide.variables?.id === s.id && decide.variables.decision === 'approve'}
                          data-testid="shift-approve"
                        >
                          <IconCheck size={16} />
                        </ActionIcon>
                      </Tooltip>
                    )}
                    {canApprove && s.status === 'pending' && (
                      <Tooltip label={t('common.reject')}>
                        <ActionIcon
                          color="red"
                          variant="light"
                          aria-label={t('shifts.rejectRow', rowLabel)}
                          onClick={() => act(s.id, 'reject')}
                          loading={decide.isPending && decide.variables?.id === s.id && decide.variables.decision === 'reject'}
                          data-testid="shift-reject"
                        >
                          <IconX size={16} />
                        </ActionIcon>
                      </Tooltip>
                    )}
                    {canApprove && s.status !== 'pending' && (
                      <ReasonButton
                        label={t('shifts.reopenRow', rowLabel)}
                        icon={<IconArrowBackUp size={16} />}
                        color="orange"
                        message={
                          sent.has(s.date)
                            ? `${t('shifts.reopenConfirm', rowLabel)} ${t('corrections.reopenNote', { integration: sent.get(s.date)!.map((l) => l.integrationName).join(', ') })}`
                            : t('shifts.reopenConfirm', rowLabel)
                        }
                        confirmLabel={t('shifts.reopen')}
                        loading={reopen.isPending}
                        error={reopen.error}
                        testId="shift-reopen"
                        onConfirm={async (reason) => {
                          await reopen.mutateAsync({ id: s.id, reason, confirmCorrection: sent.has(s.date) });
                          notifySuccess(t('shifts.reopened'));
                        }}
                      />
                    )}
                    {onEdit && (
                      <Tooltip label={t('common.edit')}>
                        <ActionIcon variant="subtle" aria-label={t('shifts.editRow', rowLabel)} onClick={() => onEdit(s)} data-testid="shift-edit">
                          <IconPencil size={16} />
                        </ActionIcon>
                      </Tooltip>
                    )}
                    {onEdit && s.status !== 'approved' && (
                      <ConfirmButton
                        label={t('shifts.delete')}
                        icon={<IconTrash size={16} />}
                        message={
                          sent.has(s.date)
                            ? `${t('shifts.deleteConfirm', rowLabel)} ${t('corrections.deleteNote', { integration: sent.get(s.date)!.map((l) => l.integrationName).join(', ') })}`
                            : t('shifts.deleteConfirm', rowLabel)
                        }
                        confirmLabel={t('common.delete')}
                        loading={remove.isPending}
                        error={remove.error}
                        onConfirm={() => remove.mutateAsync({ id: s.id, confirmCorrection: sent.has(s.date) })}
                      />
                    )}
                    {onEdit && s.status === 'approved' && (
                      <ReasonButton
                        label={t('shifts.delete')}
                        icon={<IconTrash size={16} />}
                        message={
                          sent.has(s.date)
                            ? `${t('shifts.deleteApprovedConfirm', rowLabel)} ${t('corrections.deleteNote', { integration: sent.get(s.date)!.map((l) => l.integrationName).join(', ') })}`
                            : t('shifts.deleteApprovedConfirm', rowLabel)
                        }
                        confirmLabel={t('common.delete')}
                        loading={remove.isPending}
                        error={remove.error}
                        testId="shift-delete-approved"
                        onConfirm={(reason) => remove.mutateAsync({ id: s.id, reason, confirmCorrection: sent.has(s.date) })}
                      />
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
