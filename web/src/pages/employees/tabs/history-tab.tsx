import { Paper } from '@mantine/core';
import { useState } from 'react';
import { useAudit } from '../../../api/hooks';
import { AuditTable } from '../../../components/audit-table';
import { PagingFooter } from '../../../components/paging-footer';
import { QueryState } from '../../../components/query-state';

export function HistoryTab({ employeeId }: { employeeId: string }) {
  const [page, setPage] = useState(1);
  const query = useAudit({ entityType: 'employee', entityId: employeeId, page, pageSize: 50 });
  return (
    <Paper withBorder p="md" radius="md">
      <QueryState isLoading={query.isLoading} error={query.error}>
        <AuditTable entries={query.data?.items ?? []} showEntity={false} />
        <PagingFooter page={page} pageSize={50} total={query.data?.total ?? 0} onPage={setPage} />
      </QueryState>
    </Paper>
  );
}
