import { Alert, Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { type ApiError, api } from '../../api/client';
import { ErrorAlert } from '../../components/error-alert';
import { fieldError } from '../../lib/use-form-state';
import { AuthFrame } from './auth-frame';

export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const request = useMutation<unknown, ApiError, void>({ mutationFn: () => api.post('/auth/password-reset', { email: email.trim() }) });

  return (
    <AuthFrame title={t('auth.forgotTitle')}>
      {request.isSuccess ? (
        <Stack>
          <Alert color="green" role="status" data-testid="forgot-password-sent">
            {t('auth.resetMailSent', { email })}
          </Alert>
          <Anchor component={Link} to="/login" size="sm">
            {t('auth.backToLogin')}
          </Anchor>
        </Stack>
      ) : (
        <form noValidate
          onSubmit={(e) => {
            e.preventDefault();
            request.mutate();
          }}
        >
          <Stack>
            <Text size="sm" c="dimmed">
              {t('auth.forgotIntro')}
            </Text>
            <TextInput
              label={t('auth.email')}
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              error={fieldError(request.error, 'email')}
              data-testid="forgot-email"
            />
            <ErrorAlert error={request.error} hideFields={['email']} />
            <Button type="submit" loading={request.isPending} data-testid="forgot-submit">
              {t('auth.sendResetLink')}
            </Button>
            <Anchor component={Link} to="/login" size="sm" ta="center">
              {t('auth.backToLogin')}
            </Anchor>
          </Stack>
        </form>
      )}
    </AuthFrame>
  );
}
