import { Badge, Button, Group, NativeSelect, Paper, Switch, Table, Tabs, Text } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLookup } from '../../../api/hooks';
import { type ExternalRef, type MappingKind, MAPPING_KINDS, OPTIONAL_MAPPING_KINDS, useExternalOrganisation, useMappings, useSaveMappings } from '../../../api/integrations';
import { EmptyRow } from '../../../components/empty-row';
import { ErrorAlert } from '../../../components/error-alert';
import { PageLoader } from '../../../components/query-state';
import { notifySuccess } from '../../../lib/notify';

type Option = { value: string; label: string };

/**
 * F-12: one sub-tab per mapping kind, each saved on its own. Drafts survive switching sub-tabs (kept
 * mounted); `onDirtyChange` tells the page whether any sub-tab has unsaved changes, so leaving the tab
 * or the page asks first.
 */
export function MappingTab({ integrationId, onDirtyChange }: { integrationId: string; onDirtyChange?: (dirty: boolean) => void }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<MappingKind>('department');
  const [dirtyKinds, setDirtyKinds] = useState<ReadonlySet<MappingKind>>(new Set());
  const markDirty = useCallback(
    (k: MappingKind, dirty: boolean) =>
      setDirtyKinds((prev) => {
        if (prev.has(k) === dirty) return prev;
        const next = new Set(prev);
        if (dirty) next.add(k);
        else next.delete(k);
        return next;
      }),
    [],
  );
  const anyDirty = dirtyKinds.size > 0;
  useEffect(() => onDirtyChange?.(anyDirty), [anyDirty, onDirtyChange]);
  useEffect(() => () => onDirtyChange?.(false), [onDirtyChange]);
  // Closing or reloading the browser tab with unsaved changes: the browser's own "leave page?" question.
  useEffect(() => {
    if (!anyDirty) return;
    const warn = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [anyDirty]);
  const org = useExternalOrganisation(integrationId);
  const departments = useLookup('departments');
  const contractTypes = useLookup('contract-types');
  const functions = useLookup('functions');
  const functionOptions = (functions.data?.items ?? []).map((f) => ({ value: f.id, label: f.name }));
  // A kind such as functions has its tab only when the HR system lists them (Nmbrs keeps a function catalogue).
  const kinds = MAPPING_KINDS.filter((k) => !OPTIONAL_MAPPING_KINDS.has(k) || (k === 'function' && org.data?.functions !== undefined));
  const departmentOptions = (departments.data?.items ?? []).filter((d) => !d.archived).map((d) => ({ value: d.id, label: d.name }));
  const contractTypeOptions = (contractTypes.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }));

  return (
    <Paper withBorder p="md" radius="md">
      <Text size="sm" c="dimmed" mb="sm">
        {t('integrations.mapping.intro')}
      </Text>
      {org.error && <ErrorAlert error={org.error} title={t('integrations.mapping.orgFailed')} />}
      <Tabs value={kind} onChange={(v) => setKind((v as MappingKind) ?? 'department')} variant="pills" keepMounted>
        <Tabs.List mb="md">
          {kinds.map((k) => (
            <Tabs.Tab
              key={k}
              value={k}
              data-testid={`mapping-tab-${k}`}
              rightSection={dirtyKinds.has(k) ? <Badge color="orange" size="xs" circle aria-label={t('integrations.mapping.unsaved')}>•</Badge> : undefined}
            >
              {t(`integrations.mapping.kinds.${k}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {kinds.map((k) => (
          <Tabs.Panel key={k} value={k}>
            {org.isLoading || departments.isLoading || contractTypes.isLoading || functions.isLoading ? (
              <PageLoader />
            ) : k === 'contract_type_out' ? (
              <OutgoingSection integrationId={integrationId} onDirty={markDirty} external={org.data?.contractTypes ?? []} koppel={contractTypeOptions} />
            ) : (
              <IncomingSection
                integrationId={integrationId}
                onDirty={markDirty}
                kind={k}
                external={
                  k === 'department' ? (org.data?.departments ?? []) : k === 'cost_center' ? (org.data?.costCenters ?? []) : k === 'function' ? (org.data?.functions ?? []) : (org.data?.contractTypes ?? [])
                }
                koppel={k === 'contract_type_in' ? contractTypeOptions : k === 'function' ? functionOptions : departmentOptions}
              />
            )}
          </Tabs.Panel>
        ))}
      </Tabs>
    </Paper>
  );
}

type Row = { koppelId: string | null; exclude: boolean };
/** The select's value for "create a Koppel function named after this one" (functions only). */
const CREATE = '__create__';

/** External → Koppel (departments, cost centers, functions, contract types), with an exclude rule per row; functions may also be created. */
function IncomingSection({
  integrationId,
  kind,
  external,
  koppel,
  onDirty,
}: { integrationId: string; kind: Exclude<MappingKind, 'contract_type_out'>; external: ExternalRef[]; koppel: Option[]; onDirty: (kind: MappingKind, dirty: boolean) => void }) {
  const { t } = useTranslation();
  const saved = useMappings(integrationId, kind);
  const save = useSaveMappings(integrationId, kind);
  const [draft, setDraft] = useState<Record<string, Row>>({});

  const savedBy = new Map((saved.data?.items ?? []).map((m) => [m.externalId, m]));
  const known = new Set(external.map((e) => e.externalId));
  // What the HR system lists now, plus saved rows it no longer lists (so they can be cleared).
  const rows = [
    ...external.map((e) => ({ externalId: e.externalId, name: e.name, gone: false })),
    ...(saved.data?.items ?? []).filter((m) => !known.has(m.externalId)).map((m) => ({ externalId: m.externalId, name: m.externalName || m.externalId, gone: true })),
  ];
  const valueOf = (id: string): Row => draft[id] ?? { koppelId: savedBy.get(id)?.koppelId ?? null, exclude: savedBy.get(id)?.exclude ?? false };
  const dirty = Object.keys(draft).length > 0;
  useEffect(() => onDirty(kind, dirty), [onDirty, kind, dirty]);
  const targetLabel = t(`integrations.mapping.target.${kind}`);

  if (saved.isLoading) return <PageLoader />;
  return (
    <>
      {saved.error && <ErrorAlert error={saved.error} />}
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing="xs" data-testid={`mapping-table-${kind}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t(`integrations.mapping.source.${kind}`)}</Table.Th>
              <Table.Th>{targetLabel}</Table.Th>
              <Table.Th>{t('integrations.mapping.exclude')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.length === 0 && <EmptyRow colSpan={3} text={t('integrations.mapping.noneExternal')} />}
            {rows.map((r) => {
              const v = valueOf(r.externalId);
              const change = (patch: Partial<Row>) => setDraft((d) => ({ ...d, [r.externalId]: { ...v, ...patch } }));
              return (
                <Table.Tr key={r.externalId} data-testid="mapping-row" data-external-id={r.externalId} data-name={r.name}>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Text size="sm" fw={500}>
                        {r.name}
                      </Text>
                      {r.gone && (
                        <Badge color="gray" variant="light" size="sm">
                          {t('integrations.mapping.gone')}
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <NativeSelect
                      aria-label={t('integrations.mapping.targetFor', { target: targetLabel, name: r.name })}
                      value={v.koppelId ?? ''}
                      disabled={v.exclude}
                      data={[
                        { value: '', label: t('integrations.mapping.notMapped') },
                        ...(kind === 'function' ? [{ value: CREATE, label: t('integrations.mapping.createFunction', { name: r.name }) }] : []),
                        ...koppel,
                      ]}
                      onChange={(e) => change({ koppelId: e.currentTarget.value || null })}
                      data-testid="mapping-target"
                      maw={320}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Switch
                      aria-label={t('integrations.mapping.excludeFor', { name: r.name })}
                      checked={v.exclude}
                      color="red"
                      onChange={(e) => change({ exclude: e.currentTarget.checked })}
                      data-testid="mapping-exclude"
                    />
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Text size="xs" c="dimmed" mt="xs">
        {t('integrations.mapping.excludeHint')}
      </Text>
      {save.error && <ErrorAlert error={save.error} />}
      <SaveBar
        dirty={dirty}
        pending={save.isPending}
        kind={kind}
        onReset={() => setDraft({})}
        onSave={() => {
          const items = rows
            .map((r) => ({ externalId: r.externalId, externalName: r.name, ...valueOf(r.externalId) }))
            .filter((i) => i.koppelId || i.exclude)
            .map((i) => (i.koppelId === CREATE && !i.exclude ? { ...i, koppelId: null, create: true } : { ...i, koppelId: i.exclude || i.koppelId === CREATE ? null : i.koppelId }));
          save.mutate(items, {
            onSuccess: () => {
              setDraft({});
              notifySuccess(t('integrations.mapping.saved'));
            },
          });
        }}
      />
    </>
  );
}

/** Koppel contract types → the HR system's contract types (the other direction, e.g. "Nul uren → Uurloner"). */
function OutgoingSection({
  integrationId,
  external,
  koppel,
  onDirty,
}: { integrationId: string; external: ExternalRef[]; koppel: Option[]; onDirty: (kind: MappingKind, dirty: boolean) => void }) {
  const { t } = useTranslation();
  const kind = 'contract_type_out';
  const saved = useMappings(integrationId, kind);
  const save = useSaveMappings(integrationId, kind);
  const [draft, setDraft] = useState<Record<string, string>>({});
  const savedBy = new Map((saved.data?.items ?? []).filter((m) => m.koppelId).map((m) => [m.koppelId as string, m]));
  const externalName = new Map(external.map((e) => [e.externalId, e.name]));
  for (const m of saved.data?.items ?? []) if (!externalName.has(m.externalId)) externalName.set(m.externalId, m.externalName || m.externalId);
  const options = [...externalName].map(([value, label]) => ({ value, label }));
  const valueOf = (koppelId: string) => draft[koppelId] ?? savedBy.get(koppelId)?.externalId ?? '';
  const dirty = Object.keys(draft).length > 0;
  useEffect(() => onDirty(kind, dirty), [onDirty, kind, dirty]);

  if (saved.isLoading) return <PageLoader />;
  return (
    <>
      {saved.error && <ErrorAlert error={saved.error} />}
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing="xs" data-testid={`mapping-table-${kind}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('integrations.mapping.source.contract_type_out')}</Table.Th>
              <Table.Th>{t('integrations.mapping.target.contract_type_out')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {koppel.length === 0 && <EmptyRow colSpan={2} text={t('integrations.mapping.noneKoppel')} />}
            {koppel.map((k) => (
              <Table.Tr key={k.value} data-testid="mapping-row" data-koppel-id={k.value} data-name={k.label}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {k.label}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <NativeSelect
                    aria-label={t('integrations.mapping.targetFor', { target: t('integrations.mapping.target.contract_type_out'), name: k.label })}
                    value={valueOf(k.value)}
                    data={[{ value: '', label: t('integrations.mapping.notMapped') }, ...options]}
                    onChange={(e) => {
                      const value = e.currentTarget.value;
                      setDraft((d) => ({ ...d, [k.value]: value }));
                    }}
                    data-testid="mapping-target"
                    maw={320}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {save.error && <ErrorAlert error={save.error} />}
      <SaveBar
        dirty={dirty}
        pending={save.isPending}
        kind={kind}
        onReset={() => setDraft({})}
        onSave={() => {
          const items = koppel
            .map((k) => ({ koppelId: k.value, externalId: valueOf(k.value) }))
            .filter((i) => i.externalId)
            .map((i) => ({ ...i, externalName: externalName.get(i.externalId) ?? i.externalId, exclude: false }));
          save.mutate(items, {
            onSuccess: () => {
              setDraft({});
              notifySuccess(t('integrations.mapping.saved'));
            },
          });
        }}
      />
    </>
  );
}

function SaveBar({ dirty, pending, kind, onSave, onReset }: { dirty: boolean; pending: boolean; kind: MappingKind; onSave: () => void; onReset: () => void }) {
  const { t } = useTranslation();
  return (
    <Group justify="space-between" mt="md">
      <Text size="sm" c={dirty ? 'orange.8' : 'dimmed'} aria-live="polite" data-testid={`mapping-state-${kind}`} data-dirty={dirty}>
        {dirty ? t('integrations.mapping.unsaved') : t('integrations.mapping.upToDate')}
      </Text>
      <Group gap="xs">
        {dirty && (
          <Button variant="default" onClick={onReset}>
            {t('integrations.mapping.reset')}
          </Button>
        )}
        <Button onClick={onSave} loading={pending} data-testid={`mapping-save-${kind}`}>
          {t('common.save')}
        </Button>
      </Group>
    </Group>
  );
}
