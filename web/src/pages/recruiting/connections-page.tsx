import { Alert, Badge, Button, Card, Group, Modal, Paper, PasswordInput, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconAlertTriangle, IconBrandGoogle, IconClock, IconBrandWindows, IconBrandZoom, IconRefresh, IconServer, IconTrash, IconVideo } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { type Connection, type ConnectionKind, useConnectCaldav, useConnections, useDeleteConnection, useFinishOAuth, useRecruitingUsers, useStartOAuth, useVerifyConnection } from '../../api/recruiting';
import { useAuth, useMe } from '../../auth/auth-context';
import { ConfirmButton } from '../../components/confirm-button';
import { EmptyRow } from '../../components/empty-row';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { PageLoader, QueryState } from '../../components/query-state';
import { formatDateTime } from '../../lib/format';
import { notifySuccess } from '../../lib/notify';
import { fieldError } from '../../lib/use-form-state';
import { calendarErrorText, PersonName } from './recruiting-ui';
import { MyWorkingHours, WorkingHoursModal } from './working-hours-editor';

type OAuthKind = 'google' | 'microsoft' | 'zoom' | 'gotomeeting';
const OAUTH: { kind: OAuthKind; icon: typeof IconVideo; category: 'calendar' | 'video' }[] = [
  { kind: 'google', icon: IconBrandGoogle, category: 'calendar' },
  { kind: 'microsoft', icon: IconBrandWindows, category: 'calendar' },
  { kind: 'zoom', icon: IconBrandZoom, category: 'video' },
  { kind: 'gotomeeting', icon: IconVideo, category: 'video' },
];
const CALLBACK_PATH = '/recruiting/connections/callback';

/** Where the provider sends the browser back to; the server checks it against what it started. */
export const oauthRedirectUri = () => `${window.location.origin}${CALLBACK_PATH}`;

/** F-31: my calendar and video connections — CalDAV with URL/user/password, the others through OAuth. */
export function ConnectionsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { can } = useAuth();
  const connections = useConnections({ userId: me.user.id });
  const verify = useVerifyConnection();
  const remove = useDeleteConnection();
  const start = useStartOAuth();
  const [caldavOpen, setCaldavOpen] = useState(false);
  const [caldavPrefill, setCaldavPrefill] = useState<{ url?: string; username?: string }>({});
  const items = connections.data ?? [];
  const calendar = items.find((c) => c.category === 'calendar');
  const needsReconnect = items.filter((c) => c.status === 'reconnect_needed');

  const startOAuth = (kind: OAuthKind) =>
    start.mutate(
      { kind, redirectUri: oauthRedirectUri() },
      {
        onSuccess: ({ authorizeUrl }) => {
          window.location.assign(authorizeUrl);
        },
      },
    );
  const reconnect = (c: Connection) => {
    if (c.kind === 'caldav') {
      setCaldavPrefill({ username: c.account });
      setCaldavOpen(true);
    } else startOAuth(c.kind as OAuthKind);
  };

  return (
    <>
      <PageHeader title={t('recruiting.connections.title')} description={t('recruiting.connections.intro')} />
      <Stack gap="lg">
        {needsReconnect.map((c) => (
          <Alert key={c.id} color="orange" icon={<IconAlertTriangle aria-hidden />} title={t('recruiting.connections.reconnectTitle', { kind: t(`recruiting.connections.kinds.${c.kind}`) })} data-testid="reconnect-alert">
            <Group justify="space-between">
              <Text size="sm">{t('recruiting.connections.reconnectText', { account: c.account })}</Text>
              <Button size="xs" color="orange" onClick={() => reconnect(c)} data-testid={`reconnect-${c.kind}`}>
                {t('recruiting.connections.reconnect')}
              </Button>
            </Group>
          </Alert>
        ))}
        {!calendar && !connections.isLoading && (
          <Alert color="yellow" icon={<span aria-hidden>⚠️</span>} data-testid="no-calendar-alert">
            {t('recruiting.connections.noCalendar')}
          </Alert>
        )}

        <section aria-labelledby="connections-mine">
          <Title order={2} size="h4" mb="xs" id="connections-mine">
            {t('recruiting.connections.mine')}
          </Title>
          <Paper withBorder p="md" radius="md">
            <QueryState isLoading={connections.isLoading} error={connections.error}>
              <Table.ScrollContainer minWidth={700}>
                <Table data-testid="connections-table">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('recruiting.connections.kind')}</Table.Th>
                      <Table.Th>{t('recruiting.connections.account')}</Table.Th>
                      <Table.Th>{t('common.status')}</Table.Th>
                      <Table.Th>{t('recruiting.connections.updated')}</Table.Th>
                      <Table.Th>{t('common.actions')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {items.length === 0 && <EmptyRow colSpan={5} text={t('recruiting.connections.none')} />}
                    {items.map((c) => (
                      <Table.Tr key={c.id} data-testid="connection-row" data-kind={c.kind} data-status={c.status}>
                        <Table.Td>
                          {t(`recruiting.connections.kinds.${c.kind}`)}
                          <Text size="xs" c="dimmed">
                            {t(`recruiting.connections.category.${c.category}`)}
                          </Text>
                        </Table.Td>
                        <Table.Td>{c.account}</Table.Td>
                        <Table.Td>
                          <Badge color={c.status === 'connected' ? 'green' : 'orange'} variant="light" data-testid="connection-status">
                            {t(`recruiting.connections.status.${c.status}`)}
                          </Badge>
                          {c.lastErrorCode && (
                            <Text size="xs" c="dimmed">
                              {t('recruiting.connections.lastError', { code: calendarErrorText(t, c.lastErrorCode), at: formatDateTime(c.lastErrorAt) })}
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>{formatDateTime(c.updatedAt)}</Table.Td>
                        <Table.Td>
                          <Group gap={4} wrap="nowrap">
                            {c.status === 'reconnect_needed' ? (
                              <Button size="xs" color="orange" onClick={() => reconnect(c)} data-testid="connection-reconnect">
                                {t('recruiting.connections.reconnect')}
                              </Button>
                            ) : (
                              <Button
                                size="xs"
                                variant="default"
                                leftSection={<IconRefresh size={14} aria-hidden />}
                                loading={verify.isPending && verify.variables === c.id}
                                onClick={() => verify.mutate(c.id, { onSuccess: (r) => notifySuccess(t(`recruiting.connections.status.${r.status}`)) })}
                                data-testid="connection-verify"
                              >
                                {t('recruiting.connections.verify')}
                              </Button>
                            )}
                            <ConfirmButton
                              label={t('recruiting.connections.disconnect', { kind: t(`recruiting.connections.kinds.${c.kind}`) })}
                              icon={<IconTrash size={16} />}
                              message={t('recruiting.connections.disconnectConfirm')}
                              confirmLabel={t('recruiting.connections.disconnectShort')}
                              loading={remove.isPending}
                              error={remove.error}
                              testId="connection-delete"
                              onConfirm={() => remove.mutateAsync(c.id)}
                            />
                          </Group>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              {verify.error && <ErrorAlert error={verify.error} />}
            </QueryState>
          </Paper>
        </section>

        <section aria-labelledby="connections-add">
          <Title order={2} size="h4" mb="xs" id="connections-add">
            {t('recruiting.connections.add')}
          </Title>
          {start.error && <ErrorAlert error={start.error} title={t('recruiting.connections.oauthFailed')} />}
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 5 }} mt="xs">
            <Card withBorder padding="md">
              <Group gap="xs" mb="xs" wrap="nowrap">
                <IconServer size={20} aria-hidden />
                <Text fw={600}>{t('recruiting.connections.kinds.caldav')}</Text>
              </Group>
              <Text size="xs" c="dimmed" mb="sm">
                {t('recruiting.connections.caldavHint')}
              </Text>
              <Button
                onClick={() => {
                  setCaldavPrefill({});
                  setCaldavOpen(true);
                }}
                data-testid="connect-caldav"
              >
                {t('recruiting.connections.connect')}
              </Button>
            </Card>
            {OAUTH.map(({ kind, icon: Icon, category }) => (
              <Card key={kind} withBorder padding="md">
                <Group gap="xs" mb="xs" wrap="nowrap" align="flex-start">
                  <Icon size={20} aria-hidden style={{ flexShrink: 0 }} />
                  {/* Wraps rather than truncates: "Google Calendar" must be readable in a narrow card. */}
                  <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
                    {t(`recruiting.connections.kinds.${kind}`)}
                  </Text>
                </Group>
                <Text size="xs" c="dimmed" mb="sm">
                  {t(`recruiting.connections.category.${category}`)}
                </Text>
                <Button variant="light" loading={start.isPending && start.variables?.kind === kind} onClick={() => startOAuth(kind)} data-testid={`connect-${kind}`}>
                  {t('recruiting.connections.connect')}
                </Button>
              </Card>
            ))}
          </SimpleGrid>
        </section>

        <MyWorkingHours userId={me.user.id} />

        {can('recruiting') && <TeamCalendars />}
      </Stack>
      <CaldavModal opened={caldavOpen} prefill={caldavPrefill} onClose={() => setCaldavOpen(false)} />
    </>
  );
}

function CaldavModal({ opened, prefill, onClose }: { opened: boolean; prefill: { url?: string; username?: string }; onClose: () => void }) {
  const { t } = useTranslation();
  const connect = useConnectCaldav();
  const [url, setUrl] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [calendarUrl, setCalendarUrl] = useState('');
  useEffect(() => {
    if (opened) {
      setUrl(prefill.url ?? '');
      setUsername(prefill.username ?? '');
      setPassword('');
      setCalendarUrl('');
      connect.reset();
    }
  }, [opened]);
  // A refused login or unreachable server is about the whole form, not one field: shown as the alert.
  const err = connect.error;
  return (
    <Modal opened={opened} onClose={onClose} title={t('recruiting.connections.caldavTitle')} size="lg" centered>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          connect.mutate(
            { url: url.trim(), username: username.trim(), password, ...(calendarUrl.trim() ? { calendarUrl: calendarUrl.trim() } : {}) },
            {
              onSuccess: () => {
                notifySuccess(t('recruiting.connections.connected'));
                onClose();
              },
            },
          );
        }}
      >
        <Stack>
          <TextInput label={t('recruiting.connections.url')} description={t('recruiting.connections.urlHint')} required type="url" spellCheck={false} value={url} onChange={(e) => setUrl(e.currentTarget.value)} error={fieldError(err, 'url')} data-testid="caldav-url" />
          <TextInput label={t('recruiting.connections.username')} required autoComplete="off" value={username} onChange={(e) => setUsername(e.currentTarget.value)} error={fieldError(err, 'username')} data-testid="caldav-username" />
          <PasswordInput label={t('recruiting.connections.password')} required autoComplete="new-password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={fieldError(err, 'password')} data-testid="caldav-password" />
          <TextInput label={t('recruiting.connections.calendarUrl')} description={t('recruiting.connections.calendarUrlHint')} type="url" spellCheck={false} value={calendarUrl} onChange={(e) => setCalendarUrl(e.currentTarget.value)} error={fieldError(err, 'calendarUrl')} data-testid="caldav-calendarUrl" />
          {err && <ErrorAlert error={err} hideFields={['url', 'username', 'password', 'calendarUrl']} title={t('recruiting.connections.failed')} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={connect.isPending} data-testid="caldav-submit">
              {t('recruiting.connections.connect')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Staff see who can be scheduled from their calendar and who not (⚠), and whose tokens need a reconnect. */
function TeamCalendars() {
  const { t } = useTranslation();
  const users = useRecruitingUsers();
  const [hoursFor, setHoursFor] = useState<{ id: string; name: string } | null>(null);
  return (
    <section aria-labelledby="connections-team">
      <Title order={2} size="h4" mb="xs" id="connections-team">
        {t('recruiting.connections.team')}
      </Title>
      <Paper withBorder p="md" radius="md">
        <QueryState isLoading={users.isLoading} error={users.error}>
          <Table data-testid="team-calendars">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('recruiting.fields.name')}</Table.Th>
                <Table.Th>{t('recruiting.connections.kind')}</Table.Th>
                <Table.Th>{t('recruiting.connections.videoProviders')}</Table.Th>
                <Table.Th>{t('common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(users.data ?? []).map((u) => (
                <Table.Tr key={u.id} data-testid="team-calendar-row" data-email={u.email}>
                  <Table.Td>
                    <PersonName name={u.name} connected={u.calendarConnected} reconnect={u.calendarStatus === 'reconnect_needed'} />
                  </Table.Td>
                  <Table.Td>{u.calendarKind ? t(`recruiting.connections.kinds.${u.calendarKind}`) : '—'}</Table.Td>
                  <Table.Td>{u.videoProviders.length ? u.videoProviders.map((v) => t(`recruiting.video.${v}`)).join(', ') : '—'}</Table.Td>
                  <Table.Td>
                    <Button size="xs" variant="subtle" leftSection={<IconClock size={14} aria-hidden />} onClick={() => setHoursFor({ id: u.id, name: u.name })} data-testid="team-working-hours">
                      {t('recruiting.workingHours.action')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </QueryState>
      </Paper>
      <WorkingHoursModal user={hoursFor} onClose={() => setHoursFor(null)} />
    </section>
  );
}

/** The provider sent the browser back with ?code&state: finish the connection, then show the list. */
export function OAuthCallbackPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const finish = useFinishOAuth();
  const sent = useRef(false);
  const code = params.get('code');
  const state = params.get('state');
  const denied = params.get('error');
  useEffect(() => {
    if (sent.current || !code || !state) return;
    sent.current = true;
    finish.mutate(
      { code, state },
      {
        onSuccess: (c) => {
          notifySuccess(t('recruiting.connections.connectedKind', { kind: t(`recruiting.connections.kinds.${c.kind as ConnectionKind}`) }));
          void navigate('/recruiting/connections', { replace: true });
        },
      },
    );
  }, [code, state, finish, navigate, t]);
  return (
    <>
      <PageHeader title={t('recruiting.connections.title')} />
      {denied || !code || !state ? (
        <ErrorAlert error={new ApiError(400, 'oauth_denied', t('recruiting.connections.oauthDenied', { reason: denied ?? '—' }))} />
      ) : finish.error ? (
        <ErrorAlert error={finish.error} title={t('recruiting.connections.oauthFailed')} />
      ) : (
        <PageLoader />
      )}
      {(finish.error || denied || !code) && (
        <Button mt="md" variant="default" onClick={() => navigate('/recruiting/connections')} data-testid="callback-back">
          {t('recruiting.connections.back')}
        </Button>
      )}
    </>
  );
}
