import { ActionIcon, Button, Group, NativeSelect, Paper, Stack, Text, TextInput } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { type EvaluationForm, QUESTION_KINDS, type Question, useCatalogMutations } from '../../api/recruiting';
import { ErrorAlert } from '../../components/error-alert';
import { notifySuccess } from '../../lib/notify';

/** Errors on `questions.2.text` belong to the third question's text box. */
function questionError(error: unknown, index: number, field: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const hit = error.detailList.find((d) => typeof d.field === 'string' && d.field.replace(/^body\./, '') === `questions.${index}.${field}`);
  return hit?.message;
}

/** F-37: an evaluation form is a name and an ordered list of questions (free text, rating 1–5, yes/no). */
export function EvaluationFormEditor({ form, onDone }: { form: EvaluationForm | null; onDone: () => void }) {
  const { t } = useTranslation();
  const { create, update } = useCatalogMutations('evaluation-forms');
  const save = form ? update : create;
  const [name, setName] = useState(form?.name ?? '');
  const [questions, setQuestions] = useState<Question[]>(form?.questions.map((q) => ({ ...q })) ?? [{ text: '', kind: 'rating' }]);
  const nameError = save.error instanceof ApiError ? save.error.fieldErrors.name : undefined;
  const listError = save.error instanceof ApiError ? save.error.detailList.find((d) => String(d.field ?? '').replace(/^body\./, '') === 'questions')?.message : undefined;

  const setQ = (i: number, patch: Partial<Question>) => setQuestions((qs) => qs.map((q, j) => (j === i ? { ...q, ...patch } : q)));
  const move = (i: number, by: number) =>
    setQuestions((qs) => {
      const next = [...qs];
      const [q] = next.splice(i, 1);
      next.splice(i + by, 0, q!);
      return next;
    });

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const body = { name: name.trim(), questions: questions.map((q) => ({ ...(q.id ? { id: q.id } : {}), text: q.text.trim(), kind: q.kind })) };
        const done = {
          onSuccess: () => {
            notifySuccess(t('common.saved'));
            onDone();
          },
        };
        if (form) update.mutate({ id: form.id, ...body }, done);
        else create.mutate(body, done);
      }}
    >
      <Stack>
        <TextInput label={t('recruiting.fields.name')} required value={name} onChange={(e) => setName(e.currentTarget.value)} error={nameError} data-testid="evaluation-forms-name" />
        <Text fw={600} size="sm">
          {t('recruiting.forms.questions')}
        </Text>
        {listError && (
          <Text c="red" size="sm" role="alert">
            {listError}
          </Text>
        )}
        <Stack gap="xs" data-testid="questions-editor">
          {questions.map((q, i) => (
            <Paper key={i} withBorder p="xs" data-testid="question-row">
              <Group align="flex-end" wrap="nowrap" gap="xs">
                <TextInput
                  style={{ flex: 1 }}
                  label={t('recruiting.forms.questionText', { n: i + 1 })}
                  required
                  value={q.text}
                  onChange={(e) => setQ(i, { text: e.currentTarget.value })}
                  error={questionError(save.error, i, 'text')}
                  data-testid="question-text"
                />
                <NativeSelect
                  label={t('recruiting.forms.kind')}
                  value={q.kind}
                  onChange={(e) => setQ(i, { kind: e.currentTarget.value as Question['kind'] })}
                  data={QUESTION_KINDS.map((k) => ({ value: k, label: t(`recruiting.forms.kinds.${k}`) }))}
                  error={questionError(save.error, i, 'kind')}
                  data-testid="question-kind"
                />
                <ActionIcon variant="subtle" disabled={i === 0} onClick={() => move(i, -1)} aria-label={t('recruiting.forms.moveUp', { n: i + 1 })} mb={4}>
                  <IconArrowUp size={16} />
                </ActionIcon>
                <ActionIcon variant="subtle" disabled={i === questions.length - 1} onClick={() => move(i, 1)} aria-label={t('recruiting.forms.moveDown', { n: i + 1 })} mb={4}>
                  <IconArrowDown size={16} />
                </ActionIcon>
                <ActionIcon variant="subtle" color="red" onClick={() => setQuestions((qs) => qs.filter((_, j) => j !== i))} aria-label={t('recruiting.forms.remove', { n: i + 1 })} mb={4} data-testid="question-remove">
                  <IconTrash size={16} />
                </ActionIcon>
              </Group>
            </Paper>
          ))}
        </Stack>
        <Group>
          <Button variant="light" leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setQuestions((qs) => [...qs, { text: '', kind: 'text' }])} data-testid="question-add">
            {t('recruiting.forms.addQuestion')}
          </Button>
        </Group>
        <ErrorAlert error={save.error} hideFields={['name', 'questions', 'text', 'kind']} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="evaluation-forms-submit">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
