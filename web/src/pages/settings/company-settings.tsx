import { Button, Group, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiError, api } from '../../api/client';
import { useApiMutation } from '../../api/hooks';
import type { BodyOf, ResponseOf } from '../../api/openapi-helpers';
import { useAuth } from '../../auth/auth-context';
import { ErrorAlert } from '../../components/error-alert';
import { QueryState } from '../../components/query-state';
import { notifySuccess } from '../../lib/notify';
import { fieldError, useFormState } from '../../lib/use-form-state';

type Company = ResponseOf<'/company'>;
type CompanyInput = BodyOf<'/company', 'patch'>;

/** Every IANA zone the browser knows, with the company's current one first if it is missing from the list. */
function zoneOptions(current: string): string[] {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return zones.includes(current) ? zones : [current, ...zones];
}

/** Settings → Organisation → Company: name, language, country and the time zone that decides the company's dates. */
export function CompanySettings() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const query = useQuery<Company, ApiError>({ queryKey: ['company'], queryFn: () => api.get<Company>('/company') });
  const save = useApiMutation((body: CompanyInput) => api.patch<Company>('/company', body), [['company'], ['auth']]);
  const form = useFormState<Company>({ name: '', locale: 'nl', country: 'NL', timeZone: 'Europe/Amsterdam' });
  // setValues is React's stable setter; the form is filled once per answer from the server, not on every render.
  const { setValues } = form;
  useEffect(() => {
    if (query.data) setValues(query.data);
  }, [query.data, setValues]);
  const zones = useMemo(() => zoneOptions(form.values.timeZone), [form.values.timeZone]);
  const readOnly = !can('admin');

  return (
    <QueryState isLoading={query.isLoading} error={query.error}>
      {
        <Paper withBorder p="md" maw={560}>
          <form noValidate
            onSubmit={(e) => {
              e.preventDefault();
              save.mutate(form.values, { onSuccess: () => notifySuccess(t('company.saved')) });
            }}
          >
            <Stack>
              <Text size="sm" c="dimmed">
                {t('company.intro')}
              </Text>
              <TextInput label={t('fields.name')} required disabled={readOnly} {...form.bind('name')} error={fieldError(save.error, 'name')} data-testid="company-name" />
              <Select
                label={t('company.language')}
                disabled={readOnly}
                data={(['nl', 'de', 'en'] as const).map((l) => ({ value: l, label: t(`company.languages.${l}`) }))}
                value={form.values.locale}
                onChange={(v) => v && form.set('locale', v as Company['locale'])}
                allowDeselect={false}
              />
              <Select
                label={t('company.country')}
                disabled={readOnly}
                data={(['NL', 'DE'] as const).map((c) => ({ value: c, label: t(`company.countries.${c}`) }))}
                value={form.values.country}
                onChange={(v) => v && form.set('country', v as Company['country'])}
                allowDeselect={false}
              />
              <Select
                label={t('company.timeZone')}
                description={t('company.timeZoneHelp')}
                disabled={readOnly}
                searchable
                data={zones}
                value={form.values.timeZone}
                onChange={(v) => v && form.set('timeZone', v)}
                allowDeselect={false}
                error={fieldError(save.error, 'timeZone')}
                data-testid="company-time-zone"
              />
              <ErrorAlert error={save.error} hideFields={['name', 'timeZone']} />
              {readOnly && (
                <Text size="xs" c="dimmed" data-testid="company-admin-only">
                  {t('company.adminOnly')}
                </Text>
              )}
              {!readOnly && (
                <Group justify="flex-end">
                  <Button type="submit" loading={save.isPending} data-testid="company-save">
                    {t('common.save')}
                  </Button>
                </Group>
              )}
            </Stack>
          </form>
        </Paper>
      }
    </QueryState>
  );
}
