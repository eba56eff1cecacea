import { Fieldset, Stack, Switch, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { IntegrationSettings } from '../../api/integrations';
import { DateField } from '../../components/date-time-fields';

type Value = IntegrationSettings['attendanceExport'];

/** F-21: the continuous export of approved hours (every hour, from a start date on), part of the configuration form. */
export function AttendanceExportSettings({ value, onChange, error }: { value: Value; onChange: (v: Value) => void; error?: string | undefined }) {
  const { t } = useTranslation();
  return (
    <Fieldset legend={t('hoursExport.settings.legend')} data-testid="config-attendance-export">
      <Stack gap="xs">
        <Switch
          label={t('hoursExport.settings.continuous')}
          description={t('hoursExport.settings.continuousHint')}
          checked={value.continuous}
          onChange={(e) => onChange({ ...value, continuous: e.currentTarget.checked })}
          data-testid="config-attendance-continuous"
        />
        <DateField
          label={t('hoursExport.settings.from')}
          description={t('hoursExport.settings.fromHint')}
          required={value.continuous}
          value={value.from ?? ''}
          onChange={(e) => onChange({ ...value, from: e.currentTarget.value || null })}
          error={error}
          data-testid="config-attendance-from"
        />
        {value.continuous && !value.from && (
          <Text size="xs" c="orange">
            {t('hoursExport.settings.needsDate')}
          </Text>
        )}
      </Stack>
    </Fieldset>
  );
}
