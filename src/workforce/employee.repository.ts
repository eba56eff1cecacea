import { insertJsonRows } from '../platform/db/json-rows.ts';
import { tenantRows } from '../platform/db/tenant-rows.ts';
import { writeVersion } from '../platform/db/write-versions.ts';
import { type ExpressionBuilder, type RawBuilder, sql } from 'kysely';
import type { Database } from '../platform/db/client.ts';
import type { DB, Employee, EmployeeUpdate, NewEmployee } from '../platform/db/schema.ts';

export type EmployeeFilter = {
  q?: string;
  /** The blind index of a BSN typed as `q` (HR roles only, set by the service): also finds the employee with that BSN. */
  bsnHash?: string;
  status?: 'active' | 'former';
  source?: string;
  departmentId?: string;
  today: string;
  sort: 'name' | 'personnel_number' | 'created_at';
  limit: number;
  offset: number;
  /** Keyset paging: the page after this row (a cursor from `nextCursor`); offset is then ignored and nothing is counted. */
  after?: string;
};

/** Where a page ends, as the sort key of its last row: [sort, ...key values, id]; opaque to callers (base64url JSON). */
type CursorKey = [sort: 'name', lastName: string, firstName: string, id: string] | [sort: 'personnel_number', number: string | null, id: string] | [sort: 'created_at', micros: string, id: string];

const encodeCursor = (key: CursorKey) => Buffer.from(JSON.stringify(key)).toString('base64url');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isText = (v: unknown, max = 200): v is string => typeof v === 'string' && v.length <= max;

/** The cursor for this sort, or undefined when it is not one of ours (another sort, tampered, truncated). */
export function decodeCursor(cursor: string, sort: EmployeeFilter['sort']): CursorKey | undefined {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(key) || key[0] !== sort) return undefined;
  const id = key[key.length - 1];
  if (!isText(id) || !UUID.test(id)) return undefined;
  if (sort === 'name' && key.length === 4 && isText(key[1]) && isText(key[2])) return key as CursorKey;
  if (sort === 'personnel_number' && key.length === 3 && (key[1] === null || isText(key[1]))) return key as CursorKey;
  if (sort === 'created_at' && key.length === 3 && isText(key[1], 20) && /^-?\d+$/.test(key[1])) return key as CursorKey;
  return undefined;
}

const SORT_KEYS = {
  name: [['last_name', 'asc'], ['first_name', 'asc'], ['id', 'asc']],
  personnel_number: [['personnel_number', 'asc'], ['id', 'asc']],
  created_at: [['created_at', 'desc'], ['id', 'asc']],
} as const satisfies Record<EmployeeFilter['sort'], readonly (readonly ['last_name' | 'first_name' | 'id' | 'personnel_number' | 'created_at', 'asc' | 'desc'])[]>;

export type EmployeeListRow = Employee & { department_names: string | null; linked_source: string | null };

/**
 * The integration an employee is linked to (the vendor of a linked HR record), or null. An employee
 * created by hand and later linked comes from that integration from then on; `employees.source`
 * keeps where the row was first created.
 */
const linkedVendor = (tenantId: string, employeeId: RawBuilder<unknown>) =>
  sql<string | null>`(SELECT r.vendor FROM external_records r WHERE r.tenant_id = ${tenantId} AND r.employee_id = ${employeeId}
    AND r.link_state = 'linked' ORDER BY r.created_at, r.id LIMIT 1)`;

/** Every table a page of the list or its total reads: a write to any of them may change both. */
export const LIST_TABLES = ['employees', 'contracts', 'departments', 'external_records'] as const;

/**
 * Answers of the list (pages, totals) per tenant and query, good while the tables they read are unchanged
 * (see createListCache). Requests that ask the same while it is being read share that one read.
 */
export interface ListCache<T> {
  version(): number;
  get(key: string): T | undefined;
  set(key: string, value: T, version: number): void;
  /** The answer for `key`: reused, the read another request has under way, or `load()`ed now. */
  through(key: string, load: () => Promise<T>): Promise<T>;
}

/**
 * The list's answers without reading them again on every request (issue 13): an answer is reused while this
 * process has not written the list's tables since (write-versions.ts: moved by the statement and again by its
 * commit, so an answer read during a write is never kept) and for at most `ttlMs`, which bounds what this process
 * cannot see (another process's writes on a database server). Bounded in entries. docs/decisions/0026.
 */
export function createListCache<T>(opts: { ttlMs: number; maxEntries?: number; now?: () => number }): ListCache<T> {
  const { ttlMs } = opts;
  const maxEntries = opts.maxEntries ?? 2_000;
  const now = opts.now ?? Date.now;
  const entries = new Map<string, { value: T; version: number; at: number }>();
  const loading = new Map<string, { version: number; promise: Promise<T> }>();
  const version = () => writeVersion(...LIST_TABLES);
  const cache: ListCache<T> = {
    version,
    get(key) {
      const e = entries.get(key);
      if (!e) return undefined;
      if (e.version !== version() || now() - e.at >= ttlMs) {
        entries.delete(key);
        return undefined;
      }
      return e.value;
    },
    set(key, value, v) {
      if (v !== version()) return; // written meanwhile: the answer may predate the write
      entries.delete(key);
      entries.set(key, { value, version: v, at: now() });
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
    },
    through(key, load) {
      const hit = cache.get(key);
      if (hit !== undefined) return Promise.resolve(hit);
      const v = version();
      const running = loading.get(key);
      if (running && running.version === v) return running.promise;
      const promise = load().then((value) => {
        cache.set(key, value, v);
        return value;
      });
      loading.set(key, { version: v, promise });
      const done = () => {
        if (loading.get(key)?.promise === promise) loading.delete(key);
      };
      promise.then(done, done);
      return promise;
    },
  };
  return cache;
}

export type EmployeeListPage = { rows: EmployeeListRow[]; total: number | null; nextCursor: string | null };

/** The caches of one process's employee list: totals (counting is the dear part) and whole pages. */
export type EmployeeListCaches = { counts: ListCache<number>; pages: ListCache<EmployeeListPage> };

/** Pages reused for `pageTtlMs` at most (short on a server, where other processes write unseen); totals for 10 s. */
export function createEmployeeListCaches(opts: { pageTtlMs: number; countTtlMs?: number; now?: () => number }): EmployeeListCaches {
  const now = opts.now ? { now: opts.now } : {};
  return {
    counts: createListCache<number>({ ttlMs: opts.countTtlMs ?? 10_000, ...now }),
    pages: createListCache<EmployeeListPage>({ ttlMs: opts.pageTtlMs, maxEntries: 500, ...now }),
  };
}

function cursorOf(sort: EmployeeFilter['sort'], row: EmployeeListRow & { created_micros: string }): CursorKey {
  if (sort === 'name') return ['name', row.last_name, row.first_name, row.id];
  if (sort === 'personnel_number') return ['personnel_number', row.personnel_number, row.id];
  return ['created_at', row.created_micros, row.id];
}

/** Rows after the cursor in the list's order (NULL personnel numbers sort last, as ORDER BY … ASC puts them). */
function afterKey(key: CursorKey) {
  return (eb: ExpressionBuilder<DB & { e: DB['employees'] }, 'e'>) => {
    if (key[0] === 'name') return eb(eb.refTuple('e.last_name', 'e.first_name', 'e.id'), '>', eb.tuple(key[1], key[2], key[3]));
    if (key[0] === 'personnel_number') {
      const [, number, id] = key;
      if (number === null) return eb.and([eb('e.personnel_number', 'is', null), eb('e.id', '>', id)]);
      return eb.or([eb(eb.refTuple('e.personnel_number', 'e.id'), '>', eb.tuple(number, id)), eb('e.personnel_number', 'is', null)]);
    }
    const at = sql<Date>`timestamptz 'epoch' + ${key[1]}::bigint * interval '1 microsecond'`;
    return eb.or([eb('e.created_at', '<', at), eb.and([eb('e.created_at', '=', at), eb('e.id', '>', key[2])])]);
  };
}

/** One page of the list read from the database (employeeRepository.list); totals through `counts` when given. */
async function readPage(db: Database, tenantId: string, f: EmployeeFilter, after: CursorKey | undefined, counts?: ListCache<number>): Promise<EmployeeListPage> {
  let q = db.selectFrom('employees as e').where('e.tenant_id', '=', tenantId);
  if (f.status) q = q.where('e.status', '=', f.status);
  if (f.source) {
    // The filter follows the badge: the linked integration first, else where the row was created.
    const source = f.source;
    const linked = linkedVendor(tenantId, sql.ref('e.id'));
    q = q.where((eb) => eb.or([eb(linked, '=', source), eb.and([eb(linked, 'is', null), eb('e.source', '=', source)])]));
  }
  if (f.q) {
    const needle = `%${f.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const bsnHash = f.bsnHash;
    q = bsnHash ? q.where((eb) => eb.or([eb('e.search_text', 'like', needle), eb('e.bsn_hash', '=', bsnHash)])) : q.where('e.search_text', 'like', needle);
  }
  if (f.departmentId) {
    const dep = f.departmentId;
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('contracts as c')
          .select('c.id')
          .whereRef('c.employee_id', '=', 'e.id')
          .where('c.tenant_id', '=', tenantId)
          .where('c.department_id', '=', dep)
          .where('c.start_date', '<=', f.today)
          .where((eb) => eb.or([eb('c.end_date', 'is', null), eb('c.end_date', '>=', f.today)])),
      ),
    );
  }
  const keys = SORT_KEYS[f.sort];
  let pageQuery = q.select(['e.id', 'e.last_name', 'e.first_name', 'e.personnel_number', 'e.created_at', sql<string>`(extract(epoch from e.created_at) * 1000000)::bigint::text`.as('created_micros')]);
  if (after) pageQuery = pageQuery.where(afterKey(after));
  for (const [column, dir] of keys) pageQuery = pageQuery.orderBy(`e.${column}`, dir);
  // Page over the narrow index columns first, then fetch full rows and department names for the
  // rows on the page only: rows skipped by OFFSET are never read in full. One row more than the page
  // tells whether another page follows.
  const page = pageQuery
    .limit(f.limit + 1)
    .offset(after ? 0 : f.offset)
    .as('p');
  let ordered = db
    .selectFrom(page)
    .innerJoin('employees as x', 'x.id', 'p.id')
    .selectAll('x')
    .select('p.created_micros')
    .select([
      sql<string | null>`(SELECT string_agg(DISTINCT d.name, ', ') FROM contracts c JOIN departments d ON d.id = c.department_id
        WHERE c.employee_id = x.id AND c.tenant_id = ${tenantId} AND c.start_date <= ${f.today}
          AND (c.end_date IS NULL OR c.end_date >= ${f.today}))`.as('department_names'),
      linkedVendor(tenantId, sql.ref('x.id')).as('linked_source'),
    ]);
  for (const [column, dir] of keys) ordered = ordered.orderBy(`p.${column}`, dir);
  const fetched = (await ordered.execute()) as Array<EmployeeListRow & { created_micros: string }>;
  const more = fetched.length > f.limit;
  const rows = fetched.slice(0, f.limit).map(({ created_micros: _m, ...row }) => row as EmployeeListRow);
  const last = fetched[f.limit - 1];
  const nextCursor = more && last ? encodeCursor(cursorOf(f.sort, last)) : null;
  let total: number | null = null;
  if (!after) {
    if (!more && (rows.length > 0 || f.offset === 0)) total = f.offset + rows.length;
    else {
      const key = JSON.stringify([tenantId, f.status ?? null, f.source ?? null, f.q ?? null, f.bsnHash ?? null, f.departmentId ?? null, f.today]);
      const count = async () => Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      total = counts ? await counts.through(key, count) : await count();
    }
  }
  return { rows, total, nextCursor };
}

/** Tenant-scoped employee queries. Every method takes tenantId first. */
export const employeeRepository = {
  ...tenantRows('employees'),
  /**
   * One page of the list. Paged by offset (page numbers) or by keyset (`after`, from the previous page's
   * `nextCursor`: a deep page costs as little as the first). The total is counted only when it is not known
   * otherwise: a page that is not full ends the list, and keyset pages do not count (null).
   */
  list(db: Database, tenantId: string, f: EmployeeFilter, after?: CursorKey, caches?: EmployeeListCaches): Promise<EmployeeListPage> {
    if (!caches) return readPage(db, tenantId, f, after);
    const key = JSON.stringify([tenantId, f.status ?? null, f.source ?? null, f.q ?? null, f.bsnHash ?? null, f.departmentId ?? null, f.today, f.sort, f.limit, after ? 0 : f.offset, after ?? null]);
    return caches.pages.through(key, () => readPage(db, tenantId, f, after, caches.counts));
  },

  get(db: Database, tenantId: string, id: string) {
    return db.selectFrom('employees').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  },

  /** One employee with the integration it is linked to (see linkedVendor). */
  getWithSource(db: Database, tenantId: string, id: string): Promise<(Employee & { linked_source: string | null }) | undefined> {
    return db
      .selectFrom('employees as e')
      .selectAll('e')
      .select(linkedVendor(tenantId, sql.ref('e.id')).as('linked_source'))
      .where('e.tenant_id', '=', tenantId)
      .where('e.id', '=', id)
      .executeTakeFirst();
  },

  findByPersonnelNumber(db: Database, tenantId: string, personnelNumber: string, exceptId?: string) {
    let q = db
      .selectFrom('employees')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('personnel_number', '=', personnelNumber);
    if (exceptId) q = q.where('id', '!=', exceptId);
    return q.executeTakeFirst();
  },

  /** Many new employees in multi-row statements (the sync engine's bulk adds); the search text is derived here. */
  async insertMany(db: Database, tenantId: string, rows: Omit<NewEmployee, 'tenant_id' | 'search_text'>[]) {
    await insertJsonRows(db, 'employees', rows.map((r) => ({ ...r, tenant_id: tenantId, search_text: employeeSearchText({ initials: null, ...r } as Employee) })), INSERT_CHUNK);
  },

  /** Sets columns of a locked row (`before`), keeping the search text in step, and bumps updated_at. */
  async updateColumns(db: Database, tenantId: string, before: Employee, set: EmployeeUpdate) {
    await db
      .updateTable('employees')
      .set({ ...set, search_text: employeeSearchText({ ...before, ...set } as Employee), updated_at: new Date() })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', before.id)
      .execute();
  },

  /** The first kind of work recorded for an employee (shifts, absences, leave corrections), or null when there is none. */
  async firstWorkRecord(db: Database, tenantId: string, employeeId: string): Promise<'shifts' | 'absences' | 'leave_adjustments' | null> {
    for (const table of ['shifts', 'absences', 'leave_adjustments'] as const) {
      const hit = await db.selectFrom(table).select('id').where('tenant_id', '=', tenantId).where('employee_id', '=', employeeId).limit(1).executeTakeFirst();
      if (hit) return table;
    }
    return null;
  },
};

const INSERT_CHUNK = 500;

export function employeeSearchText(e: Pick<Employee, 'first_name' | 'prefix' | 'last_name' | 'email' | 'personnel_number' | 'initials'>) {
  return [e.first_name, e.prefix, e.last_name, e.initials, e.email, e.personnel_number]
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
}
