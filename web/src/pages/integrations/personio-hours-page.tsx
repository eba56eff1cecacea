import { Alert, Anchor, Badge, Breadcrumbs, Button, Group, Modal, Paper, SegmentedControl, Select, Stack, Table, Text, Title } from '@mantine/core';
import { IconChevronLeft, IconChevronRight, IconSend } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import {
  type AttendanceRowState,
  type AttendanceSendResult,
  type ExportPeriod,
  ROW_OUTCOMES,
  ROW_STATES,
  useAttendanceReport,
  useReconciliation,
  useSendAttendance,
} from '../../api/attendance-export';
import { useLookup } from '../../api/hooks';
import { useIntegration } from '../../api/integrations';
import { DateField } from '../../components/date-time-fields';
import { EmptyRow } from '../../components/empty-row';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { QueryState } from '../../components/query-state';
import { TechnicalDetail } from '../../components/technical-detail';
import { addDaysLocal, formatDate, formatTime, todayLocal } from '../../lib/format';

type Mode = 'week' | 'month' | 'custom';

const STATE_COLOR: Record<AttendanceRowState, string> = { new: 'blue', changed: 'orange', unchanged: 'gray', removed: 'red', blocked: 'grape' };

/** Monday of the week of `date` (YYYY-MM-DD). */
function monday(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const wd = new Date(y!, m! - 1, d!).getDay();
  return addDaysLocal(date, -((wd + 6) % 7));
}
function monthRange(date: string): { from: string; to: string } {
  const [y, m] = date.split('-').map(Number);
  const last = new Date(y!, m!, 0).getDate();
  const mm = String(m).padStart(2, '0');
  return { from: `${y}-${mm}-01`, to: `${y}-${mm}-${String(last).padStart(2, '0')}` };
}
function shiftMonth(date: string, by: number): string {
  const [y, m] = date.split('-').map(Number);
  const d = new Date(y!, m! - 1 + by, 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-01`;
}

const NOWRAP = { whiteSpace: 'nowrap' } as const;

const minutes = (n: number) => `${Math.floor(n / 60)}:${String(Math.round(n % 60)).padStart(2, '0')}`;

/**
 * The Personio report (F-20): one row per approved shift of a week, month or custom period, with the Personio
 * person, the department its hours count for (its own, else its contract's), the times, the break and what a send does with it; "Send to Personio" after a confirmation, with a
 * summary of the outcome. Below it the reconciliation (F-25): Koppel's hours next to Personio's, per person and day.
 */
export function PersonioHoursPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const integration = useIntegration(id);
  const departments = useLookup('departments');
  const departmentName = new Map((departments.data?.items ?? []).map((d) => [d.id, d.name]));
  const [mode, setMode] = useState<Mode>('week');
  const [anchor, setAnchor] = useState(todayLocal());
  const [custom, setCustom] = useState(() => ({ from: monday(todayLocal()), to: addDaysLocal(monday(todayLocal()), 6) }));
  const [departmentId, setDepartmentId] = useState<string | null>(null);
  const [confirm, setConfirm] = useState(false);
  const [result, setResult] = useState<AttendanceSendResult | null>(null);
  const [compare, setCompare] = useState(false);

  const range = mode === 'week' ? { from: monday(anchor), to: addDaysLocal(monday(anchor), 6) } : mode === 'month' ? monthRange(anchor) : custom;
  const period: ExportPeriod = { ...range, departmentId };
  const report = useAttendanceReport(id, period);
  const send = useSendAttendance(id);
  const reconciliation = useReconciliation(id, period, compare);
  const step = (by: number) => setAnchor(mode === 'week' ? addDaysLocal(monday(anchor), 7 * by) : shiftMonth(anchor, by));
  const changePeriod = (fn: () => void) => {
    fn();
    setResult(null);
    setCompare(false);
  };
  const c = report.data?.counts;
  const toSend = c ? c.new + c.changed + c.removed : 0;

  return (
    <>
      <Breadcrumbs mb="sm">
        <Anchor component={Link} to="/settings/integrations">
          {t('integrations.appCenter.title')}
        </Anchor>
        <Anchor component={Link} to={`/settings/integrations/${id}`}>
          {integration.data?.name ?? 'Personio'}
        </Anchor>
        <span>{t('hoursExport.title')}</span>
      </Breadcrumbs>
      <PageHeader title={t('hoursExport.title')} description={t('hoursExport.description')} />
      <Paper withBorder p="md" radius="md" mb="md">
        <Group align="flex-end" wrap="wrap" gap="md">
          <SegmentedControl
            value={mode}
            onChange={(v) => changePeriod(() => setMode(v as Mode))}
            data={(['week', 'month', 'custom'] as const).map((m) => ({ value: m, label: t(`hoursExport.mode.${m}`) }))}
            data-testid="hours-mode"
          />
          {mode !== 'custom' ? (
            <Group gap={4}>
              <Button variant="default" size="sm" onClick={() => changePeriod(() => step(-1))} aria-label={t('hoursExport.previous')} data-testid="hours-prev">
                <IconChevronLeft size={16} />
              </Button>
              <Text fw={500} miw={200} ta="center" data-testid="hours-range">
                {formatDate(range.from)} – {formatDate(range.to)}
              </Text>
              <Button variant="default" size="sm" onClick={() => changePeriod(() => step(1))} aria-label={t('hoursExport.next')} data-testid="hours-next">
                <IconChevronRight size={16} />
              </Button>
            </Group>
          ) : (
            <>
              <DateField label={t('hoursExport.from')} value={custom.from} onChange={(e) => { const v = e.currentTarget.value; changePeriod(() => setCustom((x) => ({ ...x, from: v }))); }} data-testid="hours-from" />
              <DateField label={t('hoursExport.to')} value={custom.to} onChange={(e) => { const v = e.currentTarget.value; changePeriod(() => setCustom((x) => ({ ...x, to: v }))); }} data-testid="hours-to" />
            </>
          )}
          <Select
            label={t('hoursExport.department')}
            placeholder={t('hoursExport.allDepartments')}
            clearable
            value={departmentId}
            onChange={(v) => changePeriod(() => setDepartmentId(v))}
            data={(departments.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))}
            data-testid="hours-department"
          />
          <Button ml="auto" leftSection={<IconSend size={16} />} disabled={!report.data || toSend === 0} onClick={() => setConfirm(true)} data-testid="hours-send">
            {t('hoursExport.send')}
          </Button>
        </Group>
        {c && (
          <Group gap="xs" mt="md" data-testid="hours-counts">
            {ROW_STATES.map((s) => (
              <Badge key={s} color={STATE_COLOR[s]} variant="light" data-testid={`hours-count-${s}`} data-value={c[s]}>
                {t(`hoursExport.state.${s}`)}: {c[s]}
              </Badge>
            ))}
          </Group>
        )}
      </Paper>

      {result && (
        <Alert mb="md" color={result.status === 'succeeded' ? 'green' : 'orange'} title={t(`hoursExport.result.${result.status === 'succeeded' ? 'done' : 'partial'}`)} data-testid="hours-result" data-status={result.status} withCloseButton onClose={() => setResult(null)}>
          <Group gap="xs">
            {ROW_OUTCOMES.filter((o) => result.outcomes[o] > 0).map((o) => (
              <Badge key={o} variant="outline" data-testid={`hours-outcome-${o}`} data-value={result.outcomes[o]}>
                {t(`hoursExport.outcome.${o}`)}: {result.outcomes[o]}
              </Badge>
            ))}
          </Group>
        </Alert>
      )}

      <QueryState isLoading={report.isLoading} error={report.error}>
        <Paper withBorder radius="md" mb="md" style={{ overflowX: 'auto' }}>
          <Table striped highlightOnHover data-testid="hours-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th style={NOWRAP}>{t('hoursExport.col.personioId')}</Table.Th>
                <Table.Th>{t('hoursExport.col.name')}</Table.Th>
                <Table.Th>{t('hoursExport.col.date')}</Table.Th>
                <Table.Th>{t('hoursExport.department')}</Table.Th>
                <Table.Th>{t('hoursExport.col.start')}</Table.Th>
                <Table.Th>{t('hoursExport.col.end')}</Table.Th>
                <Table.Th>{t('hoursExport.col.break')}</Table.Th>
                <Table.Th>{t('hoursExport.col.state')}</Table.Th>
                <Table.Th>{t('hoursExport.col.reason')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(report.data?.rows ?? []).length === 0 && <EmptyRow colSpan={9} text={t('hoursExport.empty')} />}
              {(report.data?.rows ?? []).map((r) => (
                <Table.Tr key={`${r.shiftId}-${r.state}`} data-testid="hours-row" data-shift-id={r.shiftId} data-state={r.state}>
                  <Table.Td>{r.personioId ?? '—'}</Table.Td>
                  <Table.Td>{r.employeeName ?? '—'}</Table.Td>
                  <Table.Td style={NOWRAP}>{formatDate(r.date)}</Table.Td>
                  <Table.Td data-testid="hours-department-cell" data-department-id={r.departmentId ?? ''}>
                    {(r.departmentId && departmentName.get(r.departmentId)) ?? '—'}
                  </Table.Td>
                  <Table.Td style={NOWRAP}>{formatTime(r.startTime)}</Table.Td>
                  <Table.Td style={NOWRAP}>{formatTime(r.endTime)}</Table.Td>
                  <Table.Td style={NOWRAP}>{t('hoursExport.breakMinutes', { count: r.breakMinutes })}</Table.Td>
                  <Table.Td style={NOWRAP}>
                    <Badge color={STATE_COLOR[r.state]} variant={r.state === 'unchanged' ? 'outline' : 'light'} style={{ minWidth: 'max-content' }}>
                      {t(`hoursExport.state.${r.state}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td data-testid="hours-reason">
                    {r.reason && (
                      <Text size="sm" c={r.state === 'blocked' || r.reason === 'refused' ? 'red' : 'dimmed'}>
                        {t(`hoursExport.reason.${r.reason}`)}
                      </Text>
                    )}
                    {r.reason && r.message && (
                      <TechnicalDetail detail={r.message} />
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      </QueryState>

      <Paper withBorder p="md" radius="md" data-testid="hours-reconciliation">
        <Group justify="space-between" mb="sm">
          <Stack gap={0}>
            <Title order={4}>{t('hoursExport.reconcile.title')}</Title>
            <Text size="sm" c="dimmed">
              {t('hoursExport.reconcile.description')}
            </Text>
          </Stack>
          <Button variant="default" loading={reconciliation.isFetching} onClick={() => (compare ? void reconciliation.refetch() : setCompare(true))} data-testid="hours-compare">
            {t('hoursExport.reconcile.run')}
          </Button>
        </Group>
        {reconciliation.error && <ErrorAlert error={reconciliation.error} />}
        {reconciliation.data && (
          <>
            <Text size="sm" mb="xs" data-testid="hours-reconcile-summary" data-matching={reconciliation.data.matching} data-differences={reconciliation.data.differences.length}>
              {t('hoursExport.reconcile.summary', { matching: reconciliation.data.matching, count: reconciliation.data.differences.length })}
            </Text>
            {reconciliation.data.differences.length > 0 && (
              <Group mb="xs">
                <Button
                  variant="light"
                  loading={send.isPending}
                  onClick={() => send.mutate({ ...period, repair: true }, { onSuccess: (r) => setResult(r) })}
                  data-testid="hours-repair"
                >
                  {t('hoursExport.reconcile.repair')}
                </Button>
                <Text size="xs" c="dimmed">
                  {t('hoursExport.reconcile.repairHint')}
                </Text>
              </Group>
            )}
            {reconciliation.data.differences.length > 0 && (
              <Table data-testid="hours-reconcile-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('hoursExport.col.personioId')}</Table.Th>
                    <Table.Th>{t('hoursExport.col.name')}</Table.Th>
                    <Table.Th>{t('hoursExport.col.date')}</Table.Th>
                    <Table.Th>{t('hoursExport.reconcile.koppel')}</Table.Th>
                    <Table.Th>{t('hoursExport.reconcile.personio')}</Table.Th>
                    <Table.Th>{t('hoursExport.reconcile.difference')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {reconciliation.data.differences.map((d) => (
                    <Table.Tr key={`${d.personioId}-${d.date}`} data-testid="hours-reconcile-row">
                      <Table.Td>{d.personioId}</Table.Td>
                      <Table.Td>{d.employeeName ?? '—'}</Table.Td>
                      <Table.Td style={NOWRAP}>{formatDate(d.date)}</Table.Td>
                      <Table.Td>{d.koppel ? t('hoursExport.reconcile.tally', { work: minutes(d.koppel.workMinutes), pause: minutes(d.koppel.breakMinutes) }) : '—'}</Table.Td>
                      <Table.Td>{d.personio ? t('hoursExport.reconcile.tally', { work: minutes(d.personio.workMinutes), pause: minutes(d.personio.breakMinutes) }) : '—'}</Table.Td>
                      <Table.Td>{t(`hoursExport.reconcile.kind.${d.difference}`)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </>
        )}
      </Paper>

      <Modal opened={confirm} onClose={() => setConfirm(false)} title={t('hoursExport.confirm.title')} data-testid="hours-confirm">
        <Text size="sm" mb="xs">
          {t('hoursExport.confirm.text', { from: formatDate(period.from), to: formatDate(period.to) })}
        </Text>
        {c && (
          <Text size="sm" mb="md">
            {t('hoursExport.confirm.counts', { new: c.new, changed: c.changed, removed: c.removed, blocked: c.blocked })}
          </Text>
        )}
        {send.error && <ErrorAlert error={send.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setConfirm(false)}>
            {t('common.cancel')}
          </Button>
          <Button
            loading={send.isPending}
            onClick={() =>
              send.mutate(period, {
                onSuccess: (r) => {
                  setResult(r);
                  setConfirm(false);
                },
              })
            }
            data-testid="hours-confirm-send"
          >
            {t('hoursExport.send')}
          </Button>
        </Group>
      </Modal>
    </>
  );
}
