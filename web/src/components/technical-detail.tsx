import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * The vendor's, the mail server's or the network's own words ("connect ECONNREFUSED 127.0.0.1:1025", "503 Service
 * Unavailable") are for support: folded away under a translated label, below a sentence in the user's language.
 */
export function TechnicalDetail({ detail, testId }: { detail: string | null | undefined; testId?: string }) {
  const { t } = useTranslation();
  if (!detail) return null;
  return (
    <details data-testid={testId}>
      <Text component="summary" size="xs" c="dimmed" style={{ cursor: 'pointer' }}>
        {t('integrations.technicalDetail')}
      </Text>
      <Text size="xs" c="dimmed" ff="monospace" mt={4} style={{ wordBreak: 'break-word' }}>
        {detail}
      </Text>
    </details>
  );
}
