import { Button, Fieldset, Group, NativeSelect, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Employee } from '../../api/types';
import { ErrorAlert } from '../../components/error-alert';
import { fieldError, useFormState } from '../../lib/use-form-state';
import { DateField } from '../../components/date-time-fields';

export type EmployeeFormValues = {
  firstName: string;
  prefix: string;
  lastName: string;
  initials: string;
  email: string;
  bsn: string;
  personnelNumber: string;
  birthDate: string;
  street: string;
  houseNumber: string;
  postalCode: string;
  city: string;
  country: string;
  phone: string;
  status: 'active' | 'former';
  notes: string;
};

const FIELDS: (keyof EmployeeFormValues)[] = [
  'firstName', 'prefix', 'lastName', 'initials', 'email', 'bsn', 'personnelNumber', 'birthDate',
  'street', 'houseNumber', 'postalCode', 'city', 'country', 'phone', 'status', 'notes',
];

export function employeeToForm(e?: Employee | null): EmployeeFormValues {
  return {
    firstName: e?.firstName ?? '',
    prefix: e?.prefix ?? '',
    lastName: e?.lastName ?? '',
    initials: e?.initials ?? '',
    email: e?.email ?? '',
    bsn: '',
    personnelNumber: e?.personnelNumber ?? '',
    birthDate: e?.birthDate ?? '',
    street: e?.street ?? '',
    houseNumber: e?.houseNumber ?? '',
    postalCode: e?.postalCode ?? '',
    city: e?.city ?? '',
    country: e?.country ?? 'NL',
    phone: e?.phone ?? '',
    status: e?.status ?? 'active',
    notes: e?.notes ?? '',
  };
}

/** Request body: trimmed strings, empty optional fields as null; an empty BSN on edit keeps the stored one. */
export function formToBody(v: EmployeeFormValues, mode: 'create' | 'edit'): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const k of FIELDS) {
    const raw = typeof v[k] === 'string' ? v[k].trim() : v[k];
    if (k === 'bsn') {
      if (raw) body.bsn = String(raw).replace(/[\s.]/g, '');
      else if (mode === 'create') body.bsn = null;
      continue;
    }
    body[k] = raw === '' ? null : raw;
  }
  if (body.country) body.country = String(body.country).toUpperCase();
  return body;
}

type Props = {
  initial: EmployeeFormValues;
  mode: 'create' | 'edit';
  onSubmit: (v: EmployeeFormValues) => void;
  onCancel?: () => void;
  pending: boolean;
  error: unknown;
  hasBsn?: boolean;
};

export function EmployeeForm({ initial, mode, onSubmit, onCancel, pending, error, hasBsn }: Props) {
  const { t } = useTranslation();
  const form = useFormState<EmployeeFormValues>(initial);
  const err = (f: string) => fieldError(error, f);
  const input = (name: keyof EmployeeFormValues, extra: Record<string, unknown> = {}) => ({
    label: t(`employees.fields.${name}`),
    ...form.bind(name),
    error: err(name),
    'data-testid': `employee-${name}`,
    ...extra,
  });

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(form.values);
      }}
      noValidate={false}
    >
      <Stack>
        <Fieldset legend={t('employees.sections.name')}>
          <SimpleGrid cols={{ base: 1, sm: 4 }}>
            <TextInput {...input('firstName', { required: true, autoComplete: 'off' })} />
            <TextInput {...input('prefix', { description: t('employees.prefixHint') })} />
            <TextInput {...input('lastName', { required: true })} />
            <TextInput {...input('initials')} />
          </SimpleGrid>
        </Fieldset>
        <Fieldset legend={t('employees.sections.work')}>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput {...input('personnelNumber')} />
            <TextInput
              {...input('bsn', {
                inputMode: 'numeric',
                autoComplete: 'off',
                description: mode === 'edit' && hasBsn ? t('employees.bsnKeepHint') : t('employees.bsnHint'),
              })}
            />
            <NativeSelect
              {...input('status')}
              data={[
                { value: 'active', label: t('employeeStatus.active') },
                { value: 'former', label: t('employeeStatus.former') },
              ]}
            />
          </SimpleGrid>
        </Fieldset>
        <Fieldset legend={t('employees.sections.personal')}>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <DateField {...input('birthDate')} />
            <TextInput {...input('email', { type: 'email' })} />
            <TextInput {...input('phone', { type: 'tel' })} />
          </SimpleGrid>
        </Fieldset>
        <Fieldset legend={t('employees.sections.address')}>
          <SimpleGrid cols={{ base: 1, sm: 4 }}>
            <TextInput {...input('street')} />
            <TextInput {...input('houseNumber')} />
            <TextInput {...input('postalCode')} />
            <TextInput {...input('city')} />
            <TextInput {...input('country', { maxLength: 2, description: t('employees.countryHint') })} />
          </SimpleGrid>
        </Fieldset>
        <Textarea {...input('notes')} autosize minRows={2} />
        <ErrorAlert error={error} hideFields={FIELDS as string[]} />
        <Group justify="flex-end">
          {onCancel && (
            <Button variant="default" onClick={onCancel}>
              {t('common.cancel')}
            </Button>
          )}
          <Button type="submit" loading={pending} data-testid="employee-submit">
            {mode === 'create' ? t('employees.create') : t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
