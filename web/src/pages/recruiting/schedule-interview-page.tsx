import {
  Alert,
  Anchor,
  Breadcrumbs,
  Button,
  Checkbox,
  Group,
  MultiSelect,
  NativeSelect,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { IconAlertTriangle, IconCalendarSearch, IconSend } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import {
  type Application,
  type AvailabilityQuery,
  INTERVIEW_METHODS,
  type Interview,
  type InterviewMethod,
  type RecruitingUser,
  useAvailability,
  useCatalog,
  useCatalogItem,
  useCreateInterview,
  useInterview,
  useRecruitingUsers,
  useUpdateInterview,
  type VideoKind,
} from '../../api/recruiting';
import { useAuth, useMe } from '../../auth/auth-context';
import { type CalendarAbsence, type CalendarPerson, type CalendarSlot, InterviewCalendar, NotConnectedMark, zonedDate } from '../../components/interview-calendar/interview-calendar';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { PageLoader } from '../../components/query-state';
import { notifySuccess } from '../../lib/notify';
import { fieldError } from '../../lib/use-form-state';
import { calendarErrorText, formatRangeInZone, PersonName } from './recruiting-ui';

/** New interview from an application, or the same screen prefilled to reschedule one (F-32 … F-35, F-38). */
export function ScheduleInterviewPage() {
  const { id, interviewId } = useParams();
  const existing = useInterview(interviewId);
  const applicationId = interviewId ? existing.data?.applicationId : id;
  const application = useCatalogItem('applications', applicationId);
  if (existing.error) return <ErrorAlert error={existing.error} />;
  if (application.error) return <ErrorAlert error={application.error} />;
  if (!application.data || (interviewId && !existing.data)) return <PageLoader />;
  return <ScheduleForm application={application.data} interview={existing.data ?? null} />;
}

const overlaps = (a: { start: string; end: string }, b: { start: string; end: string }) => Date.parse(a.start) < Date.parse(b.end) && Date.parse(b.start) < Date.parse(a.end);

function ScheduleForm({ application, interview }: { application: Application; interview: Interview | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe();
  const { can } = useAuth();
  const users = useRecruitingUsers();
  const types = useCatalog('interview-types');
  const forms = useCatalog('evaluation-forms');
  const roles = useCatalog('roles');
  const rooms = useCatalog('rooms');
  const create = useCreateInterview();
  const update = useUpdateInterview(interview?.id ?? '');
  const save = interview ? update : create;
  const err = save.error;

  const [typeId, setTypeId] = useState(interview?.interviewTypeId ?? '');
  const [duration, setDuration] = useState(interview ? String(Math.round((Date.parse(interview.end) - Date.parse(interview.start)) / 60_000)) : '');
  const [organizerId, setOrganizerId] = useState(interview?.organizer.userId ?? application.responsibleUserId);
  const [organizerAttends, setOrganizerAttends] = useState(interview?.organizer.attends ?? false);
  const [interviewers, setInterviewers] = useState<Array<{ userId: string; recruitingRoleId: string | null }>>(
    interview?.participants.filter((p) => p.kind === 'interviewer' && p.userId).map((p) => ({ userId: p.userId!, recruitingRoleId: p.recruitingRoleId })) ?? [],
  );
  const [calendarOpen, setCalendarOpen] = useState(!!interview);
  const [range, setRange] = useState<{ from: string; to: string } | null>(null);
  const [showPrivateTitles, setShowPrivateTitles] = useState(false);
  const [selection, setSelection] = useState<CalendarSlot | null>(interview ? { start: interview.start, end: interview.end } : null);
  const [roomId, setRoomId] = useState<string>(interview?.roomId ?? '');
  const [method, setMethod] = useState<InterviewMethod>(interview?.method ?? 'video');
  const [videoHostUserId, setVideoHostUserId] = useState<string>(interview?.videoHostUserId ?? '');
  const [videoProvider, setVideoProvider] = useState<string>(interview?.videoProvider ?? '');
  const [phoneNumber, setPhoneNumber] = useState(interview?.phoneNumber ?? '');
  const [evaluationFormId, setEvaluationFormId] = useState(interview?.evaluationFormId ?? '');
  const [candidateMessage, setCandidateMessage] = useState(interview?.candidateMessage ?? '');
  const [notes, setNotes] = useState(interview?.notes ?? '');

  const userList = users.data ?? [];
  const userById = useMemo(() => new Map(userList.map((u) => [u.id, u])), [userList]);
  const typeList = types.data?.items ?? [];
  const type = typeList.find((x) => x.id === typeId);

  // The first type is the default; choosing a type sets its duration and evaluation form (both can be changed).
  useEffect(() => {
    if (!typeId && typeList.length > 0 && !interview) chooseType(typeList[0]!.id);
  }, [typeList.length]);
  const chooseType = (id: string) => {
    setTypeId(id);
    const tp = typeList.find((x) => x.id === id);
    if (tp) {
      setDuration(String(tp.defaultDurationMinutes));
      setEvaluationFormId(tp.defaultEvaluationFormId ?? '');
    }
  };
  const durationMinutes = Math.max(5, Math.min(480, Number(duration) || type?.defaultDurationMinutes || 60));

  const organizer = userById.get(organizerId);
  const timeZone = organizer?.timeZone ?? me.user.timeZone ?? me.tenant.timeZone;
  const attendeeIds = useMemo(() => {
    const ids = interviewers.map((i) => i.userId);
    if (organizerAttends && organizerId && !ids.includes(organizerId)) ids.push(organizerId);
    return ids;
  }, [interviewers, organizerAttends, organizerId]);
  const canOpenCalendar = attendeeIds.length > 0;

  const roomList = rooms.data?.items ?? [];
  const query: AvailabilityQuery | null =
    calendarOpen && range && canOpenCalendar
      ? {
          userIds: attendeeIds,
          roomIds: roomList.map((r) => r.id),
          from: range.from,
          to: range.to,
          durationMinutes,
          showPrivateTitles: can('admin') && showPrivateTitles,
          excludeInterviewId: interview?.id ?? null,
          maxSlots: 200,
        }
      : null;
  const availability = useAvailability(query);
  const avail = availability.data;

  const people: CalendarPerson[] = useMemo(
    () =>
      (avail?.participants ?? [])
        .filter((p) => attendeeIds.includes(p.userId))
        .map((p) => ({ id: p.userId, name: p.name, connected: p.calendarConnected && !p.error, busy: p.busy })),
    [avail, attendeeIds],
  );
  const holidays = useMemo(() => {
    const seen = new Map<string, { date: string; name: string }>();
    for (const p of avail?.participants ?? []) for (const h of p.holidays) seen.set(`${h.date}|${h.name}`, { date: h.date, name: h.name });
    return [...seen.values()];
  }, [avail]);
  const absences: CalendarAbsence[] = useMemo(
    () =>
      (avail?.participants ?? []).flatMap((p) =>
        p.absences.map((a) => ({ personId: p.userId, name: p.name, startDate: zonedDate(timeZone, Date.parse(a.start)), endDate: zonedDate(timeZone, Date.parse(a.end) - 1) })),
      ),
    [avail, timeZone],
  );
  const suggestions = useMemo(() => (avail?.slots ?? []).map((s) => ({ start: s.start, end: s.end })), [avail]);

  const busyAtSelection = selection ? people.filter((p) => p.busy.some((b) => overlaps(b, selection))).map((p) => p.name) : [];
  const absentAtSelection = selection
    ? (avail?.participants ?? []).filter((p) => p.absences.some((a) => overlaps(a, selection))).map((p) => p.name)
    : [];
  const roomOptions = roomList.map((r) => {
    const busy = !!selection && !!avail?.rooms.find((x) => x.roomId === r.id)?.busy.some((b) => overlaps(b, selection));
    return { value: r.id, label: busy ? t('recruiting.schedule.roomBusy', { room: r.name }) : r.name, disabled: busy && r.id !== interview?.roomId };
  });

  // F-34: only providers the host has connected are offered; the host is one of the interviewers.
  const hostCandidates = interviewers.map((i) => userById.get(i.userId)).filter((u): u is RecruitingUser => !!u);
  // Derived, never stored stale: a host who is no longer an interviewer falls back to the first one, and a provider
  // the (new) host has not connected falls back to the host's first provider — what the select shows is what is sent.
  const host = hostCandidates.find((u) => u.id === videoHostUserId) ?? hostCandidates[0];
  const providers: VideoKind[] = host?.videoProviders ?? [];
  const provider: VideoKind | '' = providers.includes(videoProvider as VideoKind) ? (videoProvider as VideoKind) : (providers[0] ?? '');

  const userOptions = userList.map((u) => ({ value: u.id, label: u.name }));
  const renderUserOption = ({ option }: { option: { value: string; label: string } }) => {
    const u = userById.get(option.value);
    return <PersonName name={option.label} connected={!!u?.calendarConnected} reconnect={u?.calendarStatus === 'reconnect_needed'} />;
  };

  const submit = () => {
    if (!selection) return;
    const people = interviewers.map((i) => ({ userId: i.userId, ...(i.recruitingRoleId ? { recruitingRoleId: i.recruitingRoleId } : {}) }));
    const done = {
      onSuccess: (iv: Interview) => {
        notifySuccess(interview ? t('recruiting.schedule.rescheduled') : t('recruiting.schedule.invited'));
        void navigate(`/recruiting/interviews/${iv.id}`);
      },
    };
    if (interview) {
      update.mutate(
        {
          start: selection.start,
          end: selection.end,
          roomId: roomId || null,
          interviewers: people,
          candidateMessage: candidateMessage.trim() || null,
          notes: notes.trim() || null,
          evaluationFormId: evaluationFormId || null,
        },
        done,
      );
    } else {
      create.mutate(
        {
          applicationId: application.id,
          interviewTypeId: typeId,
          organizerId,
          organizerAttends,
          interviewers: people,
          start: selection.start,
          end: selection.end,
          roomId: roomId || null,
          method,
          videoProvider: method === 'video' ? provider || null : null,
          videoHostUserId: method === 'video' ? (host?.id ?? null) : null,
          phoneNumber: method === 'phone' ? phoneNumber.trim() || null : null,
          candidateMessage: candidateMessage.trim() || null,
          notes: notes.trim() || null,
          evaluationFormId: evaluationFormId || null,
        },
        done,
      );
    }
  };

  const title = interview ? t('recruiting.schedule.rescheduleTitle') : t('recruiting.schedule.title');
  return (
    <>
      <Breadcrumbs mb="xs">
        <Anchor component={Link} to="/recruiting/applications">
          {t('recruiting.tabs.applications')}
        </Anchor>
        <Anchor component={Link} to={`/recruiting/applications/${application.id}`}>
          {application.candidateName}
        </Anchor>
        <Text size="sm">{title}</Text>
      </Breadcrumbs>
      <PageHeader title={title} description={t('recruiting.schedule.for', { candidate: application.candidateName, job: application.jobTitle })} />
      <Stack gap="md">
        <Paper withBorder p="md" radius="md">
          <Title order={2} size="h4" mb="sm">
            {t('recruiting.schedule.step1')}
          </Title>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <NativeSelect
              label={t('recruiting.fields.interviewType')}
              required
              disabled={!!interview}
              value={typeId}
              onChange={(e) => chooseType(e.currentTarget.value)}
              data={[{ value: '', label: '—' }, ...typeList.map((x) => ({ value: x.id, label: x.name }))]}
              error={fieldError(err, 'interviewTypeId')}
              data-testid="schedule-type"
            />
            <TextInput
              label={t('recruiting.fields.duration')}
              description={t('recruiting.fields.minutesHint')}
              inputMode="numeric"
              value={duration}
              onChange={(e) => setDuration(e.currentTarget.value)}
              data-testid="schedule-duration"
            />
            <Select
              label={t('recruiting.fields.organizer')}
              description={t('recruiting.schedule.organizerHint')}
              required
              disabled={!!interview}
              data={userOptions}
              value={organizerId}
              onChange={(v) => setOrganizerId(v ?? '')}
              renderOption={renderUserOption}
              searchable
              error={fieldError(err, 'organizerId')}
              data-testid="schedule-organizer"
              comboboxProps={{ withinPortal: true }}
            />
            <Checkbox
              mt={{ md: 'xl' }}
              label={t('recruiting.schedule.organizerAttends')}
              checked={organizerAttends}
              disabled={!!interview}
              onChange={(e) => setOrganizerAttends(e.currentTarget.checked)}
              data-testid="schedule-organizer-attends"
            />
          </SimpleGrid>
          {organizer && organizerId !== application.responsibleUserId && (
            <Alert color="yellow" mt="sm" icon={<IconAlertTriangle aria-hidden />} data-testid="organizer-not-responsible">
              {t('recruiting.schedule.organizerNotResponsible', { name: organizer.name })}
            </Alert>
          )}
          <MultiSelect
            mt="sm"
            label={t('recruiting.fields.interviewers')}
            placeholder={t('recruiting.schedule.pickInterviewers')}
            data={userOptions}
            value={interviewers.map((i) => i.userId)}
            onChange={(ids) => setInterviewers((prev) => ids.map((userId) => prev.find((p) => p.userId === userId) ?? { userId, recruitingRoleId: roles.data?.items[0]?.id ?? null }))}
            renderOption={renderUserOption}
            searchable
            error={fieldError(err, 'interviewers')}
            data-testid="schedule-interviewers"
            comboboxProps={{ withinPortal: true }}
          />
          {interviewers.length > 0 && (
            <Stack gap={4} mt="sm" data-testid="schedule-participants">
              {interviewers.map((i, idx) => {
                const u = userById.get(i.userId);
                return (
                  <Group key={i.userId} gap="sm" wrap="nowrap" data-testid="schedule-participant" data-user-id={i.userId}>
                    <div style={{ minWidth: 200 }}>
                      <PersonName name={u?.name ?? '…'} connected={!!u?.calendarConnected} reconnect={u?.calendarStatus === 'reconnect_needed'} />
                    </div>
                    <NativeSelect
                      size="xs"
                      aria-label={t('recruiting.schedule.roleFor', { name: u?.name ?? '' })}
                      value={i.recruitingRoleId ?? ''}
                      onChange={(e) => {
                        const v = e.currentTarget.value || null;
                        setInterviewers((prev) => prev.map((p, j) => (j === idx ? { ...p, recruitingRoleId: v } : p)));
                      }}
                      data={[{ value: '', label: t('recruiting.schedule.noRole') }, ...(roles.data?.items ?? []).map((r) => ({ value: r.id, label: r.name }))]}
                    />
                  </Group>
                );
              })}
            </Stack>
          )}
          <Group mt="md">
            <Button
              leftSection={<IconCalendarSearch size={16} aria-hidden />}
              disabled={!canOpenCalendar}
              onClick={() => setCalendarOpen(true)}
              data-testid="schedule-find-time"
              variant={calendarOpen ? 'light' : 'filled'}
            >
              {t('recruiting.schedule.findTime')}
            </Button>
            {!canOpenCalendar && (
              <Text size="sm" c="dimmed">
                {t('recruiting.schedule.needParticipant')}
              </Text>
            )}
          </Group>
        </Paper>

        {calendarOpen && canOpenCalendar && (
          <Paper withBorder p="md" radius="md" data-testid="schedule-calendar-section">
            <Group justify="space-between" mb="sm">
              <Title order={2} size="h4">
                {t('recruiting.schedule.step2')}
              </Title>
              {can('admin') && (
                <Checkbox label={t('recruiting.schedule.showPrivateTitles')} checked={showPrivateTitles} onChange={(e) => setShowPrivateTitles(e.currentTarget.checked)} data-testid="schedule-private-titles" />
              )}
            </Group>
            {availability.error && <ErrorAlert error={availability.error} />}
            {(avail?.participants ?? [])
              .filter((p) => p.error)
              .map((p) => (
                <Alert key={p.userId} color="orange" mb="xs" icon={<span aria-hidden>⚠️</span>} data-testid="participant-calendar-error">
                  {t('recruiting.schedule.calendarProblem', { name: p.name, message: p.error!.message ?? calendarErrorText(t, p.error!.code) })}
                </Alert>
              ))}
            <InterviewCalendar
              timeZone={timeZone}
              people={people}
              holidays={holidays}
              absences={absences}
              suggestions={suggestions}
              durationMinutes={durationMinutes}
              selection={selection}
              onSelect={setSelection}
              onRangeChange={(from, to) => setRange((r) => (r?.from === from && r?.to === to ? r : { from, to }))}
              initialDate={interview ? zonedDate(interview.timeZone, Date.parse(interview.start)) : undefined}
              loading={availability.isFetching}
              settled={!!avail && !availability.isPlaceholderData && !availability.isFetching}
              nextWeekWhenNoneLeft={!interview}
            />
            <SimpleGrid cols={{ base: 1, md: 2 }} mt="md">
              <div>
                <Text size="sm" fw={600}>
                  {t('recruiting.schedule.selectedSlot')}
                </Text>
                <Text size="sm" data-testid="schedule-selected" data-start={selection?.start ?? ''}>
                  {selection ? formatRangeInZone(selection.start, selection.end, timeZone) : t('recruiting.schedule.noSlot')}
                </Text>
                {fieldError(err, 'start') && (
                  <Text size="xs" c="red">
                    {fieldError(err, 'start')}
                  </Text>
                )}
                {busyAtSelection.length > 0 && (
                  <Text size="xs" c="orange" data-testid="selection-busy-warning">
                    ⚠️ {t('recruiting.schedule.busyWarning', { names: busyAtSelection.join(', ') })}
                  </Text>
                )}
                {absentAtSelection.length > 0 && (
                  <Text size="xs" c="orange">
                    ⚠️ {t('recruiting.schedule.absentWarning', { names: absentAtSelection.join(', ') })}
                  </Text>
                )}
              </div>
              <NativeSelect
                label={t('recruiting.fields.room')}
                description={t('recruiting.schedule.roomHint')}
                value={roomId}
                onChange={(e) => setRoomId(e.currentTarget.value)}
                data={[{ value: '', label: t('recruiting.schedule.noRoom') }, ...roomOptions]}
                error={fieldError(err, 'roomId')}
                data-testid="schedule-room"
              />
            </SimpleGrid>
          </Paper>
        )}

        {calendarOpen && canOpenCalendar && (
          <Paper withBorder p="md" radius="md">
            <Title order={2} size="h4" mb="sm">
              {t('recruiting.schedule.step3')}
            </Title>
            <Stack>
              <div>
                <Text size="sm" fw={500} mb={4} id="method-label">
                  {t('recruiting.fields.method')}
                </Text>
                <SegmentedControl
                  aria-labelledby="method-label"
                  value={method}
                  disabled={!!interview}
                  onChange={(v) => setMethod(v as InterviewMethod)}
                  data={INTERVIEW_METHODS.map((m) => ({ value: m, label: t(`recruiting.method.${m}`) }))}
                  data-testid="schedule-method"
                />
                {interview?.method === 'video' && (
                  <Text size="xs" c="dimmed" mt={4}>
                    {t('recruiting.schedule.keepsLink')}
                  </Text>
                )}
              </div>
              {method === 'video' && !interview && (
                <SimpleGrid cols={{ base: 1, md: 2 }}>
                  <NativeSelect
                    label={t('recruiting.fields.videoHost')}
                    description={t('recruiting.schedule.hostHint')}
                    value={host?.id ?? ''}
                    onChange={(e) => setVideoHostUserId(e.currentTarget.value)}
                    data={hostCandidates.map((u) => ({ value: u.id, label: u.name }))}
                    error={fieldError(err, 'videoHostUserId')}
                    data-testid="schedule-video-host"
                  />
                  <NativeSelect
                    label={t('recruiting.fields.videoProvider')}
                    value={provider}
                    onChange={(e) => setVideoProvider(e.currentTarget.value)}
                    data={providers.length ? providers.map((p) => ({ value: p, label: t(`recruiting.video.${p}`) })) : [{ value: '', label: t('recruiting.schedule.noProviders') }]}
                    error={fieldError(err, 'videoProvider') ?? (providers.length === 0 ? t('recruiting.schedule.noProvidersHint', { name: host?.name ?? '—' }) : undefined)}
                    data-testid="schedule-video-provider"
                  />
                </SimpleGrid>
              )}
              {method === 'phone' && !interview && (
                <TextInput label={t('recruiting.fields.phone')} value={phoneNumber} onChange={(e) => setPhoneNumber(e.currentTarget.value)} error={fieldError(err, 'phoneNumber')} data-testid="schedule-phone" />
              )}
              <NativeSelect
                label={t('recruiting.fields.evaluationForm')}
                description={t('recruiting.schedule.evaluationHint')}
                value={evaluationFormId}
                onChange={(e) => setEvaluationFormId(e.currentTarget.value)}
                data={[{ value: '', label: t('common.none') }, ...(forms.data?.items ?? []).map((f) => ({ value: f.id, label: f.name }))]}
                error={fieldError(err, 'evaluationFormId')}
                data-testid="schedule-evaluation-form"
              />
              <Textarea label={t('recruiting.fields.candidateMessage')} description={t('recruiting.schedule.candidateMessageHint')} autosize minRows={3} value={candidateMessage} onChange={(e) => setCandidateMessage(e.currentTarget.value)} error={fieldError(err, 'candidateMessage')} data-testid="schedule-candidate-message" />
              <Textarea label={t('recruiting.fields.notes')} description={t('recruiting.schedule.notesHint')} autosize minRows={2} value={notes} onChange={(e) => setNotes(e.currentTarget.value)} error={fieldError(err, 'notes')} data-testid="schedule-notes" />
              <ErrorAlert
                error={err}
                hideFields={['interviewTypeId', 'organizerId', 'interviewers', 'roomId', 'videoProvider', 'videoHostUserId', 'phoneNumber', 'evaluationFormId', 'candidateMessage', 'notes', 'start']}
              />
              {interviewers.some((i) => !userById.get(i.userId)?.calendarConnected) && (
                <Group gap={4}>
                  <NotConnectedMark name={interviewers.filter((i) => !userById.get(i.userId)?.calendarConnected).map((i) => userById.get(i.userId)?.name ?? '').join(', ')} />
                  <Text size="xs" c="dimmed">
                    {t('recruiting.schedule.notConnectedNote')}
                  </Text>
                </Group>
              )}
              <Group justify="flex-end">
                <Button variant="default" component={Link} to={interview ? `/recruiting/interviews/${interview.id}` : `/recruiting/applications/${application.id}`}>
                  {t('common.cancel')}
                </Button>
                <Button leftSection={<IconSend size={16} aria-hidden />} disabled={!selection || interviewers.length === 0} loading={save.isPending} onClick={submit} data-testid="schedule-submit">
                  {interview ? t('recruiting.schedule.rescheduleSubmit') : t('recruiting.schedule.submit')}
                </Button>
              </Group>
            </Stack>
          </Paper>
        )}
      </Stack>
    </>
  );
}
