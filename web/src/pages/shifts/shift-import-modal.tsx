import { Alert, Button, Code, FileInput, Group, Modal, ScrollArea, Stack, Table, Text, Textarea } from '@mantine/core';
import { IconFileUpload } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useImportShifts } from '../../api/hooks';
import type { ShiftImportResult } from '../../api/types';
import { ErrorAlert } from '../../components/error-alert';
import { notifySuccess } from '../../lib/notify';
import { sentDaysOf } from '../../api/outbound';
import { SentDayConfirm } from '../../components/sent-day-confirm';

/** How many rows an import answer reports (checked in a dry run, imported otherwise: all or none). */
function rowCount(r: ShiftImportResult | undefined): number | null {
  return r ? r.rows : null;
}

export const CSV_EXAMPLE = 'personnel_number;date;start;end;break_minutes;department;hour_component\n1001;02-03-2026;09:00;17:30;30;Keuken;U100';

export function ShiftImportModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [csv, setCsv] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [checked, setChecked] = useState<string | null>(null);
  // F-25: rows on sent days are refused (409 period_sent) until the user confirms them as corrections, for this text.
  const [confirmedFor, setConfirmedFor] = useState<string | null>(null);
  const dry = useImportShifts();
  const run = useImportShifts();

  useEffect(() => {
    if (opened) {
      setCsv('');
      setFile(null);
      setChecked(null);
      setConfirmedFor(null);
      dry.reset();
      run.reset();
    }
  }, [opened]);

  const lineErrors = dry.error instanceof ApiError ? dry.error.detailList.filter((d) => d.line !== undefined || d.field) : [];
  const dryOk = dry.isSuccess && checked === csv;
  const sentDays = sentDaysOf(dry.error);
  const asCorrections = confirmedFor !== null && confirmedFor === csv;

  return (
    <Modal opened={opened} onClose={onClose} title={t('shiftImport.title')} size="xl">
      <Stack>
        <Text size="sm">{t('shiftImport.intro')}</Text>
        <Code block>{CSV_EXAMPLE}</Code>
        <FileInput
          label={t('shiftImport.file')}
          placeholder={t('shiftImport.filePlaceholder')}
          accept=".csv,text/csv,text/plain"
          leftSection={<IconFileUpload size={16} aria-hidden />}
          value={file}
          clearable
          onChange={async (f) => {
            setFile(f);
            if (f) setCsv(await f.text());
          }}
          data-testid="shift-import-file"
        />
        <Textarea
          label={t('shiftImport.paste')}
          autosize
          minRows={5}
          maxRows={14}
          value={csv}
          onChange={(e) => setCsv(e.currentTarget.value)}
          styles={{ input: { fontFamily: 'monospace', fontSize: 13 } }}
          data-testid="shift-import-csv"
        />
        {dry.error && !sentDays && (
          <Stack gap="xs">
            <ErrorAlert error={dry.error} hideFields={lineErrors.map((d) => String(d.field ?? ''))} title={t('shiftImport.invalidTitle')} />
            {lineErrors.length > 0 && (
              <ScrollArea.Autosize mah={260}>
                <Table striped withTableBorder data-testid="shift-import-errors">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('common.line')}</Table.Th>
                      <Table.Th>{t('shiftImport.field')}</Table.Th>
                      <Table.Th>{t('shiftImport.problem')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {lineErrors.map((d, i) => (
                      <Table.Tr key={i} data-testid="shift-import-error-row">
                        <Table.Td>{d.line ?? '—'}</Table.Td>
                        <Table.Td>{d.field ?? '—'}</Table.Td>
                        <Table.Td>{d.message}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </ScrollArea.Autosize>
            )}
          </Stack>
        )}
        {dryOk && (
          <Alert color="green" role="status" data-testid="shift-import-dryrun-ok">
            {t('shiftImport.dryRunOk', { count: rowCount(dry.data) ?? 0 })}
            {asCorrections && ` ${t('corrections.importNote')}`}
          </Alert>
        )}
        <SentDayConfirm
          locks={sentDays}
          loading={dry.isPending}
          onCancel={() => dry.reset()}
          onConfirm={() => {
            setConfirmedFor(csv);
            dry.mutate({ csv, dryRun: true, confirmCorrection: true }, { onSuccess: () => setChecked(csv) });
          }}
        />
        <ErrorAlert error={run.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button
            variant="light"
            disabled={!csv.trim()}
            loading={dry.isPending}
            onClick={() => {
              setChecked(null);
              dry.mutate({ csv, dryRun: true }, { onSuccess: () => setChecked(csv) });
            }}
            data-testid="shift-import-dryrun"
          >
            {t('shiftImport.check')}
          </Button>
          <Button
            disabled={!dryOk}
            loading={run.isPending}
            onClick={() =>
              run.mutate(
                { csv, dryRun: false, confirmCorrection: asCorrections },
                {
                  onSuccess: (r) => {
                    notifySuccess(t('shiftImport.done', { count: rowCount(r) ?? 0 }));
                    onClose();
                  },
                },
              )
            }
            data-testid="shift-import-submit"
          >
            {t('shiftImport.import')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
