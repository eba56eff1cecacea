import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useIntegration, useIntegrationVendors, useUpdateIntegration } from '../../api/integrations';
import { useStartAuthorization } from '../../api/integration-authorization';
import { ErrorAlert } from '../../components/error-alert';
import { notifySuccess } from '../../lib/notify';
import { connectErrorView } from './connect-error';
import { CredentialFields } from './credential-fields';
import { VendorLoginPageButton } from './vendor-login-page';

/** F-10 / F-19: new credentials (and optionally another base URL), verified live before they are stored. */
export function ReconnectModal({ integrationId, opened, onClose }: { integrationId: string; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const query = useIntegration(integrationId);
  const integration = query.data;
  const vendors = useIntegrationVendors();
  const vendor = vendors.data?.find((v) => v.vendor === integration?.vendor);
  const fields = vendor?.credentialFields ?? ['clientId', 'clientSecret'];
  const update = useUpdateIntegration(integrationId);
  const [values, setValues] = useState<Record<string, string>>({});
  const [baseUrl, setBaseUrl] = useState('');

  useEffect(() => {
    if (opened) {
      setValues({});
      setBaseUrl(integration?.baseUrl ?? vendor?.defaultBaseUrl ?? '');
      update.reset();
    }
  }, [opened, integration?.baseUrl]);

  const consent = useStartAuthorization();
  const { fieldErrors, hideFields } = connectErrorView(update.error);
  if (vendor?.connectVia === 'consent' && integration) {
    // Nmbrs: the stored subscription key and client are kept; only the consent is given again.
    return (
      <Modal opened={opened} onClose={onClose} title={t('integrations.reconnect.title', { name: integration.name })} centered size="lg">
        <Stack>
          <Text size="sm">{t('integrations.consent.reconnectIntro', { vendor: integration.vendorLabel })}</Text>
          {consent.error && <ErrorAlert error={consent.error} title={t('integrations.connect.failed')} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button loading={consent.isPending} onClick={() => consent.mutate({ vendor: 'nmbrs', integrationId })} data-testid="reconnect-consent">
              {t('integrations.consent.submit', { vendor: integration.vendorLabel })}
            </Button>
          </Group>
        </Stack>
      </Modal>
    );
  }
  return (
    <Modal opened={opened} onClose={onClose} title={t('integrations.reconnect.title', { name: integration?.name ?? '…' })} centered size="lg">
      <form noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const body: { credentials: Record<string, string>; baseUrl?: string } = { credentials: values };
          if (baseUrl.trim() && baseUrl.trim() !== integration?.baseUrl) body.baseUrl = baseUrl.trim();
          update.mutate(body, {
            onSuccess: () => {
              notifySuccess(t('integrations.reconnect.done'));
              onClose();
            },
          });
        }}
      >
        <Stack>
          <Text size="sm">{t('integrations.reconnect.intro', { vendor: integration?.vendorLabel ?? vendor?.label ?? '' })}</Text>
          {/* Loket: or log in at Loket again (the same authorization-code flow as connecting). */}
          {vendor?.loginPage && integration && <VendorLoginPageButton vendor={vendor.vendor} label={vendor.label} baseUrl={baseUrl} integrationId={integrationId} />}
          <CredentialFields fields={fields} values={values} onChange={(f, v) => setValues((prev) => ({ ...prev, [f]: v }))} errors={fieldErrors} testIdPrefix="reconnect" />
          <TextInput
            label={t('integrations.connect.baseUrl')}
            description={t('integrations.connect.baseUrlHint')}
            value={baseUrl}
            onChange={(e) => setBaseUrl(e.currentTarget.value)}
            type="url"
            spellCheck={false}
            error={fieldErrors.baseUrl}
            data-testid="reconnect-baseUrl"
          />
          {query.error && <ErrorAlert error={query.error} />}
          {update.error && <ErrorAlert error={update.error} hideFields={hideFields} title={t('integrations.connect.failed')} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={update.isPending} data-testid="reconnect-submit">
              {t('integrations.reconnect.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
