import { Button, Checkbox, Fieldset, Group, Paper, SimpleGrid, Stack, Switch, TagsInput, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/client';
import { type Integration, type IntegrationSettings, useUpdateIntegration } from '../../../api/integrations';
import { ErrorAlert } from '../../../components/error-alert';
import { notifySuccess } from '../../../lib/notify';
import { DateField, TimeField } from '../../../components/date-time-fields';
import { AttendanceExportSettings } from '../attendance-export-settings';

const CONTRACT_FIELDS = ['function', 'endDates', 'contractHours', 'hourlyWages'] as const;
const EMPLOYEE_FIELDS = ['birthDate', 'address', 'phone'] as const;
const TIME_EXCHANGE = ['attendances', 'absences'] as const;

type Form = { name: string } & IntegrationSettings;
const toForm = (i: Integration): Form => ({ name: i.name, ...i.settings, syncStartDate: i.settings.syncStartDate ?? '' });

/** F-11: name, synced contract and employee fields, auto-add, notification addresses, nightly time, start date. */
export function ConfigurationTab({ integration }: { integration: Integration }) {
  const { t } = useTranslation();
  const update = useUpdateIntegration(integration.id);
  const [form, setForm] = useState<Form>(() => toForm(integration));
  useEffect(() => setForm(toForm(integration)), [integration]);

  const errors = update.error instanceof ApiError ? update.error.fieldErrors : {};
  const errorFor = (prefix: string) => Object.entries(errors).find(([k]) => k === prefix || k.startsWith(`${prefix}.`))?.[1];
  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((f) => ({ ...f, [key]: value }));

  return (
    <Paper withBorder p="md" radius="md">
      <form noValidate
        onSubmit={(e) => {
          e.preventDefault();
          // The absence type mapping has its own section and endpoint (absence-import-section.tsx).
          const { name, absenceImport: _absenceImport, ...settings } = form;
          update.mutate(
            { name: name.trim(), settings: { ...settings, syncStartDate: settings.syncStartDate || null, notificationEmails: settings.notificationEmails.map((m) => m.trim()).filter(Boolean) } },
            { onSuccess: () => notifySuccess(t('common.saved')) },
          );
        }}
        data-testid="config-form"
      >
        <Stack maw={820}>
          <TextInput label={t('integrations.fields.name')} required value={form.name} onChange={(e) => set('name', e.currentTarget.value)} error={errorFor('name')} data-testid="config-name" />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Fieldset legend={t('integrations.config.contractFields')}>
              <Stack gap="xs">
                {CONTRACT_FIELDS.map((f) => (
                  <Checkbox
                    key={f}
                    label={t(`integrations.config.contract.${f}`)}
                    checked={form.contractFields[f]}
                    onChange={(e) => set('contractFields', { ...form.contractFields, [f]: e.currentTarget.checked })}
                    data-testid={`config-contract-${f}`}
                  />
                ))}
              </Stack>
            </Fieldset>
            <Fieldset legend={t('integrations.config.employeeFields')}>
              <Stack gap="xs">
                {EMPLOYEE_FIELDS.map((f) => (
                  <Checkbox
                    key={f}
                    label={t(`integrations.config.employee.${f}`)}
                    checked={form.employeeFields[f]}
                    onChange={(e) => set('employeeFields', { ...form.employeeFields, [f]: e.currentTarget.checked })}
                    data-testid={`config-employee-${f}`}
                  />
                ))}
              </Stack>
            </Fieldset>
          </SimpleGrid>
          <Fieldset legend={t('integrations.config.timeExchange')}>
            <Stack gap="xs">
              {TIME_EXCHANGE.map((f) => (
                <Checkbox
                  key={f}
                  label={t(`integrations.config.time.${f}`)}
                  checked={form.timeExchange[f]}
                  onChange={(e) => set('timeExchange', { ...form.timeExchange, [f]: e.currentTarget.checked })}
                  data-testid={`config-time-${f}`}
                />
              ))}
              <Text size="xs" c="dimmed">
                {t('integrations.config.timeExchangeHint')}
              </Text>
            </Stack>
          </Fieldset>
          {integration.vendor === 'personio' && (
            <AttendanceExportSettings value={form.attendanceExport} onChange={(v) => set('attendanceExport', v)} error={errorFor('settings.attendanceExport')} />
          )}
          <Switch
            label={t('integrations.config.autoAdd')}
            description={t('integrations.config.autoAddHint')}
            checked={form.autoAddEmployees}
            onChange={(e) => set('autoAddEmployees', e.currentTarget.checked)}
            data-testid="config-autoAdd"
          />
          <TagsInput
            label={t('integrations.config.notificationEmails')}
            description={t('integrations.config.notificationEmailsHint')}
            placeholder={t('integrations.config.notificationEmailsPlaceholder')}
            value={form.notificationEmails}
            onChange={(v) => set('notificationEmails', v)}
            splitChars={[',', ' ', ';']}
            clearable
            inputWrapperOrder={['label', 'input', 'description', 'error']}
            error={errorFor('settings.notificationEmails')}
            data-testid="config-emails"
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TimeField
              label={t('integrations.config.syncTime')}
              description={t('integrations.config.syncTimeHint')}
              required
              value={form.syncTime}
              onChange={(e) => set('syncTime', e.currentTarget.value)}
              error={errorFor('settings.syncTime')}
              data-testid="config-syncTime"
            />
            <DateField
              label={t('integrations.config.syncStartDate')}
              description={t('integrations.config.syncStartDateHint')}
              value={form.syncStartDate ?? ''}
              onChange={(e) => set('syncStartDate', e.currentTarget.value)}
              error={errorFor('settings.syncStartDate')}
              data-testid="config-syncStartDate"
            />
          </SimpleGrid>
          {update.error && <ErrorAlert error={update.error} />}
          <Group justify="flex-end">
            <Button type="submit" loading={update.isPending} data-testid="config-save">
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
