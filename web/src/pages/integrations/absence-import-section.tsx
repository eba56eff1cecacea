import { Alert, Badge, Button, Group, NativeSelect, NumberInput, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { IconDownload, IconInfoCircle } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAbsenceImportRuns, useAbsenceImportTypes, useSaveAbsenceImportMapping, useStartAbsenceImport } from '../../api/absence-import';
import type { Integration } from '../../api/integrations';
import { ErrorAlert } from '../../components/error-alert';
import { formatDate, formatDateTime } from '../../lib/format';
import { notifySuccess } from '../../lib/notify';

/**
 * Absence import (F-22) on the integration page: map the HR system's absence types (day and hour units)
 * to Koppel absence types, the reconciled window, "Import now", and the last run (counts, skipped, error).
 */
export function AbsenceImportSection({ integration }: { integration: Integration }) {
  const { t } = useTranslation();
  const on = integration.settings.timeExchange.absences && integration.active;
  const types = useAbsenceImportTypes(integration.id, on);
  // Set when "Import now" was clicked (with the run that was the latest then), until a newer run has finished.
  const [requested, setRequested] = useState<{ before: string | null } | null>(null);
  const runs = useAbsenceImportRuns(integration.id, true, requested !== null);
  const save = useSaveAbsenceImportMapping(integration.id);
  const start = useStartAbsenceImport(integration.id);
  const [map, setMap] = useState<Record<string, string>>({});
  const [back, setBack] = useState<number>(integration.settings.absenceImport.backDays);
  const [ahead, setAhead] = useState<number>(integration.settings.absenceImport.aheadDays);
  useEffect(() => {
    if (types.data) setMap(Object.fromEntries(types.data.types.map((x) => [x.id, x.koppelAbsenceTypeId ?? ''])));
  }, [types.data]);
  const last = runs.data?.[0];
  useEffect(() => {
    if (requested && last && last.id !== requested.before && last.status !== 'running') setRequested(null);
  }, [last, requested]);
  const running = last?.status === 'running' || requested !== null;

  return (
    <Paper withBorder p="md" radius="md" mt="md" data-testid="absence-import-section">
      <Title order={3} size="h4" mb="xs">
        {t('absenceImport.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {t('absenceImport.intro', { vendor: integration.vendorLabel })}
      </Text>
      {!on ? (
        <Alert color="gray" variant="light" icon={<IconInfoCircle aria-hidden />} data-testid="absence-import-off">
          {t('absenceImport.off')}
        </Alert>
      ) : (
        <Stack>
          {types.error && <ErrorAlert error={types.error} />}
          {types.data && (
            <Table verticalSpacing="xs" data-testid="absence-import-map">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('absenceImport.vendorType', { vendor: integration.vendorLabel })}</Table.Th>
                  <Table.Th>{t('absenceImport.unit')}</Table.Th>
                  <Table.Th>{t('absenceImport.koppelType')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {types.data.types.map((x) => (
                  <Table.Tr key={x.id} data-testid="absence-import-row" data-vendor-type={x.name}>
                    <Table.Td>{x.name}</Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={x.unit === 'HOUR' ? 'grape' : 'blue'}>
                        {t(`absenceImport.units.${x.unit}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <NativeSelect
                        aria-label={t('absenceImport.mapAria', { type: x.name })}
                        value={map[x.id] ?? ''}
                        onChange={(e) => {
                          const value = e.currentTarget.value;
                          setMap((m) => ({ ...m, [x.id]: value }));
                        }}
                        data={[
                          { value: '', label: t('absenceImport.notImported') },
                          ...types.data.koppelTypes.map((k) => ({ value: k.id, label: k.importable ? k.name : `${k.name} (${t('absenceImport.staysInKoppel')})`, disabled: !k.importable })),
                        ]}
                        data-testid="absence-import-select"
                      />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          <Group align="flex-end">
            <NumberInput label={t('absenceImport.backDays')} min={0} max={730} value={back} onChange={(v) => setBack(Number(v) || 0)} w={160} data-testid="absence-import-back" />
            <NumberInput label={t('absenceImport.aheadDays')} min={0} max={730} value={ahead} onChange={(v) => setAhead(Number(v) || 0)} w={160} data-testid="absence-import-ahead" />
            <Button
              loading={save.isPending}
              disabled={!types.data}
              onClick={() =>
                save.mutate(
                  { typeMap: Object.fromEntries(Object.entries(map).map(([k, v]) => [k, v || null])), backDays: back, aheadDays: ahead },
                  { onSuccess: () => notifySuccess(t('common.saved')) },
                )
              }
              data-testid="absence-import-save"
            >
              {t('common.save')}
            </Button>
            <Button
              variant="light"
              leftSection={<IconDownload size={16} aria-hidden />}
              loading={start.isPending || !!running}
              onClick={() => {
                setRequested({ before: last?.id ?? null });
                start.mutate(undefined, { onError: () => setRequested(null) });
              }}
              data-testid="absence-import-run"
            >
              {t('absenceImport.runNow')}
            </Button>
          </Group>
          <Text size="xs" c="dimmed">
            {t('absenceImport.lockHint')}
          </Text>
          {save.error && <ErrorAlert error={save.error} />}
          {start.error && <ErrorAlert error={start.error} />}
        </Stack>
      )}
      {last && (
        <Stack gap={4} mt="md" data-testid="absence-import-last" data-status={last.status}>
          <Group gap="xs">
            <Text size="sm" fw={500}>
              {t('absenceImport.lastRun')}
            </Text>
            <Badge color={last.status === 'succeeded' ? 'green' : last.status === 'failed' ? 'red' : 'blue'} variant="light">
              {t(`absenceImport.status.${last.status}`)}
            </Badge>
            <Text size="sm" c="dimmed">
              {formatDateTime(typeof last.startedAt === 'string' ? last.startedAt : String(last.startedAt))}
              {last.windowFrom && last.windowTo ? ` · ${t('absenceImport.window', { from: formatDate(last.windowFrom), to: formatDate(last.windowTo) })}` : ''}
            </Text>
          </Group>
          <Text size="sm" data-testid="absence-import-counts">
            {t('absenceImport.counts', last.counts)}
          </Text>
          {last.skipped.length > 0 && (
            <Text size="sm" c="dimmed" data-testid="absence-import-skipped">
              {Object.entries(
                last.skipped.reduce<Record<string, number>>((acc, s) => {
                  acc[s.reason] = (acc[s.reason] ?? 0) + 1;
                  return acc;
                }, {}),
              )
                .map(([reason, n]) => `${t(`absenceImport.skip.${reason}`, { defaultValue: reason })}: ${n}`)
                .join(' · ')}
            </Text>
          )}
          {last.error && (
            <Alert color="red" variant="light" data-testid="absence-import-error">
              {t(`absenceImport.errors.${last.error}`, { defaultValue: t(`integrations.runErrors.${last.error}`, { defaultValue: t('integrations.runErrors.unexpected') }) })}
            </Alert>
          )}
        </Stack>
      )}
    </Paper>
  );
}
