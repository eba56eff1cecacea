import { Anchor, Code, Table, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '../api/types';
import { useMe } from '../auth/auth-context';
import { formatDate, formatDateTime, formatNumber } from '../lib/format';
import { EmptyRow } from './empty-row';

/**
 * A changed field's label in the UI language: the server records column names (`birth_date`, `job_id`) or the
 * sync's field names (`birthDate`); the user reads "Geboortedatum", "Vacature".
 */
export function auditFieldLabel(t: TFunction, key: string): string {
  for (const ns of ['auditFields', 'integrations.diffFields', 'employees.fields', 'recruiting.fields']) {
    const label = t(`${ns}.${key}`, { defaultValue: '' });
    if (label) return label;
  }
  return key;
}

/** Columns that hold a BSN's hash or ciphertext: recorded as "***", never worth a line (the last three digits are). */
const HIDDEN_FIELDS = new Set(['bsn_hash', 'bsn_encrypted']);
const shown = (entries: Array<[string, unknown]>) => entries.filter(([k]) => !HIDDEN_FIELDS.has(k));

/** Coded values in the UI language where the field says what they are (a role, a stage, a status); others as stored. */
const VALUE_NAMESPACES: Record<string, string[]> = {
  role: ['roles'],
  stage: ['recruiting.stages'],
  status: ['status', 'employeeStatus', 'recruiting.jobStatus', 'recruiting.interviewStatus'],
  method: ['recruiting.method'],
};
function auditValue(t: TFunction, key: string, v: unknown, timeZone?: string): string {
  if (typeof v === 'string') {
    // Dates and instants in the app's format (dd-mm-jjjj, TT.MM.JJJJ), like everywhere else.
    if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return formatDate(v);
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v)) return formatDateTime(v, timeZone);
    for (const ns of VALUE_NAMESPACES[key] ?? []) {
      const label = t(`${ns}.${v}`, { defaultValue: '' });
      if (label) return label;
    }
    return v;
  }
  if (typeof v === 'boolean') return t(v ? 'common.yes' : 'common.no');
  // A recruiting role's permissions: "Gesprächsnotizen: Ja, …" instead of {"interviewNotes":true,…}.
  if (key === 'permissions' && v && typeof v === 'object' && !Array.isArray(v)) {
    return Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${t(`recruiting.permissions.${k}`, { defaultValue: k })}: ${auditValue(t, k, x, timeZone)}`)
      .join(', ');
  }
  // An evaluation form's questions: their texts.
  if (key === 'questions' && Array.isArray(v)) return v.map((q) => (q && typeof q === 'object' && 'text' in q ? String((q as { text: unknown }).text) : JSON.stringify(q))).join(' · ');
  // Nothing is a dash, not "null"; numbers in the language (38,5).
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'number') return formatNumber(v);
  if (Array.isArray(v)) return v.length ? v.map((x) => auditValue(t, key, x, timeZone)).join(', ') : '—';
  // A nested record (an integration's settings): labelled parts, never raw JSON keys.
  if (typeof v === 'object') {
    const parts = shown(Object.entries(v as Record<string, unknown>)).map(([k, x]) => `${auditFieldLabel(t, k)}: ${auditValue(t, k, x, timeZone)}`);
    return parts.length ? parts.join(', ') : '—';
  }
  return String(v);
}

/** Compact rendering of an audit entry's changes: "field: old → new" lines, "field: value" lines, or the raw JSON. */
function Changes({ changes, timeZone }: { changes: unknown; timeZone?: string }) {
  const { t } = useTranslation();
  if (changes === null || changes === undefined) return <Text c="dimmed" size="sm">—</Text>;
  if (typeof changes === 'object' && !Array.isArray(changes)) {
    const entries = shown(Object.entries(changes as Record<string, unknown>));
    const isDiff = entries.every(([, v]) => v && typeof v === 'object' && ('from' in (v as object) || 'to' in (v as object) || 'old' in (v as object) || 'new' in (v as object)));
    if (isDiff && entries.length > 0) {
      return (
        <Text size="xs" component="div">
          {entries.map(([k, v]) => {
            const d = v as Record<string, unknown>;
            const from = d.from ?? d.old;
            const to = d.to ?? d.new;
            const show = (v: unknown) => auditValue(t, k, v, timeZone);
            return (
              <div key={k}>
                <strong data-field={k}>{auditFieldLabel(t, k)}</strong>:{' '}
                {from === null || from === undefined ? (
                  show(to)
                ) : to === null || to === undefined ? (
                  <s>{show(from)}</s>
                ) : (
                  <>
                    {show(from)} → {show(to)}
                  </>
                )}
              </div>
            );
          })}
        </Text>
      );
    }
  }
  // A plain record ({ email, role } of a new user): one labelled line per field.
  if (typeof changes === 'object' && changes !== null && !Array.isArray(changes) && Object.keys(changes).length > 0) {
    return (
      <Text size="xs" component="div">
        {shown(Object.entries(changes as Record<string, unknown>)).map(([k, v]) => (
          <div key={k}>
            <strong data-field={k}>{auditFieldLabel(t, k)}</strong>: {auditValue(t, k, v, timeZone)}
          </div>
        ))}
      </Text>
    );
  }
  return (
    <Code block style={{ maxWidth: 520, maxHeight: 160, overflow: 'auto', fontSize: 11 }}>
      {JSON.stringify(changes, null, 1)}
    </Code>
  );
}

export function AuditTable({ entries, showEntity }: { entries: AuditEntry[]; showEntity: boolean }) {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table striped verticalSpacing="xs" data-testid="audit-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('audit.when')}</Table.Th>
            <Table.Th>{t('audit.who')}</Table.Th>
            <Table.Th>{t('audit.action')}</Table.Th>
            {showEntity && <Table.Th>{t('audit.entity')}</Table.Th>}
            <Table.Th>{t('audit.changes')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.length === 0 && <EmptyRow colSpan={showEntity ? 5 : 4} text={t('audit.none')} />}
          {entries.map((e) => (
            <Table.Tr key={String(e.id)} data-testid="audit-row">
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.createdAt, me.user.timeZone)}</Table.Td>
              <Table.Td>
                {e.actorName}
                <Text size="xs" c="dimmed">
                  {t(`actorTypes.${e.actorType}`, { defaultValue: e.actorType })}
                </Text>
              </Table.Td>
              <Table.Td>{t(`auditActions.${e.action}`, { defaultValue: e.action })}</Table.Td>
              {showEntity && (
                <Table.Td>
                  {t(`entityTypes.${e.entityType}`, { defaultValue: e.entityType })}
                  {e.entityId &&
                    (e.entityType === 'employee' ? (
                      <Anchor component={Link} to={`/employees/${e.entityId}`} size="xs" ff="monospace" display="block">
                        {e.entityId.slice(0, 8)}
                      </Anchor>
                    ) : (
                      <Text size="xs" c="dimmed" ff="monospace" title={e.entityId}>
                        {e.entityId.slice(0, 8)}
                      </Text>
                    ))}
                </Table.Td>
              )}
              <Table.Td>
                <Changes changes={e.changes} timeZone={me.user.timeZone ?? undefined} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
