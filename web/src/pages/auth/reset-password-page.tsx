import { Alert, Anchor, Button, PasswordInput, Stack } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { type ApiError, api } from '../../api/client';
import { ErrorAlert } from '../../components/error-alert';
import { fieldError } from '../../lib/use-form-state';
import { AuthFrame } from './auth-frame';

export function ResetPasswordPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  const confirm = useMutation<unknown, ApiError, void>({ mutationFn: () => api.post('/auth/password-reset/confirm', { token, password }) });

  return (
    <AuthFrame title={t('auth.resetTitle')}>
      {!token ? (
        <Alert color="red" role="alert">
          {t('auth.resetMissingToken')}{' '}
          <Anchor component={Link} to="/forgot-password">
            {t('auth.forgotPassword')}
          </Anchor>
        </Alert>
      ) : confirm.isSuccess ? (
        <Stack>
          <Alert color="green" role="status" data-testid="reset-password-done">
            {t('auth.resetDone')}
          </Alert>
          <Button component={Link} to="/login">
            {t('auth.backToLogin')}
          </Button>
        </Stack>
      ) : (
        <form noValidate
          onSubmit={(e) => {
            e.preventDefault();
            setLocalError(null);
            if (password.length < 10) return setLocalError(t('auth.passwordTooShort'));
            if (password !== repeat) return setLocalError(t('auth.passwordsDiffer'));
            confirm.mutate();
          }}
        >
          <Stack>
            <PasswordInput
              label={t('auth.newPassword')}
              description={t('auth.passwordHint')}
              autoComplete="new-password"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={fieldError(confirm.error, 'password')}
              data-testid="reset-password"
            />
            <PasswordInput
              label={t('auth.repeatPassword')}
              autoComplete="new-password"
              required
              value={repeat}
              onChange={(e) => setRepeat(e.currentTarget.value)}
              error={localError ?? undefined}
              data-testid="reset-password-repeat"
            />
            <ErrorAlert error={confirm.error} hideFields={['password']} />
            <Button type="submit" loading={confirm.isPending} data-testid="reset-submit">
              {t('auth.setPassword')}
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
