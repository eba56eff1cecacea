import { Alert, Button, Loader, Stack, Text } from '@mantine/core';
import { IconLogin } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { type ApiError, api } from '../../api/client';
import { ErrorAlert } from '../../components/error-alert';

/** "Log in at Loket instead": the vendor's own login page (authorization code); the password never passes through Koppel. */
export function VendorLoginPageButton({ vendor, label, name, baseUrl }: { vendor: string; label: string; name: string; baseUrl: string }) {
  const { t } = useTranslation();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Stack gap="xs">
      <Button
        variant="light"
        leftSection={<IconLogin size={16} aria-hidden />}
        loading={busy}
        data-testid="connect-login-page"
        onClick={async () => {
          setBusy(true);
          setError(null);
          try {
            const r = await api.post<{ url: string }>('/integrations/oauth/start', { vendor, name: name.trim() || label, baseUrl: baseUrl.trim() || null });
            window.location.assign(r.url);
          } catch (e) {
            setError(e as ApiError);
            setBusy(false);
          }
        }}
      >
        {t('integrations.connect.loginPage', { vendor: label })}
      </Button>
      <Text size="xs" c="dimmed">
        {t('integrations.connect.loginPageHint', { vendor: label })}
      </Text>
      {error && <ErrorAlert error={error} />}
    </Stack>
  );
}

/** Where the vendor's login page sends the user back: the code becomes tokens and the integration is created. */
export function VendorLoginCallbackPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [error, setError] = useState<ApiError | null>(null);
  const sent = useRef(false);
  useEffect(() => {
    if (sent.current) return;
    sent.current = true;
    const code = params.get('code');
    const state = params.get('state');
    if (!code || !state) return;
    api.post<{ id: string }>('/integrations/oauth/finish', { code, state }).then(
      (created) => void navigate(`/settings/integrations/${created.id}/configuration`, { replace: true }),
      (e: ApiError) => setError(e),
    );
  }, [params, navigate]);
  const refused = params.get('error');
  return (
    <Stack maw={640}>
      {refused || (!params.get('code') && !error) ? (
        <Alert color="red" title={t('integrations.connect.failed')}>
          {t('integrations.connect.loginPageRefused', { error: refused ?? '—' })}
        </Alert>
      ) : error ? (
        <ErrorAlert error={error} title={t('integrations.connect.failed')} />
      ) : (
        <Loader aria-label={t('integrations.connect.verifyHint')} />
      )}
    </Stack>
  );
}
