import { Button, Stack, Text } from '@mantine/core';
import { IconLogin } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useStartAuthorization } from '../../api/integration-authorization';
import { ErrorAlert } from '../../components/error-alert';

/**
 * "Log in at Loket instead": the vendor's own login page through the one authorization-code flow (the same start
 * and callback page as Nmbrs' consent); the password never passes through Koppel. With `integrationId` it reconnects.
 */
export function VendorLoginPageButton({ vendor, label, name, baseUrl, integrationId }: { vendor: string; label: string; name?: string; baseUrl: string; integrationId?: string }) {
  const { t } = useTranslation();
  const start = useStartAuthorization();
  return (
    <Stack gap="xs">
      <Button
        variant="light"
        leftSection={<IconLogin size={16} aria-hidden />}
        loading={start.isPending}
        data-testid="connect-login-page"
        onClick={() =>
          start.mutate({
            vendor: vendor as 'loket',
            baseUrl: baseUrl.trim() || null,
            ...(integrationId ? { integrationId } : { name: name?.trim() || label }),
          })
        }
      >
        {t('integrations.connect.loginPage', { vendor: label })}
      </Button>
      <Text size="xs" c="dimmed">
        {t('integrations.connect.loginPageHint', { vendor: label })}
      </Text>
      {start.error && <ErrorAlert error={start.error} />}
    </Stack>
  );
}
