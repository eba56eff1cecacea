import { z } from 'zod';
import type { ZodApp } from '../../../platform/http/zod-app.ts';
import { actorOf } from '../../../platform/http/auth.ts';
import { dateTime, idParam, localDate, localTime, ok, optionalText, pageOf, paging } from '../../../platform/http/schemas.ts';
import type { Services } from '../../container.ts';

/** Worked shifts (F-05) and their split over hour components (F-08). */

const status = z.enum(['pending', 'approved', 'rejected']);

const shiftDto = z.object({
  id: z.string(),
  employeeId: z.string(),
  employeeName: z.string(),
  personnelNumber: z.string().nullable(),
  date: z.string(),
  startTime: z.string(),
  endTime: z.string(),
  breakMinutes: z.number().int(),
  workedMinutes: z.number().int(),
  departmentId: z.string().nullable(),
  departmentName: z.string().nullable(),
  hourComponentId: z.string().nullable(),
  hourComponentCode: z.string().nullable(),
  resolvedDepartmentId: z.string().nullable().describe("The department the hours count for: the shift's own, else its contract's on that date"),
  resolvedDepartmentName: z.string().nullable(),
  departmentFrom: z.enum(['shift', 'contract']).nullable(),
  componentsFrom: z.enum(['shift', 'rules']).describe("Whether the shift's own hour component or the rules decided hourComponents"),
  hourComponents: z
    .array(z.object({ hourComponentId: z.string().nullable(), code: z.string().nullable(), name: z.string().nullable(), minutes: z.number().int() }))
    .describe('Worked minutes per hour component as resolved (most minutes first)'),
  status,
  approvedBy: z.string().nullable(),
  approvedByName: z.string().nullable(),
  approvedAt: dateTime.nullable(),
  note: z.string().nullable(),
  source: z.string(),
  createdAt: dateTime,
  updatedAt: dateTime,
});

const splitDto = z.object({
  totalMinutes: z.number().int(),
  components: z.array(
    z.object({ hourComponentId: z.string().nullable(), code: z.string().nullable(), name: z.string().nullable(), minutes: z.number().int() }),
  ),
});

/** Why an approved shift is corrected; required for changes to, deletion and reopening of an approved shift (audited). */
const reason = z.string().trim().max(500);

const shiftBody = z.object({
  employeeId: z.string().uuid(),
  date: localDate,
  // An end time at or before the start time means the shift runs past midnight.
  startTime: localTime,
  endTime: localTime,
  breakMinutes: z.number().int().min(0).max(1440).optional(),
  departmentId: z.string().uuid().nullish(),
  hourComponentId: z.string().uuid().nullish(),
  note: optionalText(2000),
});

/** F-25: a write on a day an export already sent is refused (409 conflict, details.reason period_sent) unless this is true; then it records a correction. */
const confirmCorrection = z.boolean().optional().describe('Confirm a write on a sent day: it is saved and recorded as a correction (F-25)');

export function shiftsRoutes(app: ZodApp, s: Services) {
  const tags = ['shifts'];
  app.get(
    '/shifts',
    {
      config: { access: 'workforceRead' },
      schema: {
        tags,
        summary: 'List worked shifts, newest first, with server-side paging',
        querystring: z.object({
          ...paging,
          from: localDate.optional(),
          to: localDate.optional(),
          employeeId: z.string().uuid().optional(),
          departmentId: z.string().uuid().optional(),
          status: status.optional(),
        }),
        response: { 200: pageOf(shiftDto) },
      },
    },
    async (req) => {
      const { page, pageSize, ...filter } = req.query;
      const result = await s.shifts.list(actorOf(req), { ...filter, limit: pageSize, offset: (page - 1) * pageSize });
      return { ...result, page, pageSize };
    },
  );
  app.post(
    '/shifts',
    { config: { access: 'hours' }, schema: { tags, summary: 'Record a worked shift (pending approval)', body: shiftBody.extend({ confirmCorrection }), response: { 201: shiftDto } } },
    async (req, reply) => {
      const { confirmCorrection: confirm, ...input } = req.body;
      return reply.status(201).send(await s.shifts.create(actorOf(req), input, confirm ?? false));
    },
  );
  app.post(
    '/shifts/import',
    {
      config: { access: 'hours' },
      schema: {
        tags,
        summary: 'Import shifts from CSV: all rows or none',
        description:
          'Columns (header row, ";" or "," separated): personnel_number and/or email, date (YYYY-MM-DD or DD-MM-YYYY), start, end (HH:MM), ' +
          'break_minutes, department (name or code), hour_component (code). If any row is invalid nothing is imported and the ' +
          'answer is 400 csv_invalid with details [{line, field, message}] (the header is line 1). dryRun only validates. ' +
          'Rows on days an export already sent: 409 conflict (details.reason period_sent, dry run included) and nothing is imported, ' +
          'unless confirmCorrection is true; then each such shift records a correction (F-25).',
        body: z.object({ csv: z.string().min(1).max(15_000_000), dryRun: z.boolean().optional(), confirmCorrection }),
        response: {
          200: z.object({ imported: z.number().int(), rows: z.number().int(), dryRun: z.boolean() }),
          400: z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown() }) }),
        },
      },
    },
    async (req) => s.shifts.importCsv(actorOf(req), req.body.csv, req.body.dryRun ?? false, req.body.confirmCorrection ?? false),
  );
  app.post(
    '/shifts/approve',
    {
      config: { access: 'hours' },
      schema: {
        tags,
        summary: 'Approve several shifts at once; all ids must exist, else nothing is approved',
        body: z.object({ ids: z.array(z.string().uuid()).min(1).max(1000) }),
        response: { 200: z.object({ approved: z.number().int() }) },
      },
    },
    async (req) => s.shifts.approveMany(actorOf(req), req.body.ids),
  );
  app.get(
    '/shifts/:id',
    { config: { access: 'workforceRead' }, schema: { tags, params: idParam, response: { 200: shiftDto } } },
    async (req) => s.shifts.get(actorOf(req), req.params.id),
  );
  app.get(
    '/shifts/:id/components',
    {
      config: { access: 'workforceRead' },
      schema: { tags, summary: "The shift's worked minutes per hour component", params: idParam, response: { 200: splitDto } },
    },
    async (req) => s.shifts.components(actorOf(req), req.params.id),
  );
  app.patch(
    '/shifts/:id',
    {
      config: { access: 'hours' },
      schema: {
        tags,
        summary: 'Change a shift; an approved shift goes back to pending, and changing one needs a reason (audited)',
        params: idParam,
        body: shiftBody.partial().extend({ reason: reason.nullish(), confirmCorrection }),
        response: { 200: shiftDto },
      },
    },
    async (req) => {
      const { reason: why, confirmCorrection: confirm, ...patch } = req.body;
      return s.shifts.update(actorOf(req), req.params.id, patch, why, confirm ?? false);
    },
  );
  app.delete(
    '/shifts/:id',
    {
      config: { access: 'hours' },
      schema: { tags, summary: 'Delete a shift; an approved one only with a reason (audited)', params: idParam, querystring: z.object({ reason: reason.optional(), confirmCorrection: z.enum(['true', 'false']).optional().describe('true: confirm a deletion on a sent day (F-25)') }), response: { 200: ok } },
    },
    async (req) => {
      await s.shifts.remove(actorOf(req), req.params.id, req.query.reason, req.query.confirmCorrection === 'true');
      return { ok: true as const };
    },
  );
  app.post(
    '/shifts/:id/reopen',
    {
      config: { access: 'hours' },
      schema: {
        tags,
        summary: 'Reopen an approved or rejected shift (back to pending) with a reason (audited)',
        params: idParam,
        body: z.object({ reason: reason.min(1), confirmCorrection }),
        response: { 200: shiftDto },
      },
    },
    async (req) => s.shifts.reopen(actorOf(req), req.params.id, req.body.reason, req.body.confirmCorrection ?? false),
  );
  app.post(
    '/shifts/:id/approve',
    { config: { access: 'hours' }, schema: { tags, params: idParam, response: { 200: shiftDto } } },
    async (req) => s.shifts.approve(actorOf(req), req.params.id),
  );
  app.post(
    '/shifts/:id/reject',
    { config: { access: 'hours' }, schema: { tags, params: idParam, response: { 200: shiftDto } } },
    async (req) => s.shifts.reject(actorOf(req), req.params.id),
  );
}
