import type { Selectable } from 'kysely';
import type { Database } from '../platform/db/client.ts';
import { absenceRepository } from './absence.repository.ts';
import { auditRepository, diffRecords } from '../platform/audit/audit.repository.ts';
import { contractRepository } from './contract.repository.ts';
import { employeeRepository } from './employee.repository.ts';
import type { LeaveAdjustmentsTable } from '../platform/db/schema.ts';
import { todayIn } from '../domain/dates.ts';
import { type LeaveAbsence, type LeaveContract, leaveBalance } from '../domain/leave.ts';
import { notFound } from '../domain/errors.ts';
import { type Actor, requireRole } from '../domain/actor.ts';

/** Leave balance (F-07) per employee and year, and leave corrections (Koppel-owned; a sync never touches them). */

/** Weeks of leave per year when a contract has no contract type: the Dutch statutory minimum. */
export const DEFAULT_LEAVE_WEEKS = 4;

export type LeaveAdjustmentInput = { year: number; hours: number; reason: string };

export const toLeaveAdjustmentDto = (a: Selectable<LeaveAdjustmentsTable>) => ({
  id: a.id,
  employeeId: a.employee_id,
  year: a.year,
  hours: a.hours,
  reason: a.reason,
  createdAt: a.created_at,
});

export function createLeaveService(db: Database) {
  async function assertEmployee(tenantId: string, employeeId: string) {
    if (!(await employeeRepository.get(db, tenantId, employeeId))) throw notFound('employee');
  }

  return {
    async balance(actor: Actor, employeeId: string, year: number) {
      requireRole(actor, 'workforceRead');
      await assertEmployee(actor.tenantId, employeeId);
      const [contracts, absences, adjustments] = await Promise.all([
        contractRepository.listForEmployee(db, actor.tenantId, employeeId),
        absenceRepository.forEmployeeBetween(db, actor.tenantId, employeeId, `${year}-01-01`, `${year}-12-31`),
        absenceRepository.leaveAdjustments(db, actor.tenantId, employeeId, year),
      ]);
      const leaveContracts: LeaveContract[] = contracts.map((c) => ({
        startDate: c.start_date,
        endDate: c.end_date,
        weeklyHours: c.weekly_hours,
        leaveWeeks: c.leave_weeks ?? DEFAULT_LEAVE_WEEKS,
      }));
      const leaveAbsences: LeaveAbsence[] = absences.map((a) => ({
        startDate: a.start_date,
        endDate: a.end_date,
        unit: a.unit,
        hours: a.hours,
        status: a.status,
        deductsLeave: a.deducts_leave,
      }));
      const adjustmentHours = adjustments.reduce((sum, a) => sum + a.hours, 0);
      return leaveBalance(year, leaveContracts, leaveAbsences, adjustmentHours, todayIn(actor.timeZone));
    },

    async listAdjustments(actor: Actor, employeeId: string, year?: number) {
      requireRole(actor, 'workforceRead');
      await assertEmployee(actor.tenantId, employeeId);
      return (await absenceRepository.leaveAdjustments(db, actor.tenantId, employeeId, year)).map(toLeaveAdjustmentDto);
    },

    async addAdjustment(actor: Actor, employeeId: string, input: LeaveAdjustmentInput) {
      requireRole(actor, 'hr');
      return db.transaction().execute(async (trx) => {
        if (!(await employeeRepository.get(trx, actor.tenantId, employeeId))) throw notFound('employee');
        const created = await absenceRepository.insertLeaveAdjustment(trx, {
          tenant_id: actor.tenantId,
          employee_id: employeeId,
          year: input.year,
          hours: input.hours,
          reason: input.reason,
        });
        await auditRepository.record(trx, actor, 'create', 'leave_adjustment', created.id, diffRecords(null, created));
        return toLeaveAdjustmentDto(created);
      });
    },
  };
}
export type LeaveService = ReturnType<typeof createLeaveService>;
