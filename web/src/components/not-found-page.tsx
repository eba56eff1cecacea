import { Anchor, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('errors.notFoundTitle')}
      </Title>
      <Text>{t('errors.notFoundPage')}</Text>
      <Anchor component={Link} to="/">
        {t('nav.dashboard')}
      </Anchor>
    </Stack>
  );
}
