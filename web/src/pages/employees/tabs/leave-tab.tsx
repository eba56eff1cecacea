import { Alert, Anchor, Button, Card, Group, NativeSelect, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { Link, useSearchParams } from 'react-router-dom';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAddLeaveAdjustment, useLeaveAdjustments, useLeaveBalance } from '../../../api/hooks';
import { useAuth } from '../../../auth/auth-context';
import { EmptyRow } from '../../../components/empty-row';
import { ErrorAlert } from '../../../components/error-alert';
import { QueryState } from '../../../components/query-state';
import { formatDateTime, formatHours } from '../../../lib/format';
import { notifySuccess } from '../../../lib/notify';
import { fieldError, numberOrNull } from '../../../lib/use-form-state';

export function LeaveTab({ employeeId }: { employeeId: string }) {
  const { t } = useTranslation();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const balance = useLeaveBalance(employeeId, year);
  const years = Array.from({ length: 6 }, (_, i) => thisYear + 1 - i);
  const b = balance.data;
  // Opened by an applied sync (the seed's "Bijwerken"): say that the leave shown was recalculated from the new contract hours.
  const [params] = useSearchParams();
  const afterSync = params.get('afterSync');

  const figures: { key: string; label: string; value: number | undefined; strong?: boolean }[] = [
    { key: 'entitlement', label: t('leave.entitlement'), value: b?.entitlementHours },
    { key: 'adjustments', label: t('leave.adjustments'), value: b?.adjustmentHours },
    { key: 'taken', label: t('leave.taken'), value: b?.takenHours },
    { key: 'planned', label: t('leave.planned'), value: b?.plannedHours },
    { key: 'remaining', label: t('leave.remaining'), value: b?.remainingHours, strong: true },
  ];

  return (
    <Stack>
      {afterSync && /^[0-9a-f-]{36}$/.test(afterSync) && (
        <Alert color="green" variant="light" icon={<IconRefresh aria-hidden />} title={t('leave.afterSyncTitle')} data-testid="leave-after-sync">
          <Text size="sm">{t('leave.afterSyncText')}</Text>
          <Anchor component={Link} to={`/settings/integrations/${afterSync}/sync`} size="sm">
            {t('leave.afterSyncBack')}
          </Anchor>
        </Alert>
      )}
      <Paper withBorder p="md" radius="md">
        <Group justify="space-between" mb="md" align="flex-end">
          <Title order={2} size="h4">
            {t('leave.title', { year })}
          </Title>
          <NativeSelect
            label={t('leave.year')}
            value={String(year)}
            onChange={(e) => setYear(Number(e.currentTarget.value))}
            data={years.map(String)}
            data-testid="leave-year"
          />
        </Group>
        <QueryState isLoading={balance.isLoading} error={balance.error}>
          <SimpleGrid cols={{ base: 2, sm: 5 }} aria-busy={balance.isFetching} data-testid="leave-balance">
            {figures.map((f) => (
              <Card key={f.key} withBorder padding="sm" radius="md" bg={f.strong ? 'blue.0' : undefined}>
                <Text size="xs" c="dimmed" fw={600} tt="uppercase" id={`leave-${f.key}-label`}>
                  {f.label}
                </Text>
                <Text
                  fz={f.strong ? 28 : 22}
                  fw={700}
                  className="koppel-figure-value"
                  data-testid={`leave-${f.key}`}
                  data-value={f.value ?? ''}
                  aria-labelledby={`leave-${f.key}-label`}
                >
                  {formatHours(f.value ?? 0)}
                  <Text span size="sm" c="dimmed" fw={400}>
                    {' '}
                    {t('leave.hoursUnit')}
                  </Text>
                </Text>
              </Card>
            ))}
          </SimpleGrid>
          <Text size="xs" c="dimmed" mt="sm">
            {t('leave.explain')}
          </Text>
        </QueryState>
      </Paper>
      <Adjustments employeeId={employeeId} year={year} />
    </Stack>
  );
}

function Adjustments({ employeeId, year }: { employeeId: string; year: number }) {
  const { t } = useTranslation();
  const { can, me } = useAuth();
  const list = useLeaveAdjustments(employeeId, year);
  const add = useAddLeaveAdjustment(employeeId);
  const [hours, setHours] = useState('');
  const [reason, setReason] = useState('');
  const items = (list.data?.items ?? []).filter((a) => a.year === undefined || Number(a.year) === year);

  return (
    <Paper withBorder p="md" radius="md">
      <Title order={2} size="h4" mb="sm">
        {t('leave.corrections')}
      </Title>
      <QueryState isLoading={list.isLoading} error={list.error}>
        <Table striped mb="md" data-testid="leave-adjustments-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('common.date')}</Table.Th>
              <Table.Th ta="right">{t('leave.hours')}</Table.Th>
              <Table.Th>{t('leave.reason')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.length === 0 && <EmptyRow colSpan={3} text={t('leave.noCorrections')} />}
            {items.map((a) => (
              <Table.Tr key={a.id}>
                <Table.Td>{formatDateTime(a.createdAt, me?.user.timeZone)}</Table.Td>
                <Table.Td ta="right">{formatHours(a.hours)}</Table.Td>
                <Table.Td>{a.reason}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </QueryState>
      {can('hr') && (
        <form noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const h = numberOrNull(hours);
            if (h === null) return;
            add.mutate(
              { year, hours: h, reason: reason.trim() },
              {
                onSuccess: () => {
                  setHours('');
                  setReason('');
                  notifySuccess(t('leave.correctionAdded'));
                },
              },
            );
          }}
        >
          <Group align="flex-end" wrap="wrap">
            <TextInput
              label={t('leave.correctionHours')}
              placeholder={t('leave.correctionHint')}
              inputMode="decimal"
              required
              value={hours}
              onChange={(e) => setHours(e.currentTarget.value)}
              error={fieldError(add.error, 'hours')}
              w={200}
              data-testid="leave-adjustment-hours"
            />
            <TextInput
              label={t('leave.reason')}
              required
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              error={fieldError(add.error, 'reason')}
              style={{ flex: 1, minWidth: 220 }}
              data-testid="leave-adjustment-reason"
            />
            <Button type="submit" loading={add.isPending} data-testid="leave-adjustment-submit">
              {t('leave.addCorrection')}
            </Button>
          </Group>
          <ErrorAlert error={add.error} hideFields={['hours', 'reason']} />
        </form>
      )}
    </Paper>
  );
}
