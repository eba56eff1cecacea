import { Alert, Badge, Tooltip } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { type AbsenceTypeLock, useAbsenceTypeLocks } from '../../api/absence-import';

/**
 * The absence types an HR system manages while its absence import is on (F-22): their absences cannot be
 * added, changed or deleted in Koppel (the API refuses with `absence_type_synced`); the UI disables that and
 * says why. "Not plannable" types are never locked.
 */
export function useAbsenceLocks(): (absenceTypeId: string | null | undefined) => AbsenceTypeLock | undefined {
  const locks = useAbsenceTypeLocks().data ?? [];
  return (id) => (id ? locks.find((l) => l.absenceTypeId === id) : undefined);
}

export function AbsenceLockNotice() {
  const { t } = useTranslation();
  const locks = useAbsenceTypeLocks().data ?? [];
  if (locks.length === 0) return null;
  const byIntegration = new Map<string, string[]>();
  for (const l of locks) byIntegration.set(l.integrationName, [...(byIntegration.get(l.integrationName) ?? []), l.absenceTypeName]);
  return (
    <>
      {[...byIntegration].map(([integration, types]) => (
        <Alert key={integration} color="blue" variant="light" mb="md" icon={<IconLock aria-hidden />} data-testid="absence-lock-notice">
          {t('absenceImport.locked.notice', { types: types.join(', '), integration })}
        </Alert>
      ))}
    </>
  );
}

export function AbsenceLockBadge({ lock }: { lock: AbsenceTypeLock }) {
  const { t } = useTranslation();
  const reason = t('absenceImport.locked.row', { integration: lock.integrationName });
  return (
    <Tooltip label={reason}>
      <Badge variant="light" color="gray" tt="none" leftSection={<IconLock size={12} aria-hidden />} ml="xs" data-testid="absence-locked" aria-label={reason}>
        {lock.integrationName}
      </Badge>
    </Tooltip>
  );
}
