import { Anchor, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { type ApiError, api } from '../../api/client';
import type { Me } from '../../api/types';
import { useAuth } from '../../auth/auth-context';
import { ErrorAlert } from '../../components/error-alert';
import { fieldError } from '../../lib/use-form-state';
import { AuthFrame } from './auth-frame';

export function LoginPage() {
  const { t } = useTranslation();
  const { signedIn } = useAuth();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const login = useMutation<Me, ApiError, void>({ mutationFn: () => api.post<Me>('/auth/login', { email: email.trim(), password }) });

  return (
    <AuthFrame title={t('auth.loginTitle')}>
      <form noValidate
        onSubmit={(e) => {
          e.preventDefault();
          login.mutate(undefined, { onSuccess: signedIn });
        }}
        aria-label={t('auth.loginTitle')}
      >
        <Stack>
          <TextInput
            label={t('auth.email')}
            type="email"
            autoComplete="username"
            required
            autoFocus
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={fieldError(login.error, 'email')}
            data-testid="login-email"
          />
          <PasswordInput
            label={t('auth.password')}
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={fieldError(login.error, 'password')}
            data-testid="login-password"
          />
          <ErrorAlert error={login.error} hideFields={['email', 'password']} />
          <Button type="submit" loading={login.isPending} fullWidth data-testid="login-submit">
            {t('auth.login')}
          </Button>
          <Anchor component={Link} to="/forgot-password" size="sm" ta="center" data-testid="forgot-password-link">
            {t('auth.forgotPassword')}
          </Anchor>
        </Stack>
      </form>
    </AuthFrame>
  );
}
