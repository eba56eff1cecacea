import { Alert, Anchor, Badge, Breadcrumbs, Button, CopyButton, Group, Modal, NativeSelect, Paper, SimpleGrid, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconCheck, IconCopy, IconDoor, IconPencil, IconRefresh, IconUserPlus, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import {
  type Interview,
  type InterviewParticipant,
  useCancelInterview,
  useCatalog,
  useCompleteInterview,
  useInterview,
  useRecruitingUsers,
  useRefreshInterview,
  useReplacements,
  useUpdateInterview,
} from '../../api/recruiting';
import { useAuth } from '../../auth/auth-context';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { PageLoader } from '../../components/query-state';
import { formatDateTime } from '../../lib/format';
import { notifySuccess } from '../../lib/notify';
import { formatRangeInZone, InterviewStatusBadge, MethodIcon, ParticipantStatusBadge, PersonName, userConnected } from './recruiting-ui';

/** One interview (F-36 … F-38, F-41): status, participants' answers, replacement after a decline, reschedule, cancel. */
export function InterviewPage() {
  const { interviewId } = useParams();
  // While invitations are still being written to calendars, poll quickly; after that the background job updates answers.
  const query = useInterview(interviewId, { refetchInterval: (d) => (d && (d.delivery === 'pending' || d.participants.some((p) => p.delivery === 'pending')) ? 2_000 : 15_000) });
  if (query.error) return <ErrorAlert error={query.error} />;
  if (!query.data) return <PageLoader />;
  return <InterviewView interview={query.data} />;
}

function InterviewView({ interview: iv }: { interview: Interview }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const staff = can('recruiting');
  const users = useRecruitingUsers();
  const forms = useCatalog('evaluation-forms');
  const refresh = useRefreshInterview(iv.id);
  const update = useUpdateInterview(iv.id);
  const complete = useCompleteInterview(iv.id);
  const active = iv.status === 'scheduled';
  const declined = iv.participants.filter((p) => p.kind === 'interviewer' && p.status === 'declined');
  // roomReplacements is only filled for staff and the organizer; others see the decline in the participants table.
  const roomDeclined = iv.roomReplacements !== null && iv.participants.some((p) => p.kind === 'room' && p.status === 'declined');

  return (
    <>
      <Breadcrumbs mb="xs">
        <Anchor component={Link} to="/recruiting/interviews">
          {t('recruiting.tabs.interviews')}
        </Anchor>
        <Anchor component={Link} to={`/recruiting/applications/${iv.applicationId}`}>
          {iv.candidate.name}
        </Anchor>
      </Breadcrumbs>
      <PageHeader
        title={
          <Group gap="sm">
            <span>{t('recruiting.interviews.titleWith', { type: iv.interviewTypeName, candidate: iv.candidate.name })}</span>
            <MethodIcon interview={iv} />
            <InterviewStatusBadge status={iv.status} />
          </Group>
        }
        description={iv.job.title}
        actions={
          staff && active ? (
            <>
              <Button variant="default" leftSection={<IconPencil size={16} aria-hidden />} component={Link} to={`/recruiting/interviews/${iv.id}/reschedule`} data-testid="interview-reschedule">
                {t('recruiting.interviews.reschedule')}
              </Button>
              <Button variant="default" leftSection={<IconCheck size={16} aria-hidden />} loading={complete.isPending} onClick={() => complete.mutate(undefined, { onSuccess: () => notifySuccess(t('recruiting.interviews.completed')) })} data-testid="interview-complete">
                {t('recruiting.interviews.complete')}
              </Button>
              <CancelInterviewButton interview={iv} />
            </>
          ) : null
        }
      />
      <Stack gap="md">
        {complete.error && <ErrorAlert error={complete.error} />}
        <Paper withBorder p="md" radius="md">
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            <Stack gap={4}>
              <Text size="xs" c="dimmed">
                {t('recruiting.fields.when')}
              </Text>
              <Text fw={600} data-testid="interview-time">
                {formatRangeInZone(iv.start, iv.end, iv.timeZone)}
              </Text>
              <Text size="xs" c="dimmed">
                {t('recruiting.fields.organizer')}
              </Text>
              <Group gap={6}>
                <PersonName name={iv.organizer.name} {...userConnected(users.data, iv.organizer.userId)} />
                <Text size="xs" c="dimmed">
                  {iv.organizer.attends ? t('recruiting.interviews.organizerAttends') : t('recruiting.interviews.organizerNotAttending')}
                </Text>
              </Group>
            </Stack>
            <Stack gap={4}>
              <Text size="xs" c="dimmed">
                {t('recruiting.fields.method')}
              </Text>
              <Group gap={6}>
                <MethodIcon interview={iv} />
                <Text size="sm">{iv.method === 'video' && iv.videoProvider ? t(`recruiting.video.${iv.videoProvider}`) : t(`recruiting.method.${iv.method}`)}</Text>
              </Group>
              {iv.videoJoinUrl && iv.status !== 'cancelled' && (
                <Group gap={4}>
                  <Anchor href={iv.videoJoinUrl} target="_blank" rel="noreferrer" size="sm" data-testid="interview-video-link">
                    {iv.videoJoinUrl}
                  </Anchor>
                  <CopyButton value={iv.videoJoinUrl}>
                    {({ copied, copy }) => (
                      <Button size="compact-xs" variant="subtle" onClick={copy} leftSection={copied ? <IconCheck size={12} /> : <IconCopy size={12} />}>
                        {copied ? t('recruiting.common.copied') : t('recruiting.common.copy')}
                      </Button>
                    )}
                  </CopyButton>
                </Group>
              )}
              {iv.method === 'video' && !iv.videoJoinUrl && active && (
                <Text size="sm" c="dimmed" data-testid="interview-video-pending">
                  {t('recruiting.interviews.videoPending')}
                </Text>
              )}
              {iv.phoneNumber && <Text size="sm">{iv.phoneNumber}</Text>}
              <Text size="xs" c="dimmed">
                {t('recruiting.fields.room')}
              </Text>
              <Text size="sm" data-testid="interview-room">
                {iv.roomName ?? iv.location ?? '—'}
              </Text>
            </Stack>
          </SimpleGrid>
          {iv.status === 'cancelled' && iv.cancelReason && (
            <Alert color="gray" mt="md" title={t('recruiting.interviews.cancelledBecause')} data-testid="interview-cancel-reason-shown">
              {iv.cancelReason}
            </Alert>
          )}
          {iv.delivery === 'failed' && (
            <Alert color="red" mt="md" data-testid="delivery-failed">
              {t('recruiting.interviews.deliveryFailed')}
              {iv.deliveryError ? ` (${iv.deliveryError})` : ''}
            </Alert>
          )}
          {iv.delivery === 'pending' && (
            <Text size="sm" c="dimmed" mt="md" data-testid="delivery-pending">
              {iv.status === 'cancelled' ? t('recruiting.interviews.cancelPending') : t('recruiting.interviews.deliveryPending')}
            </Text>
          )}
        </Paper>

        <Paper withBorder p="md" radius="md">
          <Group justify="space-between" mb="sm">
            <Title order={2} size="h4">
              {t('recruiting.fields.participants')}
            </Title>
            <Button
              size="xs"
              variant="default"
              leftSection={<IconRefresh size={14} aria-hidden />}
              loading={refresh.isPending}
              onClick={() => refresh.mutate(undefined, { onSuccess: () => notifySuccess(t('recruiting.interviews.refreshed')) })}
              data-testid="interview-refresh"
            >
              {t('recruiting.interviews.refresh')}
            </Button>
          </Group>
          {refresh.error && <ErrorAlert error={refresh.error} />}
          <Table.ScrollContainer minWidth={640}>
            <Table data-testid="participants-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('recruiting.fields.name')}</Table.Th>
                  <Table.Th>{t('recruiting.interviews.role')}</Table.Th>
                  <Table.Th>{t('recruiting.interviews.response')}</Table.Th>
                  <Table.Th>{t('recruiting.interviews.delivery')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {iv.participants.map((p) => (
                  <Table.Tr key={p.id} data-testid="participant-row" data-email={p.email} data-kind={p.kind} data-status={p.status}>
                    <Table.Td>
                      {p.kind === 'interviewer' ? <PersonName name={p.name} {...userConnected(users.data, p.userId)} /> : <Text size="sm">{p.name}</Text>}
                      <Text size="xs" c="dimmed">
                        {p.email}
                      </Text>
                    </Table.Td>
                    <Table.Td>{t(`recruiting.participantKind.${p.kind}`)}</Table.Td>
                    <Table.Td>
                      <ParticipantStatusBadge status={p.status} />
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="dot" color={p.delivery === 'done' ? 'green' : p.delivery === 'failed' ? 'red' : p.delivery === 'skipped' ? 'yellow' : 'gray'} data-testid="participant-delivery" data-delivery={p.delivery}>
                        {t(`recruiting.delivery.${p.delivery}`)}
                      </Badge>
                      {p.deliveryError && (
                        <Text size="xs" c="red">
                          {p.deliveryError}
                        </Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>

        {staff && active && declined.map((p) => <ReplacementPanel key={p.id} interview={iv} participant={p} />)}
        {active && roomDeclined && <RoomReplacementPanel interview={iv} canChange={staff} />}

        <Paper withBorder p="md" radius="md">
          <Title order={2} size="h4" mb="sm">
            {t('recruiting.fields.evaluationForm')}
          </Title>
          <Group align="flex-end">
            <NativeSelect
              aria-label={t('recruiting.fields.evaluationForm')}
              disabled={!staff || iv.status === 'cancelled'}
              value={iv.evaluationFormId ?? ''}
              onChange={(e) => update.mutate({ evaluationFormId: e.currentTarget.value || null }, { onSuccess: () => notifySuccess(t('common.saved')) })}
              data={[{ value: '', label: t('common.none') }, ...(forms.data?.items ?? []).map((f) => ({ value: f.id, label: f.name }))]}
              data-testid="interview-evaluation-form"
            />
            <Text size="xs" c="dimmed">
              {t('recruiting.interviews.reminderNote')}
            </Text>
            {iv.evaluationFormId && (
              <Button variant="light" size="xs" component={Link} to={`/recruiting/interviews/${iv.id}/evaluation`} data-testid="interview-evaluation-link">
                {t('recruiting.evaluation.open')}
              </Button>
            )}
          </Group>
          {update.error && <ErrorAlert error={update.error} />}
        </Paper>

        {(iv.notes || iv.candidateMessage) && (
          <Paper withBorder p="md" radius="md">
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <div>
                <Text size="xs" c="dimmed">
                  {t('recruiting.fields.notes')}
                </Text>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {iv.notes ?? '—'}
                </Text>
              </div>
              <div>
                <Text size="xs" c="dimmed">
                  {t('recruiting.fields.candidateMessage')}
                </Text>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {iv.candidateMessage ?? '—'}
                </Text>
              </div>
            </SimpleGrid>
          </Paper>
        )}
        <Text size="xs" c="dimmed">
          {t('recruiting.interviews.updatedAt', { at: formatDateTime(iv.updatedAt), sequence: iv.sequence })}
        </Text>
      </Stack>
    </>
  );
}

/** F-41: someone declined — Koppel lists colleagues free at that time; one click swaps them in (a reschedule). */
function ReplacementPanel({ interview: iv, participant }: { interview: Interview; participant: InterviewParticipant }) {
  const { t } = useTranslation();
  const replacements = useReplacements(iv.id, participant.id);
  const update = useUpdateInterview(iv.id);
  const apply = (userId: string) => {
    const interviewers = iv.participants
      .filter((p) => p.kind === 'interviewer' && p.userId)
      .map((p) => (p.id === participant.id ? { userId, recruitingRoleId: p.recruitingRoleId } : { userId: p.userId!, recruitingRoleId: p.recruitingRoleId }))
      .map((p) => ({ userId: p.userId, ...(p.recruitingRoleId ? { recruitingRoleId: p.recruitingRoleId } : {}) }));
    update.mutate({ interviewers }, { onSuccess: () => notifySuccess(t('recruiting.replacement.applied')) });
  };
  // Replacements for a person are people: entries without a userId (rooms) do not apply here.
  const available = (replacements.data?.available ?? []).filter((u): u is typeof u & { userId: string } => !!u.userId);
  return (
    <Alert color="orange" icon={<IconUserPlus aria-hidden />} title={t('recruiting.replacement.title', { name: participant.name })} data-testid="replacement-panel">
      {replacements.isLoading && <Text size="sm">{t('common.loading')}</Text>}
      {replacements.error && <ErrorAlert error={replacements.error} />}
      {replacements.data && available.length === 0 && <Text size="sm">{t('recruiting.replacement.none')}</Text>}
      {available.length > 0 && (
        <Stack gap={4}>
          <Text size="sm">{t('recruiting.replacement.intro')}</Text>
          <Group gap="xs">
            {available.slice(0, 5).map((u, i) => (
              <Button key={u.userId} size="xs" variant={i === 0 ? 'filled' : 'light'} color="orange" loading={update.isPending && update.variables?.interviewers?.some((x) => x.userId === u.userId)} onClick={() => apply(u.userId)} data-testid="replacement-apply" data-user-id={u.userId}>
                {t('recruiting.replacement.apply', { name: u.name })}
              </Button>
            ))}
          </Group>
        </Stack>
      )}
      {(replacements.data?.unavailable.length ?? 0) > 0 && (
        <Text size="xs" c="dimmed" mt={6}>
          {t('recruiting.replacement.unavailable', {
            list: replacements.data!.unavailable
              .slice(0, 6)
              .map((u) => `${u.name} (${t(`recruiting.replacement.reasons.${u.reason}`, { defaultValue: u.reason })})`)
              .join(', '),
          })}
        </Text>
      )}
      {update.error && <ErrorAlert error={update.error} />}
    </Alert>
  );
}

/** F-41: the room is taken at this time — Koppel lists rooms that are free; one click moves the interview there. */
function RoomReplacementPanel({ interview: iv, canChange }: { interview: Interview; canChange: boolean }) {
  const { t } = useTranslation();
  const update = useUpdateInterview(iv.id);
  const rooms = iv.roomReplacements ?? [];
  return (
    <Alert color="orange" icon={<IconDoor aria-hidden />} title={t('recruiting.roomReplacement.title', { name: iv.roomName ?? '—' })} data-testid="room-replacement-panel">
      {rooms.length === 0 ? (
        <Text size="sm">{t('recruiting.roomReplacement.none')}</Text>
      ) : (
        <Stack gap={4}>
          <Text size="sm">{t('recruiting.roomReplacement.intro')}</Text>
          <Group gap="xs">
            {rooms.map((r, i) =>
              canChange ? (
                <Button
                  key={r.roomId}
                  size="xs"
                  variant={i === 0 ? 'filled' : 'light'}
                  color="orange"
                  loading={update.isPending && update.variables?.roomId === r.roomId}
                  disabled={update.isPending && update.variables?.roomId !== r.roomId}
                  onClick={() => update.mutate({ roomId: r.roomId }, { onSuccess: () => notifySuccess(t('recruiting.roomReplacement.applied', { name: r.name })) })}
                  data-testid="room-replacement-apply"
                  data-room-id={r.roomId}
                >
                  {t('recruiting.roomReplacement.apply', { name: r.name })}
                </Button>
              ) : (
                <Badge key={r.roomId} variant="light" color="orange" data-testid="room-replacement-free" data-room-id={r.roomId}>
                  {r.name}
                </Badge>
              ),
            )}
          </Group>
        </Stack>
      )}
      {update.error && <ErrorAlert error={update.error} />}
    </Alert>
  );
}

function CancelInterviewButton({ interview }: { interview: Interview }) {
  const { t } = useTranslation();
  const [opened, { open, close }] = useDisclosure(false);
  const [reason, setReason] = useState('');
  const cancel = useCancelInterview(interview.id);
  return (
    <>
      <Button color="red" variant="light" leftSection={<IconX size={16} aria-hidden />} onClick={open} data-testid="interview-cancel">
        {t('recruiting.interviews.cancel')}
      </Button>
      <Modal opened={opened} onClose={close} title={t('recruiting.interviews.cancel')} centered>
        <Stack>
          <Text size="sm">{t('recruiting.interviews.cancelConfirm', { candidate: interview.candidate.name })}</Text>
          <Textarea label={t('recruiting.interviews.cancelReason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} autosize minRows={2} data-testid="interview-cancel-reason" />
          {cancel.error && <ErrorAlert error={cancel.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('recruiting.interviews.keep')}
            </Button>
            <Button
              color="red"
              loading={cancel.isPending}
              onClick={() =>
                cancel.mutate(reason.trim() ? { reason: reason.trim() } : {}, {
                  onSuccess: () => {
                    notifySuccess(t('recruiting.interviews.cancelled'));
                    close();
                  },
                })
              }
              data-testid="interview-cancel-confirm"
            >
              {t('recruiting.interviews.cancelSubmit')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

