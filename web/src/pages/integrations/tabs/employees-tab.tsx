import { Alert, Anchor, Badge, Button, Group, Loader, Modal, Paper, SegmentedControl, Stack, Switch, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconBan, IconLink, IconPlayerSkipForward, IconSearch, IconUnlink, IconUserPlus } from '@tabler/icons-react';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { type ExternalRecord, type RecordAction, type RecordList, RECORD_LISTS, useLinkPreview, useRecordAction, useRecords } from '../../../api/integrations';
import { EmployeePicker } from '../../../components/employee-picker';
import { EmptyRow } from '../../../components/empty-row';
import { ErrorAlert } from '../../../components/error-alert';
import { PagingFooter } from '../../../components/paging-footer';
import { PageLoader } from '../../../components/query-state';
import { formatDate } from '../../../lib/format';
import { notifyError } from '../../../lib/notify';
import { syncMessage } from '../sync-messages';
import { formatValue } from './sync-tab';

const PAGE_SIZE = 25;

/** F-13: the four review lists; rows needing action are red and come first, resolved ones are green. */
export function EmployeesTab({ integrationId }: { integrationId: string }) {
  const { t } = useTranslation();
  const [list, setList] = useState<RecordList>('unlinked');
  const [showFormer, setShowFormer] = useState(false);
  const [page, setPage] = useState(1);
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [linking, setLinking] = useState<ExternalRecord | null>(null);
  useEffect(() => setPage(1), [list, q]);
  useEffect(() => {
    if (!showFormer && list === 'former') setList('unlinked');
  }, [showFormer, list]);

  const records = useRecords(integrationId, { list, page, pageSize: PAGE_SIZE, ...(q ? { q } : {}) });
  const lists = records.data?.lists;
  const items = records.data?.items ?? [];
  const nothingRead = lists && RECORD_LISTS.every((l) => lists[l].total === 0) && !q;
  const visibleLists = RECORD_LISTS.filter((l) => l !== 'former' || showFormer);

  const listLabel = (l: RecordList) => {
    const c = lists?.[l];
    const base = `${t(`integrations.records.lists.${l}`)}${c ? ` (${c.total})` : ''}`;
    return c && c.needsAction > 0 && l !== 'former' ? `${base} · ${t('integrations.records.todo', { count: c.needsAction })}` : base;
  };

  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-end" wrap="wrap">
          <SegmentedControl
            value={list}
            onChange={(v) => setList(v as RecordList)}
            data={visibleLists.map((l) => ({ value: l, label: <span data-testid={`records-list-${l}`}>{listLabel(l)}</span> }))}
            aria-label={t('integrations.records.listsLabel')}
          />
          <Switch label={t('integrations.records.showFormer')} checked={showFormer} onChange={(e) => setShowFormer(e.currentTarget.checked)} data-testid="records-show-former" />
        </Group>
        <Group justify="space-between" align="flex-end" wrap="wrap">
          <TextInput
            label={t('employees.search')}
            placeholder={t('integrations.records.searchPlaceholder')}
            leftSection={<IconSearch size={16} aria-hidden />}
            type="search"
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            w={{ base: '100%', sm: 320 }}
            data-testid="records-search"
          />
          <Group gap="xs">
            <Badge color="red" variant="light">
              {t('integrations.records.legendRed')}
            </Badge>
            <Badge color="green" variant="light">
              {t('integrations.records.legendGreen')}
            </Badge>
          </Group>
        </Group>
        {records.error && <ErrorAlert error={records.error} />}
        {nothingRead && (
          <Text size="sm" c="dimmed" data-testid="records-empty">
            {t('integrations.records.nothingRead')}
          </Text>
        )}
        {records.isLoading ? (
          <PageLoader />
        ) : (
          <Table.ScrollContainer minWidth={1000}>
            <Table verticalSpacing="xs" aria-busy={records.isFetching} data-testid="records-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={140}>{t('common.status')}</Table.Th>
                  <Table.Th>{t('integrations.records.person')}</Table.Th>
                  <Table.Th>{t('integrations.records.work')}</Table.Th>
                  <Table.Th>{t('integrations.records.proposal')}</Table.Th>
                  <Table.Th w={250}>{t('common.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody style={{ opacity: records.isPlaceholderData ? 0.6 : 1 }}>
                {items.length === 0 && <EmptyRow colSpan={5} text={t('integrations.records.none')} />}
                {items.map((r) => (
                  <RecordRow key={r.id} record={r} integrationId={integrationId} list={list} onLink={() => setLinking(r)} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        <PagingFooter page={page} pageSize={PAGE_SIZE} total={records.data?.total ?? 0} onPage={setPage} />
      </Stack>
      {linking && <LinkModal integrationId={integrationId} record={linking} onClose={() => setLinking(null)} />}
    </Paper>
  );
}

/** What the row will do, in words, and whether it is red (needs a human) or green (resolved). */
function stateOf(r: ExternalRecord, t: (k: string, o?: Record<string, unknown>) => string): { label: string; color: string } {
  if (r.needsAction) return { label: t('integrations.records.state.needsAction'), color: 'red' };
  if (r.linkState === 'linked') return { label: t('integrations.records.state.linked'), color: 'green' };
  if (r.linkState === 'excluded') return { label: t('integrations.records.state.excluded'), color: 'green' };
  if (r.ruleExcluded) return { label: t('integrations.records.state.ruleExcluded'), color: 'green' };
  if (r.linkState === 'skipped') return { label: t('integrations.records.state.skipped'), color: 'green' };
  if (r.decision === 'add') return { label: t('integrations.records.state.willAdd'), color: 'green' };
  if (r.status === 'former' || r.missing) return { label: t('integrations.records.state.former'), color: 'gray' };
  if (r.proposal?.action === 'link') return { label: t('integrations.records.state.willLink'), color: 'green' };
  if (r.proposal?.action === 'join') return { label: t('integrations.records.state.willJoin'), color: 'green' };
  return { label: t('integrations.records.state.open'), color: 'gray' };
}

function RecordRow({ record: r, integrationId, list, onLink }: { record: ExternalRecord; integrationId: string; list: RecordList; onLink: () => void }) {
  const { t } = useTranslation();
  const action = useRecordAction(integrationId);
  const state = stateOf(r, t);
  const red = r.needsAction;
  const act = (a: RecordAction) => action.mutate({ recordId: r.id, action: a }, { onError: (e) => notifyError(e.message) });
  const busy = action.isPending;
  const btn = (a: RecordAction, label: string, icon: ReactNode, onClick?: () => void, color?: string) => (
    <Button
      key={a}
      size="compact-xs"
      variant="light"
      color={color}
      leftSection={icon}
      onClick={onClick ?? (() => act(a))}
      loading={busy && action.variables?.action === a}
      disabled={busy}
      aria-label={t(`integrations.records.actions.${a}Row`, { name: r.name })}
      data-testid={`record-${a}`}
    >
      {label}
    </Button>
  );

  const buttons: ReactNode[] = [];
  if (r.linkState === 'linked') {
    buttons.push(btn('unlink', t('integrations.records.actions.unlink'), <IconUnlink size={14} aria-hidden />));
    buttons.push(btn('exclude', t('integrations.records.actions.exclude'), <IconBan size={14} aria-hidden />, undefined, 'red'));
  } else if (r.linkState === 'excluded') {
    buttons.push(btn('unlink', t('integrations.records.actions.include'), <IconUnlink size={14} aria-hidden />));
  } else if (!r.ruleExcluded) {
    if (r.decision !== 'add') buttons.push(btn('add', t('integrations.records.actions.add'), <IconUserPlus size={14} aria-hidden />, undefined, 'green'));
    buttons.push(btn('link', t('integrations.records.actions.link'), <IconLink size={14} aria-hidden />, onLink));
    buttons.push(btn('exclude', t('integrations.records.actions.exclude'), <IconBan size={14} aria-hidden />, undefined, 'red'));
    if (r.linkState !== 'skipped' && list !== 'former') buttons.push(btn('skip', t('integrations.records.actions.skip'), <IconPlayerSkipForward size={14} aria-hidden />, undefined, 'gray'));
  }

  return (
    <Table.Tr
      data-testid="record-row"
      data-external-id={r.externalId}
      data-needs-action={red}
      data-link-state={r.linkState}
      style={{
        background: red ? 'var(--mantine-color-red-0)' : state.color === 'green' ? 'var(--mantine-color-green-0)' : undefined,
        boxShadow: `inset 4px 0 0 var(--mantine-color-${state.color === 'gray' ? 'gray-4' : `${state.color}-6`})`,
      }}
    >
      <Table.Td>
        <Badge color={state.color} variant={red ? 'filled' : 'light'} data-testid="record-state" style={{ minWidth: 'max-content' }}>
          {state.label}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Text size="sm" fw={600} data-testid="record-name">
          {r.name}
        </Text>
        <Text size="xs" c="dimmed">
          {[r.personnelNumber && `${t('integrations.records.number')} ${r.personnelNumber}`, r.email, r.bsnMasked && `${t('employees.fields.bsn')} ${r.bsnMasked}`, r.birthDate && formatDate(r.birthDate)]
            .filter(Boolean)
            .join(' · ') || '—'}
        </Text>
        {r.warnings.length > 0 && (
          <Text size="xs" c="orange.8">
            {t('integrations.records.dataWarnings', { list: r.warnings.map((w) => syncMessage(t, w)).join(' ') })}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm">{[r.department, r.costCenter].filter(Boolean).join(' · ') || '—'}</Text>
        <Text size="xs" c="dimmed">
          {[r.contractType, r.position, r.hireDate && `${t('integrations.records.since')} ${formatDate(r.hireDate)}`, r.terminationDate && `${t('integrations.records.until')} ${formatDate(r.terminationDate)}`]
            .filter(Boolean)
            .join(' · ')}
        </Text>
      </Table.Td>
      <Table.Td>
        <Proposal record={r} />
        {r.issues.map((i) => (
          <Text key={i} size="xs" c="red.8" mt={2} data-testid="record-issue">
            {t(`integrations.issues.${i}`, { defaultValue: i })}
          </Text>
        ))}
      </Table.Td>
      <Table.Td>
        <Group gap={4} wrap="wrap">
          {buttons}
          {r.ruleExcluded && r.linkState !== 'excluded' && (
            <Text size="xs" c="dimmed">
              {t('integrations.records.ruleHint')}
            </Text>
          )}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

function Reasons({ reasons, weak }: { reasons: string[]; weak?: boolean }) {
  const { t } = useTranslation();
  if (reasons.length === 0) return null;
  return (
    <Group gap={4} mt={2} data-testid="record-reasons" data-reasons={reasons.join(',')}>
      <Text size="xs" c="dimmed">
        {t('integrations.records.why')}
      </Text>
      {reasons.map((x) => (
        <Tooltip key={x} label={t(`integrations.reasonHints.${x}`, { defaultValue: x })} withinPortal>
          <Badge size="xs" variant="outline" color={weak || x === 'birth_date_name' ? 'yellow' : 'blue'} tabIndex={0}>
            {t(`integrations.reasons.${x}`, { defaultValue: x })}
          </Badge>
        </Tooltip>
      ))}
      {weak && (
        <Badge size="xs" color="yellow" variant="light">
          {t('integrations.records.weak')}
        </Badge>
      )}
    </Group>
  );
}

/** The proposal, and why it matched (email, BSN, personnel number, birth date + name). */
function Proposal({ record: r }: { record: ExternalRecord }) {
  const { t } = useTranslation();
  if (r.linkState === 'linked' && r.employee) {
    return (
      <div>
        <Text size="sm">
          {t('integrations.records.linkedTo')}{' '}
          <Anchor component={Link} to={`/employees/${r.employee.id}`} data-testid="record-employee">
            {r.employee.name}
          </Anchor>
        </Text>
        {r.proposal && r.proposal.employeeId === r.employee.id && <Reasons reasons={r.proposal.reasons} />}
      </div>
    );
  }
  const p = r.proposal;
  if (!p) return <Text size="sm" c="dimmed">—</Text>;
  let text: ReactNode;
  if (p.action === 'link' && p.employeeId) {
    text = (
      <>
        {t('integrations.records.proposeLink')}{' '}
        <Anchor component={Link} to={`/employees/${p.employeeId}`}>
          {p.employeeName ?? '…'}
        </Anchor>
      </>
    );
  } else if (p.action === 'conflict') {
    text = t('integrations.records.proposeConflict', { names: p.candidates.map((c) => c.name).join(', ') });
  } else if (p.action === 'join') {
    text = t('integrations.records.proposeJoin');
  } else {
    // Former staff are never added automatically: for them "add" only means nobody matched.
    text = r.status === 'former' || r.missing ? t('integrations.records.noMatch') : t('integrations.records.proposeAdd');
  }
  return (
    <div data-testid="record-proposal" data-action={p.action}>
      <Text size="sm">{text}</Text>
      <Reasons reasons={p.reasons} weak={p.strength === 'weak'} />
    </div>
  );
}

/**
 * "Link to existing": choose the employee (the proposal's as one-click choices, or any by server-side
 * search), see which Koppel fields the link will overwrite with the HR system's values, then confirm.
 */
function LinkModal({ integrationId, record, onClose }: { integrationId: string; record: ExternalRecord; onClose: () => void }) {
  const { t } = useTranslation();
  const action = useRecordAction(integrationId);
  const suggestions = [
    ...(record.proposal?.employeeId ? [{ id: record.proposal.employeeId, name: record.proposal.employeeName ?? '…' }] : []),
    ...(record.proposal?.candidates ?? []),
  ].filter((c, i, all) => all.findIndex((x) => x.id === c.id) === i);
  const [employeeId, setEmployeeId] = useState<string | null>(null);
  const preview = useLinkPreview(integrationId, record.id, employeeId);
  const link = (id: string) => action.mutate({ recordId: record.id, action: 'link', employeeId: id }, { onSuccess: onClose });
  const changes = preview.data?.changes ?? [];

  return (
    <Modal opened onClose={onClose} title={t('integrations.records.linkTitle', { name: record.name })} centered size="lg">
      <form noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (employeeId && preview.data) link(employeeId);
        }}
      >
        <Stack>
          <Text size="sm">{t('integrations.records.linkIntro')}</Text>
          {suggestions.length > 0 && (
            <div>
              <Text size="sm" fw={600} mb={4}>
                {t('integrations.records.suggestions')}
              </Text>
              <Group gap="xs">
                {suggestions.map((s) => (
                  <Button
                    key={s.id}
                    variant={employeeId === s.id ? 'filled' : 'light'}
                    size="xs"
                    leftSection={<IconLink size={14} aria-hidden />}
                    onClick={() => setEmployeeId(s.id)}
                    disabled={action.isPending}
                    data-testid="link-candidate"
                  >
                    {s.name}
                  </Button>
                ))}
              </Group>
            </div>
          )}
          <EmployeePicker value={employeeId} onChange={(id) => setEmployeeId(id)} includeFormer label={t('integrations.records.linkPick')} testId="link-picker" />
          {employeeId && preview.isLoading && <Loader size="sm" />}
          {preview.error && <ErrorAlert error={preview.error} />}
          {employeeId && preview.data && (
            <Alert
              color={changes.length ? 'orange' : 'green'}
              variant="light"
              title={changes.length ? t('integrations.records.linkOverwrites', { count: changes.length }) : t('integrations.records.linkNothing')}
              data-testid="link-preview"
              data-count={changes.length}
            >
              {changes.length > 0 && (
                <Table fz="sm" verticalSpacing={4} data-testid="link-preview-table">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('integrations.records.linkField')}</Table.Th>
                      <Table.Th>{t('integrations.records.linkNow')}</Table.Th>
                      <Table.Th>{t('integrations.records.linkAfter')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {changes.map((c) => (
                      <Table.Tr key={`${c.entity}-${c.field}`} data-testid="link-preview-change" data-field={c.field}>
                        <Table.Td fw={500}>{t(`integrations.diffFields.${c.field}`, { defaultValue: c.field })}</Table.Td>
                        <Table.Td c="dimmed" td="line-through">
                          {formatValue(c.old, c.field, t)}
                        </Table.Td>
                        <Table.Td>{formatValue(c.new, c.field, t)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
              <Text size="xs" c="dimmed" mt={4}>
                {t('integrations.records.linkWhen')}
              </Text>
            </Alert>
          )}
          {action.error && <ErrorAlert error={action.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" disabled={!employeeId || !preview.data} loading={action.isPending} data-testid="link-submit">
              {changes.length ? t('integrations.records.linkConfirmOverwrite') : t('integrations.records.actions.link')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
