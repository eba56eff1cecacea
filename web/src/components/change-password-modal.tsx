import { Button, Group, Modal, PasswordInput, Stack } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useApiMutation } from '../api/hooks';
import { fieldError } from '../lib/use-form-state';
import { notifySuccess } from '../lib/notify';
import { ErrorAlert } from './error-alert';

export function ChangePasswordModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  const mutation = useApiMutation((body: { currentPassword: string; password: string }) => api.post('/me/password', body), []);

  const close = () => {
    setCurrent('');
    setPassword('');
    setRepeat('');
    setLocalError(null);
    mutation.reset();
    onClose();
  };

  return (
    <Modal opened={opened} onClose={close} title={t('account.changePassword')} centered>
      <form noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          setLocalError(null);
          if (password.length < 10) return setLocalError(t('auth.passwordTooShort'));
          if (password !== repeat) return setLocalError(t('auth.passwordsDiffer'));
          try {
            await mutation.mutateAsync({ currentPassword: current, password });
            notifySuccess(t('account.passwordChanged'));
            close();
          } catch {
            /* shown below */
          }
        }}
      >
        <Stack>
          <PasswordInput
            label={t('auth.currentPassword')}
            autoComplete="current-password"
            required
            value={current}
            onChange={(e) => setCurrent(e.currentTarget.value)}
            error={fieldError(mutation.error, 'currentPassword')}
            data-testid="change-password-current"
          />
          <PasswordInput
            label={t('auth.newPassword')}
            description={t('auth.passwordHint')}
            autoComplete="new-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={fieldError(mutation.error, 'password')}
            data-testid="change-password-new"
          />
          <PasswordInput
            label={t('auth.repeatPassword')}
            autoComplete="new-password"
            required
            value={repeat}
            onChange={(e) => setRepeat(e.currentTarget.value)}
            error={localError ?? undefined}
            data-testid="change-password-repeat"
          />
          <ErrorAlert error={mutation.error} hideFields={['currentPassword', 'password']} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={mutation.isPending} data-testid="change-password-submit">
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
