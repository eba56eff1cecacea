import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ApprovalStatus, EmployeeStatus } from '../api/types';

const approvalColor: Record<ApprovalStatus, string> = { pending: 'yellow', approved: 'green', rejected: 'red' };

export function ApprovalBadge({ status, testId }: { status: ApprovalStatus; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Badge color={approvalColor[status] ?? 'gray'} variant="light" data-testid={testId} data-status={status} style={{ minWidth: 'max-content' }}>
      {t(`status.${status}`)}
    </Badge>
  );
}

export function EmployeeStatusBadge({ status }: { status: EmployeeStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={status === 'active' ? 'green' : 'gray'} variant="light" style={{ minWidth: 'max-content' }}>
      {t(`employeeStatus.${status}`)}
    </Badge>
  );
}

/** Manual employees are visibly marked; synced ones show their integration. */
export function SourceBadge({ source }: { source: string }) {
  const { t } = useTranslation();
  if (source === 'manual')
    return (
      <Badge color="grape" variant="outline" data-testid="manual-badge" style={{ minWidth: 'max-content' }}>
        {t('employees.manual')}
      </Badge>
    );
  return (
    <Badge color="blue" variant="outline" style={{ minWidth: 'max-content' }}>
      {t(`sources.${source}`, { defaultValue: source })}
    </Badge>
  );
}
