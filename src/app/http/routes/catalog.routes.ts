import type { z } from 'zod';
import type { ZodApp } from '../../../platform/http/zod-app.ts';
import { actorOf } from '../../../platform/http/auth.ts';
import { idParam, ok } from '../../../platform/http/schemas.ts';
import type { RoleGroup } from '../../../domain/actor.ts';
import type { CatalogService } from '../../../workforce/catalog.service.ts';

type CatalogRoutes<Body extends z.ZodObject, Dto extends z.ZodType> = {
  /** e.g. '/departments' */
  path: string;
  tag: string;
  /** Singular noun for the OpenAPI summaries. */
  noun: string;
  dto: Dto;
  body: Body;
  service: CatalogService<z.output<Body>, z.output<Dto>>;
  roles?: { read: RoleGroup; write: RoleGroup };
};

/**
 * The five routes every catalog has: list, create, read, update (partial), delete.
 * CatalogRoutes ties the service to its schemas; inside, Fastify's route types cannot follow
 * generic schemas, so the routes see them as plain zod types.
 */
export function catalogRoutes<Body extends z.ZodObject, Dto extends z.ZodType>(app: ZodApp, c: CatalogRoutes<Body, Dto>) {
  const read = c.roles?.read ?? 'workforceRead';
  const write = c.roles?.write ?? 'hr';
  const tags = [c.tag];
  const dto: z.ZodType = c.dto;
  const body: z.ZodObject = c.body;
  app.get(
    c.path,
    { config: { access: read }, schema: { tags, summary: `List ${c.noun}s`, response: { 200: dto.array() } } },
    async (req) => c.service.list(actorOf(req)),
  );
  app.post(
    c.path,
    { config: { access: write }, schema: { tags, summary: `Create a ${c.noun}`, body, response: { 201: dto } } },
    async (req, reply) => reply.status(201).send(await c.service.create(actorOf(req), req.body as z.output<Body>)),
  );
  app.get(
    `${c.path}/:id`,
    { config: { access: read }, schema: { tags, summary: `Get a ${c.noun}`, params: idParam, response: { 200: dto } } },
    async (req) => c.service.get(actorOf(req), req.params.id),
  );
  app.patch(
    `${c.path}/:id`,
    { config: { access: write }, schema: { tags, summary: `Change a ${c.noun}`, params: idParam, body: body.partial(), response: { 200: dto } } },
    async (req) => c.service.update(actorOf(req), req.params.id, req.body as Partial<z.output<Body>>),
  );
  app.delete(
    `${c.path}/:id`,
    {
      config: { access: write },
      schema: { tags, summary: `Delete a ${c.noun} (refused while still in use)`, params: idParam, response: { 200: ok } },
    },
    async (req) => {
      await c.service.remove(actorOf(req), req.params.id);
      return { ok: true as const };
    },
  );
}
