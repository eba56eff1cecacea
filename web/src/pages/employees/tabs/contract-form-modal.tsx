import { SyncedFieldsNotice } from '../../integrations/synced-fields-notice';
import { Button, Group, Modal, NativeSelect, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useLookup, useSaveContract } from '../../../api/hooks';
import type { Contract } from '../../../api/types';
import { ErrorAlert } from '../../../components/error-alert';
import { todayLocal } from '../../../lib/format';
import { notifySuccess } from '../../../lib/notify';
import { emptyToNull, fieldError, numberOrNull, useFormState } from '../../../lib/use-form-state';
import { DateField } from '../../../components/date-time-fields';

type Values = {
  contractTypeId: string;
  departmentId: string;
  functionId: string;
  company: string;
  startDate: string;
  endDate: string;
  weeklyHours: string;
  hourlyWage: string;
};

const toValues = (c: Contract | null): Values => ({
  contractTypeId: c?.contractTypeId ?? '',
  departmentId: c?.departmentId ?? '',
  functionId: c?.functionId ?? '',
  company: c?.company ?? '',
  startDate: c?.startDate ?? todayLocal(),
  endDate: c?.endDate ?? '',
  weeklyHours: c ? String(c.weeklyHours ?? '') : '',
  hourlyWage: c?.hourlyWage === null || c?.hourlyWage === undefined ? '' : String(c.hourlyWage),
});

const FIELDS = ['contractTypeId', 'departmentId', 'functionId', 'company', 'startDate', 'endDate', 'weeklyHours', 'hourlyWage'];

export function ContractFormModal({ employeeId, contract, opened, onClose }: { employeeId: string; contract: Contract | null; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const form = useFormState<Values>(toValues(contract));
  const save = useSaveContract(employeeId);
  const types = useLookup('contract-types');
  const departments = useLookup('departments');
  const functions = useLookup('functions');

  useEffect(() => {
    if (opened) {
      form.reset(toValues(contract));
      save.reset();
    }
  }, [opened, contract]);

  const options = (items: { id: string; name: string }[] | undefined) => [
    { value: '', label: t('common.none') },
    ...(items ?? []).map((i) => ({ value: i.id, label: i.name })),
  ];
  const err = (f: string) => fieldError(save.error, f);

  return (
    <Modal opened={opened} onClose={onClose} title={contract ? t('contracts.edit') : t('contracts.add')} size="lg">
      <form noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const v = form.values;
          save.mutate(
            {
              ...(contract ? { id: contract.id } : {}),
              contractTypeId: emptyToNull(v.contractTypeId),
              departmentId: emptyToNull(v.departmentId),
              functionId: emptyToNull(v.functionId),
              company: emptyToNull(v.company.trim()),
              startDate: v.startDate,
              endDate: emptyToNull(v.endDate),
              weeklyHours: numberOrNull(v.weeklyHours) ?? 0,
              hourlyWage: numberOrNull(v.hourlyWage),
            },
            {
              onSuccess: () => {
                notifySuccess(t('common.saved'));
                onClose();
              },
            },
          );
        }}
      >
        <Stack>
          {contract && <SyncedFieldsNotice employeeId={employeeId} entity="contract" contractId={contract.id} />}
          {(types.error || departments.error || functions.error) && <ErrorAlert error={types.error ?? departments.error ?? functions.error} />}
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <NativeSelect
              label={t('contracts.type')}
              data={options(types.data?.items)}
              {...form.bind('contractTypeId')}
              error={err('contractTypeId')}
              data-testid="contract-type"
            />
            <NativeSelect
              label={t('contracts.department')}
              data={options(departments.data?.items)}
              {...form.bind('departmentId')}
              error={err('departmentId')}
              data-testid="contract-department"
            />
            <NativeSelect
              label={t('contracts.function')}
              data={options(functions.data?.items)}
              {...form.bind('functionId')}
              error={err('functionId')}
              data-testid="contract-function"
            />
          </SimpleGrid>
          <TextInput
            label={t('contracts.company')}
            description={t('contracts.companyHint')}
            maxLength={200}
            {...form.bind('company')}
            error={err('company')}
            data-testid="contract-company"
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <DateField label={t('contracts.startDate')} required {...form.bind('startDate')} error={err('startDate')} data-testid="contract-startDate" />
            <DateField label={t('contracts.endDate')} {...form.bind('endDate')} error={err('endDate')} description={t('contracts.endDateHint')} data-testid="contract-endDate" />
            <TextInput
              label={t('contracts.weeklyHours')}
              inputMode="decimal"
              required
              {...form.bind('weeklyHours')}
              error={err('weeklyHours')}
              data-testid="contract-weeklyHours"
            />
            <TextInput
              label={t('contracts.hourlyWage')}
              inputMode="decimal"
              leftSection="€"
              {...form.bind('hourlyWage')}
              error={err('hourlyWage')}
              data-testid="contract-hourlyWage"
            />
          </SimpleGrid>
          <ErrorAlert error={save.error} hideFields={FIELDS} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="contract-submit">
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
