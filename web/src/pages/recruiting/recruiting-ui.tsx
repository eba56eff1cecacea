import { Badge, Group, Text, Tooltip } from '@mantine/core';
import { IconBrandGoogle, IconBrandTeams, IconBrandZoom, IconMapPin, IconPhone, IconVideo } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Interview, InterviewStatus, ParticipantStatus, RecruitingUser, VideoKind } from '../../api/recruiting';
import { NotConnectedMark } from '../../components/interview-calendar/interview-calendar';
import { currentLanguage } from '../../i18n';
import { rangeText } from '../../lib/range-text';

/** An interview's time in the given zone, in the language on screen (web/src/lib/range-text.ts). */
export function formatRangeInZone(start: string, end: string, timeZone: string, style: 'short' | 'long' = 'short'): string {
  return rangeText(currentLanguage(), start, end, timeZone, style);
}

const STATUS_COLOR: Record<InterviewStatus, string> = { scheduled: 'blue', completed: 'green', cancelled: 'gray' };
export function InterviewStatusBadge({ status }: { status: InterviewStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLOR[status]} variant="light" data-testid="interview-status" data-status={status} style={{ minWidth: 'max-content' }}>
      {t(`recruiting.interviewStatus.${status}`)}
    </Badge>
  );
}

const PARTSTAT_COLOR: Record<ParticipantStatus, string> = { accepted: 'green', declined: 'red', tentative: 'yellow', needs_action: 'gray', email_sent: 'blue' };
export function ParticipantStatusBadge({ status }: { status: ParticipantStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={PARTSTAT_COLOR[status] ?? 'gray'} variant="light" data-testid="participant-status" data-status={status} style={{ minWidth: 'max-content' }}>
      {t(`recruiting.participantStatus.${status}`)}
    </Badge>
  );
}

/** The method icon of the original (Zoom, Meet, …), with the method as its accessible name. */
export function MethodIcon({ interview }: { interview: Pick<Interview, 'method' | 'videoProvider'> }) {
  const { t } = useTranslation();
  const label = interview.method === 'video' && interview.videoProvider ? t(`recruiting.video.${interview.videoProvider}`) : t(`recruiting.method.${interview.method}`);
  const Icon =
    interview.method === 'in_person'
      ? IconMapPin
      : interview.method === 'phone'
        ? IconPhone
        : ({ zoom: IconBrandZoom, google_meet: IconBrandGoogle, teams: IconBrandTeams, gotomeeting: IconVideo } as Record<VideoKind, typeof IconVideo>)[interview.videoProvider ?? 'zoom'] ?? IconVideo;
  return (
    <Tooltip label={label} withinPortal>
      <span role="img" aria-label={label} data-testid="method-icon" data-method={interview.videoProvider ?? interview.method} style={{ display: 'inline-flex' }}>
        <Icon size={18} aria-hidden />
      </span>
    </Tooltip>
  );
}

/** A person's name with ⚠ when they have no connected calendar (F-31), wherever participants are listed. */
export function PersonName({ name, connected, reconnect }: { name: string; connected: boolean; reconnect?: boolean }) {
  const { t } = useTranslation();
  return (
    <Group gap={4} wrap="nowrap" component="span" data-testid="person-name" data-connected={connected ? 'true' : 'false'}>
      <Text span size="sm">
        {name}
      </Text>
      {!connected && <NotConnectedMark name={name} />}
      {connected && reconnect && (
        <Tooltip label={t('recruiting.connections.reconnectNeededFor', { name })} withinPortal>
          <Badge size="xs" color="orange" variant="light">
            {t('recruiting.connections.status.reconnect_needed')}
          </Badge>
        </Tooltip>
      )}
    </Group>
  );
}

export function userConnected(users: RecruitingUser[] | undefined, userId: string | null | undefined): { connected: boolean; reconnect: boolean } {
  const u = users?.find((x) => x.id === userId);
  // Unknown (still loading): no warning rather than a false alarm.
  if (!u) return { connected: true, reconnect: false };
  return { connected: u.calendarConnected && u.calendarStatus !== 'reconnect_needed', reconnect: u.calendarStatus === 'reconnect_needed' };
}

const CALENDAR_ERRORS = ['reconnect_needed', 'not_connected', 'unavailable', 'invalid_credentials', 'forbidden', 'rate_limited', 'unreadable'];
/** Why someone's busy time is missing (availability `error.code`), in words; unknown codes are named as they are. */
export function calendarErrorText(t: TFunction, code: string): string {
  return CALENDAR_ERRORS.includes(code) ? t(`recruiting.calendarErrors.${code}`) : t('recruiting.calendarErrors.other', { code });
}
