import { Alert, Anchor, Grid, Group, NavLink, Paper, ScrollArea, Stack, Tabs, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useList, useMail } from '../../api/hooks';
import type { CaughtMail } from '../../api/types';
import { useAuth, useMe } from '../../auth/auth-context';
import { ErrorAlert } from '../../components/error-alert';
import { NoAccess } from '../../components/no-access';
import { PageHeader } from '../../components/page-header';
import { PagingFooter } from '../../components/paging-footer';
import { PageLoader, QueryState } from '../../components/query-state';
import { formatDateTime } from '../../lib/format';

const PAGE_SIZE = 50;

/** The built-in mail catcher's inbox: only in demo/dev installations (auth/me says mailCatcher). */
export function MailsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { can } = useAuth();
  const { id } = useParams();
  const [page, setPage] = useState(1);
  const enabled = me.mailCatcher && can('admin');
  const list = useList<CaughtMail>(['mails'], '/mails', { page, pageSize: PAGE_SIZE }, { enabled, keepPrevious: true });
  if (!enabled) return me.mailCatcher ? <NoAccess /> : <ErrorAlert error={new Error(t('mails.disabled'))} />;
  const items = list.data?.items ?? [];

  return (
    <>
      <PageHeader title={t('nav.mails')} description={t('mails.intro')} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Paper withBorder radius="md" p="xs">
            {list.error && <ErrorAlert error={list.error} />}
            {list.isLoading ? (
              <PageLoader />
            ) : items.length === 0 ? (
              <Text c="dimmed" ta="center" py="md" size="sm">
                {t('mails.none')}
              </Text>
            ) : (
              <ScrollArea.Autosize mah="70vh">
                <nav aria-label={t('mails.list')}>
                  {items.map((m) => (
                    <NavLink
                      key={String(m.id)}
                      component={Link}
                      to={`/settings/mails/${m.id}`}
                      active={String(m.id) === id}
                      label={m.subject || t('mails.noSubject')}
                      description={`${m.rcptTo.join(', ')} · ${formatDateTime(m.receivedAt, me.user.timeZone)}`}
                      data-testid="mail-item"
                    />
                  ))}
                </nav>
              </ScrollArea.Autosize>
            )}
            <PagingFooter page={page} pageSize={PAGE_SIZE} total={list.data?.total ?? 0} onPage={setPage} />
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          {id ? (
            <MailView id={id} />
          ) : (
            <Paper withBorder radius="md" p="xl">
              <Text c="dimmed" ta="center">
                {t('mails.pick')}
              </Text>
            </Paper>
          )}
        </Grid.Col>
      </Grid>
    </>
  );
}

/** A sign-in link whose token the server hid (only the recipient sees it): shown as text, not as a link. */
const HIDDEN_LINK = /[?&]token=hidden$/;

/** Turns URLs in plain text into links (the password-reset and invitation mails carry one). */
function Linkified({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s<>"]+)/g);
  return (
    <pre className="koppel-pre" data-testid="mail-text">
      {parts.map((p, i) =>
        /^https?:\/\//.test(p) && !HIDDEN_LINK.test(p) ? (
          <Anchor key={i} href={p}>
            {p}
          </Anchor>
        ) : (
          <span key={i}>{p}</span>
        ),
      )}
    </pre>
  );
}

function MailView({ id }: { id: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const mail = useMail(id);
  const m = mail.data;
  return (
    <Paper withBorder radius="md" p="md">
      <QueryState isLoading={mail.isLoading} error={mail.error}>
        {m && (
          <Stack>
            <Title order={2} size="h4" data-testid="mail-subject">
              {m.subject || t('mails.noSubject')}
            </Title>
            <Stack gap={2}>
              <Group gap="xs">
                <Text size="sm" fw={600} miw={110}>{t('mails.from')}</Text>
                <Text size="sm">{m.mailFrom}</Text>
              </Group>
              <Group gap="xs">
                <Text size="sm" fw={600} miw={110}>{t('mails.to')}</Text>
                <Text size="sm">{m.rcptTo.join(', ')}</Text>
              </Group>
              <Group gap="xs">
                <Text size="sm" fw={600} miw={110}>{t('mails.received')}</Text>
                <Text size="sm">{formatDateTime(m.receivedAt, me.user.timeZone)}</Text>
              </Group>
            </Stack>
            {m.linksHidden && (
              <Alert color="gray" data-testid="mail-links-hidden">
                {t('mails.linksHidden')}
              </Alert>
            )}
            <Tabs defaultValue={m.textBody ? 'text' : 'html'}>
              <Tabs.List>
                <Tabs.Tab value="text" disabled={!m.textBody}>
                  {t('mails.text')}
                </Tabs.Tab>
                <Tabs.Tab value="html" disabled={!m.htmlBody}>
                  {t('mails.html')}
                </Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="text" pt="sm">
                {m.textBody && <Linkified text={m.textBody} />}
              </Tabs.Panel>
              <Tabs.Panel value="html" pt="sm">
                {m.htmlBody && (
                  // Sandboxed without scripts: caught mail is untrusted content.
                  <iframe title={t('mails.html')} sandbox="" srcDoc={m.htmlBody} style={{ width: '100%', minHeight: 420, border: '1px solid var(--mantine-color-gray-3)', borderRadius: 4 }} />
                )}
              </Tabs.Panel>
            </Tabs>
          </Stack>
        )}
      </QueryState>
    </Paper>
  );
}
