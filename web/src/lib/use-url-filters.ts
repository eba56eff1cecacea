import { useSearchParams } from 'react-router-dom';

/**
 * Filters kept in the URL (shareable, survive back/forward). A key missing from the URL takes its
 * default; a key present but empty means "no filter", so links can clear a default (e.g. `from=`).
 */
export function useUrlFilters<K extends string>(defaults: Record<K, string>) {
  const [params, setParams] = useSearchParams();
  const values = Object.fromEntries(
    (Object.keys(defaults) as K[]).map((k) => [k, params.has(k) ? (params.get(k) ?? '') : defaults[k]]),
  ) as Record<K, string>;
  const set = (patch: Partial<Record<K | 'page', string | number | null>>, resetPage = true) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch) as [K, string | number | null][]) {
      if (v === null || v === undefined) next.delete(k);
      else next.set(k, String(v));
    }
    if (resetPage && !('page' in patch)) next.delete('page');
    setParams(next, { replace: true });
  };
  const page = Number(params.get('page') ?? 1) || 1;
  return { values, set, page };
}
