import { Alert, Button, Group, NativeSelect, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { type LoketMappingKind, useLoketMappings, useLoketPeriods, useSaveLoketMappings } from '../../api/loket';
import { ErrorAlert } from '../../components/error-alert';
import { QueryState } from '../../components/query-state';
import { notifySuccess } from '../../lib/notify';

type Row = { koppelId: string; name: string; code?: string; loketCode: string | null };
type LedgerRow = Row & { distributionUnit: string | null };
type LedgerOption = { key: number | string; code: string | null; description: string | null };

/**
 * Loket.nl configuration in the seed's steps (F-11/F-12): Kostenplaatsen (department → cost center and distribution
 * unit, chosen from the administration's live lists),
 * Urencomponenten and Looncomponenten (Koppel component → Loket component NUMBER, checked live against the
 * chosen administration; empty = not mapped), and the way to the "Loket" report.
 */
export function LoketMappingSection({ integrationId }: { integrationId: string }) {
  const { t } = useTranslation();
  const year = new Date().getFullYear();
  const periods = useLoketPeriods(integrationId, year);
  const [adminId, setAdminId] = useState<string | null>(null);
  useEffect(() => {
    if (!adminId && periods.data?.items[0]) setAdminId(periods.data.items[0].id);
  }, [adminId, periods.data]);
  const mappings = useLoketMappings(integrationId, adminId, year);
  const components = mappings.data?.loketComponents ?? null;
  return (
    <Paper withBorder p="md" radius="md" mt="lg" data-testid="loket-mapping">
      <Stack>
        <Group justify="space-between">
          <Title order={3}>{t('loket.mapping.title')}</Title>
          <Button component={Link} to={`/reports/loket?integration=${integrationId}`} variant="light" data-testid="loket-open-report">
            {t('loket.mapping.openReport')}
          </Button>
        </Group>
        <NativeSelect
          label={t('loket.mapping.administration')}
          description={t('loket.mapping.administrationHint')}
          data={(periods.data?.items ?? []).map((a) => ({ value: a.id, label: `${a.employerName} – ${a.name}` }))}
          value={adminId ?? ''}
          onChange={(e) => setAdminId(e.currentTarget.value || null)}
          data-testid="loket-administration"
        />
        {periods.error && <ErrorAlert error={periods.error} />}
        <QueryState isLoading={mappings.isLoading} error={mappings.error}>
          {mappings.data && (
            <>
              <LedgerTable rows={mappings.data.costCenters} costCenters={mappings.data.loketCostCenters} distributionUnits={mappings.data.loketDistributionUnits} integrationId={integrationId} adminId={adminId} year={year} />
              <MappingTable kind="hour_component" title={t('loket.mapping.hourComponents')} intro={t('loket.mapping.componentsIntro')} rows={mappings.data.hourComponents} integrationId={integrationId} adminId={adminId} year={year} components={components} />
              <MappingTable kind="wage_component" title={t('loket.mapping.wageComponents')} intro={t('loket.mapping.componentsIntro')} rows={mappings.data.wageComponents} integrationId={integrationId} adminId={adminId} year={year} components={components} />
            </>
          )}
        </QueryState>
      </Stack>
    </Paper>
  );
}

/** Options of a live Loket list, plus the saved value when Loket no longer lists it (shown as such, so nothing is lost silently). */
function ledgerOptions(list: LedgerOption[] | null, saved: string | null, t: (k: string, o?: Record<string, unknown>) => string) {
  const out = [{ value: '', label: t('loket.mapping.notMapped') }, ...(list ?? []).map((o) => ({ value: String(o.key), label: [o.code, o.description].filter(Boolean).join(' – ') || String(o.key) }))];
  if (saved && !out.some((o) => o.value === saved)) out.push({ value: saved, label: t('loket.mapping.notInList', { value: saved }) });
  return out;
}

/**
 * Kostenplaatsen: per Koppel department a Loket cost center and distribution unit, each chosen from the administration's
 * live list (Loket's payroll period data metadata); one save stores both (each checked again by the server).
 */
function LedgerTable(props: { rows: LedgerRow[]; costCenters: LedgerOption[] | null; distributionUnits: LedgerOption[] | null; integrationId: string; adminId: string | null; year: number }) {
  const { t } = useTranslation();
  const save = useSaveLoketMappings(props.integrationId);
  const [draft, setDraft] = useState<Record<string, { cc: string; du: string }>>({});
  const savedKey = JSON.stringify(props.rows.map((r) => [r.koppelId, r.loketCode ?? '', r.distributionUnit ?? '']));
  useEffect(() => setDraft(Object.fromEntries((JSON.parse(savedKey) as [string, string, string][]).map(([id, cc, du]) => [id, { cc, du }]))), [savedKey]);
  const errors: Record<string, string> = {};
  for (const d of (save.error?.details as { field: string; message: string }[] | undefined) ?? []) {
    const m = /^items\.(\d+)\.loketCode$/.exec(d.field);
    if (m) errors[`${(save.variables as { kind?: string } | undefined)?.kind ?? ''}:${m[1]}`] = d.message;
  }
  const empty = props.costCenters !== null && props.costCenters.length === 0 && (props.distributionUnits ?? []).length === 0;
  const items = (pick: (d: { cc: string; du: string }) => string) => props.rows.map((r) => ({ koppelId: r.koppelId, loketCode: pick(draft[r.koppelId] ?? { cc: '', du: '' }) || null }));
  const ref = { ...(props.adminId ? { administrationId: props.adminId } : {}), year: props.year };
  return (
    <Stack gap="xs" data-testid="loket-mapping-cost_center">
      <Title order={4}>{t('loket.mapping.costCenters')}</Title>
      <Alert color="blue" variant="light" icon={<IconInfoCircle aria-hidden />}>
        <Text size="sm">{t('loket.mapping.costCentersIntro')}</Text>
      </Alert>
      {empty && (
        <Text c="dimmed" size="sm" data-testid="loket-ledger-empty">
          {t('loket.mapping.ledgerEmpty')}
        </Text>
      )}
      {props.rows.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t('loket.mapping.none')}
        </Text>
      ) : (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('loket.mapping.koppel')}</Table.Th>
              <Table.Th>{t('loket.mapping.costCenter')}</Table.Th>
              <Table.Th>{t('loket.mapping.distributionUnit')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {props.rows.map((r, i) => {
              const d = draft[r.koppelId] ?? { cc: '', du: '' };
              // One select per ledger field: the cost center and the distribution unit read and save alike.
              const cell = (key: 'cc' | 'du', label: string, options: typeof props.costCenters, stored: string | null, errorKey: string, testId: string) => (
                <Table.Td>
                  <NativeSelect
                    aria-label={`${r.name}: ${label}`}
                    data={ledgerOptions(options, stored, t)}
                    value={d[key]}
                    onChange={(e) => {
                      const v = e.currentTarget.value;
                      setDraft((x) => ({ ...x, [r.koppelId]: { ...d, [key]: v } }));
                    }}
                    error={errors[`${errorKey}:${i}`]}
                    data-testid={`${testId}-${r.name}`}
                  />
                </Table.Td>
              );
              return (
                <Table.Tr key={r.koppelId}>
                  <Table.Td>{r.name}</Table.Td>
                  {cell('cc', t('loket.mapping.costCenter'), props.costCenters, r.loketCode, 'cost_center', 'loket-cc')}
                  {cell('du', t('loket.mapping.distributionUnit'), props.distributionUnits, r.distributionUnit, 'distribution_unit', 'loket-du')}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
      {save.error && Object.keys(errors).length === 0 && <ErrorAlert error={save.error} />}
      {props.rows.length > 0 && (
        <Group justify="flex-end">
          <Button
            loading={save.isPending}
            data-testid="loket-save-cost_center"
            onClick={async () => {
              try {
                await save.mutateAsync({ kind: 'cost_center', ...ref, items: items((d) => d.cc) });
                await save.mutateAsync({ kind: 'distribution_unit', ...ref, items: items((d) => d.du) });
                notifySuccess(t('loket.mapping.saved'));
              } catch {
                // shown per row (or as an alert) from save.error
              }
            }}
          >
            {t('common.save')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function MappingTable(props: {
  kind: LoketMappingKind;
  title: string;
  intro: string;
  rows: Row[];
  integrationId: string;
  adminId: string | null;
  year: number;
  components?: { number: number; description: string | null }[] | null;
}) {
  const { t } = useTranslation();
  const save = useSaveLoketMappings(props.integrationId);
  const [draft, setDraft] = useState<Record<string, string>>({});
  // Reset the draft when the saved mapping changes, not on every refetch of the same rows (that threw away what the user was typing).
  const savedKey = JSON.stringify(props.rows.map((r) => [r.koppelId, r.loketCode ?? '']));
  useEffect(() => setDraft(Object.fromEntries(JSON.parse(savedKey) as [string, string][])), [savedKey]);
  const listId = `loket-components-${props.kind}`;
  const errors: Record<number, string> = {};
  for (const d of (save.error?.details as { field: string; message: string }[] | undefined) ?? []) {
    const m = /^items\.(\d+)\.loketCode$/.exec(d.field);
    if (m) errors[Number(m[1])] = d.message;
  }
  return (
    <Stack gap="xs" data-testid={`loket-mapping-${props.kind}`}>
      <Title order={4}>{props.title}</Title>
      <Alert color="blue" variant="light" icon={<IconInfoCircle aria-hidden />}>
        <Text size="sm">{props.intro}</Text>
      </Alert>
      {props.rows.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t('loket.mapping.none')}
        </Text>
      ) : (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('loket.mapping.koppel')}</Table.Th>
              <Table.Th>{t('loket.mapping.componentNumber')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {props.rows.map((r, i) => (
              <Table.Tr key={r.koppelId}>
                <Table.Td>{r.code ? `${r.code} – ${r.name}` : r.name}</Table.Td>
                <Table.Td>
                  <TextInput
                    aria-label={`${r.name}: ${t('loket.mapping.componentNumber')}`}
                    value={draft[r.koppelId] ?? ''}
                    onChange={(e) => {
                      const v = e.currentTarget.value;
                      setDraft((d) => ({ ...d, [r.koppelId]: v }));
                    }}
                    list={props.components ? listId : undefined}
                    error={errors[i]}
                    data-testid={`loket-code-${props.kind}-${r.code ?? r.name}`}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {props.components && (
        <datalist id={listId}>
          {props.components.map((c) => (
            <option key={c.number} value={String(c.number)}>
              {c.description ?? ''}
            </option>
          ))}
        </datalist>
      )}
      {save.error && Object.keys(errors).length === 0 && <ErrorAlert error={save.error} />}
      {props.rows.length > 0 && (
        <Group justify="flex-end">
          <Button
            loading={save.isPending}
            data-testid={`loket-save-${props.kind}`}
            onClick={() =>
              save.mutate(
                { kind: props.kind, ...(props.adminId ? { administrationId: props.adminId } : {}), year: props.year, items: props.rows.map((r) => ({ koppelId: r.koppelId, loketCode: draft[r.koppelId]?.trim() || null })) },
                { onSuccess: () => notifySuccess(t('loket.mapping.saved')) },
              )
            }
          >
            {t('common.save')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
