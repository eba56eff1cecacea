import { z } from 'zod';
import type { ZodApp } from '../../../platform/http/zod-app.ts';
import { actorOf } from '../../../platform/http/auth.ts';
import { dateTime, idParam, localDate, ok, optionalText, pageOf, paging } from '../../../platform/http/schemas.ts';
import type { Services } from '../../container.ts';
import { catalogRoutes } from './catalog.routes.ts';

/** Absence types and absences (F-06). */

const kind = z.enum(['vacation', 'sick', 'special_leave', 'not_plannable', 'other']);
const status = z.enum(['pending', 'approved', 'rejected']);
const unit = z.enum(['days', 'half_day', 'hours']);

const absenceTypeDto = z.object({ id: z.string(), name: z.string(), kind, deductsLeave: z.boolean(), createdAt: dateTime });
const absenceDto = z.object({
  id: z.string(),
  employeeId: z.string(),
  employeeName: z.string(),
  absenceTypeId: z.string(),
  absenceTypeName: z.string(),
  kind,
  deductsLeave: z.boolean(),
  startDate: z.string(),
  endDate: z.string(),
  unit,
  hours: z.number().nullable(),
  status,
  source: z.string(),
  comment: z.string().nullable(),
  createdAt: dateTime,
  updatedAt: dateTime,
});

const absenceBody = z.object({
  employeeId: z.string().uuid(),
  absenceTypeId: z.string().uuid(),
  startDate: localDate,
  endDate: localDate,
  // half_day must be a single day; hours needs `hours` (ignored for the other units).
  unit,
  hours: z.number().positive().max(10_000).multipleOf(0.01).nullish(),
  comment: optionalText(2000),
});

/** F-25: a write on a day an export already sent is refused (409 conflict, details.reason period_sent) unless this is true; then it records a correction. */
const confirmCorrection = z.boolean().optional().describe('Confirm a write on a sent day: it is saved and recorded as a correction (F-25)');
const confirmQuery = z.object({ confirmCorrection: z.enum(['true', 'false']).optional().describe('true: confirm a deletion on a sent day (F-25)') });

export function absencesRoutes(app: ZodApp, s: Services) {
  catalogRoutes(app, {
    path: '/absence-types',
    tag: 'absences',
    noun: 'absence type',
    dto: absenceTypeDto,
    // deductsLeave defaults to true for kind "vacation", false otherwise.
    body: z.object({ name: z.string().trim().min(1).max(200), kind, deductsLeave: z.boolean().optional() }),
    service: s.absences.types,
  });

  const tags = ['absences'];
  app.get(
    '/absences',
    {
      config: { access: 'workforceRead' },
      schema: {
        tags,
        summary: 'List absences (those overlapping from–to), newest first, with server-side paging',
        querystring: z.object({
          ...paging,
          employeeId: z.string().uuid().optional(),
          absenceTypeId: z.string().uuid().optional(),
          from: localDate.optional(),
          to: localDate.optional(),
          status: status.optional(),
        }),
        response: { 200: pageOf(absenceDto) },
      },
    },
    async (req) => {
      const { page, pageSize, ...filter } = req.query;
      const result = await s.absences.list(actorOf(req), { ...filter, limit: pageSize, offset: (page - 1) * pageSize });
      return { ...result, page, pageSize };
    },
  );
  app.post(
    '/absences',
    { config: { access: 'hours' }, schema: { tags, summary: 'Record an absence (pending approval)', body: absenceBody.extend({ confirmCorrection }), response: { 201: absenceDto } } },
    async (req, reply) => {
      const { confirmCorrection: confirm, ...input } = req.body;
      return reply.status(201).send(await s.absences.create(actorOf(req), input, { confirmCorrection: confirm ?? false }));
    },
  );
  app.get(
    '/absences/:id',
    { config: { access: 'workforceRead' }, schema: { tags, params: idParam, response: { 200: absenceDto } } },
    async (req) => s.absences.get(actorOf(req), req.params.id),
  );
  app.patch(
    '/absences/:id',
    {
      config: { access: 'hours' },
      schema: { tags, summary: 'Change an absence; changing an approved one sends it back to pending', params: idParam, body: absenceBody.partial().extend({ confirmCorrection }), response: { 200: absenceDto } },
    },
    async (req) => {
      const { confirmCorrection: confirm, ...patch } = req.body;
      return s.absences.update(actorOf(req), req.params.id, patch, confirm ?? false);
    },
  );
  app.delete(
    '/absences/:id',
    { config: { access: 'hours' }, schema: { tags, params: idParam, querystring: confirmQuery, response: { 200: ok } } },
    async (req) => {
      await s.absences.remove(actorOf(req), req.params.id, req.query.confirmCorrection === 'true');
      return { ok: true as const };
    },
  );
  app.post(
    '/absences/:id/approve',
    { config: { access: 'hours' }, schema: { tags, params: idParam, response: { 200: absenceDto } } },
    async (req) => s.absences.approve(actorOf(req), req.params.id),
  );
  app.post(
    '/absences/:id/reject',
    { config: { access: 'hours' }, schema: { tags, params: idParam, response: { 200: absenceDto } } },
    async (req) => s.absences.reject(actorOf(req), req.params.id),
  );
}
