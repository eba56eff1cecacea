import { ActionIcon, Alert, Badge, Button, Code, CopyButton, Group, Modal, NativeSelect, Paper, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy, IconKey, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiTokens, useCreateApiToken, useRevokeApiToken } from '../../api/hooks';
import { ROLES, type Role } from '../../api/types';
import { useMe } from '../../auth/auth-context';
import { ConfirmButton } from '../../components/confirm-button';
import { EmptyRow } from '../../components/empty-row';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { QueryState } from '../../components/query-state';
import { formatDateTime } from '../../lib/format';
import { notifySuccess } from '../../lib/notify';
import { fieldError } from '../../lib/use-form-state';

export function ApiTokensPage() {
  const { t } = useTranslation();
  const me = useMe();
  const tokens = useApiTokens();
  const revoke = useRevokeApiToken();
  const [open, setOpen] = useState(false);
  const items = tokens.data?.items ?? [];

  return (
    <>
      <PageHeader
        title={t('nav.apiTokens')}
        description={t('tokens.intro')}
        actions={
          <Button leftSection={<IconKey size={16} aria-hidden />} onClick={() => setOpen(true)} data-testid="token-create">
            {t('tokens.create')}
          </Button>
        }
      />
      <Paper withBorder p="md" radius="md">
        <QueryState isLoading={tokens.isLoading} error={tokens.error}>
          <Table.ScrollContainer minWidth={760}>
            <Table striped data-testid="tokens-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('fields.name')}</Table.Th>
                  <Table.Th>{t('tokens.prefix')}</Table.Th>
                  <Table.Th>{t('users.role')}</Table.Th>
                  <Table.Th>{t('users.created')}</Table.Th>
                  <Table.Th>{t('tokens.lastUsed')}</Table.Th>
                  <Table.Th>{t('common.status')}</Table.Th>
                  <Table.Th>{t('common.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.length === 0 && <EmptyRow colSpan={7} text={t('tokens.none')} />}
                {items.map((tk) => {
                  const revokedAt = tk.revoked_at;
                  return (
                    <Table.Tr key={tk.id} data-testid="token-row">
                      <Table.Td>{tk.name}</Table.Td>
                      <Table.Td>
                        <Code>{tk.prefix}…</Code>
                      </Table.Td>
                      <Table.Td>{t(`roles.${tk.role}`)}</Table.Td>
                      <Table.Td>{formatDateTime(tk.created_at, me.user.timeZone)}</Table.Td>
                      <Table.Td>{formatDateTime(tk.last_used_at, me.user.timeZone)}</Table.Td>
                      <Table.Td>
                        {revokedAt ? (
                          <Badge color="gray" variant="light">
                            {t('tokens.revoked')}
                          </Badge>
                        ) : (
                          <Badge color="green" variant="light">
                            {t('tokens.active')}
                          </Badge>
                        )}
                      </Table.Td>
                      <Table.Td>
                        {!revokedAt && (
                          <ConfirmButton
                            label={t('tokens.revokeRow', { name: tk.name })}
                            icon={<IconTrash size={16} />}
                            message={t('tokens.revokeConfirm', { name: tk.name })}
                            confirmLabel={t('tokens.revoke')}
                            loading={revoke.isPending}
                            error={revoke.error}
                            testId="token-revoke"
                            onConfirm={async () => {
                              await revoke.mutateAsync(tk.id);
                              notifySuccess(t('tokens.revokedDone'));
                            }}
                          />
                        )}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </QueryState>
      </Paper>
      <CreateTokenModal opened={open} onClose={() => setOpen(false)} />
    </>
  );
}

function CreateTokenModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const create = useCreateApiToken();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('planner');
  const close = () => {
    setName('');
    setRole('planner');
    create.reset();
    onClose();
  };
  const token = create.data?.token;

  return (
    <Modal opened={opened} onClose={close} title={t('tokens.create')} size="lg">
      {token ? (
        <Stack>
          <Alert color="yellow" title={t('tokens.onceTitle')}>
            {t('tokens.once')}
          </Alert>
          <Group wrap="nowrap" gap="xs">
            <Code block style={{ flex: 1, wordBreak: 'break-all' }} data-testid="token-value">
              {token}
            </Code>
            <CopyButton value={token}>
              {({ copied, copy }) => (
                <Tooltip label={copied ? t('tokens.copied') : t('tokens.copy')}>
                  <ActionIcon color={copied ? 'teal' : 'blue'} variant="light" size="lg" onClick={copy} aria-label={t('tokens.copy')} data-testid="token-copy">
                    {copied ? <IconCheck size={18} /> : <IconCopy size={18} />}
                  </ActionIcon>
                </Tooltip>
              )}
            </CopyButton>
          </Group>
          <Text size="sm" c="dimmed">
            {t('tokens.usage')} <Code>Authorization: Bearer {token.slice(0, 8)}…</Code>
          </Text>
          <Group justify="flex-end">
            <Button onClick={close}>{t('common.done')}</Button>
          </Group>
        </Stack>
      ) : (
        <form noValidate
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate({ name: name.trim(), role });
          }}
        >
          <Stack>
            <TextInput label={t('fields.name')} required value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(create.error, 'name')} data-testid="token-name" />
            <NativeSelect
              label={t('users.role')}
              description={t('tokens.roleHint')}
              value={role}
              onChange={(e) => setRole(e.currentTarget.value as Role)}
              data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
              error={fieldError(create.error, 'role')}
              data-testid="token-role"
            />
            <ErrorAlert error={create.error} hideFields={['name', 'role']} />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={create.isPending} data-testid="token-submit">
                {t('tokens.create')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
