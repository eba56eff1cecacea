import { serializerCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ZodApp } from '../../../platform/http/zod-app.ts';
import { actorOf } from '../../../platform/http/auth.ts';
import { birthDate, dateTime, idParam, ok, optionalText, pageOf, paging } from '../../../platform/http/schemas.ts';
import type { Services } from '../../container.ts';

// Private fields (birth date, address, notes, masked BSN) are absent for callers outside the HR roles
// (docs/decisions/0008-field-visibility.md; the projection is employeeFor in the employees service).
export const employeeDto = z.object({
  id: z.string(),
  firstName: z.string(),
  prefix: z.string().nullable(),
  lastName: z.string(),
  displayName: z.string(),
  initials: z.string().nullable(),
  email: z.string().nullable(),
  bsnMasked: z.string().nullable().optional(),
  personnelNumber: z.string().nullable(),
  birthDate: z.string().nullable().optional(),
  street: z.string().nullable().optional(),
  houseNumber: z.string().nullable().optional(),
  postalCode: z.string().nullable().optional(),
  city: z.string().nullable().optional(),
  country: z.string().nullable().optional(),
  phone: z.string().nullable(),
  status: z.enum(['active', 'former']),
  source: z.string(),
  managerId: z.string().nullable(),
  notes: z.string().nullable().optional(),
  departments: z.string().nullable(),
  createdAt: dateTime,
  updatedAt: dateTime,
});

const employeeFields = {
  firstName: z.string().trim().min(1).max(100),
  prefix: optionalText(30),
  lastName: z.string().trim().min(1).max(100),
  initials: optionalText(20),
  email: z.string().trim().email().max(254).nullish().or(z.literal('').transform(() => null)),
  bsn: z.string().max(20).nullish(),
  personnelNumber: optionalText(40),
  birthDate: birthDate.nullish().or(z.literal('').transform(() => null)),
  street: optionalText(200),
  houseNumber: optionalText(20),
  postalCode: optionalText(20),
  city: optionalText(100),
  country: optionalText(2),
  phone: optionalText(40),
  status: z.enum(['active', 'former']).optional(),
  managerId: z.string().uuid().nullish(),
  notes: optionalText(5000),
};
const createBody = z.object(employeeFields);
const updateBody = createBody.partial();

/** The JSON of list answers by their items (the same array while a page is reused) and paging fields. */
const listJson = new WeakMap<object, Map<string, string>>();

/**
 * The list's answers encoded by the route's response schema as every route's are, but once per reused page,
 * visibility and paging fields instead of on every request (issue 13: encoding 50 employees was a fifth of a cached
 * request's CPU). The items array is the same object only while the service reuses the page (employees.service.ts).
 */
const reusedListJson = (route: Parameters<typeof serializerCompiler>[0]) => {
  const encode = serializerCompiler(route);
  return (data: unknown) => {
    const answer = data as { items?: unknown; total?: unknown; nextCursor?: unknown; page?: unknown; pageSize?: unknown } | null;
    if (!answer || !Array.isArray(answer.items)) return encode(data);
    const paging = JSON.stringify([answer.total, answer.nextCursor, answer.page, answer.pageSize]);
    let byPaging = listJson.get(answer.items);
    if (!byPaging) listJson.set(answer.items, (byPaging = new Map()));
    let json = byPaging.get(paging);
    if (json === undefined) {
      json = encode(data);
      if (byPaging.size < 20) byPaging.set(paging, json);
    }
    return json;
  };
};

export function employeesRoutes(app: ZodApp, s: Services) {
  app.get(
    '/employees',
    {
      config: { access: 'workforceRead' },
      // The route's schema types its compiler; this one takes any zod schema (typed by serializerCompiler).
      serializerCompiler: reusedListJson as never,
      schema: {
        tags: ['employees'],
        summary: 'List employees: server-side paging, search on name/email/personnel number, filters',
        description:
          'Paged by page number (offset), or by keyset: pass the previous answer\'s `nextCursor` as `after` (with the same filters and sort) for the page that follows it; ' +
          '`page` is then only echoed. `total` is null on keyset pages (the first page\'s total still holds); `nextCursor` is null on the last page.',
        querystring: z.object({
          ...paging,
          q: z.string().max(100).optional(),
          status: z.enum(['active', 'former']).optional(),
          source: z.string().max(60).optional(),
          departmentId: z.string().uuid().optional(),
          sort: z.enum(['name', 'personnel_number', 'created_at']).default('name'),
          after: z.string().min(1).max(1000).optional(),
        }),
        response: { 200: pageOf(employeeDto).extend({ total: z.number().int().nullable(), nextCursor: z.string().nullable() }) },
      },
    },
    async (req) => {
      const { page, pageSize, ...filter } = req.query;
      const result = await s.employees.list(actorOf(req), { ...filter, limit: pageSize, offset: (page - 1) * pageSize });
      return { ...result, page, pageSize };
    },
  );
  app.post(
    '/employees',
    { config: { access: 'hr' }, schema: { tags: ['employees'], summary: 'Create an employee', body: createBody, response: { 201: employeeDto } } },
    async (req, reply) => reply.status(201).send(await s.employees.create(actorOf(req), req.body)),
  );
  app.get(
    '/employees/:id',
    { config: { access: 'workforceRead' }, schema: { tags: ['employees'], params: idParam, response: { 200: employeeDto } } },
    async (req) => s.employees.get(actorOf(req), req.params.id),
  );
  app.patch(
    '/employees/:id',
    { config: { access: 'hr' }, schema: { tags: ['employees'], params: idParam, body: updateBody, response: { 200: employeeDto } } },
    async (req) => s.employees.update(actorOf(req), req.params.id, req.body),
  );
  app.delete(
    '/employees/:id',
    { config: { access: 'hr' }, schema: { tags: ['employees'], params: idParam, response: { 200: ok } } },
    async (req) => {
      await s.employees.remove(actorOf(req), req.params.id);
      return { ok: true as const };
    },
  );
  app.post(
    '/employees/:id/bsn/reveal',
    {
      config: { access: 'hr' },
      schema: {
        tags: ['employees'],
        summary: 'Show the full BSN (HR roles; audited)',
        params: idParam,
        response: { 200: z.object({ bsn: z.string().nullable() }) },
      },
    },
    async (req) => s.employees.revealBsn(actorOf(req), req.params.id),
  );
}
