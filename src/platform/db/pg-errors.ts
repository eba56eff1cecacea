/**
 * Recognises PostgreSQL constraint errors. node-pg and PGlite both throw pg-protocol's
 * DatabaseError, so the SQLSTATE code and the detail text look the same on both databases.
 */
type PgError = { code?: string; constraint?: string; detail?: string };

const asPgError = (err: unknown): PgError | null => (err && typeof err === 'object' && 'code' in err ? (err as PgError) : null);

/** Columns of a violated unique constraint ("Key (tenant_id, code)=(…) already exists."), or null if it is no unique violation. */
export function uniqueViolationColumns(err: unknown): string[] | null {
  const e = asPgError(err);
  if (e?.code !== '23505') return null;
  const match = /Key \(([^)]+)\)=/.exec(e.detail ?? '');
  return match ? match[1]!.split(',').map((c) => c.trim()) : [];
}

export function isForeignKeyViolation(err: unknown): boolean {
  return asPgError(err)?.code === '23503';
}
