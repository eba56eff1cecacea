import { Anchor, Group, NativeSelect, Paper, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { type Interview, useInterviews, useRecruitingUsers } from '../../api/recruiting';
import { EmptyRow } from '../../components/empty-row';
import { QueryState } from '../../components/query-state';
import { formatRangeInZone, InterviewStatusBadge, MethodIcon, ParticipantStatusBadge, PersonName, userConnected } from './recruiting-ui';

/** Interviews (all for staff, own for interviewers), newest first; each with status, method and time in the organizer's zone (F-36). */
export function InterviewsList({ applicationId }: { applicationId?: string }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState('');
  // Responses flow in from the calendars in the background; keep the list current while it is open.
  const list = useInterviews({ applicationId, status: status || undefined }, { refetchInterval: 15_000 });
  const users = useRecruitingUsers();
  const items = [...(list.data ?? [])].sort((a, b) => b.start.localeCompare(a.start));

  return (
    <Paper withBorder p="md" radius="md">
      <Group mb="sm">
        <NativeSelect
          label={t('common.status')}
          value={status}
          onChange={(e) => setStatus(e.currentTarget.value)}
          data={[{ value: '', label: t('common.all') }, ...(['scheduled', 'completed', 'cancelled'] as const).map((s) => ({ value: s, label: t(`recruiting.interviewStatus.${s}`) }))]}
          data-testid="interviews-status-filter"
        />
      </Group>
      <QueryState isLoading={list.isLoading} error={list.error}>
        <Table.ScrollContainer minWidth={800}>
          <Table verticalSpacing="xs" data-testid="interviews-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('recruiting.fields.when')}</Table.Th>
                {!applicationId && <Table.Th>{t('recruiting.fields.candidate')}</Table.Th>}
                <Table.Th>{t('recruiting.fields.interviewType')}</Table.Th>
                <Table.Th>{t('recruiting.fields.method')}</Table.Th>
                <Table.Th>{t('common.status')}</Table.Th>
                <Table.Th>{t('recruiting.fields.participants')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.length === 0 && <EmptyRow colSpan={applicationId ? 5 : 6} text={t('recruiting.interviews.none')} />}
              {items.map((iv) => (
                <InterviewRow key={iv.id} interview={iv} showCandidate={!applicationId} users={users.data} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </QueryState>
    </Paper>
  );
}

function InterviewRow({ interview: iv, showCandidate, users }: { interview: Interview; showCandidate: boolean; users: ReturnType<typeof useRecruitingUsers>['data'] }) {
  return (
    <Table.Tr data-testid="interview-row" data-id={iv.id} data-status={iv.status}>
      <Table.Td>
        <Anchor component={Link} to={`/recruiting/interviews/${iv.id}`} size="sm" data-testid="interview-link">
          {formatRangeInZone(iv.start, iv.end, iv.timeZone)}
        </Anchor>
      </Table.Td>
      {showCandidate && (
        <Table.Td>
          <Stack gap={0}>
            <Text size="sm">{iv.candidate.name}</Text>
            <Text size="xs" c="dimmed">
              {iv.job.title}
            </Text>
          </Stack>
        </Table.Td>
      )}
      <Table.Td>{iv.interviewTypeName}</Table.Td>
      <Table.Td>
        <MethodIcon interview={iv} />
      </Table.Td>
      <Table.Td>
        <InterviewStatusBadge status={iv.status} />
      </Table.Td>
      <Table.Td>
        <Stack gap={2}>
          {iv.participants
            .filter((p) => p.kind !== 'room')
            .map((p) => (
              <Group key={p.id} gap={6} wrap="nowrap" data-testid="interview-participant" data-email={p.email}>
                {p.kind === 'interviewer' ? <PersonName name={p.name} {...userConnected(users, p.userId)} /> : <Text size="sm">{p.name}</Text>}
                <ParticipantStatusBadge status={p.status} />
              </Group>
            ))}
        </Stack>
      </Table.Td>
    </Table.Tr>
  );
}
