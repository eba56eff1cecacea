import { formatDate, formatHours } from '../../lib/format';
import { Alert, Anchor, Badge, Breadcrumbs, Button, Checkbox, Group, Modal, NumberInput, Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import { IconSend } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useIntegration, useUpdateIntegration } from '../../api/integrations';
import { type NmbrsHoursSent, useNmbrsHourCodes, useNmbrsHoursReport, useSaveNmbrsMapping, useSendNmbrsHours } from '../../api/nmbrs-hours';
import { EmptyRow } from '../../components/empty-row';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { QueryState } from '../../components/query-state';

const STATE_COLOR: Record<string, string> = { new: 'blue', changed: 'orange', unchanged: 'gray', removed: 'red' };

/**
 * Hours to Nmbrs (F-24): per company and payroll period of its type, the approved hours per employee and
 * mapped hour code with what a send would do; "Send to Nmbrs" after a confirmation (a protected period
 * needs the unprotected-mode tick); the outcome per row. Above it the hour-code mapping (live codes).
 */
export function NmbrsHoursPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const integration = useIntegration(id);
  const companies = (integration.data?.accountScope ?? []).filter((a) => a.kind === 'company');
  const [company, setCompany] = useState('');
  useEffect(() => {
    if (!company && companies[0]) setCompany(companies[0].id);
  }, [companies.length]);
  const now = new Date();
  const [year, setYear] = useState(now.getFullYear());
  const [period, setPeriod] = useState(now.getMonth() + 1);
  const codes = useNmbrsHourCodes(id, company);
  const save = useSaveNmbrsMapping(id);
  const [draft, setDraft] = useState<Record<string, string | null>>({});
  useEffect(() => {
    if (codes.data) setDraft(Object.fromEntries(codes.data.components.map((c) => [c.id, c.hourCode === null ? null : String(c.hourCode)])));
  }, [codes.data]);
  const q = { company, year, period };
  const report = useNmbrsHoursReport(id, q);
  const send = useSendNmbrsHours(id);
  const [confirm, setConfirm] = useState(false);
  const [unprotected, setUnprotected] = useState(false);
  const [result, setResult] = useState<NmbrsHoursSent | null>(null);
  const r = report.data;
  const update = useUpdateIntegration(id);

  return (
    <>
      <Breadcrumbs mb="sm">
        <Anchor component={Link} to="/settings/integrations">
          {t('integrations.appCenter.title')}
        </Anchor>
        <Anchor component={Link} to={`/settings/integrations/${id}`}>
          {integration.data?.name ?? '…'}
        </Anchor>
        <span>{t('nmbrsHours.title')}</span>
      </Breadcrumbs>
      <PageHeader title={t('nmbrsHours.title')} description={t('nmbrsHours.intro')} />
      <Stack>
        <Paper withBorder p="md" radius="md">
          <Group align="end">
            <Select label={t('nmbrsHours.company')} data={companies.map((c) => ({ value: c.id, label: c.name }))} value={company || null} onChange={(v) => setCompany(v ?? '')} data-testid="nmbrs-company" />
            <NumberInput label={t('nmbrsHours.year')} value={year} onChange={(v) => setYear(Number(v) || year)} min={2000} max={2100} w={110} data-testid="nmbrs-year" />
            <NumberInput label={t('nmbrsHours.period')} value={period} onChange={(v) => setPeriod(Number(v) || period)} min={1} max={53} w={110} data-testid="nmbrs-period" />
          </Group>
        </Paper>

        <Paper withBorder p="md" radius="md">
          <Title order={4} mb="xs">
            {t('nmbrsHours.mapping')}
          </Title>
          <QueryState isLoading={codes.isLoading} error={codes.error}>
            <Stack gap="xs">
              {codes.data?.components.map((c) => (
                <Group key={c.id} gap="sm">
                  <Text w={220}>{c.name}</Text>
                  <Select
                    clearable
                    placeholder={t('nmbrsHours.notSent')}
                    data={(codes.data?.hourCodes ?? []).map((h) => ({ value: String(h.code), label: `${h.code} · ${h.description}` }))}
                    value={draft[c.id] ?? null}
                    onChange={(v) => setDraft((d) => ({ ...d, [c.id]: v }))}
                    data-testid={`nmbrs-code-${c.code ?? c.id}`}
                  />
                </Group>
              ))}
              {save.error && <ErrorAlert error={save.error} />}
              <Group>
                <Button
                  variant="light"
                  loading={save.isPending}
                  onClick={() => save.mutate(Object.entries(draft).filter(([, v]) => v !== null && v !== '').map(([hourComponentId, v]) => ({ hourComponentId, hourCode: Number(v) })))}
                  data-testid="nmbrs-mapping-save"
                >
                  {t('common.save')}
                </Button>
              </Group>
            </Stack>
          </QueryState>
        </Paper>

        <Paper withBorder p="md" radius="md">
          <QueryState isLoading={report.isLoading} error={report.error}>
            {r && (
              <Stack>
                <Group justify="space-between">
                  <Text data-testid="nmbrs-report-period">
                    {t('nmbrsHours.periodLine', { type: t(`nmbrsHours.types.${r.periodType}`), period: r.period, year: r.year, from: formatDate(r.from), to: formatDate(r.to) })}
                  </Text>
                  <Button leftSection={<IconSend size={16} aria-hidden />} onClick={() => { setUnprotected(false); setConfirm(true); }} disabled={r.rows.length === 0} data-testid="nmbrs-send">
                    {t('nmbrsHours.send')}
                  </Button>
                </Group>
                {r.periodTypeSource !== 'nmbrs' && (
                  // Nmbrs did not name the company's period type (the answer's shape is UNCONFIRMED): say which one is used, and let it be set.
                  <Alert color="yellow" data-testid="nmbrs-period-type-note" data-source={r.periodTypeSource}>
                    <Stack gap="xs">
                      <Text size="sm">{t(`nmbrsHours.periodTypeNote.${r.periodTypeSource}`, { type: t(`nmbrsHours.types.${r.periodType}`) })}</Text>
                      <Group align="end">
                        <Select
                          label={t('nmbrsHours.periodTypeLabel')}
                          data={(['monthly', 'four_weekly', 'weekly'] as const).map((x) => ({ value: x, label: t(`nmbrsHours.types.${x}`) }))}
                          // Assumed: nothing chosen yet, so choosing the assumed type too is a choice.
                          value={r.periodTypeSource === 'configured' ? r.periodType : null}
                          placeholder={t(`nmbrsHours.types.${r.periodType}`)}
                          allowDeselect={false}
                          onChange={(v) =>
                            v &&
                            update.mutate(
                              { settings: { payrollPeriodTypes: { [company]: v as 'monthly' | 'four_weekly' | 'weekly' } } },
                              { onSuccess: () => void report.refetch() },
                            )
                          }
                          data-testid="nmbrs-period-type"
                        />
                      </Group>
                      {update.error && <ErrorAlert error={update.error} />}
                    </Stack>
                  </Alert>
                )}
                {r.protected && (
                  <Alert color="orange" data-testid="nmbrs-protected">
                    {t('nmbrsHours.protected', { period: r.currentPeriod.period, year: r.currentPeriod.year })}
                  </Alert>
                )}
                {r.unmapped.length > 0 && (
                  <Alert color="yellow">{r.unmapped.map((u) => t('nmbrsHours.unmapped', { hours: formatHours(u.hours), name: u.name ?? '—' })).join(' · ')}</Alert>
                )}
                <Group gap="xs">
                  {(['new', 'changed', 'unchanged', 'removed'] as const).map((s) => (
                    <Badge key={s} color={STATE_COLOR[s]} variant="light" data-testid={`nmbrs-count-${s}`}>
                      {t(`nmbrsHours.states.${s}`)}: {r.counts[s]}
                    </Badge>
                  ))}
                </Group>
                <Table striped data-testid="nmbrs-report">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('nmbrsHours.employee')}</Table.Th>
                      <Table.Th>{t('nmbrsHours.hourCode')}</Table.Th>
                      <Table.Th>{t('nmbrsHours.hours')}</Table.Th>
                      <Table.Th>{t('nmbrsHours.state')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {r.rows.length === 0 && <EmptyRow colSpan={4} text={t('nmbrsHours.empty')} />}
                    {r.rows.map((row) => (
                      <Table.Tr key={`${row.nmbrsEmployeeId}-${row.hourCode}`}>
                        <Table.Td>{row.employeeName ?? row.nmbrsEmployeeId}</Table.Td>
                        <Table.Td>{row.hourCode}</Table.Td>
                        <Table.Td>{formatHours(row.hours)}</Table.Td>
                        <Table.Td>
                          <Badge color={STATE_COLOR[row.state]} variant="light">
                            {t(`nmbrsHours.states.${row.state}`)}
                          </Badge>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Stack>
            )}
          </QueryState>
        </Paper>

        {result && (
          <Paper withBorder p="md" radius="md" data-testid="nmbrs-result">
            <Title order={4} mb="xs">
              {t('nmbrsHours.result', { status: t(`nmbrsHours.status.${result.status}`) })}
            </Title>
            <Text size="sm" mb="xs">
              {t('nmbrsHours.resultCounts', result.counts)}
            </Text>
            <Table>
              <Table.Tbody>
                {result.rows
                  .filter((row) => row.outcome === 'refused' || row.outcome === 'retrying' || row.outcome === 'dead')
                  .map((row) => (
                    <Table.Tr key={`${row.nmbrsEmployeeId}-${row.hourCode}`}>
                      <Table.Td>{row.employeeName ?? row.nmbrsEmployeeId}</Table.Td>
                      <Table.Td>{row.hourCode}</Table.Td>
                      <Table.Td>
                        <Badge color="red" variant="light">
                          {t(`nmbrsHours.outcome.${row.outcome}`, { defaultValue: row.outcome })}
                        </Badge>{' '}
                        {row.reason ? t(`nmbrsHours.reasons.${row.reason}`, { defaultValue: row.reason }) : ''}
                      </Table.Td>
                    </Table.Tr>
                  ))}
              </Table.Tbody>
            </Table>
          </Paper>
        )}
      </Stack>

      <Modal opened={confirm} onClose={() => setConfirm(false)} title={t('nmbrsHours.confirmTitle')} centered>
        <Stack>
          <Text size="sm">{r ? t('nmbrsHours.confirmText', { new: r.counts.new, changed: r.counts.changed, removed: r.counts.removed }) : ''}</Text>
          {r?.protected && <Checkbox label={t('nmbrsHours.unprotected')} checked={unprotected} onChange={(e) => setUnprotected(e.currentTarget.checked)} data-testid="nmbrs-unprotected" />}
          {send.error && <ErrorAlert error={send.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirm(false)}>
              {t('common.cancel')}
            </Button>
            <Button
              loading={send.isPending}
              disabled={Boolean(r?.protected && !unprotected)}
              onClick={() =>
                send.mutate(
                  { ...q, ...(unprotected ? { unprotected: true } : {}) },
                  {
                    onSuccess: (res) => {
                      setResult(res);
                      setConfirm(false);
                    },
                  },
                )
              }
              data-testid="nmbrs-send-confirm"
            >
              {t('nmbrsHours.send')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
