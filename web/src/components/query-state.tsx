import { Center, Loader } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from './error-alert';

/** Loading spinner, the server's error, or the content — never a blank page. */
export function QueryState({ isLoading, error, children }: { isLoading: boolean; error: unknown; children: ReactNode }) {
  if (error) return <ErrorAlert error={error} />;
  if (isLoading) return <PageLoader />;
  return <>{children}</>;
}

export function PageLoader() {
  const { t } = useTranslation();
  return (
    <Center py="xl">
      <Loader aria-label={t('common.loading')} role="status" />
    </Center>
  );
}
