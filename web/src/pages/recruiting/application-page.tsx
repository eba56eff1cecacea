import { Anchor, Badge, Breadcrumbs, Button, Group, Paper, SimpleGrid, Stack, Tabs, Text } from '@mantine/core';
import { IconCalendarPlus, IconLink } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useCatalogItem } from '../../api/recruiting';
import { useAuth } from '../../auth/auth-context';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { PageLoader } from '../../components/query-state';
import { formatDate } from '../../lib/format';
import { InterviewsList } from './interviews-list';
import { SchedulingLinks } from './scheduling-links';

/** One application: its interviews (the "Interviews" tab of the original) and its smart scheduling links. */
export function ApplicationPage() {
  const { t } = useTranslation();
  const { id, tab } = useParams();
  const navigate = useNavigate();
  const { can } = useAuth();
  const staff = can('recruiting');
  const app = useCatalogItem('applications', id);
  const candidate = useCatalogItem('candidates', app.data?.candidateId);
  if (app.error) return <ErrorAlert error={app.error} />;
  if (!app.data) return <PageLoader />;
  const a = app.data;
  const active = tab === 'links' ? 'links' : 'interviews';

  return (
    <>
      <Breadcrumbs mb="xs">
        <Anchor component={Link} to="/recruiting/applications">
          {t('recruiting.tabs.applications')}
        </Anchor>
        <Text size="sm">{a.candidateName}</Text>
      </Breadcrumbs>
      <PageHeader
        title={t('recruiting.applications.title', { candidate: a.candidateName, job: a.jobTitle })}
        actions={
          staff ? (
            <>
              <Button leftSection={<IconCalendarPlus size={16} aria-hidden />} component={Link} to={`/recruiting/applications/${a.id}/schedule`} data-testid="new-interview">
                {t('recruiting.interviews.new')}
              </Button>
              <Button variant="default" leftSection={<IconLink size={16} aria-hidden />} onClick={() => navigate(`/recruiting/applications/${a.id}/links?new=1`)} data-testid="new-scheduling-link">
                {t('recruiting.links.new')}
              </Button>
            </>
          ) : null
        }
      />
      <Paper withBorder p="md" radius="md" mb="md">
        <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
          <Info label={t('recruiting.fields.candidate')} value={a.candidateName} />
          <Info label={t('recruiting.fields.email')} value={a.candidateEmail ?? '—'} />
          <Info label={t('recruiting.fields.job')} value={a.jobTitle} />
          <Stack gap={2}>
            <Text size="xs" c="dimmed">
              {t('recruiting.fields.stage')}
            </Text>
            <Group>
              <Badge variant="light">{t(`recruiting.stages.${a.stage}`)}</Badge>
            </Group>
          </Stack>
          {candidate.data && <Info label={t('recruiting.fields.language')} value={t(`recruiting.languages.${candidate.data.language}`)} />}
          {candidate.data && <Info label={t('recruiting.fields.timeZone')} value={candidate.data.timeZone} />}
          <Info label={t('recruiting.fields.appliedOn')} value={formatDate(a.createdAt)} />
        </SimpleGrid>
        {a.notes && (
          <Text size="sm" mt="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {a.notes}
          </Text>
        )}
      </Paper>
      <Tabs value={active} onChange={(v) => navigate(`/recruiting/applications/${a.id}${v === 'links' ? '/links' : ''}`)} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="interviews" data-testid="tab-interviews">
            {t('recruiting.tabs.interviews')}
          </Tabs.Tab>
          <Tabs.Tab value="links" data-testid="tab-links">
            {t('recruiting.links.title')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="interviews">
          <InterviewsList applicationId={a.id} />
        </Tabs.Panel>
        <Tabs.Panel value="links">
          <SchedulingLinks application={a} />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}

function Info({ label, value }: { label: string; value: string }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm">{value}</Text>
    </Stack>
  );
}
