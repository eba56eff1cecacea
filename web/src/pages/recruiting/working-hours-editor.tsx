import { Badge, Button, Group, Modal, Paper, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { IconClock } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSaveWorkingHours, useWorkingHours, type WorkingDay, type WorkingHoursDto } from '../../api/recruiting';
import { ErrorAlert } from '../../components/error-alert';
import { QueryState } from '../../components/query-state';
import { notifySuccess } from '../../lib/notify';
import { fieldError } from '../../lib/use-form-state';
import { TimeField } from '../../components/date-time-fields';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
type Row = { on: boolean; start: string; end: string };

/** One row per weekday; a day that is off keeps its times so switching it back on restores them. */
function rowsFrom(dto: WorkingHoursDto): Row[] {
  return WEEKDAYS.map((w) => {
    const d = dto.days.find((x) => x.weekday === w);
    return d ? { on: true, start: d.start, end: d.end } : { on: false, start: '09:00', end: '17:00' };
  });
}

/** F-31/F-41: the hours a user can be scheduled in (slot search, replacements, smart links use them). */
export function WorkingHoursEditor({ userId, onSaved, compact }: { userId: string; onSaved?: () => void; compact?: boolean }) {
  const { t } = useTranslation();
  const query = useWorkingHours(userId);
  const save = useSaveWorkingHours(userId);
  const [rows, setRows] = useState<Row[] | null>(null);
  useEffect(() => {
    if (query.data) setRows(rowsFrom(query.data));
  }, [query.data]);
  useEffect(() => {
    save.reset();
  }, [userId]);

  const set = (i: number, patch: Partial<Row>) => setRows((prev) => prev && prev.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  // The API reports errors by position in the submitted `days` array; remember which weekday each position was.
  const [sentWeekdays, setSentWeekdays] = useState<number[]>([]);
  const errorFor = (weekday: number, field: 'start' | 'end' | 'weekday') => {
    const i = sentWeekdays.indexOf(weekday);
    return i < 0 ? undefined : fieldError(save.error, `days.${i}.${field}`);
  };
  const submit = () => {
    if (!rows) return;
    const days: WorkingDay[] = WEEKDAYS.flatMap((w, i) => (rows[i]!.on ? [{ weekday: w, start: rows[i]!.start, end: rows[i]!.end }] : []));
    setSentWeekdays(days.map((d) => d.weekday));
    save.mutate(
      { days },
      {
        onSuccess: (dto) => {
          setRows(rowsFrom(dto));
          notifySuccess(t('recruiting.workingHours.saved'));
          onSaved?.();
        },
      },
    );
  };

  return (
    <QueryState isLoading={query.isLoading || (!!query.data && !rows)} error={query.error}>
      {rows && query.data && (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
          data-testid="working-hours-form"
        >
          <Stack gap="sm">
            <Group gap="xs">
              <Text size="sm" c="dimmed">
                {t('recruiting.workingHours.zone', { zone: query.data.timeZone })}
              </Text>
              {query.data.isDefault && (
                <Badge variant="light" color="gray" data-testid="working-hours-default">
                  {t('recruiting.workingHours.isDefault')}
                </Badge>
              )}
            </Group>
            <Table verticalSpacing={compact ? 4 : 'xs'} data-testid="working-hours-table" maw={560}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('recruiting.workingHours.day')}</Table.Th>
                  <Table.Th>{t('recruiting.workingHours.start')}</Table.Th>
                  <Table.Th>{t('recruiting.workingHours.end')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {WEEKDAYS.map((w, i) => {
                  const r = rows[i]!;
                  const dayName = t(`recruiting.workingHours.days.${w}`);
                  return (
                    <Table.Tr key={w} data-testid="working-hours-row" data-weekday={w} data-on={r.on}>
                      <Table.Td>
                        <Switch label={dayName} checked={r.on} onChange={(e) => set(i, { on: e.currentTarget.checked })} error={errorFor(w, 'weekday')} data-testid={`working-hours-on-${w}`} />
                      </Table.Td>
                      <Table.Td>
                        <TimeField
                          size="xs"
                          aria-label={`${dayName} ${t('recruiting.workingHours.start')}`}
                          disabled={!r.on}
                          value={r.start}
                          onChange={(e) => set(i, { start: e.currentTarget.value })}
                          error={r.on ? errorFor(w, 'start') : undefined}
                          data-testid={`working-hours-start-${w}`}
                        />
                      </Table.Td>
                      <Table.Td>
                        <TimeField
                          size="xs"
                          aria-label={`${dayName} ${t('recruiting.workingHours.end')}`}
                          disabled={!r.on}
                          value={r.end}
                          onChange={(e) => set(i, { end: e.currentTarget.value })}
                          error={r.on ? errorFor(w, 'end') : undefined}
                          data-testid={`working-hours-end-${w}`}
                        />
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
            {rows.every((r) => !r.on) && (
              <Text size="sm" c="orange" data-testid="working-hours-none">
                {t('recruiting.workingHours.noneOn')}
              </Text>
            )}
            {save.error && <ErrorAlert error={save.error} hideFields={['start', 'end', 'weekday']} title={t('recruiting.workingHours.failed')} />}
            <Group>
              <Button type="submit" loading={save.isPending} data-testid="working-hours-save">
                {t('common.save')}
              </Button>
              <Button variant="subtle" onClick={() => setRows(rowsFrom({ ...query.data!, days: DEFAULT_DAYS }))} data-testid="working-hours-reset">
                {t('recruiting.workingHours.useDefault')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </QueryState>
  );
}

const DEFAULT_DAYS: WorkingDay[] = ([1, 2, 3, 4, 5] as const).map((weekday) => ({ weekday, start: '09:00', end: '17:00' }));

/** The current user's own hours, as a section of the connections page. */
export function MyWorkingHours({ userId }: { userId: string }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="working-hours-mine">
      <Group gap="xs" mb={4}>
        <IconClock size={20} aria-hidden />
        <Title order={2} size="h4" id="working-hours-mine">
          {t('recruiting.workingHours.title')}
        </Title>
      </Group>
      <Text size="sm" c="dimmed" mb="xs">
        {t('recruiting.workingHours.intro')}
      </Text>
      <Paper withBorder p="md" radius="md">
        <WorkingHoursEditor userId={userId} />
      </Paper>
    </section>
  );
}

/** Staff edit a colleague's hours from the team table. */
export function WorkingHoursModal({ user, onClose }: { user: { id: string; name: string } | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={!!user} onClose={onClose} title={user ? t('recruiting.workingHours.titleFor', { name: user.name }) : ''} size="lg" centered>
      {user && <WorkingHoursEditor userId={user.id} onSaved={onClose} compact />}
    </Modal>
  );
}
