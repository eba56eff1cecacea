import { Anchor, Loader, Paper, Stack, Text } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useFinishConsent } from '../../api/integration-consent';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { notifySuccess } from '../../lib/notify';

/**
 * F-10: where the vendor's consent page (Nmbrs) sends the browser back with code and state (or an
 * error). The server exchanges the code once; then the integration page asks for debtor and companies.
 */
export function ConsentCallbackPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const finish = useFinishConsent();
  const sent = useRef(false);

  useEffect(() => {
    if (sent.current) return;
    sent.current = true;
    const state = params.get('state') ?? '';
    const code = params.get('code');
    const error = params.get('error');
    finish.mutate(
      { state, ...(code ? { code } : {}), ...(error ? { error } : {}) },
      {
        onSuccess: (r) => {
          notifySuccess(t(r.reconnected ? 'integrations.consent.reconnected' : 'integrations.consent.done', { name: r.integration.name }));
          void navigate(`/settings/integrations/${r.integration.id}/configuration`, { replace: true });
        },
      },
    );
  }, []);

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
