import { formatDate, formatHours } from '../../lib/format';
import { Alert, Badge, Button, Code, Group, NativeSelect, NumberInput, Paper, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconDownload, IconMail, IconSend } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useIntegrations } from '../../api/integrations';
import { type LoketPeriodRef, type LoketSend, loketCsvUrl, useLoketPeriods, useLoketReport, useMailLoketReport, useSendLoketReport } from '../../api/loket';
import { MailDelivery } from '../../components/mail-delivery';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { QueryState } from '../../components/query-state';
import { notifySuccess } from '../../lib/notify';

const STATE_COLOR: Record<string, string> = { new: 'green', changed: 'orange', unchanged: 'gray', removed: 'red' };

/**
 * The "Loket" report (F-23): per payroll period of the chosen administration, worked hours per employee per
 * mapped Loket component; then the CSV (download or e-mail with the import steps) or a send through the API.
 */
export function LoketReportPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const integrations = useIntegrations();
  const loket = (integrations.data ?? []).filter((i) => i.vendor === 'loket' && i.active);
  const integrationId = params.get('integration') ?? loket[0]?.id ?? null;
  const [year, setYear] = useState(new Date().getFullYear());
  const periods = useLoketPeriods(integrationId, year);
  const [adminId, setAdminId] = useState<string | null>(null);
  const [period, setPeriod] = useState<number | null>(null);
  useEffect(() => {
    const first = periods.data?.items[0];
    if (first && !periods.data?.items.some((a) => a.id === adminId)) setAdminId(first.id);
  }, [periods.data, adminId]);
  const admin = periods.data?.items.find((a) => a.id === adminId);
  const ref: LoketPeriodRef | null = useMemo(() => (adminId && period ? { administrationId: adminId, year, period } : null), [adminId, year, period]);
  const report = useLoketReport(integrationId, ref);
  const mail = useMailLoketReport(integrationId ?? '');
  // The last mailing's job: followed until sent or failed (issue 12 #6).
  const [mailed, setMailed] = useState<number | null>(null);
  const send = useSendLoketReport(integrationId ?? '');
  const [to, setTo] = useState('');
  const [sent, setSent] = useState<LoketSend | null>(null);
  const flagged = (report.data?.rows ?? []).some((r) => r.issues.length > 0);

  return (
    <>
      <PageHeader title={t('loket.report.title')} description={t('loket.report.intro')} />
      <QueryState isLoading={integrations.isLoading} error={integrations.error}>
        {loket.length === 0 ? (
          <Alert color="gray">{t('loket.report.noIntegration')}</Alert>
        ) : (
          <Stack>
            <Paper withBorder p="md" radius="md">
              <Group align="flex-end" wrap="wrap">
                {loket.length > 1 && (
                  <NativeSelect
                    label={t('loket.report.integration')}
                    data={loket.map((i) => ({ value: i.id, label: i.name }))}
                    value={integrationId ?? ''}
                    onChange={(e) => setParams({ integration: e.currentTarget.value })}
                    data-testid="loket-report-integration"
                  />
                )}
                <NumberInput label={t('loket.report.year')} value={year} onChange={(v) => setYear(Number(v) || year)} min={2000} max={2100} w={110} data-testid="loket-report-year" />
                <NativeSelect
                  label={t('loket.report.administration')}
                  data={(periods.data?.items ?? []).map((a) => ({ value: a.id, label: `${a.employerName} – ${a.name}` }))}
                  value={adminId ?? ''}
                  onChange={(e) => setAdminId(e.currentTarget.value)}
                  data-testid="loket-report-administration"
                />
                <NativeSelect
                  label={t('loket.report.period')}
                  data={[{ value: '', label: '—' }, ...(admin?.periods ?? []).map((p) => ({ value: String(p.period), label: t('loket.report.periodLabel', { period: p.period, from: formatDate(p.startDate), to: formatDate(p.endDate) }) }))]}
                  value={period ? String(period) : ''}
                  onChange={(e) => {
                    setPeriod(e.currentTarget.value ? Number(e.currentTarget.value) : null);
                    setSent(null);
                  }}
                  data-testid="loket-report-period"
                />
              </Group>
              {periods.error && <ErrorAlert error={periods.error} />}
            </Paper>
            {ref && (
              <QueryState isLoading={report.isLoading} error={report.error}>
                {report.data && (
                  <Paper withBorder p="md" radius="md" data-testid="loket-report-preview">
                    <Stack>
                      {report.data.rows.length === 0 ? (
                        <Text c="dimmed">{t('loket.report.empty')}</Text>
                      ) : (
                        <Table striped>
                          <Table.Thead>
                            <Table.Tr>
                              <Table.Th>{t('loket.report.personnelNumber')}</Table.Th>
                              <Table.Th>{t('loket.report.employee')}</Table.Th>
                              {report.data.components.map((c) => (
                                <Table.Th key={c} ta="right">
                                  {c}
                                </Table.Th>
                              ))}
                              <Table.Th>{t('loket.report.result')}</Table.Th>
                            </Table.Tr>
                          </Table.Thead>
                          <Table.Tbody>
                            {report.data.rows.map((r) => {
                              const failed = sent?.items.filter((i) => i.subjectId === r.employeeId && i.errorCode) ?? [];
                              return (
                                <Table.Tr key={`${r.employeeId}|${r.unit ?? ''}`} data-testid={`loket-row-${r.personnelNumber}`}>
                                  <Table.Td>{r.personnelNumber}</Table.Td>
                                  <Table.Td>
                                    {r.name}
                                    {r.unit && (
                                      <Text size="xs" c="dimmed" data-testid="loket-row-unit">
                                        {r.unit}
                                      </Text>
                                    )}
                                  </Table.Td>
                                  {report.data!.components.map((c) => {
                                    const v = r.values.find((x) => x.component === c);
                                    return (
                                      <Table.Td key={c} ta="right">
                                        {v ? (
                                          <Group gap={4} justify="flex-end" wrap="nowrap">
                                            <span>{formatHours(v.hours)}</span>
                                            <Badge size="xs" color={STATE_COLOR[v.state]}>
                                              {t(`loket.report.state.${v.state}`)}
                                            </Badge>
                                          </Group>
                                        ) : (
                                          ''
                                        )}
                                      </Table.Td>
                                    );
                                  })}
                                  <Table.Td>
                                    {r.issues.map((i) => (
                                      <Badge key={`${i.code}-${i.component}`} color="red" size="sm">
                                        {t(`loket.report.issue.${i.code}`, { defaultValue: i.code })}
                                      </Badge>
                                    ))}
                                    {failed.map((f) => (
                                      <Badge key={f.idempotencyKey} color="red" size="sm" data-testid="loket-row-failed">
                                        {t('loket.report.failed', { code: t(`deadLetters.errors.${f.errorCode}`, { defaultValue: f.errorCode }) })}
                                      </Badge>
                                    ))}
                                  </Table.Td>
                                </Table.Tr>
                              );
                            })}
                          </Table.Tbody>
                        </Table>
                      )}
                      {report.data.removed > 0 && <Alert color="orange">{t('loket.report.removed', { count: report.data.removed })}</Alert>}
                      {report.data.unmapped.length > 0 && (
                        <Alert color="yellow">{t('loket.report.unmapped', { list: report.data.unmapped.map((u) => `${u.code} (${u.hours} h)`).join(', ') })}</Alert>
                      )}
                      {flagged && <Alert color="red">{t('loket.report.flagged')}</Alert>}
                      <Group justify="flex-end" wrap="wrap">
                        <Button component="a" href={loketCsvUrl(integrationId!, ref)} leftSection={<IconDownload size={16} aria-hidden />} variant="default" disabled={flagged} data-testid="loket-download">
                          {t('loket.report.download')}
                        </Button>
                        <TextInput placeholder={t('loket.report.mailTo')} aria-label={t('loket.report.mailTo')} value={to} onChange={(e) => setTo(e.currentTarget.value)} w={260} data-testid="loket-mail-to" />
                        <Button
                          leftSection={<IconMail size={16} aria-hidden />}
                          variant="default"
                          loading={mail.isPending}
                          disabled={flagged}
                          data-testid="loket-mail"
                          onClick={() =>
                            mail.mutate(
                              { ...ref, ...(to.trim() ? { to: to.split(/[,;\s]+/).filter(Boolean) } : {}) },
                              {
                                onSuccess: (r) => {
                                  notifySuccess(t('loket.report.mailed', { to: r.to.join(', ') }));
                                  setMailed(r.deliveryId);
                                },
                              },
                            )
                          }
                        >
                          {t('loket.report.mail')}
                        </Button>
                        <Button
                          leftSection={<IconSend size={16} aria-hidden />}
                          loading={send.isPending}
                          disabled={flagged}
                          data-testid="loket-send"
                          onClick={() =>
                            send.mutate(ref, {
                              onSuccess: (r) => {
                                setSent(r);
                                notifySuccess(t('loket.report.sent', r.counts));
                              },
                            })
                          }
                        >
                          {t('loket.report.send')}
                        </Button>
                      </Group>
                      {mail.error && <ErrorAlert error={mail.error} />}
                      {mailed !== null && <MailDelivery key={mailed} id={mailed} />}
                      {send.error && <ErrorAlert error={send.error} />}
                      {sent && (
                        <Text size="sm" data-testid="loket-send-result">
                          {t('loket.report.sent', sent.counts)}
                        </Text>
                      )}
                      <Text size="xs" c="dimmed">
                        {t('loket.report.importHint')}{' '}
                        <Code>{report.data.filename}</Code>
                      </Text>
                    </Stack>
                  </Paper>
                )}
              </QueryState>
            )}
          </Stack>
        )}
      </QueryState>
    </>
  );
}
