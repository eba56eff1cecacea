import { Badge, Button, Group, Modal, NativeSelect, Paper, PasswordInput, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { IconUserPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCreateUser, useUpdateUser, useUsers } from '../../api/hooks';
import { ROLES, type Role, type User } from '../../api/types';
import { useMe } from '../../auth/auth-context';
import { EmptyRow } from '../../components/empty-row';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { QueryState } from '../../components/query-state';
import { formatDateTime } from '../../lib/format';
import { notifyError, notifySuccess } from '../../lib/notify';
import { fieldError } from '../../lib/use-form-state';

export function UsersPage() {
  const { t } = useTranslation();
  const me = useMe();
  const users = useUsers();
  const update = useUpdateUser();
  const [inviteOpen, setInviteOpen] = useState(false);
  const roleOptions = ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }));

  const change = (u: User, patch: Record<string, unknown>) =>
    update.mutate({ id: u.id, ...patch }, { onSuccess: () => notifySuccess(t('common.saved')), onError: (e) => notifyError(e.message) });

  return (
    <>
      <PageHeader
        title={t('nav.users')}
        description={t('users.intro')}
        actions={
          <Button leftSection={<IconUserPlus size={16} aria-hidden />} onClick={() => setInviteOpen(true)} data-testid="user-invite">
            {t('users.invite')}
          </Button>
        }
      />
      <Paper withBorder p="md" radius="md">
        <QueryState isLoading={users.isLoading} error={users.error}>
          <Table.ScrollContainer minWidth={760}>
            <Table striped verticalSpacing="xs" data-testid="users-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('fields.name')}</Table.Th>
                  <Table.Th>{t('auth.email')}</Table.Th>
                  <Table.Th>{t('users.role')}</Table.Th>
                  <Table.Th>{t('users.language')}</Table.Th>
                  <Table.Th>{t('users.active')}</Table.Th>
                  <Table.Th>{t('users.created')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(users.data?.items ?? []).length === 0 && <EmptyRow colSpan={6} />}
                {(users.data?.items ?? []).map((u) => (
                  <Table.Tr key={u.id} data-testid="user-row">
                    <Table.Td>
                      {u.name}
                      {u.id === me.user.id && (
                        <Badge ml="xs" size="xs" variant="light">
                          {t('users.you')}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {u.email}
                      {u.mail_state === 'failed' && (
                        <Badge ml="xs" size="xs" color="red" variant="light" title={t('users.mailFailedHint')} data-testid="user-mail-failed">
                          {t('users.mailFailed')}
                        </Badge>
                      )}
                      {u.mail_state === 'pending' && (
                        <Badge ml="xs" size="xs" color="gray" variant="light">
                          {t('users.mailPending')}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <NativeSelect
                        aria-label={t('users.roleOf', { name: u.name })}
                        size="xs"
                        value={u.role}
                        data={roleOptions}
                        onChange={(e) => change(u, { role: e.currentTarget.value as Role })}
                      />
                    </Table.Td>
                    <Table.Td>{u.locale ? u.locale.toUpperCase() : <Text c="dimmed" size="sm">{t('users.browserLanguage')}</Text>}</Table.Td>
                    <Table.Td>
                      <Switch
                        aria-label={t('users.activeOf', { name: u.name })}
                        checked={u.active}
                        disabled={u.id === me.user.id}
                        onChange={(e) => change(u, { active: e.currentTarget.checked })}
                      />
                    </Table.Td>
                    <Table.Td>{formatDateTime(u.created_at, me.user.timeZone)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </QueryState>
      </Paper>
      <InviteModal opened={inviteOpen} onClose={() => setInviteOpen(false)} />
    </>
  );
}

function InviteModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const create = useCreateUser();
  const me = useMe();
  const [name, setName] = useState('');
  // With the built-in mail catcher only the new user could read their invitation link (they cannot log in yet):
  // an initial password lets the demo go on without it.
  const [password, setPassword] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('planner');
  const [locale, setLocale] = useState('');
  const close = () => {
    setName('');
    setEmail('');
    setRole('planner');
    setLocale('');
    setPassword('');
    create.reset();
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title={t('users.invite')}>
      <form noValidate
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate(
            { name: name.trim(), email: email.trim(), role, locale: locale || null, ...(password ? { password } : {}) },
            {
              onSuccess: () => {
                notifySuccess(t('users.invited', { email }));
                close();
              },
            },
          );
        }}
      >
        <Stack>
          <Text size="sm" c="dimmed">
            {t('users.inviteIntro')}
          </Text>
          <TextInput label={t('fields.name')} required value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(create.error, 'name')} data-testid="user-name" />
          <TextInput
            label={t('auth.email')}
            type="email"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={fieldError(create.error, 'email')}
            data-testid="user-email"
          />
          <NativeSelect
            label={t('users.role')}
            value={role}
            onChange={(e) => setRole(e.currentTarget.value as Role)}
            data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
            error={fieldError(create.error, 'role')}
            data-testid="user-role"
          />
          <NativeSelect
            label={t('users.language')}
            value={locale}
            onChange={(e) => setLocale(e.currentTarget.value)}
            data={[
              { value: '', label: t('users.browserLanguage') },
              { value: 'nl', label: 'Nederlands' },
              { value: 'de', label: 'Deutsch' },
              { value: 'en', label: 'English' },
            ]}
            data-testid="user-locale"
          />
          {me.mailCatcher && (
            <PasswordInput
              label={t('users.initialPassword')}
              description={t('users.initialPasswordHint')}
              autoComplete="new-password"
              minLength={10}
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={fieldError(create.error, 'password')}
              data-testid="user-password"
            />
          )}
          <ErrorAlert error={create.error} hideFields={['name', 'email', 'role', 'password']} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending} data-testid="user-submit">
              {t('users.sendInvite')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
