import { Badge, type BadgeProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { HealthState, RunMode, RunStatus } from '../../api/integrations';

const healthColor: Record<HealthState, string> = { healthy: 'green', warnings: 'yellow', failing: 'red', reconnect_needed: 'orange' };

/** F-19 state of one integration; a deactivated one shows that instead. */
export function HealthBadge({ state, active = true, testId, size }: { state: HealthState; active?: boolean; testId?: string; size?: BadgeProps['size'] }) {
  const { t } = useTranslation();
  if (!active) {
    return (
      <Badge color="gray" variant="light" data-testid={testId} data-state="inactive" size={size} style={{ minWidth: 'max-content' }}>
        {t('integrations.inactive')}
      </Badge>
    );
  }
  return (
    <Badge color={healthColor[state] ?? 'gray'} variant="light" data-testid={testId} data-state={state} size={size} style={{ minWidth: 'max-content' }}>
      {t(`integrations.health.${state}`)}
    </Badge>
  );
}

const runColor: Record<RunStatus, string> = { queued: 'gray', running: 'blue', succeeded: 'green', failed: 'red' };

export function RunStatusBadge({ status, testId }: { status: RunStatus; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Badge color={runColor[status] ?? 'gray'} variant="light" data-testid={testId} data-status={status} style={{ minWidth: 'max-content' }}>
      {t(`integrations.runStatus.${status}`)}
    </Badge>
  );
}

const modeColor: Record<RunMode, string> = { preview: 'cyan', apply: 'blue', undo: 'grape' };

export function RunModeBadge({ mode }: { mode: RunMode }) {
  const { t } = useTranslation();
  return (
    <Badge color={modeColor[mode] ?? 'gray'} variant="outline" style={{ minWidth: 'max-content' }}>
      {t(`integrations.runMode.${mode}`)}
    </Badge>
  );
}
