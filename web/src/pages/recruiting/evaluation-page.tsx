import { Alert, Anchor, Badge, Breadcrumbs, Button, Group, Paper, SegmentedControl, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { type AnswerValue, type Evaluation, type EvaluationForm, RECOMMENDATIONS, type Recommendation, useCatalogItem, useEvaluations, useInterview, useSaveMyEvaluation } from '../../api/recruiting';
import { useMe } from '../../auth/auth-context';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { PageLoader } from '../../components/query-state';
import { formatDateTime } from '../../lib/format';
import { notifySuccess } from '../../lib/notify';
import { formatRangeInZone } from './recruiting-ui';

/** F-37: an interviewer fills in the interview's evaluation form (the reminder mail links here); others' answers when allowed. */
export function EvaluationPage() {
  const { t } = useTranslation();
  const { interviewId } = useParams();
  const me = useMe();
  const interview = useInterview(interviewId);
  const form = useCatalogItem('evaluation-forms', interview.data?.evaluationFormId ?? undefined);
  const evaluations = useEvaluations(interviewId);
  if (interview.error) return <ErrorAlert error={interview.error} />;
  if (!interview.data || evaluations.isLoading || (interview.data.evaluationFormId && form.isLoading)) return <PageLoader />;
  const iv = interview.data;
  const mine = evaluations.data?.find((e) => e.userId === me.user.id) ?? null;
  const others = (evaluations.data ?? []).filter((e) => e.userId !== me.user.id);

  return (
    <>
      <Breadcrumbs mb="xs">
        <Anchor component={Link} to={`/recruiting/interviews/${iv.id}`}>
          {iv.interviewTypeName} · {iv.candidate.name}
        </Anchor>
        <Text size="sm">{t('recruiting.evaluation.title')}</Text>
      </Breadcrumbs>
      <PageHeader title={t('recruiting.evaluation.title')} description={`${iv.candidate.name} · ${iv.job.title} · ${formatRangeInZone(iv.start, iv.end, iv.timeZone)}`} />
      <Stack gap="md">
        {!iv.evaluationFormId && <Alert color="gray">{t('recruiting.evaluation.noForm')}</Alert>}
        {form.error && <ErrorAlert error={form.error} />}
        {evaluations.error && <ErrorAlert error={evaluations.error} />}
        {form.data && <MyEvaluation interviewId={iv.id} form={form.data} mine={mine} />}
        {form.data && others.length > 0 && <OtherEvaluations form={form.data} evaluations={others} />}
      </Stack>
    </>
  );
}

function MyEvaluation({ interviewId, form, mine }: { interviewId: string; form: EvaluationForm; mine: Evaluation | null }) {
  const { t } = useTranslation();
  const save = useSaveMyEvaluation(interviewId);
  const [answers, setAnswers] = useState<Record<string, AnswerValue>>({});
  const [recommendation, setRecommendation] = useState<Recommendation | ''>('');
  useEffect(() => {
    setAnswers(Object.fromEntries((mine?.answers ?? []).map((a) => [a.questionId, a.value])));
    setRecommendation(mine?.recommendation ?? '');
  }, [mine]);
  const submitted = !!mine?.submittedAt;
  const questionError = (i: number) =>
    save.error instanceof ApiError ? save.error.detailList.find((d) => typeof d.field === 'string' && /answers\.\d+/.test(d.field) && d.field.includes(`answers.${i}`))?.message : undefined;

  const send = (submit: boolean) =>
    save.mutate(
      {
        answers: form.questions.filter((q) => q.id && answers[q.id] !== undefined && answers[q.id] !== '').map((q) => ({ questionId: q.id!, value: answers[q.id!]! })),
        recommendation: recommendation || null,
        submit,
      },
      { onSuccess: () => notifySuccess(submit ? t('recruiting.evaluation.submitted') : t('common.saved')) },
    );

  return (
    <Paper withBorder p="md" radius="md" data-testid="my-evaluation" data-submitted={submitted ? 'true' : 'false'}>
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          {form.name}
        </Title>
        {submitted && (
          <Badge color="green" variant="light">
            {t('recruiting.evaluation.submittedAt', { at: formatDateTime(mine!.submittedAt) })}
          </Badge>
        )}
      </Group>
      <Stack>
        {form.questions.map((q, i) => {
          const id = q.id ?? String(i);
          const value = answers[id];
          const set = (v: AnswerValue) => setAnswers((a) => ({ ...a, [id]: v }));
          return (
            <div key={id} data-testid="evaluation-question">
              <Text size="sm" fw={500} mb={4} id={`q-${id}`}>
                {i + 1}. {q.text}
              </Text>
              {q.kind === 'text' && <Textarea aria-labelledby={`q-${id}`} autosize minRows={2} value={typeof value === 'string' ? value : ''} onChange={(e) => set(e.currentTarget.value)} disabled={submitted} error={questionError(i)} />}
              {q.kind === 'rating' && (
                <SegmentedControl aria-labelledby={`q-${id}`} value={value === undefined ? '' : String(value)} onChange={(v) => set(Number(v))} disabled={submitted} data={['1', '2', '3', '4', '5']} />
              )}
              {q.kind === 'yes_no' && (
                <SegmentedControl
                  aria-labelledby={`q-${id}`}
                  value={value === undefined ? '' : value ? 'yes' : 'no'}
                  onChange={(v) => set(v === 'yes')}
                  disabled={submitted}
                  data={[
                    { value: 'yes', label: t('common.yes') },
                    { value: 'no', label: t('common.no') },
                  ]}
                />
              )}
            </div>
          );
        })}
        <div>
          <Text size="sm" fw={500} mb={4} id="recommendation-label">
            {t('recruiting.evaluation.recommendation')}
          </Text>
          <SegmentedControl
            aria-labelledby="recommendation-label"
            value={recommendation}
            onChange={(v) => setRecommendation(v as Recommendation)}
            disabled={submitted}
            data={RECOMMENDATIONS.map((r) => ({ value: r, label: t(`recruiting.evaluation.recommendations.${r}`) }))}
          />
        </div>
        <ErrorAlert error={save.error} />
        {!submitted && (
          <Group justify="flex-end">
            <Button variant="default" loading={save.isPending && save.variables?.submit === false} onClick={() => send(false)} data-testid="evaluation-save">
              {t('recruiting.evaluation.saveDraft')}
            </Button>
            <Button loading={save.isPending && save.variables?.submit === true} onClick={() => send(true)} data-testid="evaluation-submit">
              {t('recruiting.evaluation.submit')}
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

function OtherEvaluations({ form, evaluations }: { form: EvaluationForm; evaluations: Evaluation[] }) {
  const { t } = useTranslation();
  const show = (v: AnswerValue | undefined) => (v === undefined ? '—' : typeof v === 'boolean' ? (v ? t('common.yes') : t('common.no')) : String(v));
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={2} size="h4" mb="sm">
        {t('recruiting.evaluation.others')}
      </Title>
      <Table.ScrollContainer minWidth={600}>
        <Table data-testid="other-evaluations">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('recruiting.fields.name')}</Table.Th>
              {form.questions.map((q, i) => (
                <Table.Th key={q.id ?? i}>{q.text}</Table.Th>
              ))}
              <Table.Th>{t('recruiting.evaluation.recommendation')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {evaluations.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td>
                  {e.userName}
                  {!e.submittedAt && (
                    <Text size="xs" c="dimmed">
                      {t('recruiting.evaluation.draft')}
                    </Text>
                  )}
                </Table.Td>
                {form.questions.map((q, i) => (
                  <Table.Td key={q.id ?? i}>{show(e.answers.find((a) => a.questionId === q.id)?.value)}</Table.Td>
                ))}
                <Table.Td>{e.recommendation ? t(`recruiting.evaluation.recommendations.${e.recommendation}`) : '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
