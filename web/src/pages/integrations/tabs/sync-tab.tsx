import { Alert, Anchor, Badge, Button, Group, Paper, Progress, SegmentedControl, SimpleGrid, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { IconArrowBackUp, IconCheck, IconDownload, IconEye, IconInfoCircle } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api } from '../../../api/client';
import {
  type DiffItem,
  type ExternalRecord,
  type Integration,
  isRunning,
  type PerEmployeeMessages,
  type RunCounts,
  type SyncRun,
  type SyncRunSummary,
  useApplyRun,
  useRefreshAfterRun,
  useRun,
  useRuns,
  useStartSync,
  useUndoRun,
} from '../../../api/integrations';
import { useMe } from '../../../auth/auth-context';
import { ConfirmButton } from '../../../components/confirm-button';
import { EmptyRow } from '../../../components/empty-row';
import { ErrorAlert } from '../../../components/error-alert';
import { PagingFooter } from '../../../components/paging-footer';
import { PageLoader } from '../../../components/query-state';
import { TechnicalDetail } from '../../../components/technical-detail';
import { formatClock, formatDate, formatDateTime, formatNumber } from '../../../lib/format';
import { notifySuccess } from '../../../lib/notify';
import { RunModeBadge, RunStatusBadge } from '../integration-badges';
import { isSyncCode, runErrorText, syncMessage } from '../sync-messages';

const HISTORY_PAGE_SIZE = 20;
/**
 * The run's figures (meanings: src/integrations/engine/run-summary.ts, shown as tooltips). Preview and
 * apply count rows — one per HR record, as listed below them — undo counts employees.
 */
const COUNT_KEYS: (keyof RunCounts)[] = ['read', 'checked', 'added', 'linked', 'updated', 'unchanged', 'excluded', 'needsAction', 'skipped', 'former', 'failed'];
const UNDO_COUNT_KEYS: (keyof RunCounts)[] = ['reverted', 'removed', 'failed'];
const HISTORY_COUNTS: (keyof RunCounts)[] = ['read', 'checked', 'added', 'linked', 'updated', 'failed'];
const countKeysOf = (mode: string) => (mode === 'undo' ? UNDO_COUNT_KEYS : COUNT_KEYS);

/** F-14 sync now, F-17 preview and apply, F-16 progress and history, F-18 undo. */
export function SyncTab({ integration }: { integration: Integration }) {
  const { t } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const [page, setPage] = useState(1);
  const runs = useRuns(integration.id, { page, pageSize: HISTORY_PAGE_SIZE });
  const history = runs.data?.items ?? [];
  const selectedId = params.get('run') ?? (page === 1 ? (history[0]?.id ?? null) : null);
  const run = useRun(selectedId);
  const start = useStartSync(integration.id);
  const refresh = useRefreshAfterRun();
  const navigate = useNavigate();
  const busy = isRunning(run.data?.status) || history.some((r) => isRunning(r.status));
  const [startedNote, setStartedNote] = useState<string | null>(null);

  const select = (runId: string) => setParams((p) => {
    const next = new URLSearchParams(p);
    next.set('run', runId);
    return next;
  }, { replace: true });

  // A run started here (or seen running) that has finished changed records, employees and health: refresh what shows them.
  const pending = useRef(new Set<string>());
  const follow = (runId: string) => {
    pending.current.add(runId);
    select(runId);
  };
  useEffect(() => {
    const d = run.data;
    if (!d) return;
    if (isRunning(d.status)) pending.current.add(d.id);
    else if (pending.current.delete(d.id)) {
      void refresh();
      // The seed (Nmbrs): after "Bijwerken" the employee window opens on its leave tab, the leave recalculated
      // from the new contract hours. An employee the run changed; an addition's id comes from its linked record.
      if (integration.vendor === 'nmbrs' && d.mode === 'apply' && d.status === 'succeeded') void openLeaveAfterApply(d);
    }
  }, [run.data, refresh]);

  async function openLeaveAfterApply(d: SyncRun) {
    let employeeId = d.diff.items.find((i) => i.employeeId && (i.action === 'update' || i.action === 'link'))?.employeeId ?? null;
    if (!employeeId && (d.counts.added > 0 || d.counts.linked > 0)) {
      const linked = await api.get<{ items: ExternalRecord[] }>(`/integrations/${integration.id}/records?list=linked&pageSize=1`).catch(() => null);
      employeeId = linked?.items[0]?.employee?.id ?? null;
    }
    if (employeeId) void navigate(`/employees/${employeeId}/leave?afterSync=${encodeURIComponent(integration.id)}`);
  }

  const startSync = (dryRun: boolean) =>
    start.mutate(
      { dryRun },
      {
        onSuccess: (r) => {
          follow(r.runId);
          setStartedNote(!r.created ? t('integrations.sync.alreadyRunning') : !dryRun && r.mode === 'preview' ? t('integrations.sync.firstIsPreview') : null);
        },
      },
    );

  return (
    <Stack>
      <Paper withBorder p="md" radius="md">
        <Group justify="space-between" align="flex-start" wrap="wrap">
          <Stack gap={4}>
            <Text size="sm">
              {integration.active
                ? t('integrations.sync.schedule', { time: integration.settings.syncTime, next: formatDateTime(integration.nextSyncAt, me.user.timeZone) })
                : t('integrations.deactivate.stateText')}
            </Text>
            <Text size="sm" c="dimmed">
              {t('integrations.sync.lastSuccess', { when: formatDateTime(integration.lastSuccessAt, me.user.timeZone) })}
            </Text>
            {!integration.firstSyncApplied && (
              <Text size="sm" c="blue.8" data-testid="sync-first-preview">
                {t('integrations.sync.firstPreviewNote')}
              </Text>
            )}
          </Stack>
          <Group gap="xs">
            <Button
              variant="light"
              leftSection={<IconEye size={16} aria-hidden />}
              onClick={() => startSync(true)}
              loading={start.isPending && start.variables?.dryRun === true}
              disabled={!integration.active || busy || start.isPending}
              data-testid="sync-preview"
            >
              {t('integrations.sync.preview')}
            </Button>
            <Button
              leftSection={<IconDownload size={16} aria-hidden />}
              onClick={() => startSync(false)}
              loading={start.isPending && start.variables?.dryRun === false}
              disabled={!integration.active || busy || start.isPending}
              data-testid="sync-now"
            >
              {t('integrations.sync.now')}
            </Button>
          </Group>
        </Group>
        {start.error && <ErrorAlert error={start.error} />}
        {startedNote && (
          <Alert color="blue" variant="light" mt="sm" icon={<IconInfoCircle aria-hidden />} withCloseButton onClose={() => setStartedNote(null)} data-testid="sync-started-note">
            {startedNote}
          </Alert>
        )}
      </Paper>

      {selectedId && (
        <Paper withBorder p="md" radius="md">
          {run.error && <ErrorAlert error={run.error} />}
          {run.isLoading ? <PageLoader /> : run.data && <RunPanel run={run.data} onSelect={select} onStarted={follow} integrationId={integration.id} />}
        </Paper>
      )}

      <Paper withBorder p="md" radius="md">
        <Title order={2} size="h4" mb="sm">
          {t('integrations.history.title')}
        </Title>
        {runs.error && <ErrorAlert error={runs.error} />}
        {runs.isLoading ? (
          <PageLoader />
        ) : (
          <Table.ScrollContainer minWidth={900}>
            <Table verticalSpacing="xs" highlightOnHover data-testid="runs-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('integrations.history.when')}</Table.Th>
                  <Table.Th>{t('integrations.history.kindStatus')}</Table.Th>
                  {HISTORY_COUNTS.map((k) => (
                    <Table.Th key={k} ta="right" fz="xs">
                      <Tooltip label={t(`integrations.countHelp.${k}`)} multiline w={280} withinPortal>
                        <span style={{ cursor: 'help' }}>{t(`integrations.counts.${k}`)}</span>
                      </Tooltip>
                    </Table.Th>
                  ))}
                  <Table.Th ta="right" fz="xs">
                    {t('integrations.counts.apiCalls')}
                  </Table.Th>
                  <Table.Th>{t('common.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {history.length === 0 && <EmptyRow colSpan={HISTORY_COUNTS.length + 4} text={t('integrations.history.none')} />}
                {history.map((r) => (
                  <HistoryRow key={r.id} run={r} selected={r.id === selectedId} onSelect={() => select(r.id)} onStarted={follow} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        <PagingFooter page={page} pageSize={HISTORY_PAGE_SIZE} total={runs.data?.total ?? 0} onPage={setPage} />
      </Paper>
    </Stack>
  );
}

function HistoryRow({ run: r, selected, onSelect, onStarted }: { run: SyncRunSummary; selected: boolean; onSelect: () => void; onStarted: (runId: string) => void }) {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <Table.Tr data-testid="run-row" data-run-id={r.id} data-mode={r.mode} data-status={r.status} bg={selected ? 'var(--mantine-color-blue-0)' : undefined} aria-selected={selected}>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <Text size="sm">{formatDateTime(r.startedAt ?? r.createdAt, me.user.timeZone)}</Text>
        <Text size="xs" c="dimmed" title={r.requestedBy ?? undefined}>
          {t(`integrations.trigger.${r.trigger}`)}
          {r.finishedAt ? ` · ${endOf(r, me.user.timeZone, t)}` : ''}
        </Text>
      </Table.Td>
      <Table.Td>
        <Stack gap={2} align="flex-start">
          <RunModeBadge mode={r.mode} />
          <RunStatusBadge status={r.status} />
          {r.undoneByRunId && (
            <Badge color="gray" variant="light" size="sm" style={{ minWidth: 'max-content' }}>
              {t('integrations.run.undone')}
            </Badge>
          )}
        </Stack>
      </Table.Td>
      {r.mode === 'undo' ? (
        <>
          <Table.Td colSpan={HISTORY_COUNTS.length - 1} ta="right">
            <Text size="sm" className="koppel-figure-value">
              {t('integrations.counts.reverted')} {formatNumber(r.counts.reverted)} · {t('integrations.counts.removed')} {formatNumber(r.counts.removed)}
            </Text>
          </Table.Td>
          <Table.Td ta="right" className="koppel-figure-value" c={r.counts.failed > 0 ? 'red' : undefined}>
            {formatNumber(r.counts.failed)}
          </Table.Td>
        </>
      ) : (
        HISTORY_COUNTS.map((k) => (
          <Table.Td key={k} ta="right" className="koppel-figure-value" c={k === 'failed' && r.counts.failed > 0 ? 'red' : undefined}>
            {formatNumber(r.counts[k])}
          </Table.Td>
        ))
      )}
      <Table.Td ta="right" className="koppel-figure-value">
        {formatNumber(r.apiCalls)}
      </Table.Td>
      <Table.Td>
        <Group gap={4} wrap="nowrap">
          <Button size="compact-xs" variant={selected ? 'filled' : 'light'} onClick={onSelect} aria-label={t('integrations.history.detailsRow', { when: formatDateTime(r.startedAt ?? r.createdAt, me.user.timeZone) })} data-testid="run-details">
            {t('integrations.history.details')}
          </Button>
          {r.mode === 'apply' && r.status === 'succeeded' && !r.undoneByRunId && <UndoButton run={r} onStarted={onStarted} compact />}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

/** The end of a run: "klaar om 14:05" when it ended the day it started, else "klaar op 03-12-2026, 01:10". */
function endOf(r: SyncRunSummary, timeZone: string, t: TFunction) {
  const start = formatDateTime(r.startedAt ?? r.createdAt, timeZone);
  const end = formatDateTime(r.finishedAt, timeZone);
  return start.split(',')[0] === end.split(',')[0] ? t('integrations.history.finishedAtTime', { time: formatClock(r.finishedAt, timeZone) }) : t('integrations.history.finishedAt', { when: end });
}

function UndoButton({ run, compact, onStarted }: { run: SyncRunSummary; compact?: boolean; onStarted: (runId: string) => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const undo = useUndoRun();
  return (
    <ConfirmButton
      label={t('integrations.run.undo')}
      icon={compact ? <IconArrowBackUp size={16} /> : undefined}
      message={t('integrations.run.undoConfirm', { when: formatDateTime(run.finishedAt ?? run.createdAt, me.user.timeZone) })}
      confirmLabel={t('integrations.run.undo')}
      color="orange"
      loading={undo.isPending}
      error={undo.error}
      testId={compact ? 'run-undo-row' : 'run-undo'}
      onConfirm={async () => {
        const r = await undo.mutateAsync(run.id);
        notifySuccess(t('integrations.run.undoStarted'));
        onStarted(r.runId);
      }}
    />
  );
}

function RunPanel({ run, onSelect, onStarted, integrationId }: { run: SyncRun; onSelect: (id: string) => void; onStarted: (id: string) => void; integrationId: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const apply = useApplyRun();
  const running = isRunning(run.status);
  const p = run.progress;
  const pct = p && p.total > 0 ? Math.min(100, Math.round((p.done / p.total) * 100)) : null;
  const isOpenPreview = run.mode === 'preview' && run.status === 'succeeded' && !run.appliedRunId;

  return (
    <Stack data-testid="run-panel" data-run-id={run.id} data-status={run.status} data-mode={run.mode}>
      <Group justify="space-between" wrap="wrap">
        <Group gap="xs">
          <Title order={2} size="h4">
            {t('integrations.run.title', { when: formatDateTime(run.startedAt ?? run.createdAt, me.user.timeZone) })}
          </Title>
          <RunModeBadge mode={run.mode} />
          <RunStatusBadge status={run.status} testId="run-status" />
        </Group>
        <Text size="sm" c="dimmed">
          {t(`integrations.trigger.${run.trigger}`)}
          {run.requestedBy ? ` · ${run.requestedBy}` : ''}
          {run.finishedAt ? ` · ${t('integrations.history.finishedAt', { when: formatDateTime(run.finishedAt, me.user.timeZone) })}` : ''}
        </Text>
      </Group>

      {running && (
        <div>
          <Group justify="space-between" mb={4}>
            {p?.retry ? (
              <div data-testid="sync-retrying" data-reason={p.retry.reason}>
                <Text size="sm" fw={500} c="orange.8">
                  {t('integrations.phase.retrying', { attempt: p.retry.attempt, reason: t(`integrations.phase.retryReasons.${p.retry.reason}`, { defaultValue: p.retry.reason }) })}
                </Text>
                <Text size="xs" c="dimmed">
                  {t('integrations.phase.nextAttempt', { time: formatClock(p.retry.nextAttemptAt, me.user.timeZone) })} {p.retry.detail}
                </Text>
              </div>
            ) : (
              <Text size="sm" fw={500} data-testid="sync-phase">
                {t(`integrations.phase.${p?.phase ?? 'queued'}`, { defaultValue: p?.phase ?? '' })}
              </Text>
            )}
            {p && p.total > 0 && (
              <Text size="sm" c="dimmed" className="koppel-figure-value">
                {formatNumber(p.done)} / {formatNumber(p.total)}
              </Text>
            )}
          </Group>
          <Progress
            value={pct ?? 100}
            striped
            animated
            color={p?.retry ? 'orange' : undefined}
            size="lg"
            aria-label={t('integrations.run.progress')}
            aria-valuetext={pct === null ? t(`integrations.phase.${p?.phase ?? 'queued'}`, { defaultValue: '' }) : `${pct}%`}
            data-testid="sync-progress"
          />
        </div>
      )}

      {run.status === 'failed' && (
        <Alert color="red" title={t('integrations.run.failed')} data-testid="run-error">
          <RunError error={run.error} />
        </Alert>
      )}

      <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="xs">
        {countKeysOf(run.mode).map((k) => (
          <Figure
            key={k}
            label={t(`integrations.counts.${k}`)}
            help={t(`integrations.countHelp.${k}`)}
            value={run.counts[k]}
            testId={`run-count-${k}`}
            color={k === 'failed' || k === 'needsAction' ? (run.counts[k] > 0 ? 'red' : undefined) : undefined}
          />
        ))}
        <Figure label={t('integrations.counts.apiCalls')} help={t('integrations.countHelp.apiCalls')} value={run.apiCalls} testId="run-count-apiCalls" />
      </SimpleGrid>

      {isOpenPreview && (
        <Alert color="cyan" variant="light" icon={<IconEye aria-hidden />} title={t('integrations.run.previewTitle')} data-testid="run-preview-note">
          <Stack gap="xs">
            <Text size="sm">{t('integrations.run.previewText')}</Text>
            {run.counts.needsAction > 0 && (
              <Text size="sm" c="red.8">
                {t('integrations.run.previewNeedsAction', { count: run.counts.needsAction })}{' '}
                <Anchor component={Link} to={`/settings/integrations/${integrationId}/employees`} size="sm">
                  {t('integrations.run.toEmployees')}
                </Anchor>
              </Text>
            )}
            <Group>
              <Button
                color="green"
                leftSection={<IconCheck size={16} aria-hidden />}
                loading={apply.isPending}
                onClick={() => apply.mutate(run.id, { onSuccess: (r) => onStarted(r.runId) })}
                data-testid="run-apply"
              >
                {t('integrations.run.apply')}
              </Button>
            </Group>
            {apply.error && <ErrorAlert error={apply.error} />}
          </Stack>
        </Alert>
      )}
      {run.mode === 'preview' && run.appliedRunId && (
        <Text size="sm">
          {t('integrations.run.appliedBy')}{' '}
          <Anchor component="button" type="button" size="sm" onClick={() => onSelect(run.appliedRunId!)}>
            {t('integrations.run.showRun')}
          </Anchor>
        </Text>
      )}
      {run.mode === 'apply' && run.previewRunId && (
        <Text size="sm" c="dimmed">
          {t('integrations.run.fromPreview')}{' '}
          <Anchor component="button" type="button" size="sm" onClick={() => onSelect(run.previewRunId!)}>
            {t('integrations.run.showRun')}
          </Anchor>
        </Text>
      )}
      {run.mode === 'undo' && run.undoOfRunId && (
        <Text size="sm" c="dimmed">
          {t('integrations.run.undoOf')}{' '}
          <Anchor component="button" type="button" size="sm" onClick={() => onSelect(run.undoOfRunId!)}>
            {t('integrations.run.showRun')}
          </Anchor>
        </Text>
      )}
      {run.mode === 'apply' && run.status === 'succeeded' && (
        <Group>
          {run.undoneByRunId ? (
            <Text size="sm" c="dimmed">
              {t('integrations.run.undoneText')}{' '}
              <Anchor component="button" type="button" size="sm" onClick={() => onSelect(run.undoneByRunId!)}>
                {t('integrations.run.showRun')}
              </Anchor>
            </Text>
          ) : (
            <UndoButton run={run} onStarted={onStarted} />
          )}
        </Group>
      )}

      <Messages title={t('integrations.run.errors')} items={run.errors} color="red" testId="run-errors" />
      <Messages title={t('integrations.run.warnings')} items={run.warnings} color="orange" testId="run-warnings" />
      {!running && <Diff run={run} />}
    </Stack>
  );
}

function Figure({ label, help, value, testId, color }: { label: string; help: string; value: number; testId: string; color?: string }) {
  return (
    <Paper withBorder radius="sm" p="xs">
      <Tooltip label={help} multiline w={280} withinPortal>
        <Group gap={4} wrap="nowrap" style={{ cursor: 'help' }} data-testid={`${testId}-label`}>
          <Text size="xs" c="dimmed" truncate>
            {label}
          </Text>
          <IconInfoCircle size={12} color="var(--mantine-color-dimmed)" aria-hidden />
        </Group>
      </Tooltip>
      <Text fw={700} size="lg" c={color} className="koppel-figure-value" data-testid={testId} data-value={value}>
        {formatNumber(value)}
      </Text>
    </Paper>
  );
}

function RunError({ error }: { error: string | null }) {
  const { t } = useTranslation();
  const e = runErrorText(t, error);
  if (!e) return <>—</>;
  return (
    <>
      <Text size="sm">{e.text}</Text>
      <TechnicalDetail detail={e.detail} testId="run-error-detail" />
    </>
  );
}

function Messages({ title, items, color, testId }: { title: string; items: PerEmployeeMessages; color: string; testId: string }) {
  const { t } = useTranslation();
  if (items.length === 0) return null;
  return (
    <div data-testid={testId}>
      <Text fw={600} size="sm" c={`${color}.8`} mb={4}>
        {title} ({items.length})
      </Text>
      <Table verticalSpacing={4} withTableBorder>
        <Table.Tbody>
          {items.slice(0, 200).map((m, i) => (
            <Table.Tr key={`${m.recordId ?? m.name}-${i}`}>
              <Table.Td w="30%">
                <Text size="sm" fw={500}>
                  {m.name}
                </Text>
              </Table.Td>
              <Table.Td>
                {m.messages.map((x, j) =>
                  isSyncCode(x) ? (
                    <Text key={j} size="sm" data-code={x}>
                      {syncMessage(t, x)}
                    </Text>
                  ) : (
                    <Text key={j} size="xs" c="dimmed" ff="monospace">
                      {x}
                    </Text>
                  ),
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}

const DIFF_FILTERS = ['all', 'needs_action', 'add', 'update', 'link', 'excluded', 'reverted', 'removed', 'other'] as const;
type DiffFilter = (typeof DIFF_FILTERS)[number];
const MAIN_ACTIONS = new Set(['needs_action', 'add', 'update', 'link', 'excluded', 'reverted', 'removed']);
/** In a preview nothing has happened yet: "will be added" rather than "added". */
const WILL_ACTIONS = new Set(['add', 'link', 'update']);
const actionColor: Record<string, string> = { add: 'green', update: 'blue', link: 'teal', excluded: 'gray', needs_action: 'red', former: 'gray', skipped: 'gray', reverted: 'grape', removed: 'grape' };

/** The run's diff per employee: field, old → new; additions; excluded; needs action (first). */
const DIFF_PAGE_SIZE = 25;

function Diff({ run }: { run: SyncRun }) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<DiffFilter>('all');
  const [page, setPage] = useState(1);
  const items = run.diff.items;
  const count = (f: DiffFilter) => (f === 'all' ? items.length : f === 'other' ? items.filter((i) => !MAIN_ACTIONS.has(i.action)).length : items.filter((i) => i.action === f).length);
  const shown = items.filter((i) => (filter === 'all' ? true : filter === 'other' ? !MAIN_ACTIONS.has(i.action) : i.action === filter));
  const filters = DIFF_FILTERS.filter((f) => f === 'all' || count(f) > 0);

  return (
    <div>
      <Group justify="space-between" mb="xs" wrap="wrap">
        <Title order={3} size="h5">
          {t('integrations.diff.title')}
        </Title>
        {filters.length > 1 && (
          <SegmentedControl
            size="xs"
            value={filter}
            onChange={(v) => {
              setFilter(v as DiffFilter);
              setPage(1);
            }}
            data={filters.map((f) => ({ value: f, label: `${t(`integrations.diff.filter.${f}`)} (${count(f)})` }))}
            aria-label={t('integrations.diff.filterLabel')}
            data-testid="diff-filter"
          />
        )}
      </Group>
      <Table.ScrollContainer minWidth={760}>
        <Table verticalSpacing="xs" data-testid="diff-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w="25%">{t('integrations.diff.employee')}</Table.Th>
              <Table.Th w="15%">{t('integrations.diff.what')}</Table.Th>
              <Table.Th>{t('integrations.diff.changes')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.length === 0 && <EmptyRow colSpan={3} text={t('integrations.diff.none')} />}
            {shown.slice((page - 1) * DIFF_PAGE_SIZE, page * DIFF_PAGE_SIZE).map((item, i) => (
              <DiffRow key={`${item.recordId ?? item.name}-${i}`} item={item} preview={run.mode === 'preview'} />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {shown.length > DIFF_PAGE_SIZE && <PagingFooter page={page} pageSize={DIFF_PAGE_SIZE} total={shown.length} onPage={setPage} />}
      {run.diff.truncated && (
        // Every row but the unchanged ones is listed, up to a limit: say how many, so the chips are not read as the figures.
        <Text size="xs" c="dimmed" mt="xs" data-testid="diff-truncated">
          {t('integrations.diff.truncated', { shown: formatNumber(items.length), total: formatNumber(Math.max(items.length, run.mode === 'undo' ? run.counts.reverted + run.counts.removed + run.counts.failed : run.counts.checked - run.counts.unchanged)) })}
        </Text>
      )}
    </div>
  );
}

function DiffRow({ item, preview }: { item: DiffItem; preview: boolean }) {
  const { t } = useTranslation();
  const red = item.needsAction || item.action === 'needs_action';
  return (
    <Table.Tr data-testid="diff-row" data-action={item.action} style={red ? { background: 'var(--mantine-color-red-0)', boxShadow: 'inset 4px 0 0 var(--mantine-color-red-6)' } : undefined}>
      <Table.Td>
        {item.employeeId ? (
          <Anchor component={Link} to={`/employees/${item.employeeId}`} size="sm" fw={500}>
            {item.name}
          </Anchor>
        ) : (
          <Text size="sm" fw={500}>
            {item.name}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Badge color={actionColor[item.action] ?? 'gray'} variant={red ? 'filled' : 'light'} style={{ minWidth: 'max-content' }}>
          {preview && WILL_ACTIONS.has(item.action)
            ? t(`integrations.diff.willActions.${item.action}`)
            : t(`integrations.diff.actions.${item.action}`, { defaultValue: item.action })}
        </Badge>
      </Table.Td>
      <Table.Td>
        {item.changes.length === 0 && !item.issues?.length && (
          <Text size="sm" c="dimmed">
            —
          </Text>
        )}
        {item.changes.map((c, i) => (
          <Text key={i} size="sm" data-testid="diff-change" data-field={c.field}>
            <Text span fw={500}>
              {t(`integrations.diffFields.${c.field}`, { defaultValue: c.field })}:
            </Text>{' '}
            <Text span c="dimmed" td={item.action === 'add' ? undefined : 'line-through'}>
              {item.action === 'add' && (c.old === null || c.old === undefined) ? '' : formatValue(c.old, c.field, t)}
            </Text>
            {item.action === 'add' && (c.old === null || c.old === undefined) ? '' : ' → '}
            <Text span>{formatValue(c.new, c.field, t)}</Text>
          </Text>
        ))}
        {item.issues?.map((x) => (
          <Text key={x} size="xs" c="red.8">
            {t(`integrations.issues.${x}`, { defaultValue: x })}
          </Text>
        ))}
      </Table.Td>
    </Table.Tr>
  );
}

/** A diff value as the user reads it (dates, statuses, yes/no, numbers); also used by the link dialog. */
export function formatValue(v: unknown, field: string, t: (k: string, o?: Record<string, unknown>) => string): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? t('common.yes') : t('common.no');
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'string') {
    if (field === 'status') return t(`employeeStatus.${v}`, { defaultValue: v });
    if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return formatDate(v);
    return v;
  }
  if (Array.isArray(v)) return v.length === 0 ? '—' : v.map((x) => formatValue(x, field, t)).join(', ');
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    // A cost center share: "KP 4100 Keuken (70 %)".
    if (typeof o.name === 'string' && typeof o.percentage === 'number') return `${o.name} (${formatNumber(o.percentage)} %)`;
    if (typeof o.name === 'string') return o.name;
    // Never raw JSON keys: "Label: value" per part.
    return Object.entries(o)
      .map(([k, x]) => `${t(`integrations.diffFields.${k}`, { defaultValue: k })}: ${formatValue(x, k, t)}`)
      .join(', ');
  }
  return String(v);
}
