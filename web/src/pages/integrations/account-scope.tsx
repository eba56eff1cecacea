import { Alert, Badge, Button, Checkbox, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconBuilding } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AccountChoice, type ExternalAccount, type Integration, useIntegrationAccounts, useSetIntegrationScope } from '../../api/integrations';
import { useAuth } from '../../auth/auth-context';
import { ErrorAlert } from '../../components/error-alert';
import { notifySuccess } from '../../lib/notify';

/**
 * "Company / administration" (issue 8): which of the credential's administrations the integration
 * covers. Not chosen yet (a vendor with several): the picker, before anything syncs. One account
 * only (Personio's company): chosen on connect, shown read-only. Several and chosen: shown, changeable.
 */
export function AccountScopeSection({ integration }: { integration: Integration }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const mayEdit = can('hr');
  const accounts = useIntegrationAccounts(integration.id, mayEdit);
  const [editing, setEditing] = useState(false);
  const scope = integration.accountScope;
  const live = accounts.data?.items ?? [];
  const name = (a: Pick<ExternalAccount, 'id' | 'name'>) => t(`integrations.scope.accountNames.${integration.vendor}.${a.id}`, { defaultValue: a.name });
  const choosing = mayEdit && (scope === null || editing);

  return (
    <Paper withBorder p="md" radius="md" mb="md" data-testid="account-scope">
      <Group justify="space-between" align="flex-start" wrap="wrap" mb={choosing ? 'xs' : 0}>
        <Group gap="xs" align="center">
          <IconBuilding size={18} aria-hidden />
          <Title order={2} size="h5">
            {t('integrations.scope.title')}
          </Title>
        </Group>
        {!choosing && scope !== null && mayEdit && live.length > 1 && (
          <Button variant="default" size="xs" onClick={() => setEditing(true)} data-testid="account-scope-change">
            {t('integrations.scope.change')}
          </Button>
        )}
      </Group>
      {!choosing && scope !== null && (
        <Stack gap={4} mt="xs">
          <Group gap="xs" wrap="wrap">
            <Text size="sm" c="dimmed">
              {t('integrations.scope.covers')}:
            </Text>
            {scope.map((a) => (
              <Badge key={a.id} variant="light" color="gray" data-testid="account-scope-item">
                {name(a)}
              </Badge>
            ))}
          </Group>
          {live.length <= 1 && scope.length === 1 && (
            <Text size="xs" c="dimmed" data-testid="account-scope-single">
              {t('integrations.scope.single', { vendor: integration.vendorLabel })}
            </Text>
          )}
        </Stack>
      )}
      {scope === null && !mayEdit && (
        <Text size="sm" c="dimmed">
          {t('integrations.scope.pending')}
        </Text>
      )}
      {choosing && (
        <ScopePicker
          integration={integration}
          accounts={live}
          loading={accounts.isLoading}
          loadError={accounts.error}
          name={name}
          onDone={() => setEditing(false)}
          onCancel={scope !== null ? () => setEditing(false) : undefined}
        />
      )}
    </Paper>
  );
}

function ScopePicker({
  integration,
  accounts,
  loading,
  loadError,
  name,
  onDone,
  onCancel,
}: {
  integration: Integration;
  accounts: AccountChoice[];
  loading: boolean;
  loadError: Error | null;
  name: (a: ExternalAccount) => string;
  onDone: () => void;
  onCancel: (() => void) | undefined;
}) {
  const { t } = useTranslation();
  const save = useSetIntegrationScope(integration.id);
  const [chosen, setChosen] = useState<string[]>([]);
  useEffect(() => setChosen(accounts.filter((a) => a.selected).map((a) => a.id)), [accounts]);
  const byParent = (parent: string) => accounts.filter((a) => a.parentId === parent);

  if (loadError) {
    return (
      <Alert color="red" variant="light" title={t('integrations.scope.loadFailed', { vendor: integration.vendorLabel })}>
        <ErrorAlert error={loadError} />
      </Alert>
    );
  }
  const toggle = (id: string, on: boolean) => setChosen((prev) => (on ? [...prev.filter((x) => x !== id), id] : prev.filter((x) => x !== id)));
  const row = (a: AccountChoice, depth: number) => (
    <div key={a.id} style={{ paddingLeft: depth * 24 }}>
      <Checkbox
        label={
          <Group gap={6} component="span">
            <span>{name(a)}</span>
            <Badge size="xs" variant="outline" color="gray">
              {t(`integrations.scope.kinds.${a.kind}`)}
            </Badge>
          </Group>
        }
        checked={chosen.includes(a.id)}
        onChange={(e) => toggle(a.id, e.currentTarget.checked)}
        data-testid={`account-scope-option-${a.id}`}
      />
      {byParent(a.id).map((child) => row(child, depth + 1))}
    </div>
  );

  return (
    <form noValidate
      onSubmit={(e) => {
        e.preventDefault();
        // Keep the vendor's order, not the click order.
        const accountIds = accounts.filter((a) => chosen.includes(a.id)).map((a) => a.id);
        save.mutate(
          { accountIds },
          {
            onSuccess: () => {
              notifySuccess(t('integrations.scope.saved'));
              onDone();
            },
          },
        );
      }}
    >
      <Stack gap="xs">
        <Text size="sm">{t('integrations.scope.intro')}</Text>
        {loading ? <Text size="sm">…</Text> : accounts.filter((a) => !a.parentId || !accounts.some((p) => p.id === a.parentId)).map((a) => row(a, 0))}
        {save.error && <ErrorAlert error={save.error} />}
        <Group justify="flex-end">
          {onCancel && (
            <Button variant="default" onClick={onCancel}>
              {t('common.cancel')}
            </Button>
          )}
          <Button type="submit" loading={save.isPending} disabled={chosen.length === 0} title={chosen.length === 0 ? t('integrations.scope.noneChosen') : undefined} data-testid="account-scope-save">
            {t('integrations.scope.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
