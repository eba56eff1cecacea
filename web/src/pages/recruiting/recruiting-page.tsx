import { ActionIcon, Anchor, Badge, Button, Group, Tabs, Text, Tooltip } from '@mantine/core';
import { IconCalendarEvent, IconPlugConnected } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { APPLICATION_STAGES, ROLE_PERMISSIONS, useCatalog, useRecruitingUsers } from '../../api/recruiting';
import { useAuth } from '../../auth/auth-context';
import { PageHeader } from '../../components/page-header';
import { formatDate } from '../../lib/format';
import { CatalogSection } from './catalog-section';
import { EvaluationFormEditor } from './evaluation-form-editor';
import { InterviewsList } from './interviews-list';
import { PersonName, userConnected } from './recruiting-ui';

const TABS = ['applications', 'interviews', 'jobs', 'candidates', 'interview-types', 'evaluation-forms', 'roles', 'rooms'] as const;
type Tab = (typeof TABS)[number];

/** Recruiting (F-30): applications, interviews and the catalogues behind them, one tab each. */
export function RecruitingPage() {
  const { t } = useTranslation();
  const { tab } = useParams();
  const navigate = useNavigate();
  const { can } = useAuth();
  const staff = can('recruiting');
  // Candidates' contact data is for recruiting staff only (the API answers 403 to others).
  const tabs = TABS.filter((x) => staff || x !== 'candidates');
  const active: Tab = (tabs as readonly string[]).includes(tab ?? '') ? (tab as Tab) : 'applications';
  const [params, setParams] = useSearchParams();
  const jobFilter = params.get('jobId') ?? '';
  const candidateFilter = params.get('candidateId') ?? '';

  const users = useRecruitingUsers();
  const jobs = useCatalog('jobs');
  const candidates = useCatalog('candidates', undefined, staff);
  const forms = useCatalog('evaluation-forms');
  const userOptions = (users.data ?? []).map((u) => ({ value: u.id, label: u.name }));
  const jobOptions = (jobs.data?.items ?? []).map((j) => ({ value: j.id, label: j.title }));
  const candidateOptions = (candidates.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.name} <${c.email}>` }));
  const formOptions = (forms.data?.items ?? []).map((f) => ({ value: f.id, label: f.name }));
  const formName = new Map((forms.data?.items ?? []).map((f) => [f.id, f.name]));
  const languages = (['nl', 'de', 'en'] as const).map((l) => ({ value: l, label: t(`recruiting.languages.${l}`) }));

  return (
    <>
      <PageHeader
        title={t('recruiting.title')}
        description={t('recruiting.intro')}
        actions={
          <Button component={Link} to="/recruiting/connections" variant="default" leftSection={<IconPlugConnected size={16} aria-hidden />} data-testid="my-connections-link">
            {t('recruiting.connections.title')}
          </Button>
        }
      />
      <Tabs value={active} onChange={(v) => navigate(`/recruiting/${v}`)} keepMounted={false}>
        <Tabs.List mb="md">
          {tabs.map((x) => (
            <Tabs.Tab key={x} value={x} data-testid={`tab-${x}`}>
              {t(`recruiting.tabs.${x}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>

        <Tabs.Panel value="applications">
          <Group mb="sm" gap="xs">
            {jobFilter && (
              <Badge variant="light" size="lg" rightSection={<FilterClear onClear={() => setParams({})} />} data-testid="filter-job">
                {t('recruiting.applications.forJob', { job: jobs.data?.items.find((j) => j.id === jobFilter)?.title ?? '…' })}
              </Badge>
            )}
            {candidateFilter && (
              <Badge variant="light" size="lg" rightSection={<FilterClear onClear={() => setParams({})} />} data-testid="filter-candidate">
                {t('recruiting.applications.forCandidate', { candidate: candidates.data?.items.find((c) => c.id === candidateFilter)?.name ?? '…' })}
              </Badge>
            )}
          </Group>
          <CatalogSection
            resource="applications"
            noun={t('recruiting.nouns.application')}
            canEdit={staff}
            query={{ jobId: jobFilter || undefined, candidateId: candidateFilter || undefined }}
            rowLabel={(r) => `${r.candidateName} · ${r.jobTitle}`}
            searchText={(r) => `${r.candidateName} ${r.candidateEmail} ${r.jobTitle}`}
            fields={[
              { name: 'candidateId', label: t('recruiting.fields.candidate'), type: 'select', required: true, choose: true, options: candidateOptions, initial: candidateFilter },
              { name: 'jobId', label: t('recruiting.fields.job'), type: 'select', required: true, choose: true, options: jobOptions, initial: jobFilter },
              { name: 'stage', label: t('recruiting.fields.stage'), type: 'select', required: true, options: APPLICATION_STAGES.map((s) => ({ value: s, label: t(`recruiting.stages.${s}`) })) },
              { name: 'notes', label: t('recruiting.fields.notes'), type: 'textarea', wide: true },
            ]}
            columns={[
              {
                key: 'candidateName',
                label: t('recruiting.fields.candidate'),
                render: (r) => (
                  <Anchor component={Link} to={`/recruiting/applications/${r.id}`} data-testid="application-link">
                    {r.candidateName}
                  </Anchor>
                ),
              },
              { key: 'jobTitle', label: t('recruiting.fields.job') },
              { key: 'stage', label: t('recruiting.fields.stage'), render: (r) => <Badge variant="light">{t(`recruiting.stages.${r.stage}`)}</Badge> },
              { key: 'createdAt', label: t('recruiting.fields.appliedOn'), render: (r) => formatDate(r.createdAt) },
            ]}
            rowActions={(r) =>
              staff ? (
                <Tooltip label={t('recruiting.interviews.new')}>
                  <ActionIcon variant="subtle" component={Link} to={`/recruiting/applications/${r.id}/schedule`} aria-label={t('recruiting.interviews.newFor', { name: r.candidateName })} data-testid="application-schedule">
                    <IconCalendarEvent size={16} />
                  </ActionIcon>
                </Tooltip>
              ) : null
            }
          />
        </Tabs.Panel>

        <Tabs.Panel value="interviews">
          <InterviewsList />
        </Tabs.Panel>

        <Tabs.Panel value="jobs">
          <CatalogSection
            resource="jobs"
            noun={t('recruiting.nouns.job')}
            canEdit={staff}
            rowLabel={(r) => r.title}
            searchText={(r) => `${r.title} ${r.location ?? ''} ${r.responsibleUserName}`}
            fields={[
              { name: 'title', label: t('recruiting.fields.title'), type: 'text', required: true },
              { name: 'responsibleUserId', label: t('recruiting.fields.responsible'), type: 'select', required: true, options: userOptions, description: t('recruiting.jobs.responsibleHint') },
              { name: 'location', label: t('recruiting.fields.location'), type: 'text' },
              { name: 'status', label: t('common.status'), type: 'select', required: true, options: (['open', 'closed'] as const).map((s) => ({ value: s, label: t(`recruiting.jobStatus.${s}`) })) },
              { name: 'description', label: t('recruiting.fields.description'), type: 'textarea', wide: true },
            ]}
            columns={[
              { key: 'title', label: t('recruiting.fields.title') },
              { key: 'responsibleUserName', label: t('recruiting.fields.responsible'), render: (r) => <PersonName name={r.responsibleUserName} {...userConnected(users.data, r.responsibleUserId)} /> },
              { key: 'location', label: t('recruiting.fields.location'), render: (r) => r.location ?? '—' },
              { key: 'status', label: t('common.status'), render: (r) => <Badge variant="light" color={r.status === 'open' ? 'green' : 'gray'}>{t(`recruiting.jobStatus.${r.status}`)}</Badge> },
              {
                key: 'applications',
                label: t('recruiting.tabs.applications'),
                render: (r) => (
                  <Anchor component={Link} to={`/recruiting/applications?jobId=${r.id}`} data-testid="job-applications">
                    {t('recruiting.applications.show')}
                  </Anchor>
                ),
              },
            ]}
          />
        </Tabs.Panel>

        <Tabs.Panel value="candidates">
          <CatalogSection
            resource="candidates"
            noun={t('recruiting.nouns.candidate')}
            canEdit={staff}
            rowLabel={(r) => r.name}
            searchText={(r) => `${r.name} ${r.email} ${r.phone ?? ''}`}
            fields={[
              { name: 'name', label: t('recruiting.fields.name'), type: 'text', required: true },
              { name: 'email', label: t('recruiting.fields.email'), type: 'email', required: true },
              { name: 'phone', label: t('recruiting.fields.phone'), type: 'text' },
              { name: 'language', label: t('recruiting.fields.language'), type: 'select', required: true, options: languages },
              { name: 'timeZone', label: t('recruiting.fields.timeZone'), type: 'text', required: true, initial: Intl.DateTimeFormat().resolvedOptions().timeZone, description: t('recruiting.candidates.timeZoneHint') },
            ]}
            columns={[
              { key: 'name', label: t('recruiting.fields.name') },
              { key: 'email', label: t('recruiting.fields.email') },
              { key: 'language', label: t('recruiting.fields.language'), render: (r) => t(`recruiting.languages.${r.language}`) },
              { key: 'timeZone', label: t('recruiting.fields.timeZone') },
              {
                key: 'applications',
                label: t('recruiting.tabs.applications'),
                render: (r) => (
                  <Anchor component={Link} to={`/recruiting/applications?candidateId=${r.id}`} data-testid="candidate-applications">
                    {t('recruiting.applications.show')}
                  </Anchor>
                ),
              },
            ]}
          />
        </Tabs.Panel>

        <Tabs.Panel value="interview-types">
          <CatalogSection
            resource="interview-types"
            noun={t('recruiting.nouns.interviewType')}
            canEdit={staff}
            rowLabel={(r) => r.name}
            searchText={(r) => r.name}
            fields={[
              { name: 'name', label: t('recruiting.fields.name'), type: 'text', required: true },
              { name: 'defaultDurationMinutes', label: t('recruiting.fields.defaultDuration'), type: 'number', required: true, initial: 60, description: t('recruiting.fields.minutesHint') },
              { name: 'defaultEvaluationFormId', label: t('recruiting.fields.defaultEvaluationForm'), type: 'select', nullable: true, options: formOptions },
            ]}
            columns={[
              { key: 'name', label: t('recruiting.fields.name') },
              { key: 'defaultDurationMinutes', label: t('recruiting.fields.defaultDuration'), render: (r) => t('recruiting.common.minutes', { count: r.defaultDurationMinutes }) },
              { key: 'defaultEvaluationFormId', label: t('recruiting.fields.defaultEvaluationForm'), render: (r) => (r.defaultEvaluationFormId ? (formName.get(r.defaultEvaluationFormId) ?? '…') : '—') },
            ]}
          />
        </Tabs.Panel>

        <Tabs.Panel value="evaluation-forms">
          <CatalogSection
            resource="evaluation-forms"
            noun={t('recruiting.nouns.evaluationForm')}
            canEdit={staff}
            rowLabel={(r) => r.name}
            searchText={(r) => `${r.name} ${r.questions.map((q) => q.text).join(' ')}`}
            fields={[]}
            renderForm={({ row, onDone }) => <EvaluationFormEditor form={row} onDone={onDone} />}
            columns={[
              { key: 'name', label: t('recruiting.fields.name') },
              { key: 'questions', label: t('recruiting.forms.questions'), render: (r) => t('recruiting.forms.questionCount', { count: r.questions.length }) },
            ]}
          />
        </Tabs.Panel>

        <Tabs.Panel value="roles">
          <Text size="sm" c="dimmed" mb="sm">
            {t('recruiting.roles.intro')}
          </Text>
          <CatalogSection
            resource="roles"
            noun={t('recruiting.nouns.role')}
            canEdit={staff}
            rowLabel={(r) => r.name}
            searchText={(r) => r.name}
            fields={[
              { name: 'name', label: t('recruiting.fields.name'), type: 'text', required: true, wide: true },
              ...ROLE_PERMISSIONS.map((p) => ({ name: `permissions.${p}`, label: t(`recruiting.permissions.${p}`), type: 'checkbox' as const, wide: true })),
            ]}
            columns={[
              { key: 'name', label: t('recruiting.fields.name') },
              {
                key: 'permissions',
                label: t('recruiting.roles.permissions'),
                render: (r) => (
                  <Group gap={4}>
                    {ROLE_PERMISSIONS.filter((p) => r.permissions?.[p]).map((p) => (
                      <Badge key={p} size="sm" variant="outline">
                        {t(`recruiting.permissions.${p}`)}
                      </Badge>
                    ))}
                  </Group>
                ),
              },
            ]}
          />
        </Tabs.Panel>

        <Tabs.Panel value="rooms">
          <CatalogSection
            resource="rooms"
            noun={t('recruiting.nouns.room')}
            canEdit={staff}
            rowLabel={(r) => r.name}
            searchText={(r) => `${r.name} ${r.email}`}
            fields={[
              { name: 'name', label: t('recruiting.fields.name'), type: 'text', required: true },
              { name: 'email', label: t('recruiting.fields.email'), type: 'email', required: true, description: t('recruiting.rooms.emailHint') },
              { name: 'capacity', label: t('recruiting.fields.capacity'), type: 'number', required: true, initial: 4 },
            ]}
            columns={[
              { key: 'name', label: t('recruiting.fields.name'), render: (r) => <PersonName name={r.name} connected={r.calendarConnected} /> },
              { key: 'email', label: t('recruiting.fields.email') },
              { key: 'capacity', label: t('recruiting.fields.capacity') },
            ]}
          />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}

function FilterClear({ onClear }: { onClear: () => void }) {
  const { t } = useTranslation();
  return (
    <ActionIcon size="xs" variant="transparent" onClick={onClear} aria-label={t('recruiting.common.clearFilter')} data-testid="filter-clear">
      ×
    </ActionIcon>
  );
}
