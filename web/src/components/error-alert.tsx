import { Alert, List } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';

/** Shows the server's (already translated) message and any details it sent that are not shown next to a field. */
export function ErrorAlert({ error, hideFields, title }: { error: unknown; hideFields?: string[]; title?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  const apiError = error instanceof ApiError ? error : null;
  const message = apiError?.message ?? (error instanceof Error ? error.message : String(error));
  const details = (apiError?.detailList ?? []).filter((d) => {
    if (!d.field || !hideFields) return true;
    const last = String(d.field).split('.').pop() ?? '';
    return !hideFields.includes(last) && !hideFields.includes(String(d.field));
  });
  return (
    <Alert color="red" icon={<IconAlertTriangle aria-hidden />} title={title ?? t('errors.title')} role="alert" data-testid="error-alert">
      {message}
      {details.length > 0 && (
        <List size="sm" mt="xs">
          {details.slice(0, 20).map((d, i) => (
            <List.Item key={i}>
              {d.line !== undefined ? `${t('common.line')} ${d.line}: ` : ''}
              {d.field ? `${d.field}: ` : ''}
              {d.message}
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
