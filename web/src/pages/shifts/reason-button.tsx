import { ActionIcon, Button, Group, Modal, Text, Textarea, Tooltip } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/error-alert';
import { fieldError } from '../../lib/use-form-state';

type Props = {
  label: string;
  icon: ReactNode;
  message: ReactNode;
  confirmLabel: string;
  onConfirm: (reason: string) => Promise<unknown>;
  loading?: boolean;
  error?: unknown;
  color?: string;
  testId: string;
};

/** An icon action on an approved shift that asks for the reason of the correction (kept in the audit log). */
export function ReasonButton({ label, icon, message, confirmLabel, onConfirm, loading, error, color = 'red', testId }: Props) {
  const { t } = useTranslation();
  const [opened, { open, close }] = useDisclosure(false);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  return (
    <>
      <Tooltip label={label} withinPortal>
        <ActionIcon
          variant="subtle"
          color={color}
          aria-label={label}
          data-testid={testId}
          onClick={() => {
            setReason('');
            setMissing(false);
            open();
          }}
        >
          {icon}
        </ActionIcon>
      </Tooltip>
      <Modal opened={opened} onClose={close} title={label} centered>
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            if (!reason.trim()) {
              setMissing(true);
              return;
            }
            try {
              await onConfirm(reason.trim());
              close();
            } catch {
              /* error shown in the dialog */
            }
          }}
        >
          <Text mb="sm">{message}</Text>
          <Textarea
            label={t('shifts.reason')}
            description={t('shifts.reasonHint')}
            withAsterisk
            autosize
            minRows={2}
            maxLength={500}
            value={reason}
            onChange={(e) => {
              setReason(e.currentTarget.value);
              setMissing(false);
            }}
            error={missing ? t('shifts.reasonRequired') : fieldError(error, 'reason')}
            data-testid={`${testId}-reason`}
            data-autofocus
          />
          {!!error && <ErrorAlert error={error} hideFields={['reason']} />}
          <Group justify="flex-end" mt="md">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" color={color} loading={loading} data-testid={`${testId}-confirm`}>
              {confirmLabel}
            </Button>
          </Group>
        </form>
      </Modal>
    </>
  );
}
