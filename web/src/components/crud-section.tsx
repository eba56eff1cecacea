import { ActionIcon, Button, Checkbox, Chip, Group, Input, Modal, NativeSelect, Paper, SimpleGrid, Stack, Table, TextInput, Tooltip } from '@mantine/core';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CrudResource, type ResourceRow, useCrudMutations, useLookup } from '../api/hooks';
import { notifySuccess } from '../lib/notify';
import { fieldError } from '../lib/use-form-state';
import { ConfirmButton } from './confirm-button';
import { EmptyRow } from './empty-row';
import { ErrorAlert } from './error-alert';
import { QueryState } from './query-state';
import { TimeField } from './date-time-fields';

export type FieldDef = {
  name: string;
  label: string;
  type: 'text' | 'number' | 'select' | 'checkbox' | 'time' | 'weekdays';
  required?: boolean;
  options?: { value: string; label: string }[];
  /** Value for a new record. */
  initial?: unknown;
  description?: string;
  /** For selects: whether "none" is allowed (sends null). */
  nullable?: boolean;
};

export type ColumnDef<T> = { key: string; label: string; render?: (row: T) => ReactNode; align?: 'left' | 'right' | 'center' };

type Props<R extends CrudResource> = {
  resource: R;
  /** Singular noun for buttons and dialogs ("department"). */
  noun: string;
  fields: FieldDef[];
  columns: ColumnDef<ResourceRow[R]>[];
  canEdit: boolean;
  rowLabel: (row: ResourceRow[R]) => string;
  /** Extra query keys to refresh after a change. */
  invalidate?: string[][];
};

type FormValues = Record<string, unknown>;

function initialValues(fields: FieldDef[], row?: Record<string, unknown>): FormValues {
  const out: FormValues = {};
  for (const f of fields) {
    const v = row ? row[f.name] : f.initial;
    if (f.type === 'checkbox') out[f.name] = Boolean(v);
    else if (f.type === 'weekdays') out[f.name] = Array.isArray(v) ? v.map(String) : [];
    else if (f.type === 'time') out[f.name] = typeof v === 'string' ? v.slice(0, 5) : '';
    else out[f.name] = v === null || v === undefined ? '' : String(v);
    // A required select shows its first option, so that is also its value.
    if (f.type === 'select' && f.required && !f.nullable && out[f.name] === '') out[f.name] = f.options?.[0]?.value ?? '';
  }
  return out;
}

function toBody(fields: FieldDef[], values: FormValues): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const f of fields) {
    const v = values[f.name];
    if (f.type === 'checkbox') body[f.name] = Boolean(v);
    else if (f.type === 'weekdays') body[f.name] = (v as string[]).map(Number).sort((a, b) => a - b);
    else if (f.type === 'number') {
      // Empty optional numbers are left out (the server applies its default), unless the field may be null.
      if (v === '') {
        if (f.nullable) body[f.name] = null;
      } else body[f.name] = Number(String(v).replace(',', '.'));
    }
    else if (f.type === 'select' || f.type === 'time') body[f.name] = v === '' ? null : v;
    else body[f.name] = typeof v === 'string' ? (v.trim() === '' && !f.required ? null : v.trim()) : v;
  }
  return body;
}

/** A list with add / edit / delete for the small settings entities (departments, components, types…). */
export function CrudSection<R extends CrudResource>({ resource, noun, fields, columns, canEdit, rowLabel, invalidate = [] }: Props<R>) {
  const { t } = useTranslation();
  const list = useLookup(resource);
  const { create, update, remove } = useCrudMutations(resource, invalidate);
  const [editing, setEditing] = useState<ResourceRow[R] | null>(null);
  const [opened, setOpened] = useState(false);
  const [values, setValues] = useState<FormValues>({});
  const save = editing ? update : create;
  const items = list.data?.items ?? [];

  const open = (row: ResourceRow[R] | null) => {
    setEditing(row);
    setValues(initialValues(fields, (row ?? undefined) as Record<string, unknown> | undefined));
    create.reset();
    update.reset();
    setOpened(true);
  };

  return (
    <Paper withBorder p="md" radius="md">
      {canEdit && (
        <Group justify="flex-end" mb="sm">
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => open(null)} data-testid={`${resource}-add`}>
            {t('crud.add', { noun })}
          </Button>
        </Group>
      )}
      <QueryState isLoading={list.isLoading} error={list.error}>
        <Table.ScrollContainer minWidth={520}>
          <Table striped highlightOnHover data-testid={`${resource}-table`}>
            <Table.Thead>
              <Table.Tr>
                {columns.map((c) => (
                  <Table.Th key={c.key} ta={c.align}>
                    {c.label}
                  </Table.Th>
                ))}
                {canEdit && <Table.Th w={100}>{t('common.actions')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.length === 0 && <EmptyRow colSpan={columns.length + (canEdit ? 1 : 0)} />}
              {items.map((row) => (
                <Table.Tr key={row.id} data-testid={`${resource}-row`}>
                  {columns.map((c) => (
                    <Table.Td key={c.key} ta={c.align}>
                      {c.render ? c.render(row) : String((row as Record<string, unknown>)[c.key] ?? '—')}
                    </Table.Td>
                  ))}
                  {canEdit && (
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <Tooltip label={t('common.edit')}>
                          <ActionIcon variant="subtle" aria-label={t('crud.editRow', { name: rowLabel(row) })} onClick={() => open(row)}>
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
                          onConfirm={async () => {
                            await remove.mutateAsync(row.id);
                            notifySuccess(t('common.deleted'));
                          }}
                        />
                      </Group>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </QueryState>
      <Modal opened={opened} onClose={() => setOpened(false)} title={editing ? t('crud.edit', { noun }) : t('crud.add', { noun })} size="lg">
        <form noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const body = toBody(fields, values);
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
                  testId={`${resource}-${f.name}`}
                />
              ))}
            </SimpleGrid>
            <ErrorAlert error={save.error} hideFields={fields.map((f) => f.name)} />
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
      </Modal>
    </Paper>
  );
}

function FieldInput({ field: f, value, onChange, error, testId }: { field: FieldDef; value: unknown; onChange: (v: unknown) => void; error?: string; testId: string }) {
  const { t } = useTranslation();
  const common = { label: f.label, description: f.description, error, required: f.required, 'data-testid': testId };
  switch (f.type) {
    case 'checkbox':
      return (
        <Checkbox
          label={f.label}
          description={f.description}
          error={error}
          checked={Boolean(value)}
          onChange={(e) => onChange(e.currentTarget.checked)}
          data-testid={testId}
          mt="lg"
        />
      );
    case 'select':
      return (
        <NativeSelect
          {...common}
          value={String(value ?? '')}
          onChange={(e) => onChange(e.currentTarget.value)}
          data={[...(f.nullable || !f.required ? [{ value: '', label: t('common.none') }] : []), ...(f.options ?? [])]}
        />
      );
    case 'weekdays': {
      const days = ['1', '2', '3', '4', '5', '6', '7'];
      return (
        <Input.Wrapper label={f.label} description={f.description} error={error} style={{ gridColumn: '1 / -1' }}>
          <Chip.Group multiple value={(value as string[]) ?? []} onChange={onChange}>
            <Group gap={6} mt={6} role="group" aria-label={f.label}>
              {days.map((d) => (
                <Chip key={d} value={d} size="sm">
                  {t(`weekdays.${d}`)}
                </Chip>
              ))}
            </Group>
          </Chip.Group>
        </Input.Wrapper>
      );
    }
    case 'time':
      return <TimeField {...common} value={String(value ?? '')} onChange={(e) => onChange(e.currentTarget.value)} />;
    case 'number':
      return <TextInput {...common} inputMode="decimal" value={String(value ?? '')} onChange={(e) => onChange(e.currentTarget.value)} />;
    default:
      return <TextInput {...common} value={String(value ?? '')} onChange={(e) => onChange(e.currentTarget.value)} />;
  }
}
