/** Small value helpers the engine's phases share (no I/O). */

/** jsonb columns come back parsed from both drivers; this only restores the type. */
export const parseJson = <T>(v: unknown): T => v as T;

/** Deep equality of JSON values, ignoring object key order (Postgres reorders jsonb keys). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return (a ?? null) === (b ?? null);
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => sameJson(x, bb[i]));
  }
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** Employee columns whose values never reach the audit log in clear text. */
export const SENSITIVE_COLUMNS = new Set(['bsn_encrypted', 'bsn_hash', 'bsn_last3']);

export const maskColumns = (cols: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(cols).map(([k, v]) => [k, SENSITIVE_COLUMNS.has(k) ? (v === null ? null : '***') : v]));

export const displayName = (p: { first_name: string; prefix: string | null; last_name: string }) => [p.first_name, p.prefix, p.last_name].filter(Boolean).join(' ');
