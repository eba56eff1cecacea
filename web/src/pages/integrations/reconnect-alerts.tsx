import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { IconPlugConnectedX } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IntegrationHealth } from '../../api/integrations';
import { useAuth } from '../../auth/auth-context';
import { ReconnectModal } from './reconnect-modal';
import { runErrorText } from './sync-messages';

/** F-10 / F-19: "reconnect needed" is never silent — one alert per integration, with a way to enter new credentials. */
export function ReconnectAlerts({ health }: { health: Pick<IntegrationHealth, 'id' | 'name' | 'vendorLabel' | 'state' | 'detail' | 'active'>[] }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const [target, setTarget] = useState<string | null>(null);
  const broken = health.filter((h) => h.active && h.state === 'reconnect_needed');
  if (broken.length === 0) return null;
  return (
    <Stack gap="xs">
      {broken.map((h) => (
        <Alert key={h.id} color="orange" variant="light" icon={<IconPlugConnectedX aria-hidden />} title={t('integrations.reconnect.alertTitle', { name: h.name })} role="alert" data-testid="reconnect-alert">
          <Group justify="space-between" align="flex-end" wrap="wrap">
            <div>
              <Text size="sm">{t('integrations.reconnect.alertText', { vendor: h.vendorLabel })}</Text>
              {h.detail && h.detail !== 'reconnect_needed' && (
                <Text size="xs" c="dimmed" mt={4}>
                  {runErrorText(t, h.detail)?.text}
                </Text>
              )}
            </div>
            {can('hr') && (
              <Button color="orange" onClick={() => setTarget(h.id)} data-testid="reconnect-open">
                {t('integrations.reconnect.open')}
              </Button>
            )}
          </Group>
        </Alert>
      ))}
      {target && <ReconnectModal integrationId={target} opened onClose={() => setTarget(null)} />}
    </Stack>
  );
}
