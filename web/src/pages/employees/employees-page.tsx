import { Anchor, Button, Group, NativeSelect, Paper, Table, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useEmployees, useLookup } from '../../api/hooks';
import { useAuth } from '../../auth/auth-context';
import { EmptyRow } from '../../components/empty-row';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { PagingFooter } from '../../components/paging-footer';
import { PageLoader } from '../../components/query-state';
import { EmployeeStatusBadge, SourceBadge } from '../../components/status-badge';

export const SOURCES = ['manual', 'personio', 'nmbrs', 'loket'];

export function EmployeesPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const page = Number(params.get('page') ?? 1) || 1;
  const pageSize = Number(params.get('pageSize') ?? 50) || 50;
  const status = params.get('status') ?? '';
  const source = params.get('source') ?? '';
  const departmentId = params.get('departmentId') ?? '';
  const sort = params.get('sort') ?? 'name';
  const [search, setSearch] = useState(params.get('q') ?? '');
  const [debounced] = useDebouncedValue(search.trim(), 300);

  const update = (patch: Record<string, string | number | null>, resetPage = true) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === null || v === '' || v === undefined) next.delete(k);
      else next.set(k, String(v));
    }
    if (resetPage) next.delete('page');
    setParams(next, { replace: true });
  };

  useEffect(() => {
    if ((params.get('q') ?? '') !== debounced) update({ q: debounced });
  }, [debounced]);

  const departments = useLookup('departments');
  const filters = { pageSize, q: params.get('q') || undefined, status: status || undefined, source: source || undefined, departmentId: departmentId || undefined, sort };
  // Keyset paging: the page after one already shown is asked with that page's nextCursor, so the server neither
  // skips rows nor counts them again; a page reached otherwise (a link, a jump) is asked by number.
  const listKey = JSON.stringify(filters);
  const [keyset, setKeyset] = useState<{ key: string; cursors: Record<number, string>; total: number }>({ key: listKey, cursors: {}, total: 0 });
  const known = keyset.key === listKey ? keyset : { key: listKey, cursors: {}, total: 0 };
  const after = page > 1 ? known.cursors[page] : undefined;
  const query = useEmployees({ ...filters, page, after });
  const data = query.isPlaceholderData ? undefined : query.data;
  useEffect(() => {
    if (!data) return;
    const cursors = data.nextCursor ? { ...known.cursors, [page + 1]: data.nextCursor } : known.cursors;
    const total = data.total ?? known.total;
    if (keyset.key !== listKey || cursors !== known.cursors || total !== known.total) setKeyset({ key: listKey, cursors, total });
  }, [data, listKey, page]);
  const items = query.data?.items ?? [];
  const total = query.data?.total ?? (known.total || (query.data ? (page - 1) * pageSize + items.length + (query.data.nextCursor ? 1 : 0) : 0));

  return (
    <>
      <PageHeader
        title={t('employees.title')}
        actions={
          can('hr') && (
            <Button component={Link} to="/employees/new" leftSection={<IconPlus size={16} aria-hidden />} data-testid="employee-new">
              {t('employees.new')}
            </Button>
          )
        }
      />
      <Paper withBorder p="md" radius="md">
        <Group gap="sm" mb="md" align="flex-end" wrap="wrap" role="search">
          <TextInput
            label={t('employees.search')}
            placeholder={t('employees.searchPlaceholder')}
            leftSection={<IconSearch size={16} aria-hidden />}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            w={{ base: '100%', sm: 320 }}
            type="search"
            data-testid="employee-search"
          />
          <NativeSelect
            label={t('employees.status')}
            value={status}
            onChange={(e) => update({ status: e.currentTarget.value })}
            data={[
              { value: '', label: t('common.all') },
              { value: 'active', label: t('employeeStatus.active') },
              { value: 'former', label: t('employeeStatus.former') },
            ]}
            data-testid="employee-filter-status"
          />
          <NativeSelect
            label={t('employees.department')}
            value={departmentId}
            onChange={(e) => update({ departmentId: e.currentTarget.value })}
            data={[{ value: '', label: t('common.all') }, ...(departments.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))]}
            data-testid="employee-filter-department"
          />
          <NativeSelect
            label={t('employees.source')}
            value={source}
            onChange={(e) => update({ source: e.currentTarget.value })}
            data={[{ value: '', label: t('common.all') }, ...SOURCES.map((s) => ({ value: s, label: t(`sources.${s}`) }))]}
            data-testid="employee-filter-source"
          />
          <NativeSelect
            label={t('employees.sort')}
            value={sort}
            onChange={(e) => update({ sort: e.currentTarget.value === 'name' ? null : e.currentTarget.value })}
            data={[
              { value: 'name', label: t('employees.sortName') },
              { value: 'personnel_number', label: t('employees.sortNumber') },
              { value: 'created_at', label: t('employees.sortCreated') },
            ]}
          />
        </Group>
        {query.error && <ErrorAlert error={query.error} />}
        {query.isLoading ? (
          <PageLoader />
        ) : (
          <Table.ScrollContainer minWidth={760}>
            <Table striped highlightOnHover verticalSpacing="xs" aria-busy={query.isFetching} data-testid="employees-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('employees.name')}</Table.Th>
                  <Table.Th>{t('employees.personnelNumber')}</Table.Th>
                  <Table.Th>{t('employees.email')}</Table.Th>
                  <Table.Th>{t('employees.departments')}</Table.Th>
                  <Table.Th>{t('employees.status')}</Table.Th>
                  <Table.Th>{t('employees.source')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody style={{ opacity: query.isPlaceholderData ? 0.6 : 1 }}>
                {items.length === 0 && <EmptyRow colSpan={6} />}
                {items.map((e) => (
                  <Table.Tr key={e.id} className="koppel-row-link" onClick={() => navigate(`/employees/${e.id}`)} data-testid="employee-row">
                    <Table.Td>
                      <Anchor component={Link} to={`/employees/${e.id}`} onClick={(ev) => ev.stopPropagation()} fw={500}>
                        {e.displayName}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{e.personnelNumber ?? '—'}</Table.Td>
                    <Table.Td>{e.email ?? '—'}</Table.Td>
                    <Table.Td>{e.departments ?? '—'}</Table.Td>
                    <Table.Td>
                      <EmployeeStatusBadge status={e.status} />
                    </Table.Td>
                    <Table.Td>
                      <SourceBadge source={e.source} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        <PagingFooter
          page={page}
          pageSize={pageSize}
          total={total}
          onPage={(p) => update({ page: p === 1 ? null : p }, false)}
          onPageSize={(n) => update({ pageSize: n === 50 ? null : n })}
        />
      </Paper>
    </>
  );
}
