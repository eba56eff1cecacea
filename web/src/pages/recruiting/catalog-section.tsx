import { ActionIcon, Button, Checkbox, Group, Modal, NativeSelect, Paper, SimpleGrid, Stack, Table, Textarea, TextInput, Tooltip } from '@mantine/core';
import { IconPencil, IconPlus, IconSearch, IconTrash } from '@tabler/icons-react';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CatalogResource, type CatalogRow, useCatalog, useCatalogMutations } from '../../api/recruiting';
import { ConfirmButton } from '../../components/confirm-button';
import { EmptyRow } from '../../components/empty-row';
import { ErrorAlert } from '../../components/error-alert';
import { QueryState } from '../../components/query-state';
import { notifySuccess } from '../../lib/notify';
import { fieldError } from '../../lib/use-form-state';

export type CatalogField = {
  /** Body field; a dotted name (`permissions.candidateContact`) nests in the body. */
  name: string;
  label: string;
  type: 'text' | 'email' | 'textarea' | 'number' | 'select' | 'checkbox';
  required?: boolean;
  options?: { value: string; label: string }[];
  initial?: unknown;
  description?: string;
  /** Select: offers "none" and sends null. */
  nullable?: boolean;
  /** Required select that starts empty ("Choose…") instead of on its first option: the user picks deliberately. */
  choose?: boolean;
  /** Whole row width. */
  wide?: boolean;
};
export type CatalogColumn<T> = { key: string; label: string; render?: (row: T) => ReactNode };

type Props<K extends CatalogResource> = {
  resource: K;
  noun: string;
  fields: CatalogField[];
  columns: CatalogColumn<CatalogRow[K]>[];
  canEdit: boolean;
  rowLabel: (row: CatalogRow[K]) => string;
  /** Text the search box matches against (lower-cased). */
  searchText: (row: CatalogRow[K]) => string;
  query?: Record<string, string | undefined>;
  /** Replaces the generic form (e.g. the questions editor of evaluation forms). */
  renderForm?: (props: { row: CatalogRow[K] | null; onDone: () => void }) => ReactNode;
  /** Extra buttons beside "add". */
  toolbar?: ReactNode;
  rowActions?: (row: CatalogRow[K]) => ReactNode;
};

type Values = Record<string, unknown>;

/** Titles and buttons start with a capital even where the noun comes first ("gesprekstype toevoegen"). */
const ucfirst = (s: string) => s.charAt(0).toLocaleUpperCase() + s.slice(1);

const getPath = (row: Record<string, unknown> | undefined, name: string): unknown =>
  name.split('.').reduce<unknown>((acc, k) => (acc && typeof acc === 'object' ? (acc as Record<string, unknown>)[k] : undefined), row);

function initialValues(fields: CatalogField[], row?: Record<string, unknown>): Values {
  const out: Values = {};
  for (const f of fields) {
    const v = row ? getPath(row, f.name) : f.initial;
    if (f.type === 'checkbox') out[f.name] = Boolean(v);
    else out[f.name] = v === null || v === undefined ? '' : String(v);
    if (f.type === 'select' && f.required && !f.nullable && !f.choose && out[f.name] === '') out[f.name] = f.options?.[0]?.value ?? '';
  }
  return out;
}

function toBody(fields: CatalogField[], values: Values, editing: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const put = (name: string, v: unknown) => {
    const parts = name.split('.');
    let target = body;
    for (const p of parts.slice(0, -1)) target = (target[p] ??= {}) as Record<string, unknown>;
    target[parts[parts.length - 1]!] = v;
  };
  for (const f of fields) {
    const v = values[f.name];
    if (f.type === 'checkbox') put(f.name, Boolean(v));
    else if (f.type === 'number') {
      const s = String(v ?? '').trim();
      // An empty number is left out so the server reports it as required (or applies its default).
      if (s !== '') put(f.name, Number(s.replace(',', '.')));
    } else if (f.type === 'select') {
      if (v === '') {
        if (f.nullable || editing) put(f.name, null);
      } else put(f.name, v);
    } else {
      const s = String(v ?? '').trim();
      if (s === '' && !f.required) {
        // PATCH clears an optional field; POST leaves it out.
        if (editing) put(f.name, null);
      } else put(f.name, s);
    }
  }
  return body;
}

/** List + search + create/edit/delete for one recruiting catalogue; the API's field errors appear at the fields. */
export function CatalogSection<K extends CatalogResource>({ resource, noun, fields, columns, canEdit, rowLabel, searchText, query, renderForm, toolbar, rowActions }: Props<K>) {
  const { t } = useTranslation();
  const list = useCatalog(resource, query);
  const { create, update, remove } = useCatalogMutations(resource);
  const [editing, setEditing] = useState<CatalogRow[K] | null>(null);
  const [opened, setOpened] = useState(false);
  const [values, setValues] = useState<Values>({});
  const [search, setSearch] = useState('');
  const save = editing ? update : create;
  const needle = search.trim().toLowerCase();
  const items = (list.data?.items ?? []).filter((r) => !needle || searchText(r).toLowerCase().includes(needle));

  const open = (row: CatalogRow[K] | null) => {
    setEditing(row);
    setValues(initialValues(fields, (row ?? undefined) as Record<string, unknown> | undefined));
    create.reset();
    update.reset();
    setOpened(true);
  };
  const withActions = canEdit || !!rowActions;

  return (
    <Paper withBorder p="md" radius="md">
      <Group justify="space-between" mb="sm" wrap="wrap">
        <TextInput
          leftSection={<IconSearch size={16} aria-hidden />}
          placeholder={t('recruiting.common.search')}
          aria-label={t('recruiting.common.searchIn', { noun })}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          data-testid={`${resource}-search`}
          w={280}
        />
        <Group gap="xs">
          {toolbar}
          {canEdit && (
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => open(null)} data-testid={`${resource}-add`}>
              {ucfirst(t('crud.add', { noun }))}
            </Button>
          )}
        </Group>
      </Group>
      <QueryState isLoading={list.isLoading} error={list.error}>
        <Table.ScrollContainer minWidth={600}>
          <Table striped highlightOnHover data-testid={`${resource}-table`}>
            <Table.Thead>
              <Table.Tr>
                {columns.map((c) => (
                  <Table.Th key={c.key}>{c.label}</Table.Th>
                ))}
                {withActions && <Table.Th w={120}>{t('common.actions')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.length === 0 && <EmptyRow colSpan={columns.length + (withActions ? 1 : 0)} />}
              {items.map((row) => (
                <Table.Tr key={row.id} data-testid={`${resource}-row`} data-id={row.id} data-name={rowLabel(row)}>
                  {columns.map((c) => (
                    <Table.Td key={c.key}>{c.render ? c.render(row) : String((row as Record<string, unknown>)[c.key] ?? '—')}</Table.Td>
                  ))}
                  {withActions && (
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        {rowActions?.(row)}
                        {canEdit && (
                          <>
                            <Tooltip label={t('common.edit')}>
                              <ActionIcon variant="subtle" aria-label={t('crud.editRow', { name: rowLabel(row) })} onClick={() => open(row)} data-testid={`${resource}-edit`}>
                                <IconPencil size={16} />
                              </ActionIcon>
                            </Tooltip>
                            <ConfirmButton
                              label={t('crud.deleteRow', { name: rowLabel(row) })}
                              icon={<IconTrash size={16} />}
                              message={t('crud.deleteConfirm', { name: rowLabel(row) })}
                              confirmLabel={t('common.delete')}
                              loading={remove.isPending}
                              error={remove.error}
                              testId={`${resource}-delete`}
                              onConfirm={async () => {
                                await remove.mutateAsync(row.id);
                                notifySuccess(t('common.deleted'));
                              }}
                            />
                          </>
                        )}
                      </Group>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </QueryState>
      <Modal opened={opened} onClose={() => setOpened(false)} title={ucfirst(editing ? t('crud.edit', { noun }) : t('crud.add', { noun }))} size="lg">
        {opened && renderForm ? (
          renderForm({ row: editing, onDone: () => setOpened(false) })
        ) : (
          <form
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              const body = toBody(fields, values, !!editing);
              const done = {
                onSuccess: () => {
                  notifySuccess(t('common.saved'));
                  setOpened(false);
                },
              };
              if (editing) update.mutate({ id: editing.id, ...body }, done);
              else create.mutate(body, done);
            }}
          >
            <Stack>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                {fields.map((f) => (
                  <FieldInput
                    key={f.name}
                    field={f}
                    value={values[f.name]}
                    onChange={(v) => setValues((p) => ({ ...p, [f.name]: v }))}
                    error={fieldError(save.error, f.name)}
                    testId={`${resource}-${f.name.replace(/\./g, '-')}`}
                  />
                ))}
              </SimpleGrid>
              <ErrorAlert error={save.error} hideFields={fields.flatMap((f) => [f.name, f.name.split('.').pop()!])} />
              <Group justify="flex-end">
                <Button variant="default" onClick={() => setOpened(false)}>
                  {t('common.cancel')}
                </Button>
                <Button type="submit" loading={save.isPending} data-testid={`${resource}-submit`}>
                  {t('common.save')}
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Modal>
    </Paper>
  );
}

function FieldInput({ field: f, value, onChange, error, testId }: { field: CatalogField; value: unknown; onChange: (v: unknown) => void; error?: string; testId: string }) {
  const { t } = useTranslation();
  const common = { label: f.label, description: f.description, error, required: f.required, 'data-testid': testId };
  const span = f.wide ? { style: { gridColumn: '1 / -1' } } : {};
  switch (f.type) {
    case 'checkbox':
      return <Checkbox label={f.label} description={f.description} error={error} checked={Boolean(value)} onChange={(e) => onChange(e.currentTarget.checked)} data-testid={testId} mt="xs" {...span} />;
    case 'select':
      return (
        <NativeSelect
          {...common}
          {...span}
          value={String(value ?? '')}
          onChange={(e) => onChange(e.currentTarget.value)}
          data={[
            ...(f.nullable || !f.required ? [{ value: '', label: t('common.none') }] : f.choose ? [{ value: '', label: t('common.choose'), disabled: true }] : []),
            ...(f.options ?? []),
          ]}
        />
      );
    case 'textarea':
      return <Textarea {...common} {...span} autosize minRows={3} value={String(value ?? '')} onChange={(e) => onChange(e.currentTarget.value)} />;
    case 'number':
      return <TextInput {...common} {...span} inputMode="numeric" value={String(value ?? '')} onChange={(e) => onChange(e.currentTarget.value)} />;
    default:
      return <TextInput {...common} {...span} type={f.type === 'email' ? 'email' : 'text'} value={String(value ?? '')} onChange={(e) => onChange(e.currentTarget.value)} />;
  }
}
