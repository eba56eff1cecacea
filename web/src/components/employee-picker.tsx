import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useEmployees } from '../api/hooks';
import type { Employee } from '../api/types';

type Props = {
  value: string | null;
  onChange: (id: string | null, employee: Employee | null) => void;
  label?: string;
  required?: boolean;
  error?: string;
  testId?: string;
  clearable?: boolean;
  /** Include former employees in the search (filters want them, new records do not). */
  includeFormer?: boolean;
  w?: number | string;
};

const labelOf = (e: Employee) => (e.personnelNumber ? `${e.displayName} (${e.personnelNumber})` : e.displayName);

/** Employee combobox searching on the server (name, email, personnel number); never loads all employees. */
export function EmployeePicker({ value, onChange, label, required, error, testId, clearable, includeFormer, w }: Props) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [selected, setSelected] = useState<Employee | null>(null);
  const typed = selected && search === labelOf(selected) ? '' : search;
  const [debounced] = useDebouncedValue(typed.trim(), 250);
  const query = useEmployees({ page: 1, pageSize: 20, q: debounced || undefined, status: includeFormer ? undefined : 'active' });

  const items = query.data?.items ?? [];
  const data = useMemo(() => {
    const list = items.map((e) => ({ value: e.id, label: labelOf(e) }));
    if (selected && !list.some((o) => o.value === selected.id)) list.unshift({ value: selected.id, label: labelOf(selected) });
    return list;
  }, [items, selected]);

  return (
    <Select
      label={label ?? t('common.employee')}
      placeholder={t('common.searchEmployee')}
      searchable
      clearable={clearable}
      required={required}
      error={error}
      w={w}
      data={data}
      value={value}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      nothingFoundMessage={query.isFetching ? t('common.loading') : t('common.noResults')}
      onChange={(id) => {
        const emp = items.find((e) => e.id === id) ?? (selected?.id === id ? selected : null);
        setSelected(emp);
        onChange(id, emp);
      }}
      data-testid={testId}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
