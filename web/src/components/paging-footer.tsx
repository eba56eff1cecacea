import { Group, NativeSelect, Pagination, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../lib/format';

type Props = { page: number; pageSize: number; total: number; onPage: (p: number) => void; onPageSize?: (n: number) => void };

export function PagingFooter({ page, pageSize, total, onPage, onPageSize }: Props) {
  const { t } = useTranslation();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  return (
    <Group justify="space-between" mt="sm" wrap="wrap">
      <Text size="sm" c="dimmed" aria-live="polite" data-testid="paging-summary">
        {t('common.pagingSummary', { from: formatNumber(from), to: formatNumber(to), total: formatNumber(total) })}
      </Text>
      <Group gap="sm">
        {onPageSize && (
          <NativeSelect
            aria-label={t('common.pageSize')}
            size="xs"
            value={String(pageSize)}
            data={['25', '50', '100', '200']}
            onChange={(e) => onPageSize(Number(e.currentTarget.value))}
          />
        )}
        <Pagination
          total={pages}
          value={Math.min(page, pages)}
          onChange={onPage}
          size="sm"
          siblings={1}
          getControlProps={(control) => ({ 'aria-label': t(`common.pager.${control}`) })}
          getItemProps={(p) => ({ 'aria-label': t('common.pager.page', { page: p }) })}
        />
      </Group>
    </Group>
  );
}
