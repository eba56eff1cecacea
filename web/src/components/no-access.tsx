import { Alert } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

export function NoAccess() {
  const { t } = useTranslation();
  return (
    <Alert color="orange" icon={<IconLock aria-hidden />} title={t('errors.noAccessTitle')}>
      {t('errors.noAccess')}
    </Alert>
  );
}
