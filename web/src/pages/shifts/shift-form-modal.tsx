import { Alert, Button, Group, Modal, NativeSelect, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLookup, useSaveShift } from '../../api/hooks';
import type { Shift } from '../../api/types';
import { EmployeePicker } from '../../components/employee-picker';
import { ErrorAlert } from '../../components/error-alert';
import { formatHours, formatTime, shiftHours, todayLocal } from '../../lib/format';
import { notifySuccess } from '../../lib/notify';
import { emptyToNull, fieldError, useFormState } from '../../lib/use-form-state';
import { ShiftComponents, ShiftDepartment, shiftEmployeeName } from './shift-table';
import { DateField, TimeField } from '../../components/date-time-fields';
import { sentDaysOf } from '../../api/outbound';
import { SentDayConfirm } from '../../components/sent-day-confirm';

type Values = {
  employeeId: string;
  date: string;
  startTime: string;
  endTime: string;
  breakMinutes: string;
  departmentId: string;
  hourComponentId: string;
  note: string;
  reason: string;
};

const toValues = (s: Shift | null, employeeId?: string): Values => ({
  employeeId: s?.employeeId ?? employeeId ?? '',
  date: s?.date ?? todayLocal(),
  startTime: s ? formatTime(s.startTime) : '09:00',
  endTime: s ? formatTime(s.endTime) : '17:00',
  breakMinutes: s ? String(s.breakMinutes) : '30',
  departmentId: s?.departmentId ?? '',
  hourComponentId: s?.hourComponentId ?? '',
  note: s?.note ?? '',
  reason: '',
});

const FIELDS = ['employeeId', 'date', 'startTime', 'endTime', 'breakMinutes', 'departmentId', 'hourComponentId', 'note', 'reason'];

type Props = {
  opened: boolean;
  onClose: () => void;
  shift: Shift | null;
  /** Fixed employee (on the employee page); otherwise a server-side search picker is shown. */
  employee?: { id: string; displayName: string };
};

export function ShiftFormModal({ opened, onClose, shift, employee }: Props) {
  const { t } = useTranslation();
  const form = useFormState<Values>(toValues(shift, employee?.id));
  const save = useSaveShift();
  const departments = useLookup('departments');
  const components = useLookup('hour-components');
  const [pickerError, setPickerError] = useState<string | undefined>();
  // F-25: a save on a day already sent comes back 409 period_sent; confirmed, the same body goes again with confirmCorrection.
  const lastBody = useRef<Record<string, unknown> | null>(null);
  const sentDays = sentDaysOf(save.error);
  const submit = (body: Record<string, unknown>) => {
    lastBody.current = body;
    save.mutate(body, {
      onSuccess: () => {
        notifySuccess(t('shifts.saved'));
        onClose();
      },
    });
  };

  useEffect(() => {
    if (opened) {
      form.reset(toValues(shift, employee?.id));
      save.reset();
      setPickerError(undefined);
    }
  }, [opened, shift, employee?.id]);

  const v = form.values;
  const err = (f: string) => fieldError(save.error, f);
  const hours = /^\d{2}:\d{2}$/.test(v.startTime) && /^\d{2}:\d{2}$/.test(v.endTime) ? shiftHours(v.startTime, v.endTime, Number(v.breakMinutes) || 0) : null;
  const fixedName = employee?.displayName ?? (shift ? shiftEmployeeName(shift) : null);
  const correcting = shift?.status === 'approved';

  return (
    <Modal opened={opened} onClose={onClose} title={shift ? t('shifts.edit') : t('shifts.add')} size="lg">
      <form noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!v.employeeId) {
            setPickerError(t('shifts.pickEmployee'));
            return;
          }
          submit({
            ...(shift ? { id: shift.id } : { employeeId: v.employeeId }),
            date: v.date,
            startTime: v.startTime,
            endTime: v.endTime,
            breakMinutes: Number(v.breakMinutes) || 0,
            departmentId: emptyToNull(v.departmentId),
            hourComponentId: emptyToNull(v.hourComponentId),
            note: emptyToNull(v.note),
            ...(correcting ? { reason: v.reason.trim() } : {}),
          });
        }}
      >
        <Stack>
          {correcting && (
            <Alert color="orange" variant="light" title={t('shifts.correctionTitle')} data-testid="shift-correction-note">
              {t('shifts.correctionHint')}
            </Alert>
          )}
          {fixedName && (shift || employee) ? (
            <TextInput label={t('common.employee')} value={fixedName} readOnly variant="filled" data-testid="shift-employee-fixed" />
          ) : (
            <EmployeePicker
              value={v.employeeId || null}
              onChange={(id) => {
                form.set('employeeId', id ?? '');
                setPickerError(undefined);
              }}
              required
              error={pickerError ?? err('employeeId')}
              testId="shift-employee"
            />
          )}
          <SimpleGrid cols={{ base: 1, sm: 4 }}>
            <DateField label={t('shifts.date')} required {...form.bind('date')} error={err('date')} data-testid="shift-date" />
            <TimeField label={t('shifts.start')} required {...form.bind('startTime')} error={err('startTime')} data-testid="shift-start" />
            <TimeField label={t('shifts.end')} required {...form.bind('endTime')} error={err('endTime')} data-testid="shift-end" />
            <TextInput
              label={t('shifts.breakMinutes')}
              type="number"
              min={0}
              step={5}
              {...form.bind('breakMinutes')}
              error={err('breakMinutes')}
              data-testid="shift-break"
            />
          </SimpleGrid>
          {hours !== null && (
            <Text size="sm" c="dimmed" aria-live="polite">
              {t('shifts.hoursPreview', { hours: formatHours(hours) })}
            </Text>
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NativeSelect
              label={t('shifts.department')}
              data={[{ value: '', label: t('common.none') }, ...(departments.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))]}
              {...form.bind('departmentId')}
              error={err('departmentId')}
              data-testid="shift-department"
            />
            <NativeSelect
              label={t('shifts.hourComponent')}
              description={t('shifts.hourComponentHint')}
              data={[
                { value: '', label: t('shifts.byRules') },
                ...(components.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.code} · ${c.name}` })),
              ]}
              {...form.bind('hourComponentId')}
              error={err('hourComponentId')}
              data-testid="shift-hourComponent"
            />
          </SimpleGrid>
          {shift && (
            <Group gap="xs" data-testid="shift-booking">
              <Text size="sm" c="dimmed">
                {t('shifts.bookedAs')}:
              </Text>
              <ShiftComponents shift={shift} />
              <Text size="sm" c="dimmed">
                ·
              </Text>
              <Text size="sm">
                <ShiftDepartment shift={shift} />
              </Text>
            </Group>
          )}
          <Textarea label={t('shifts.note')} autosize minRows={1} {...form.bind('note')} error={err('note')} data-testid="shift-note" />
          {correcting && (
            <Textarea
              label={t('shifts.reason')}
              description={t('shifts.reasonHint')}
              withAsterisk
              autosize
              minRows={2}
              maxLength={500}
              {...form.bind('reason')}
              error={err('reason')}
              data-testid="shift-reason"
            />
          )}
          {!sentDays && <ErrorAlert error={save.error} hideFields={FIELDS} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="shift-submit">
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
