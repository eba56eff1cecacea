import { Alert, Anchor, Breadcrumbs, Button, Group, List, Paper, Stack, Text, TextInput } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useCreateIntegration, useIntegrationVendors } from '../../api/integrations';
import { useStartAuthorization } from '../../api/integration-authorization';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { QueryState } from '../../components/query-state';
import { notifySuccess } from '../../lib/notify';
import { connectErrorView } from './connect-error';
import { CredentialFields } from './credential-fields';
import { VendorConnectHelp } from './vendor-connect-help';
import { VendorLoginPageButton } from './vendor-login-page';

/** F-10: "+ Add a Personio integration" — credentials are verified live by the server before anything is saved. */
export function IntegrationConnectPage() {
  const { t } = useTranslation();
  const { vendor: vendorKey = '' } = useParams();
  const navigate = useNavigate();
  const vendors = useIntegrationVendors();
  // A vendor still to come cannot be connected, even by typing its address.
  const vendor = vendors.data?.find((v) => v.vendor === vendorKey && !v.comingSoon);
  const create = useCreateIntegration();
  // Nmbrs: the form, then the vendor's consent page (the server keeps the form encrypted meanwhile).
  const consent = useStartAuthorization();
  const viaConsent = vendor?.connectVia === 'consent';
  const [name, setName] = useState('');
  const [baseUrl, setBaseUrl] = useState('');
  const [credentials, setCredentials] = useState<Record<string, string>>({});

  useEffect(() => {
    if (vendor) {
      setName((n) => n || vendor.label);
      setBaseUrl((u) => u || vendor.defaultBaseUrl);
    }
  }, [vendor]);

  const { fieldErrors, hideFields } = connectErrorView(create.error ?? consent.error);
  const rights = t(`integrations.connect.rights.${vendorKey}`, { returnObjects: true, defaultValue: [] }) as unknown;

  return (
    <>
      <Breadcrumbs mb="sm">
        <Anchor component={Link} to="/settings/integrations">
          {t('integrations.appCenter.title')}
        </Anchor>
        <span>{vendor?.label ?? vendorKey}</span>
      </Breadcrumbs>
      <QueryState isLoading={vendors.isLoading} error={vendors.error}>
        {!vendor ? (
          <ErrorAlert error={new Error(t('integrations.connect.unknownVendor', { vendor: vendorKey }))} />
        ) : (
          <>
            <PageHeader title={t('integrations.appCenter.add', { vendor: vendor.label })} description={t('integrations.connect.intro', { vendor: vendor.label })} />
            <Paper withBorder p="md" radius="md" maw={720}>
              <form noValidate
                onSubmit={(e) => {
                  e.preventDefault();
                  if (viaConsent) {
                    consent.mutate({ vendor: vendor.vendor as 'nmbrs', name: name.trim(), baseUrl: baseUrl.trim() || null, credentials });
                    return;
                  }
                  create.mutate(
                    { vendor: vendor.vendor, name: name.trim(), baseUrl: baseUrl.trim() || null, credentials },
                    {
                      onSuccess: (created) => {
                        notifySuccess(t('integrations.connect.done', { name: created.name }));
                        void navigate(`/settings/integrations/${created.id}/configuration`);
                      },
                    },
                  );
                }}
              >
                <Stack>
                  {Array.isArray(rights) && rights.length > 0 && (
                    <Alert color="blue" variant="light" icon={<IconInfoCircle aria-hidden />} title={t('integrations.connect.rightsTitle')}>
                      <List size="sm">
                        {(rights as string[]).map((r) => (
                          <List.Item key={r}>{r}</List.Item>
                        ))}
                      </List>
                    </Alert>
                  )}
                  <VendorConnectHelp vendor={vendor.vendor} />
                  {vendor.loginPage && <VendorLoginPageButton vendor={vendor.vendor} label={vendor.label} name={name} baseUrl={baseUrl} />}
                  <TextInput label={t('integrations.fields.name')} required value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldErrors.name} data-testid="connect-name" />
                  <CredentialFields
                    fields={vendor.credentialFields}
                    values={credentials}
                    onChange={(f, v) => setCredentials((prev) => ({ ...prev, [f]: v }))}
                    errors={fieldErrors}
                    testIdPrefix="connect"
                  />
                  <TextInput
                    label={t('integrations.connect.baseUrl')}
                    description={t('integrations.connect.baseUrlHint')}
                    type="url"
                    spellCheck={false}
                    value={baseUrl}
                    onChange={(e) => setBaseUrl(e.currentTarget.value)}
                    error={fieldErrors.baseUrl}
                    data-testid="connect-baseUrl"
                  />
                  {(create.error ?? consent.error) && <ErrorAlert error={(create.error ?? consent.error)!} hideFields={hideFields} title={t('integrations.connect.failed')} />}
                  <Text size="sm" c="dimmed">
                    {t(viaConsent ? 'integrations.consent.hint' : 'integrations.connect.verifyHint', { vendor: vendor.label })}
                  </Text>
                  <Group justify="flex-end">
                    <Button variant="default" component={Link} to="/settings/integrations">
                      {t('common.cancel')}
                    </Button>
                    <Button type="submit" loading={create.isPending || consent.isPending} data-testid="connect-submit">
                      {viaConsent ? t('integrations.consent.submit', { vendor: vendor.label }) : t('integrations.connect.submit')}
                    </Button>
                  </Group>
                </Stack>
              </form>
            </Paper>
          </>
        )}
      </QueryState>
    </>
  );
}
