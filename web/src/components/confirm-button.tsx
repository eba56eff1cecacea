import { ActionIcon, Button, Group, Modal, Text, Tooltip } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from './error-alert';

type Props = {
  /** Accessible name of the trigger (also the tooltip for icon buttons). */
  label: string;
  icon?: ReactNode;
  message: ReactNode;
  confirmLabel?: string;
  onConfirm: () => Promise<unknown>;
  loading?: boolean;
  error?: unknown;
  color?: string;
  testId?: string;
};

/** A destructive action that asks first; the dialog shows the server's error if it fails. */
export function ConfirmButton({ label, icon, message, confirmLabel, onConfirm, loading, error, color = 'red', testId }: Props) {
  const { t } = useTranslation();
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <>
      {icon ? (
        <Tooltip label={label} withinPortal>
          <ActionIcon variant="subtle" color={color} onClick={open} aria-label={label} data-testid={testId}>
            {icon}
          </ActionIcon>
        </Tooltip>
      ) : (
        <Button variant="light" color={color} onClick={open} data-testid={testId}>
          {label}
        </Button>
      )}
      <Modal opened={opened} onClose={close} title={label} centered>
        <Text mb="md">{message}</Text>
        {!!error && <ErrorAlert error={error} />}
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={close}>
            {t('common.cancel')}
          </Button>
          <Button
            color={color}
            loading={loading}
            data-testid={testId ? `${testId}-confirm` : undefined}
            onClick={async () => {
              try {
                await onConfirm();
                close();
              } catch {
                /* error shown in the dialog */
              }
            }}
          >
            {confirmLabel ?? t('common.confirm')}
          </Button>
        </Group>
      </Modal>
    </>
  );
}
