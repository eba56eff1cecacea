import { Alert, Badge, Button, Group, List, Modal, Text, Tooltip } from '@mantine/core';
import { IconSend } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { LockedDay, SentDay } from '../api/outbound';
import { useMe } from '../auth/auth-context';
import { formatDate, formatDateTime } from '../lib/format';

/**
 * F-25: a save that the server refused because its day was already sent (409 period_sent). The user confirms,
 * and the caller sends the same write again with `confirmCorrection: true`; the save is then recorded as a
 * correction that the next send of that export carries.
 */
export function SentDayConfirm({ locks, onConfirm, onCancel, loading }: { locks: SentDay[] | null; onConfirm: () => void; onCancel: () => void; loading?: boolean }) {
  const { t } = useTranslation();
  const zone = useMe().user.timeZone;
  const shown = (locks ?? []).slice(0, 5);
  return (
    <Modal opened={!!locks} onClose={onCancel} title={t('corrections.confirmTitle')} centered zIndex={400} data-testid="sent-day-confirm">
      <Alert color="orange" variant="light" mb="md">
        {shown.length === 1 ? (
          <Text size="sm" data-testid="sent-day-text">
            {t('corrections.confirmOne', { integration: shown[0]!.integrationName, sentAt: formatDateTime(shown[0]!.sentAt, zone), day: formatDate(shown[0]!.day) })}
          </Text>
        ) : (
          <>
            <Text size="sm" data-testid="sent-day-text">
              {t('corrections.confirmMany')}
            </Text>
            <List size="sm" mt="xs">
              {shown.map((l) => (
                <List.Item key={`${l.integrationId}:${l.kind}:${l.day}`}>
                  {t('corrections.lockLine', { integration: l.integrationName, sentAt: formatDateTime(l.sentAt, zone), day: formatDate(l.day) })}
                </List.Item>
              ))}
            </List>
          </>
        )}
      </Alert>
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel} data-testid="sent-day-cancel">
          {t('common.cancel')}
        </Button>
        <Button color="orange" loading={loading} onClick={onConfirm} data-testid="sent-day-confirm-button">
          {t('corrections.confirmSave')}
        </Button>
      </Group>
    </Modal>
  );
}

/** A small "sent" mark next to a date that an export already sent (the tooltip names where and when). */
export function SentDayMark({ locks }: { locks: LockedDay[] | undefined }) {
  const { t } = useTranslation();
  const zone = useMe().user.timeZone;
  if (!locks || locks.length === 0) return null;
  const label = locks.map((l) => t('corrections.sentTo', { integration: l.integrationName, sentAt: formatDateTime(l.sentAt, zone) })).join(' · ');
  return (
    <Tooltip label={label} withinPortal multiline maw={320}>
      <Badge size="xs" variant="light" color="orange" leftSection={<IconSend size={10} aria-hidden />} aria-label={label} data-testid="sent-day-mark">
        {t('corrections.sent')}
      </Badge>
    </Tooltip>
  );
}

/** Locked days by date, for looking them up per row. */
export function locksByDay(locks: LockedDay[] | undefined): Map<string, LockedDay[]> {
  const m = new Map<string, LockedDay[]>();
  for (const l of locks ?? []) m.set(l.day, [...(m.get(l.day) ?? []), l]);
  return m;
}
