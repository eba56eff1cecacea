import { Alert, List, Text } from '@mantine/core';
import { IconLock, IconUserCog } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/**
 * Vendor-specific notes on the connect form (Loket.nl, issue 11): that the login is used once and never
 * stored, and the seed's steps to create the webservice user in the vendor. Nothing for a vendor without them.
 */
export function VendorConnectHelp({ vendor }: { vendor: string }) {
  const { t } = useTranslation();
  const steps = t(`integrations.connect.help.${vendor}.steps`, { returnObjects: true, defaultValue: [] }) as unknown;
  const notStored = t(`integrations.connect.help.${vendor}.notStored`, { defaultValue: '' });
  if (!notStored && !(Array.isArray(steps) && steps.length > 0)) return null;
  return (
    <>
      {notStored && (
        <Alert color="green" variant="light" icon={<IconLock aria-hidden />} data-testid="connect-not-stored">
          {notStored}
        </Alert>
      )}
      {Array.isArray(steps) && steps.length > 0 && (
        <Alert color="blue" variant="light" icon={<IconUserCog aria-hidden />} title={t(`integrations.connect.help.${vendor}.title`)} data-testid="connect-help">
          <List size="sm" type="ordered">
            {(steps as string[]).map((s) => (
              <List.Item key={s}>{s}</List.Item>
            ))}
          </List>
          <Text size="sm" mt="xs">
            {t(`integrations.connect.help.${vendor}.environment`)}
          </Text>
        </Alert>
      )}
    </>
  );
}
