import type { Database } from '../platform/db/client.ts';
import { auditRepository, diffRecords } from '../platform/audit/audit.repository.ts';
import { createEmployeeListCaches, decodeCursor, employeeRepository, employeeSearchText, type EmployeeFilter, type EmployeeListPage } from './employee.repository.ts';
import type { Employee, EmployeeUpdate } from '../platform/db/schema.ts';
import { isValidBsn, maskBsn, normalizeBsn } from '../domain/bsn.ts';
import { todayIn } from '../domain/dates.ts';
import type { SecretBox } from '../platform/crypto.ts';
import { AppError, invalidField, notFound } from '../domain/errors.ts';
import { type Actor, requireRole, seesPrivateData } from '../domain/actor.ts';

export type EmployeeInput = {
  firstName: string;
  prefix?: string | null;
  lastName: string;
  initials?: string | null;
  email?: string | null;
  bsn?: string | null;
  personnelNumber?: string | null;
  birthDate?: string | null;
  street?: string | null;
  houseNumber?: string | null;
  postalCode?: string | null;
  city?: string | null;
  country?: string | null;
  phone?: string | null;
  status?: 'active' | 'former';
  managerId?: string | null;
  notes?: string | null;
};

/** Page reuse on a database server / on the embedded database (decision 0026). */
export const SERVER_LIST_PAGE_TTL_MS = 2_000;
export const EMBEDDED_LIST_PAGE_TTL_MS = 60_000;

export type EmployeeDto = ReturnType<typeof toEmployeeDto>;

/** API shape. The BSN never leaves the service in clear text except through revealBsn. */
export function toEmployeeDto(e: Employee & { department_names?: string | null; linked_source?: string | null }) {
  return {
    id: e.id,
    firstName: e.first_name,
    prefix: e.prefix,
    lastName: e.last_name,
    displayName: displayName(e),
    initials: e.initials,
    email: e.email,
    bsnMasked: maskBsn(e.bsn_last3),
    personnelNumber: e.personnel_number,
    birthDate: e.birth_date,
    street: e.street,
    houseNumber: e.house_number,
    postalCode: e.postal_code,
    city: e.city,
    country: e.country,
    phone: e.phone,
    status: e.status,
    // Where the employee comes from now: the linked integration, else where the row was created.
    source: e.linked_source ?? e.source,
    managerId: e.manager_id,
    notes: e.notes,
    departments: e.department_names ?? null,
    createdAt: e.created_at,
    updatedAt: e.updated_at,
  };
}

/** Private data: shown to the HR roles only (seesPrivateData); absent from what anybody else reads. */
const PRIVATE_FIELDS = ['bsnMasked', 'birthDate', 'street', 'houseNumber', 'postalCode', 'city', 'country', 'notes'] as const;
type PrivateField = (typeof PRIVATE_FIELDS)[number];
export type EmployeeView = Omit<EmployeeDto, PrivateField> & Partial<Pick<EmployeeDto, PrivateField>>;

/** The one projection of an employee for a caller: every read and write of this service answers through it. */
export function employeeFor(actor: Actor, e: Employee & { department_names?: string | null; linked_source?: string | null }): EmployeeView {
  const dto: EmployeeView = toEmployeeDto(e);
  if (seesPrivateData(actor)) return dto;
  for (const f of PRIVATE_FIELDS) delete dto[f];
  return dto;
}

export function displayName(e: Pick<Employee, 'first_name' | 'prefix' | 'last_name'>) {
  return [e.first_name, e.prefix, e.last_name].filter(Boolean).join(' ');
}

const FIELD_MAP: Record<string, keyof Employee> = {
  firstName: 'first_name',
  prefix: 'prefix',
  lastName: 'last_name',
  initials: 'initials',
  email: 'email',
  personnelNumber: 'personnel_number',
  birthDate: 'birth_date',
  street: 'street',
  houseNumber: 'house_number',
  postalCode: 'postal_code',
  city: 'city',
  country: 'country',
  phone: 'phone',
  status: 'status',
  managerId: 'manager_id',
  notes: 'notes',
};

/**
 * `listPageTtlMs`: how long a page of the employee list may be reused while this process writes none of the tables
 * it reads (employee.repository.ts createListCache). Short on a database server, where other processes' writes are
 * not seen; longer on the embedded database, which only this process writes. docs/decisions/0026.
 */
export function createEmployeesService(db: Database, box: SecretBox, opts: { listPageTtlMs?: number } = {}) {
  /** Pages and totals of the employee list, reused while nothing was written. */
  const listCaches = createEmployeeListCaches({ pageTtlMs: opts.listPageTtlMs ?? SERVER_LIST_PAGE_TTL_MS });
  function toColumns(input: Partial<EmployeeInput>): EmployeeUpdate {
    const row: Record<string, unknown> = {};
    for (const [key, column] of Object.entries(FIELD_MAP)) {
      const value = (input as Record<string, unknown>)[key];
      if (value !== undefined) row[column] = typeof value === 'string' && value.trim() === '' ? null : value;
    }
    if (input.bsn !== undefined) {
      if (input.bsn === null || input.bsn.trim() === '') {
        Object.assign(row, { bsn_encrypted: null, bsn_hash: null, bsn_last3: null });
      } else {
        const bsn = normalizeBsn(input.bsn);
        if (!isValidBsn(bsn)) throw new AppError('invalid_bsn', {}, { field: 'bsn' });
        Object.assign(row, { bsn_encrypted: box.encrypt(bsn), bsn_hash: box.blindIndex(bsn), bsn_last3: bsn.slice(-3) });
      }
    }
    return row as EmployeeUpdate;
  }

  /**
   * The caller's projection of a page, made once per page and visibility while the page is reused (issue 13): the
   * same array for every caller who sees the same fields, so its JSON can be reused too (employees.routes.ts).
   */
  const pageViews = new WeakMap<EmployeeListPage, { full?: EmployeeView[]; limited?: EmployeeView[] }>();
  function viewsOf(actor: Actor, page: EmployeeListPage): EmployeeView[] {
    let views = pageViews.get(page);
    if (!views) pageViews.set(page, (views = {}));
    if (seesPrivateData(actor)) return (views.full ??= page.rows.map((e) => employeeFor(actor, e)));
    return (views.limited ??= page.rows.map((e) => employeeFor(actor, e)));
  }

  async function assertUniquePersonnelNumber(tenantId: string, pn: string | null | undefined, exceptId?: string) {
    if (!pn) return;
    if (await employeeRepository.findByPersonnelNumber(db, tenantId, pn, exceptId)) {
      throw new AppError('duplicate', { entity: 'employee', field: 'personnelNumber' }, { field: 'personnelNumber' });
    }
  }

  async function assertManager(tenantId: string, managerId: string | null | undefined, selfId?: string) {
    if (!managerId) return;
    if (managerId === selfId || !(await employeeRepository.get(db, tenantId, managerId))) {
      throw new AppError('validation_failed', {}, { field: 'managerId' });
    }
  }

  return {
    async list(actor: Actor, filter: Omit<EmployeeFilter, 'today'>) {
      requireRole(actor, 'workforceRead');
      const after = filter.after === undefined ? undefined : decodeCursor(filter.after, filter.sort);
      if (filter.after !== undefined && !after) throw invalidField('after', 'unknown_value');
      // A BSN typed into the search (the link dialog of the sync review: name, email, BSN, personnel number) finds its
      // employee through the blind index, for the HR roles only (the BSN is their private data).
      const bsnHash = filter.q && seesPrivateData(actor) && isValidBsn(filter.q.trim()) ? box.blindIndex(normalizeBsn(filter.q.trim())) : undefined;
      const page = await employeeRepository.list(db, actor.tenantId, { ...filter, ...(bsnHash ? { bsnHash } : {}), today: todayIn(actor.timeZone) }, after, listCaches);
      return { items: viewsOf(actor, page), total: page.total, nextCursor: page.nextCursor };
    },

    async get(actor: Actor, id: string) {
      requireRole(actor, 'workforceRead');
      const e = await employeeRepository.getWithSource(db, actor.tenantId, id);
      if (!e) throw notFound('employee');
      return employeeFor(actor, e);
    },

    /** Clear-text BSN for HR roles, and every reveal is audited. */
    async revealBsn(actor: Actor, id: string) {
      requireRole(actor, 'hr');
      const e = await employeeRepository.get(db, actor.tenantId, id);
      if (!e) throw notFound('employee');
      await auditRepository.record(db, actor, 'reveal_bsn', 'employee', id);
      return { bsn: e.bsn_encrypted ? box.decrypt(e.bsn_encrypted) : null };
    },

    async create(actor: Actor, input: EmployeeInput, opts: { source?: string } = {}) {
      requireRole(actor, 'hr');
      const cols = toColumns(input);
      await assertUniquePersonnelNumber(actor.tenantId, input.personnelNumber);
      await assertManager(actor.tenantId, input.managerId);
      return db.transaction().execute(async (trx) => {
        const row = {
          ...cols,
          tenant_id: actor.tenantId,
          first_name: input.firstName,
          last_name: input.lastName,
          source: opts.source ?? 'manual',
        } as Parameters<typeof employeeRepository.insert>[1];
        row.search_text = employeeSearchText(row as Employee);
        const created = await employeeRepository.insert(trx, row);
        await auditRepository.record(trx, actor, 'create', 'employee', created.id, diffRecords(null, created));
        return employeeFor(actor, created);
      });
    },

    async update(actor: Actor, id: string, patch: Partial<EmployeeInput>) {
      requireRole(actor, 'hr');
      // Existence first: another tenant's id is 404 whatever the body says.
      if (!(await employeeRepository.get(db, actor.tenantId, id))) throw notFound('employee');
      const cols = toColumns(patch);
      await assertUniquePersonnelNumber(actor.tenantId, patch.personnelNumber, id);
      await assertManager(actor.tenantId, patch.managerId, id);
      return db.transaction().execute(async (trx) => {
        const before = await trx
          .selectFrom('employees')
          .selectAll()
          .where('tenant_id', '=', actor.tenantId)
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirst();
        if (!before) throw notFound('employee');
        const merged = { ...before, ...cols } as Employee;
        const after = await employeeRepository.update(trx, actor.tenantId, id, { ...cols, search_text: employeeSearchText(merged) });
        if (!after) throw notFound('employee');
        await auditRepository.record(trx, actor, 'update', 'employee', id, diffRecords(before, after));
        return employeeFor(actor, (await employeeRepository.getWithSource(trx, actor.tenantId, id)) ?? after);
      });
    },

    async remove(actor: Actor, id: string) {
      requireRole(actor, 'hr');
      await db.transaction().execute(async (trx) => {
        const before = await employeeRepository.get(trx, actor.tenantId, id);
        if (!before) throw notFound('employee');
        await employeeRepository.delete(trx, actor.tenantId, id);
        await auditRepository.record(trx, actor, 'delete', 'employee', id, diffRecords(before, null));
      });
    },
  };
}
export type EmployeesService = ReturnType<typeof createEmployeesService>;
