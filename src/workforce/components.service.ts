import { sql } from 'kysely';
import type { Database } from '../platform/db/client.ts';
import { belongsToTenant, type CatalogRow } from './catalog.repository.ts';
import { type ContractPeriod, type HourComponentRule, type ResolvedShiftHours, resolveShiftHours, type ShiftForSplit, shiftMinutes } from '../domain/hours.ts';
import { isPublicHoliday } from '../domain/public-holidays.ts';
import { invalidField } from '../domain/errors.ts';
import { createCatalogService } from './catalog.service.ts';

/** Payroll components (F-08): hour components, wage components, and the rules that split worked hours over hour components. */

export type HourComponentInput = { code: string; name: string; ratePercent?: number; isDefault?: boolean };
export type WageComponentInput = { code: string; name: string };
export type HourComponentRuleInput = {
  hourComponentId: string;
  priority?: number;
  weekdays?: number[];
  timeFrom?: string | null;
  timeTo?: string | null;
  departmentId?: string | null;
  publicHolidaysOnly?: boolean;
};

const hhmm = (time: string | null) => (time === null ? null : time.slice(0, 5));

export const toHourComponentDto = (c: CatalogRow<'hour_components'>) => ({
  id: c.id,
  code: c.code,
  name: c.name,
  ratePercent: c.rate_percent,
  isDefault: c.is_default,
  createdAt: c.created_at,
});
export const toWageComponentDto = (c: CatalogRow<'wage_components'>) => ({ id: c.id, code: c.code, name: c.name, createdAt: c.created_at });
export const toHourComponentRuleDto = (r: CatalogRow<'hour_component_rules'>) => ({
  id: r.id,
  hourComponentId: r.hour_component_id,
  priority: r.priority,
  weekdays: r.weekdays,
  timeFrom: hhmm(r.time_from),
  timeTo: hhmm(r.time_to),
  departmentId: r.department_id,
  publicHolidaysOnly: r.public_holidays_only,
  createdAt: r.created_at,
});
export type HourComponentDto = ReturnType<typeof toHourComponentDto>;
export type WageComponentDto = ReturnType<typeof toWageComponentDto>;
export type HourComponentRuleDto = ReturnType<typeof toHourComponentRuleDto>;

export type ShiftSplit = {
  totalMinutes: number;
  components: { hourComponentId: string | null; code: string | null; name: string | null; minutes: number }[];
};

type ComponentRef = { hourComponentId: string | null; code: string | null; name: string | null; minutes: number };

/** A shift as resolved for display and export: department and hour components with their codes. */
export type ShiftHours = Omit<ResolvedShiftHours, 'components'> & { components: ComponentRef[] };

/**
 * Loads what resolving shifts needs once per request (hour components, rules, the tenant's country for
 * public holidays) and resolves any number of shifts with the pure `resolveShiftHours` (src/domain/hours).
 */
export async function loadHourResolver(db: Database, tenantId: string) {
  const [components, rules, tenant] = await Promise.all([
    db.selectFrom('hour_components').selectAll().where('tenant_id', '=', tenantId).execute(),
    db.selectFrom('hour_component_rules').selectAll().where('tenant_id', '=', tenantId).execute(),
    db.selectFrom('tenants').select('country').where('id', '=', tenantId).executeTakeFirstOrThrow(),
  ]);
  const byId = new Map(components.map((c) => [c.id, c]));
  const domainRules: HourComponentRule[] = rules.map((r) => ({
    id: r.id,
    hourComponentId: r.hour_component_id,
    priority: r.priority,
    weekdays: r.weekdays,
    timeFrom: r.time_from,
    timeTo: r.time_to,
    departmentId: r.department_id,
    publicHolidaysOnly: r.public_holidays_only,
  }));
  const defaultComponentId = components.find((c) => c.is_default)?.id ?? null;
  const isHoliday = (date: string) => isPublicHoliday(tenant.country, date);
  return {
    byId,
    resolve(shift: ShiftForSplit & { hourComponentId: string | null }, contracts: ContractPeriod[]): ShiftHours {
      // A component id of another tenant (cannot be stored, but never trusted) counts as none.
      const own = shift.hourComponentId && byId.has(shift.hourComponentId) ? shift.hourComponentId : null;
      const r = resolveShiftHours({ ...shift, hourComponentId: own }, { contracts, rules: domainRules, defaultComponentId, isPublicHoliday: isHoliday });
      return {
        ...r,
        components: r.components.map(({ hourComponentId, minutes }) => {
          const c = hourComponentId ? byId.get(hourComponentId) : undefined;
          return { hourComponentId: c?.id ?? null, code: c?.code ?? null, name: c?.name ?? null, minutes };
        }),
      };
    },
  };
}
export type HourResolver = Awaited<ReturnType<typeof loadHourResolver>>;

/**
 * How a shift's worked minutes fall under hour components (GET /shifts/:id/components), ordered by
 * rate, then code. The decision itself is `resolveShiftHours` (domain/hours.ts).
 */
export async function splitShift(
  db: Database,
  tenantId: string,
  shift: ShiftForSplit & { hourComponentId: string | null },
  contracts: ContractPeriod[],
): Promise<ShiftSplit> {
  const resolver = await loadHourResolver(db, tenantId);
  const resolved = resolver.resolve(shift, contracts);
  const rate = (id: string | null) => (id ? (resolver.byId.get(id)?.rate_percent ?? 0) : 0);
  const components = [...resolved.components].sort(
    (a, b) => rate(a.hourComponentId) - rate(b.hourComponentId) || String(a.code).localeCompare(String(b.code)),
  );
  return { totalMinutes: shiftMinutes(shift.startTime, shift.endTime, shift.breakMinutes), components };
}

export function createComponentsService(db: Database) {
  return {
    hourComponents: createCatalogService<'hour_components', HourComponentInput, HourComponentDto>(db, {
      table: 'hour_components',
      entity: 'hour_component',
      fields: { code: 'code', name: 'name', ratePercent: 'rate_percent', isDefault: 'is_default' },
      toDto: toHourComponentDto,
      orderBy: ['code'],
      // Rules belong to their component, but deleting it would drop them silently: delete the rules first.
      references: [
        { table: 'shifts', column: 'hour_component_id' },
        { table: 'hour_component_rules', column: 'hour_component_id' },
      ],
      async prepare({ trx, tenantId, before }, columns) {
        // One default component per tenant: choosing a new one demotes the old one.
        if (columns.is_default === true) {
          let q = trx.updateTable('hour_components').set({ is_default: false }).where('tenant_id', '=', tenantId).where('is_default', '=', true);
          if (before) q = q.where('id', '!=', before.id);
          await q.execute();
        }
      },
    }),

    wageComponents: createCatalogService<'wage_components', WageComponentInput, WageComponentDto>(db, {
      table: 'wage_components',
      entity: 'wage_component',
      fields: { code: 'code', name: 'name' },
      toDto: toWageComponentDto,
      orderBy: ['code'],
    }),

    rules: createCatalogService<'hour_component_rules', HourComponentRuleInput, HourComponentRuleDto>(db, {
      table: 'hour_component_rules',
      entity: 'hour_component_rule',
      fields: {
        hourComponentId: 'hour_component_id',
        priority: 'priority',
        weekdays: 'weekdays',
        timeFrom: 'time_from',
        timeTo: 'time_to',
        departmentId: 'department_id',
        publicHolidaysOnly: 'public_holidays_only',
      },
      toDto: toHourComponentRuleDto,
      orderBy: ['priority', 'created_at'],
      async prepare({ trx, tenantId, before }, columns) {
        const componentId = columns.hour_component_id;
        if (typeof componentId === 'string' && !(await belongsToTenant(trx, 'hour_components', tenantId, componentId))) {
          throw invalidField('hourComponentId', 'unknown', { entity: 'hour_component' });
        }
        const departmentId = columns.department_id;
        if (typeof departmentId === 'string' && !(await belongsToTenant(trx, 'departments', tenantId, departmentId))) {
          throw invalidField('departmentId', 'unknown', { entity: 'department' });
        }
        const from = columns.time_from !== undefined ? (columns.time_from as string | null) : (before?.time_from ?? null);
        const to = columns.time_to !== undefined ? (columns.time_to as string | null) : (before?.time_to ?? null);
        if ((from === null) !== (to === null)) throw invalidField(from === null ? 'timeFrom' : 'timeTo', 'time_range_both');
        if (from !== null && to !== null && hhmm(from) === hhmm(to)) throw invalidField('timeTo', 'time_range_equal');
        // A rule without any condition claims every minute no other rule claims: a catch-all by accident.
        const weekdays = columns.weekdays !== undefined ? (columns.weekdays as number[] | null) : (before?.weekdays ?? []);
        const department = columns.department_id !== undefined ? columns.department_id : (before?.department_id ?? null);
        const holidaysOnly = columns.public_holidays_only !== undefined ? columns.public_holidays_only : (before?.public_holidays_only ?? false);
        if ((weekdays ?? []).length === 0 && from === null && department === null && holidaysOnly !== true) {
          throw invalidField('weekdays', 'rule_needs_condition');
        }
        if (Array.isArray(columns.weekdays)) {
          const days = [...new Set(columns.weekdays as number[])].sort((a, b) => a - b);
          // An int[] literal cast in SQL: array parameters are not serialized alike by every driver.
          columns.weekdays = sql`${`{${days.join(',')}}`}::int[]`;
        }
      },
    }),
  };
}
export type ComponentsService = ReturnType<typeof createComponentsService>;
