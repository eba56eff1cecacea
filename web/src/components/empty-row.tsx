import { Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export function EmptyRow({ colSpan, text }: { colSpan: number; text?: string }) {
  const { t } = useTranslation();
  return (
    <Table.Tr>
      <Table.Td colSpan={colSpan}>
        <Text c="dimmed" ta="center" py="md" size="sm">
          {text ?? t('common.noResults')}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}
