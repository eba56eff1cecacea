import { PasswordInput, TextInput } from '@mantine/core';
import type { ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';

const isSecret = (field: string) => /secret|password|token/i.test(field);

/** The vendor's credential inputs (Personio: Client ID, Client secret), named as /integration-vendors lists them. */
export function CredentialFields({
  fields,
  values,
  onChange,
  errors,
  testIdPrefix,
}: {
  fields: string[];
  values: Record<string, string>;
  onChange: (field: string, value: string) => void;
  errors?: Record<string, string>;
  testIdPrefix: string;
}) {
  const { t } = useTranslation();
  return (
    <>
      {fields.map((f) => {
        const common = {
          label: t(`integrations.credentialFields.${f}`, { defaultValue: f }),
          required: true,
          autoComplete: 'off',
          value: values[f] ?? '',
          onChange: (e: ChangeEvent<HTMLInputElement>) => onChange(f, e.currentTarget.value),
          error: errors?.[f],
          'data-testid': `${testIdPrefix}-${f}`,
        };
        return isSecret(f) ? <PasswordInput key={f} {...common} autoComplete="new-password" /> : <TextInput key={f} {...common} spellCheck={false} />;
      })}
    </>
  );
}
