import { Badge, Group, Paper, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiError, api } from '../../api/client';
import type { ResponseOf } from '../../api/openapi-helpers';

type Steps = ResponseOf<'/integrations/{id}/nmbrs-steps'>;
const COLOR = { green: 'green', red: 'red', not_offered: 'gray' } as const;
/** Where each step is dealt with: the integration page's tab. */
export const STEP_TAB = { companies: 'configuration', departments: 'mapping', functions: 'mapping', labour_agreements: 'mapping', employees: 'employees' } as const;

/**
 * The seed's sync steps for Nmbrs (F-13): each green, red (with what is open) or not offered; a click opens the tab
 * where it is done. With `autoOpen` (the page was opened without a tab) the first red step's tab opens by itself, once.
 */
export function NmbrsSteps({ integrationId, onOpen, autoOpen = false }: { integrationId: string; onOpen: (tab: (typeof STEP_TAB)[keyof typeof STEP_TAB]) => void; autoOpen?: boolean }) {
  const { t } = useTranslation();
  const q = useQuery<Steps, ApiError>({ queryKey: ['nmbrs-steps', integrationId], queryFn: () => api.get<Steps>(`/integrations/${integrationId}/nmbrs-steps`) });
  const opened = useRef(false);
  const first = q.data?.first ?? null;
  useEffect(() => {
    if (!autoOpen || opened.current || !first) return;
    opened.current = true;
    onOpen(STEP_TAB[first]);
  }, [autoOpen, first, onOpen]);
  if (!q.data) return null;
  return (
    <Paper withBorder p="sm" radius="md" mb="md" data-testid="nmbrs-steps">
      <Group gap="xs">
        <Text size="sm" fw={600}>
          {t('nmbrsSteps.title')}
        </Text>
        {q.data.steps.map((s) => (
          <Badge
            key={s.step}
            color={COLOR[s.state]}
            variant={q.data.first === s.step ? 'filled' : 'light'}
            style={{ cursor: 'pointer' }}
            onClick={() => onOpen(STEP_TAB[s.step])}
            data-testid={`nmbrs-step-${s.step}`}
            data-state={s.state}
          >
            {t(`nmbrsSteps.${s.step}`)}
            {s.state === 'red' ? ` · ${s.open}` : s.state === 'not_offered' ? ` · ${t('nmbrsSteps.notOffered')}` : ''}
          </Badge>
        ))}
      </Group>
    </Paper>
  );
}
