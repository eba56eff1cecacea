import { Alert, Button, Group, Modal, NativeSelect, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLookup, useSaveAbsence } from '../../api/hooks';
import { EmployeePicker } from '../../components/employee-picker';
import { ErrorAlert } from '../../components/error-alert';
import { todayLocal } from '../../lib/format';
import { notifySuccess } from '../../lib/notify';
import { emptyToNull, fieldError, numberOrNull, useFormState } from '../../lib/use-form-state';
import { DateField } from '../../components/date-time-fields';
import { sentDaysOf } from '../../api/outbound';
import { SentDayConfirm } from '../../components/sent-day-confirm';
import { useAbsenceLocks } from './absence-lock';

type Values = { employeeId: string; absenceTypeId: string; startDate: string; endDate: string; unit: string; hours: string; comment: string };
const FIELDS = ['employeeId', 'absenceTypeId', 'startDate', 'endDate', 'unit', 'hours', 'comment'];

export function AbsenceFormModal({ opened, onClose, employee }: { opened: boolean; onClose: () => void; employee?: { id: string; displayName: string } }) {
  const { t } = useTranslation();
  const types = useLookup('absence-types');
  const save = useSaveAbsence();
  const lockOf = useAbsenceLocks();
  // A type an HR system manages (absence import on) cannot be entered here: start with one that can.
  const open = (types.data?.items ?? []).filter((x) => !lockOf(x.id));
  const initial = (): Values => ({
    employeeId: employee?.id ?? '',
    absenceTypeId: open.find((x) => x.kind === 'vacation')?.id ?? open[0]?.id ?? '',
    startDate: todayLocal(),
    endDate: todayLocal(),
    unit: 'days',
    hours: '',
    comment: '',
  });
  const form = useFormState<Values>(initial());
  const [pickerError, setPickerError] = useState<string>();

  useEffect(() => {
    if (opened) {
      form.reset(initial());
      save.reset();
      setPickerError(undefined);
    }
  }, [opened, employee?.id, types.data]);

  const v = form.values;
  const err = (f: string) => fieldError(save.error, f);
  // F-25: a save on a day already sent comes back 409 period_sent; confirmed, the same body goes again with confirmCorrection.
  const lastBody = useRef<Record<string, unknown> | null>(null);
  const sentDays = sentDaysOf(save.error);
  const submit = (body: Record<string, unknown>) => {
    lastBody.current = body;
    save.mutate(body, {
      onSuccess: () => {
        notifySuccess(t('absences.saved'));
        onClose();
      },
    });
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('absences.add')} size="lg">
      <form noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!v.employeeId) return setPickerError(t('shifts.pickEmployee'));
          submit({
            employeeId: v.employeeId,
            absenceTypeId: v.absenceTypeId,
            startDate: v.startDate,
            endDate: v.endDate || v.startDate,
            unit: v.unit,
            hours: v.unit === 'hours' ? numberOrNull(v.hours) : null,
            comment: emptyToNull(v.comment),
          });
        }}
      >
        <Stack>
          {employee ? (
            <TextInput label={t('common.employee')} value={employee.displayName} readOnly variant="filled" />
          ) : (
            <EmployeePicker
              value={v.employeeId || null}
              onChange={(id) => {
                form.set('employeeId', id ?? '');
                setPickerError(undefined);
              }}
              required
              error={pickerError ?? err('employeeId')}
              testId="absence-employee"
            />
          )}
          {types.error && <ErrorAlert error={types.error} />}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NativeSelect
              label={t('absences.type')}
              required
              data={(types.data?.items ?? []).map((x) => {
                const lock = lockOf(x.id);
                return { value: x.id, label: lock ? `${x.name} (${t('absenceImport.locked.option', { integration: lock.integrationName })})` : x.name, disabled: !!lock };
              })}
              {...form.bind('absenceTypeId')}
              error={err('absenceTypeId')}
              data-testid="absence-type"
            />
            <NativeSelect
              label={t('absences.unit')}
              data={['days', 'half_day', 'hours'].map((u) => ({ value: u, label: t(`absenceUnits.${u}`) }))}
              {...form.bind('unit')}
              error={err('unit')}
              data-testid="absence-unit"
            />
            <DateField
              label={t('absences.startDate')}
              required
              value={v.startDate}
              onChange={(e) => {
                const next = e.currentTarget.value;
                form.setValues((p) => ({ ...p, startDate: next, endDate: !p.endDate || p.endDate < next ? next : p.endDate }));
              }}
              error={err('startDate')}
              data-testid="absence-startDate"
            />
            <DateField label={t('absences.endDate')} required {...form.bind('endDate')} error={err('endDate')} data-testid="absence-endDate" />
            {v.unit === 'hours' && (
              <TextInput label={t('absences.hours')} inputMode="decimal" required {...form.bind('hours')} error={err('hours')} data-testid="absence-hours" />
            )}
          </SimpleGrid>
          {lockOf(v.absenceTypeId) && (
            <Alert color="blue" variant="light" data-testid="absence-type-locked">
              {t('absenceImport.locked.formAlert', { integration: lockOf(v.absenceTypeId)!.integrationName })}
            </Alert>
          )}
          <Textarea label={t('absences.comment')} autosize minRows={1} {...form.bind('comment')} error={err('comment')} data-testid="absence-comment" />
          {!sentDays && <ErrorAlert error={save.error} hideFields={FIELDS} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} disabled={!!lockOf(v.absenceTypeId)} data-testid="absence-submit">
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
      <SentDayConfirm
        locks={sentDays}
        loading={save.isPending}
        onCancel={() => save.reset()}
        onConfirm={() => lastBody.current && submit({ ...lastBody.current, confirmCorrection: true })}
      />
    </Modal>
  );
}
