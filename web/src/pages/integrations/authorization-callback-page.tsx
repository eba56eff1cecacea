import { Anchor, Loader, Paper, Stack, Text } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useFinishAuthorization } from '../../api/integration-authorization';
import { useIntegrationVendors } from '../../api/integrations';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { notifySuccess } from '../../lib/notify';

/**
 * F-10: where the vendor's authorization page (Nmbrs' consent page, Loket's login page) sends the browser back with
 * code and state (or an error). The server takes the state once, exchanges the code and stores the tokens; a refusal
 * at the vendor is answered by the server too (translated), so the state is used up either way. Then the integration
 * page asks for the accounts (debtor and companies, employers).
 */
export function AuthorizationCallbackPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const finish = useFinishAuthorization();
  const vendors = useIntegrationVendors();
  const sent = useRef(false);

  useEffect(() => {
    if (sent.current) return;
    sent.current = true;
    const state = params.get('state') ?? '';
    const code = params.get('code');
    const error = params.get('error');
    finish.mutate({ state, ...(code ? { code } : {}), ...(error ? { error } : {}) });
  }, []);

  // The success message once the vendor list says how this vendor connects (consent: the form went with it).
  const done = finish.data;
  useEffect(() => {
    if (!done || vendors.isLoading) return;
    const viaConsent = vendors.data?.find((v) => v.vendor === done.integration.vendor)?.connectVia === 'consent';
    const key = done.reconnected ? 'integrations.consent.reconnected' : viaConsent ? 'integrations.consent.done' : 'integrations.connect.done';
    notifySuccess(t(key, { name: done.integration.name }));
    void navigate(`/settings/integrations/${done.integration.id}/configuration`, { replace: true });
  }, [done, vendors.isLoading]);

  return (
    <>
      <PageHeader title={t('integrations.consent.title')} />
      <Paper withBorder p="md" radius="md" maw={720}>
        <Stack>
          {finish.error ? (
            <>
              <ErrorAlert error={finish.error} title={t('integrations.connect.failed')} />
              <Anchor component={Link} to="/settings/integrations" data-testid="consent-back">
                {t('integrations.consent.back')}
              </Anchor>
            </>
          ) : (
            <Text data-testid="consent-finishing">
              <Loader size="xs" mr="xs" />
              {t('integrations.consent.finishing')}
            </Text>
          )}
        </Stack>
      </Paper>
    </>
  );
}
