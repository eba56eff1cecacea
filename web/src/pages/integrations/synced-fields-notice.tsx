import { Alert } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useEmployeeSyncStatus } from '../../api/integrations';

/**
 * F-14: "edits to synced fields warn that the next sync overwrites them". Shown above the employee
 * form (entity "employee") and the contract form (entity "contract" with the contract's id; only a
 * contract an integration syncs into warns). Renders nothing for an employee no active integration
 * is linked to — whether the sync added the employee or linked an existing one.
 */
export function SyncedFieldsNotice({ employeeId, entity, contractId }: { employeeId: string; entity: 'employee' | 'contract'; contractId?: string | null }) {
  const { t } = useTranslation();
  const status = useEmployeeSyncStatus(employeeId);
  const s = status.data;
  if (!s?.synced) return null;
  if (entity === 'contract' && !(contractId && s.contractIds.includes(contractId))) return null;
  const fields = entity === 'employee' ? s.employeeFields : s.contractFields;
  if (fields.length === 0) return null;
  const integrations = s.integrations.filter((i) => i.active).map((i) => i.name);
  return (
    <Alert color="yellow" variant="light" mb="md" icon={<IconAlertTriangle aria-hidden />} data-testid={`synced-fields-notice-${entity}`} data-fields={fields.join(',')}>
      {t(`integrations.syncedNotice.${entity}`, {
        integrations: integrations.join(', '),
        fields: fields.map((f) => t(`integrations.diffFields.${f}`, { defaultValue: f })).join(', '),
      })}
    </Alert>
  );
}
