import { Alert } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useEmployeeSyncStatus } from '../../api/integrations';
import { noticeFields } from './synced-fields';

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
  const { fields, contractFields, vendorOnly } = noticeFields(s, entity, contractId);
  if (!s || fields.length === 0) return null;
  const integrations = s.integrations.filter((i) => i.active).map((i) => i.name);
  const names = (list: string[]) => list.map((f) => t(`integrations.diffFields.${f}`, { defaultValue: f })).join(', ');
  return (
    <Alert color="yellow" variant="light" mb="md" icon={<IconAlertTriangle aria-hidden />} data-testid={`synced-fields-notice-${entity}`} data-fields={fields.join(',')}>
      {t(`integrations.syncedNotice.${entity}`, { integrations: integrations.join(', '), fields: names(fields) })}
      {contractFields.length > 0 && (
        <span data-testid="synced-fields-notice-contracts" data-fields={contractFields.join(',')}>
          {' '}
          {t('integrations.syncedNotice.employeeContracts', { integrations: integrations.join(', '), fields: names(contractFields) })}
        </span>
      )}
      {vendorOnly.length > 0 && (
        <span data-testid="synced-fields-notice-vendor-only" data-fields={vendorOnly.join(',')}>
          {' '}
          {t('integrations.syncedNotice.vendorOnly', { integrations: integrations.join(', '), fields: names(vendorOnly) })}
        </span>
      )}
    </Alert>
  );
}
