import { Alert, Anchor, Badge, Box, Button, Checkbox, CopyButton, Group, Modal, MultiSelect, NativeSelect, Paper, SegmentedControl, SimpleGrid, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { IconCheck, IconCopy, IconLink, IconTrash } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MailDelivery } from '../../components/mail-delivery';
import { Link, useSearchParams } from 'react-router-dom';
import {
  type Application,
  INTERVIEW_METHODS,
  type InterviewMethod,
  type CreatedSchedulingLink,
  type SchedulingLinkStatus,
  useCatalog,
  useCreateSchedulingLink,
  useRecruitingUsers,
  useRevokeSchedulingLink,
  useSchedulingLinks,
  type VideoKind,
} from '../../api/recruiting';
import { useAuth } from '../../auth/auth-context';
import { ConfirmButton } from '../../components/confirm-button';
import { EmptyRow } from '../../components/empty-row';
import { ErrorAlert } from '../../components/error-alert';
import { QueryState } from '../../components/query-state';
import { formatDateTime } from '../../lib/format';
import { notifySuccess } from '../../lib/notify';
import { fieldError } from '../../lib/use-form-state';
import { PersonName } from './recruiting-ui';

const LINK_COLOR: Record<SchedulingLinkStatus, string> = { active: 'green', used: 'blue', expired: 'gray', revoked: 'red' };

/** F-39: smart scheduling links of an application — create one, copy it, see whether it was used. */
export function SchedulingLinks({ application }: { application: Application }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const [params, setParams] = useSearchParams();
  const links = useSchedulingLinks(application.id);
  const revoke = useRevokeSchedulingLink();
  const [created, setCreated] = useState<CreatedSchedulingLink | null>(null);
  const opened = params.get('new') === '1';
  const close = () => setParams({}, { replace: true });

  return (
    <Stack>
      {created?.url && (
        <Alert color="green" icon={<IconLink aria-hidden />} title={t('recruiting.links.created')} data-testid="link-created" withCloseButton onClose={() => setCreated(null)}>
          <Text size="sm" mb={6}>
            {t('recruiting.links.createdHint')}
          </Text>
          <Group gap="xs" wrap="nowrap">
            <TextInput readOnly value={created.url} style={{ flex: 1 }} aria-label={t('recruiting.links.url')} data-testid="link-url" onFocus={(e) => e.currentTarget.select()} />
            <CopyButton value={created.url}>
              {({ copied, copy }) => (
                <Button onClick={copy} leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />} data-testid="link-copy" color={copied ? 'teal' : 'blue'}>
                  {copied ? t('recruiting.common.copied') : t('recruiting.common.copy')}
                </Button>
              )}
            </CopyButton>
          </Group>
          {created.mailDeliveryId != null && (
            <Box mt="xs">
              <MailDelivery key={created.mailDeliveryId} id={created.mailDeliveryId} />
            </Box>
          )}
        </Alert>
      )}
      <Paper withBorder p="md" radius="md">
        {can('recruiting') && (
          <Group justify="flex-end" mb="sm">
            <Button leftSection={<IconLink size={16} aria-hidden />} onClick={() => setParams({ new: '1' }, { replace: true })} data-testid="links-add">
              {t('recruiting.links.new')}
            </Button>
          </Group>
        )}
        <QueryState isLoading={links.isLoading} error={links.error}>
          <Table data-testid="links-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('common.status')}</Table.Th>
                <Table.Th>{t('recruiting.fields.duration')}</Table.Th>
                <Table.Th>{t('recruiting.links.expires')}</Table.Th>
                <Table.Th>{t('recruiting.links.interview')}</Table.Th>
                <Table.Th>{t('common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(links.data ?? []).length === 0 && <EmptyRow colSpan={5} text={t('recruiting.links.none')} />}
              {(links.data ?? []).map((l) => (
                <Table.Tr key={l.id} data-testid="link-row" data-status={l.status}>
                  <Table.Td>
                    <Badge color={LINK_COLOR[l.status]} variant="light">
                      {t(`recruiting.links.status.${l.status}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{t('recruiting.common.minutes', { count: l.durationMinutes })}</Table.Td>
                  <Table.Td>{formatDateTime(l.expiresAt)}</Table.Td>
                  <Table.Td>
                    {l.interviewId ? (
                      <Anchor component={Link} to={`/recruiting/interviews/${l.interviewId}`} size="sm">
                        {t('recruiting.links.openInterview')}
                      </Anchor>
                    ) : (
                      '—'
                    )}
                  </Table.Td>
                  <Table.Td>
                    {l.status === 'active' && can('recruiting') && (
                      <ConfirmButton
                        label={t('recruiting.links.revoke')}
                        icon={<IconTrash size={16} />}
                        message={t('recruiting.links.revokeConfirm')}
                        confirmLabel={t('recruiting.links.revoke')}
                        loading={revoke.isPending}
                        error={revoke.error}
                        testId="link-revoke"
                        onConfirm={() => revoke.mutateAsync(l.id)}
                      />
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </QueryState>
      </Paper>
      <CreateLinkModal
        application={application}
        opened={opened}
        onClose={close}
        onCreated={(l) => {
          setCreated(l);
          close();
        }}
      />
    </Stack>
  );
}

function CreateLinkModal({ application, opened, onClose, onCreated }: { application: Application; opened: boolean; onClose: () => void; onCreated: (l: CreatedSchedulingLink) => void }) {
  const { t } = useTranslation();
  const users = useRecruitingUsers();
  const types = useCatalog('interview-types');
  const rooms = useCatalog('rooms');
  const create = useCreateSchedulingLink(application.id);
  const err = create.error;
  const [typeId, setTypeId] = useState('');
  const [duration, setDuration] = useState('60');
  const [before, setBefore] = useState('0');
  const [after, setAfter] = useState('0');
  const [days, setDays] = useState('14');
  const [organizerId, setOrganizerId] = useState(application.responsibleUserId);
  const [interviewerIds, setInterviewerIds] = useState<string[]>([]);
  const [roomId, setRoomId] = useState('');
  const [method, setMethod] = useState<InterviewMethod>('video');
  const [videoProvider, setVideoProvider] = useState('');
  const [message, setMessage] = useState('');
  const [sendMail, setSendMail] = useState(true);
  const userList = users.data ?? [];
  const typeList = types.data?.items ?? [];

  useEffect(() => {
    if (opened) {
      create.reset();
      const first = typeList[0];
      if (first && !typeId) {
        setTypeId(first.id);
        setDuration(String(first.defaultDurationMinutes));
      }
    }
  }, [opened, typeList.length]);

  const host = userList.find((u) => u.id === interviewerIds[0]);
  const providers: VideoKind[] = host?.videoProviders ?? [];
  const provider = providers.includes(videoProvider as VideoKind) ? videoProvider : (providers[0] ?? '');
  const num = (s: string) => (s.trim() === '' ? undefined : Number(s));
  const userOptions = userList.map((u) => ({ value: u.id, label: u.name }));

  return (
    <Modal opened={opened} onClose={onClose} title={t('recruiting.links.new')} size="xl">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate(
            {
              interviewTypeId: typeId,
              organizerId,
              interviewerIds,
              durationMinutes: num(duration) as number,
              bufferBeforeMinutes: num(before),
              bufferAfterMinutes: num(after),
              days: num(days),
              roomId: roomId || null,
              method,
              videoProvider: method === 'video' ? ((provider || null) as VideoKind | null) : null,
              videoHostUserId: method === 'video' ? (host?.id ?? null) : null,
              candidateMessage: message.trim() || null,
              sendMail,
            },
            {
              onSuccess: (l) => {
                notifySuccess(sendMail ? t('recruiting.links.mailed', { email: application.candidateEmail }) : t('recruiting.links.created'));
                onCreated(l);
              },
            },
          );
        }}
      >
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NativeSelect
              label={t('recruiting.fields.interviewType')}
              required
              value={typeId}
              onChange={(e) => {
                setTypeId(e.currentTarget.value);
                const tp = typeList.find((x) => x.id === e.currentTarget.value);
                if (tp) setDuration(String(tp.defaultDurationMinutes));
              }}
              data={[{ value: '', label: '—' }, ...typeList.map((x) => ({ value: x.id, label: x.name }))]}
              error={fieldError(err, 'interviewTypeId')}
              data-testid="link-type"
            />
            <NativeSelect label={t('recruiting.fields.organizer')} required value={organizerId} onChange={(e) => setOrganizerId(e.currentTarget.value)} data={userOptions} error={fieldError(err, 'organizerId')} data-testid="link-organizer" />
          </SimpleGrid>
          <MultiSelect
            label={t('recruiting.fields.interviewers')}
            required
            data={userOptions}
            value={interviewerIds}
            onChange={setInterviewerIds}
            searchable
            renderOption={({ option }) => {
              const u = userList.find((x) => x.id === option.value);
              return <PersonName name={option.label} connected={!!u?.calendarConnected} reconnect={u?.calendarStatus === 'reconnect_needed'} />;
            }}
            error={fieldError(err, 'interviewerIds')}
            data-testid="link-interviewers"
            comboboxProps={{ withinPortal: true }}
          />
          <SimpleGrid cols={{ base: 2, sm: 4 }}>
            <TextInput label={t('recruiting.fields.duration')} inputMode="numeric" value={duration} onChange={(e) => setDuration(e.currentTarget.value)} error={fieldError(err, 'durationMinutes')} data-testid="link-duration" />
            <TextInput label={t('recruiting.links.bufferBefore')} inputMode="numeric" value={before} onChange={(e) => setBefore(e.currentTarget.value)} error={fieldError(err, 'bufferBeforeMinutes')} data-testid="link-buffer-before" />
            <TextInput label={t('recruiting.links.bufferAfter')} inputMode="numeric" value={after} onChange={(e) => setAfter(e.currentTarget.value)} error={fieldError(err, 'bufferAfterMinutes')} data-testid="link-buffer-after" />
            <TextInput label={t('recruiting.links.days')} description={t('recruiting.links.daysHint')} inputMode="numeric" value={days} onChange={(e) => setDays(e.currentTarget.value)} error={fieldError(err, 'days')} data-testid="link-days" />
          </SimpleGrid>
          <Stack gap="sm">
            <NativeSelect
              label={t('recruiting.fields.room')}
              value={roomId}
              onChange={(e) => setRoomId(e.currentTarget.value)}
              data={[{ value: '', label: t('recruiting.schedule.noRoom') }, ...(rooms.data?.items ?? []).map((r) => ({ value: r.id, label: r.name }))]}
              error={fieldError(err, 'roomId')}
              data-testid="link-room"
            />
            <div>
              <Text size="sm" fw={500} mb={4} id="link-method-label">
                {t('recruiting.fields.method')}
              </Text>
              <SegmentedControl aria-labelledby="link-method-label" value={method} onChange={(v) => setMethod(v as InterviewMethod)} data={INTERVIEW_METHODS.map((m) => ({ value: m, label: t(`recruiting.method.${m}`) }))} data-testid="link-method" />
            </div>
          </Stack>
          {method === 'video' && (
            <NativeSelect
              label={t('recruiting.fields.videoProvider')}
              description={t('recruiting.links.hostHint', { name: host?.name ?? '—' })}
              value={provider}
              onChange={(e) => setVideoProvider(e.currentTarget.value)}
              data={providers.length ? providers.map((p) => ({ value: p, label: t(`recruiting.video.${p}`) })) : [{ value: '', label: t('recruiting.schedule.noProviders') }]}
              error={fieldError(err, 'videoProvider')}
              data-testid="link-video-provider"
            />
          )}
          <Textarea label={t('recruiting.fields.candidateMessage')} autosize minRows={2} value={message} onChange={(e) => setMessage(e.currentTarget.value)} error={fieldError(err, 'candidateMessage')} data-testid="link-message" />
          <Checkbox label={t('recruiting.links.sendMail', { email: application.candidateEmail })} checked={sendMail} onChange={(e) => setSendMail(e.currentTarget.checked)} data-testid="link-send-mail" />
          <ErrorAlert
            error={err}
            hideFields={['interviewTypeId', 'organizerId', 'interviewerIds', 'durationMinutes', 'bufferBeforeMinutes', 'bufferAfterMinutes', 'days', 'roomId', 'videoProvider', 'candidateMessage']}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending} data-testid="link-submit">
              {t('recruiting.links.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
