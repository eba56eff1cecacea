import { z } from 'zod';
import { requestLocale, type ZodApp } from '../../../platform/http/zod-app.ts';
import { actorOf } from '../../../platform/http/auth.ts';
import { dateTime, ianaZoneSchema, idParam, ok, optionalText } from '../../../platform/http/schemas.ts';
import type { Services } from '../../container.ts';
import type { Crud } from '../../../recruiting/crud.ts';
import { caldavCredentialsSchema } from '../../../connectors/provider-registry.ts';

/**
 * Recruiting (F-30 … F-42), contract in docs/recruiting-api.md. Routes are open to every role
 * (`everyone`); the recruiting services apply the finer rules (staff / participant / admin).
 */

const tags = ['recruiting'];
const P = '/recruiting';
const lang = z.enum(['nl', 'de', 'en']);
// No control characters: names end up in mail headers and iCalendar parameters.
const name = z.string().trim().min(1).max(200).regex(/^[^\x00-\x1f\x7f]*$/, { message: 'No control characters' });
const email = z.string().trim().email().max(254);
const uuid = z.string().uuid();
const times = { createdAt: dateTime, updatedAt: dateTime };
const videoKind = z.enum(['google_meet', 'teams', 'zoom', 'gotomeeting']);
const method = z.enum(['in_person', 'phone', 'video']);
const participantStatus = z.enum(['needs_action', 'accepted', 'declined', 'tentative', 'email_sent']);
const zoneId = ianaZoneSchema;
const httpUrl = z.string().trim().url().max(500).refine((u) => /^https?:\/\//i.test(u), { message: 'Expected an http(s) URL' });

const jobDto = z.object({ id: z.string(), title: z.string(), description: z.string().nullable(), location: z.string().nullable(), responsibleUserId: z.string(), responsibleUserName: z.string(), status: z.enum(['open', 'closed']), ...times });
const jobBody = z.object({ title: name, description: optionalText(5000), location: optionalText(200), responsibleUserId: uuid, status: z.enum(['open', 'closed']).optional() });
const candidateDto = z.object({ id: z.string(), name: z.string(), email: z.string(), phone: z.string().nullable(), language: lang, timeZone: z.string(), ...times });
const candidateBody = z.object({ name, email, phone: optionalText(50), language: lang, timeZone: zoneId });
const stage = z.enum(['applied', 'screening', 'interview', 'offer', 'hired', 'rejected']);
const applicationDto = z.object({ id: z.string(), candidateId: z.string(), jobId: z.string(), stage, notes: z.string().nullable(), candidateName: z.string(), candidateEmail: z.string().nullable(), jobTitle: z.string(), responsibleUserId: z.string(), ...times });
const applicationBody = z.object({ candidateId: uuid, jobId: uuid, stage: stage.optional(), notes: optionalText(5000) });
const typeDto = z.object({ id: z.string(), name: z.string(), defaultDurationMinutes: z.number().int(), defaultEvaluationFormId: z.string().nullable(), ...times });
const typeBody = z.object({ name, defaultDurationMinutes: z.number().int().min(5).max(480), defaultEvaluationFormId: uuid.nullish() });
const questionKind = z.enum(['text', 'rating', 'yes_no']);
const formDto = z.object({ id: z.string(), name: z.string(), questions: z.array(z.object({ id: z.string(), text: z.string(), kind: questionKind })), ...times });
const formBody = z.object({ name, questions: z.array(z.object({ id: z.string().trim().min(1).max(64).optional(), text: z.string().trim().min(1).max(1000), kind: questionKind })).max(100) });
const permissions = z.object({ candidateContact: z.boolean(), applicationNotes: z.boolean(), otherEvaluations: z.boolean(), interviewNotes: z.boolean() });
const roleDto = z.object({ id: z.string(), name: z.string(), permissions, ...times });
const roleBody = z.object({ name, permissions });
const roomDto = z.object({ id: z.string(), name: z.string(), email: z.string(), capacity: z.number().int(), calendarConnected: z.boolean(), calendarConnectionId: z.string().nullable(), ...times });
const roomBody = z.object({ name, email, capacity: z.number().int().min(1).max(1000) });

const connectionDto = z.object({
  id: z.string(),
  ownerType: z.enum(['user', 'room']),
  userId: z.string().nullable(),
  roomId: z.string().nullable(),
  kind: z.enum(['caldav', 'google', 'microsoft', 'zoom', 'gotomeeting']),
  category: z.enum(['calendar', 'video']),
  account: z.string(),
  status: z.enum(['connected', 'reconnect_needed']),
  lastErrorCode: z.string().nullable(),
  lastErrorAt: dateTime.nullable(),
  ...times,
});
const oauthKind = z.enum(['google', 'microsoft', 'zoom', 'gotomeeting']);
const oauthAppDto = z.object({ kind: oauthKind, clientId: z.string(), hasSecret: z.boolean(), authorizeUrl: z.string(), tokenUrl: z.string(), apiBaseUrl: z.string(), scopes: z.string() });
const userDto = z.object({
  id: z.string(),
  name: z.string(),
  // Absent unless the caller is recruiting staff or this is their own entry (docs/decisions/0008-field-visibility.md).
  email: z.string().optional(),
  role: z.string().optional(),
  timeZone: z.string(),
  calendarConnected: z.boolean(),
  calendarKind: z.enum(['caldav', 'google', 'microsoft']).nullable(),
  calendarStatus: z.enum(['connected', 'reconnect_needed']).nullable(),
  videoProviders: z.array(videoKind),
});

const span = { start: dateTime, end: dateTime };
const availabilityBody = z.object({
  userIds: z.array(uuid).min(1).max(20),
  roomIds: z.array(uuid).max(20).optional(),
  from: dateTime,
  to: dateTime,
  durationMinutes: z.number().int().min(5).max(480).optional(),
  bufferBeforeMinutes: z.number().int().min(0).max(240).optional(),
  bufferAfterMinutes: z.number().int().min(0).max(240).optional(),
  showPrivateTitles: z.boolean().optional(),
  excludeInterviewId: uuid.nullish(),
  maxSlots: z.number().int().min(1).max(1000).optional(),
});
const availabilityDto = z.object({
  participants: z.array(
    z.object({
      userId: z.string(),
      name: z.string(),
      email: z.string(),
      timeZone: z.string(),
      calendarConnected: z.boolean(),
      error: z.object({ code: z.string(), message: z.string() }).nullable(),
      busy: z.array(z.object({ ...span, title: z.string().nullable(), private: z.boolean(), tentative: z.boolean(), allDay: z.boolean(), source: z.enum(['calendar', 'interview']) })),
      absences: z.array(z.object({ ...span, kind: z.string(), label: z.string() })),
      holidays: z.array(z.object({ ...span, date: z.string(), name: z.string() })),
      working: z.array(z.object(span)),
    }),
  ),
  rooms: z.array(z.object({ roomId: z.string(), name: z.string(), error: z.object({ code: z.string(), message: z.string() }).nullable(), busy: z.array(z.object(span)) })),
  slots: z.array(z.object({ ...span, roomIds: z.array(z.string()) })),
});

const interviewDto = z.object({
  id: z.string(),
  applicationId: z.string(),
  candidate: z.object({ id: z.string(), name: z.string(), email: z.string().nullable(), language: lang, timeZone: z.string() }),
  job: z.object({ id: z.string(), title: z.string() }),
  interviewTypeId: z.string(),
  interviewTypeName: z.string(),
  status: z.enum(['scheduled', 'completed', 'cancelled']),
  method,
  videoProvider: videoKind.nullable(),
  videoJoinUrl: z.string().nullable(),
  videoHostUserId: z.string().nullable(),
  phoneNumber: z.string().nullable(),
  roomId: z.string().nullable(),
  roomName: z.string().nullable(),
  location: z.string().nullable(),
  start: dateTime,
  end: dateTime,
  timeZone: z.string(),
  startLocal: z.string(),
  endLocal: z.string(),
  organizer: z.object({ userId: z.string(), name: z.string(), email: z.string(), attends: z.boolean() }),
  participants: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(['interviewer', 'candidate', 'room']),
      userId: z.string().nullable(),
      roomId: z.string().nullable(),
      name: z.string(),
      email: z.string().nullable(),
      status: participantStatus,
      recruitingRoleId: z.string().nullable(),
      delivery: z.enum(['pending', 'done', 'failed', 'skipped']),
      deliveryError: z.string().nullable(),
    }),
  ),
  delivery: z.enum(['pending', 'done', 'failed']),
  deliveryError: z.string().nullable(),
  roomReplacements: z.array(z.object({ roomId: z.string(), name: z.string() })).nullable(),
  sequence: z.number().int(),
  evaluationFormId: z.string().nullable(),
  candidateMessage: z.string().nullable(),
  notes: z.string().nullable(),
  cancelReason: z.string().nullable(),
  ...times,
});
const interviewers = z.array(z.object({ userId: uuid, recruitingRoleId: uuid.nullish() })).min(1).max(20);
const interviewBody = z.object({
  applicationId: uuid,
  interviewTypeId: uuid,
  organizerId: uuid,
  organizerAttends: z.boolean().optional(),
  interviewers,
  start: dateTime,
  end: dateTime,
  roomId: uuid.nullish(),
  method,
  videoProvider: videoKind.nullish(),
  videoHostUserId: uuid.nullish(),
  phoneNumber: optionalText(50),
  location: optionalText(200),
  candidateMessage: optionalText(5000),
  notes: optionalText(5000),
  evaluationFormId: uuid.nullish(),
});
const reschedBody = z.object({ start: dateTime.optional(), end: dateTime.optional(), roomId: uuid.nullish(), interviewers: interviewers.optional(), candidateMessage: optionalText(5000), notes: optionalText(5000), evaluationFormId: uuid.nullish() });
const answer = z.object({ questionId: z.string().min(1).max(64), value: z.union([z.string().max(5000), z.number(), z.boolean()]) });
const recommendation = z.enum(['strong_yes', 'yes', 'no', 'strong_no']);
const evaluationDto = z.object({ id: z.string(), userId: z.string(), userName: z.string(), answers: z.array(answer), recommendation: recommendation.nullable(), submittedAt: dateTime.nullable() });

const linkDto = z.object({
  id: z.string(),
  applicationId: z.string(),
  status: z.enum(['active', 'used', 'expired', 'revoked']),
  expiresAt: dateTime,
  interviewId: z.string().nullable(),
  interviewTypeId: z.string(),
  organizerId: z.string(),
  interviewerIds: z.array(z.string()),
  durationMinutes: z.number().int(),
  bufferBeforeMinutes: z.number().int(),
  bufferAfterMinutes: z.number().int(),
  days: z.number().int(),
  roomId: z.string().nullable(),
  method,
  videoProvider: videoKind.nullable(),
  createdAt: dateTime,
});
const linkBody = z.object({
  interviewTypeId: uuid,
  organizerId: uuid,
  interviewerIds: z.array(uuid).min(1).max(20),
  durationMinutes: z.number().int().min(5).max(480),
  bufferBeforeMinutes: z.number().int().min(0).max(240).optional(),
  bufferAfterMinutes: z.number().int().min(0).max(240).optional(),
  days: z.number().int().min(1).max(35).optional(),
  roomId: uuid.nullish(),
  method,
  videoProvider: videoKind.nullish(),
  videoHostUserId: uuid.nullish(),
  phoneNumber: optionalText(50),
  candidateMessage: optionalText(5000),
  sendMail: z.boolean().optional(),
});
const tokenParam = z.object({ token: z.string().min(20).max(200).regex(/^[A-Za-z0-9_-]+$/) });
/**
 * Per link, not per client address: the address is spoofable behind `trustProxy`, and what needs protecting is
 * the free/busy search each view runs against up to 20 calendars (unknown tokens are a cheap hash lookup).
 */
const perToken = (req: { params: unknown }) => `recruiting-link:${(req.params as { token?: string }).token ?? ''}`;
const publicRate = { max: 30, timeWindow: '1 minute', keyGenerator: perToken };

/** list / create / get / patch / delete for one recruiting catalogue. */
function crudRoutes<B extends z.ZodObject, D extends z.ZodType>(app: ZodApp, path: string, noun: string, body: B, dto: D, svc: Crud<z.output<B>, z.output<D>>) {
  const b: z.ZodObject = body;
  const d: z.ZodType = dto;
  app.get(path, { config: { access: 'everyone' }, schema: { tags, summary: `List ${noun}s`, response: { 200: d.array() } } }, async (req) => svc.list(actorOf(req)));
  app.post(path, { config: { access: 'everyone' }, schema: { tags, summary: `Create a ${noun} (recruiting staff)`, body: b, response: { 201: d } } }, async (req, reply) =>
    reply.status(201).send(await svc.create(actorOf(req), req.body as z.output<B>)),
  );
  app.get(`${path}/:id`, { config: { access: 'everyone' }, schema: { tags, summary: `Get a ${noun}`, params: idParam, response: { 200: d } } }, async (req) => svc.get(actorOf(req), req.params.id));
  app.patch(`${path}/:id`, { config: { access: 'everyone' }, schema: { tags, summary: `Change a ${noun} (recruiting staff)`, params: idParam, body: b.partial(), response: { 200: d } } }, async (req) =>
    svc.update(actorOf(req), req.params.id, req.body as Partial<z.output<B>>),
  );
  app.delete(`${path}/:id`, { config: { access: 'everyone' }, schema: { tags, summary: `Delete a ${noun} (refused while in use)`, params: idParam, response: { 200: ok } } }, async (req) => {
    await svc.remove(actorOf(req), req.params.id);
    return { ok: true as const };
  });
}

export function recruitingRoutes(app: ZodApp, s: Services) {
  const r = s.recruiting;
  crudRoutes(app, `${P}/jobs`, 'job position', jobBody, jobDto, r.jobs);
  crudRoutes(app, `${P}/candidates`, 'candidate', candidateBody, candidateDto, r.candidates);
  crudRoutes(app, `${P}/interview-types`, 'interview type', typeBody, typeDto, r.interviewTypes);
  crudRoutes(app, `${P}/evaluation-forms`, 'evaluation form', formBody, formDto, r.evaluationForms);
  crudRoutes(app, `${P}/roles`, 'recruiting role', roleBody, roleDto, r.roles);
  crudRoutes(app, `${P}/rooms`, 'room', roomBody, roomDto, r.rooms);
  // Applications: the same five routes, with a filtered list.
  app.get(
    `${P}/applications`,
    { config: { access: 'everyone' }, schema: { tags, summary: 'List applications', querystring: z.object({ jobId: uuid.optional(), candidateId: uuid.optional() }), response: { 200: applicationDto.array() } } },
    async (req) => r.listApplications(actorOf(req), req.query),
  );
  app.post(`${P}/applications`, { config: { access: 'everyone' }, schema: { tags, summary: 'Create an application (recruiting staff)', body: applicationBody, response: { 201: applicationDto } } }, async (req, reply) =>
    reply.status(201).send(await r.applications.create(actorOf(req), req.body)),
  );
  app.get(`${P}/applications/:id`, { config: { access: 'everyone' }, schema: { tags, params: idParam, response: { 200: applicationDto } } }, async (req) => r.applications.get(actorOf(req), req.params.id));
  app.patch(`${P}/applications/:id`, { config: { access: 'everyone' }, schema: { tags, params: idParam, body: applicationBody.partial(), response: { 200: applicationDto } } }, async (req) =>
    r.applications.update(actorOf(req), req.params.id, req.body),
  );
  app.delete(`${P}/applications/:id`, { config: { access: 'everyone' }, schema: { tags, params: idParam, response: { 200: ok } } }, async (req) => {
    await r.applications.remove(actorOf(req), req.params.id);
    return { ok: true as const };
  });

  // Users and connections (F-31)
  app.get(`${P}/users`, { config: { access: 'everyone' }, schema: { tags, summary: 'Users with their calendar state (⚠ when not connected)', response: { 200: userDto.array() } } }, async (req) =>
    r.connections.listUsers(actorOf(req)),
  );
  const workingDay = z.object({ weekday: z.number().int().min(1).max(7), start: z.string().max(5), end: z.string().max(5) });
  const workingHoursDto = z.object({ userId: z.string(), timeZone: z.string(), isDefault: z.boolean(), days: z.array(workingDay) });
  app.get(
    `${P}/users/:id/working-hours`,
    { config: { access: 'everyone' }, schema: { tags, summary: "A user's working hours (own; staff: anyone)", params: idParam, response: { 200: workingHoursDto } } },
    async (req) => r.workingHours.get(actorOf(req), req.params.id),
  );
  app.put(
    `${P}/users/:id/working-hours`,
    {
      config: { access: 'everyone' },
      schema: { tags, summary: 'Set working hours: one range per weekday in the user\'s zone (own; staff: anyone)', params: idParam, body: z.object({ days: z.array(workingDay).max(7) }), response: { 200: workingHoursDto } },
    },
    async (req) => r.workingHours.put(actorOf(req), req.params.id, req.body as { days: Array<{ weekday: 1 | 2 | 3 | 4 | 5 | 6 | 7; start: string; end: string }> }),
  );
  app.get(
    `${P}/connections`,
    { config: { access: 'everyone' }, schema: { tags, summary: 'Calendar and video connections (own; staff: anyone or a room)', querystring: z.object({ userId: uuid.optional(), roomId: uuid.optional() }), response: { 200: connectionDto.array() } } },
    async (req) => r.connections.list(actorOf(req), req.query),
  );
  app.post(
    `${P}/connections/caldav`,
    {
      config: { access: 'everyone' },
      schema: { tags, summary: 'Connect a CalDAV calendar (checked live before saving)', body: caldavCredentialsSchema.extend({ roomId: uuid.nullish() }), response: { 201: connectionDto } },
    },
    async (req, reply) => reply.status(201).send(await r.connections.connectCaldav(actorOf(req), req.body)),
  );
  app.post(
    `${P}/connections/oauth/start`,
    { config: { access: 'everyone' }, schema: { tags, summary: 'Start connecting Google, Microsoft, Zoom or GoToMeeting', body: z.object({ kind: oauthKind, redirectUri: httpUrl }), response: { 200: z.object({ authorizeUrl: z.string(), state: z.string() }) } } },
    async (req) => r.connections.oauthStart(actorOf(req), req.body),
  );
  app.post(
    `${P}/connections/oauth/callback`,
    { config: { access: 'everyone' }, schema: { tags, summary: 'Finish connecting: exchange the code', body: z.object({ state: z.string().min(1).max(200), code: z.string().min(1).max(2000) }), response: { 201: connectionDto } } },
    async (req, reply) => reply.status(201).send(await r.connections.oauthCallback(actorOf(req), req.body)),
  );
  app.post(`${P}/connections/:id/verify`, { config: { access: 'everyone' }, schema: { tags, summary: 'Check a connection live', params: idParam, response: { 200: connectionDto } } }, async (req) =>
    r.connections.verify(actorOf(req), req.params.id),
  );
  app.delete(`${P}/connections/:id`, { config: { access: 'everyone' }, schema: { tags, params: idParam, response: { 200: ok } } }, async (req) => {
    await r.connections.remove(actorOf(req), req.params.id);
    return { ok: true as const };
  });
  app.get(`${P}/oauth-apps`, { config: { access: 'admin' }, schema: { tags, summary: 'OAuth apps per provider (secrets never returned)', response: { 200: oauthAppDto.array() } } }, async (req) =>
    r.connections.listOauthApps(actorOf(req)),
  );
  app.put(
    `${P}/oauth-apps`,
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Set the OAuth app of one provider (secret kept when omitted)',
        body: z.object({ kind: oauthKind, clientId: z.string().trim().min(1).max(500), clientSecret: z.string().min(1).max(500).nullish(), authorizeUrl: httpUrl.nullish(), tokenUrl: httpUrl.nullish(), apiBaseUrl: httpUrl.nullish(), scopes: z.string().max(1000).nullish() }),
        response: { 200: oauthAppDto },
      },
    },
    async (req) => {
      const { kind, ...app } = req.body;
      return r.connections.putOauthApp(actorOf(req), kind, app);
    },
  );

  // Scheduling (F-32 … F-41)
  app.post(`${P}/availability`, { config: { access: 'everyone' }, schema: { tags, summary: 'Busy time, absences, holidays and free slots for the scheduling calendar', body: availabilityBody, response: { 200: availabilityDto } } }, async (req) =>
    r.interviews.availabilityView(actorOf(req), req.body, requestLocale(req as never)),
  );
  app.get(
    `${P}/interviews`,
    {
      config: { access: 'everyone' },
      schema: { tags, summary: 'Interviews (interviewers: their own)', querystring: z.object({ applicationId: uuid.optional(), from: dateTime.optional(), to: dateTime.optional(), status: z.enum(['scheduled', 'completed', 'cancelled']).optional() }), response: { 200: interviewDto.array() } },
    },
    async (req) => r.interviews.list(actorOf(req), req.query),
  );
  app.post(`${P}/interviews`, { config: { access: 'everyone' }, schema: { tags, summary: 'Schedule an interview (re-checked and locked against double booking)', body: interviewBody, response: { 201: interviewDto } } }, async (req, reply) =>
    reply.status(201).send(await r.interviews.create(actorOf(req), req.body)),
  );
  app.get(`${P}/interviews/:id`, { config: { access: 'everyone' }, schema: { tags, params: idParam, response: { 200: interviewDto } } }, async (req) => r.interviews.get(actorOf(req), req.params.id));
  app.patch(`${P}/interviews/:id`, { config: { access: 'everyone' }, schema: { tags, summary: 'Reschedule / change (SEQUENCE+1, same video link)', params: idParam, body: reschedBody, response: { 200: interviewDto } } }, async (req) =>
    r.interviews.reschedule(actorOf(req), req.params.id, req.body),
  );
  app.post(`${P}/interviews/:id/cancel`, { config: { access: 'everyone' }, schema: { tags, params: idParam, body: z.object({ reason: optionalText(2000) }).optional(), response: { 200: interviewDto } } }, async (req) =>
    r.interviews.cancel(actorOf(req), req.params.id, req.body?.reason),
  );
  app.post(`${P}/interviews/:id/complete`, { config: { access: 'everyone' }, schema: { tags, params: idParam, response: { 200: interviewDto } } }, async (req) => r.interviews.complete(actorOf(req), req.params.id));
  app.post(`${P}/interviews/:id/refresh`, { config: { access: 'everyone' }, schema: { tags, summary: 'Read responses from calendars and mailed replies now', params: idParam, response: { 200: interviewDto } } }, async (req) =>
    r.refresh(actorOf(req), req.params.id),
  );
  app.get(
    `${P}/interviews/:id/replacements`,
    {
      config: { access: 'everyone' },
      schema: {
        tags,
        summary: 'Who (or which room) is free to replace a participant (F-41)',
        params: idParam,
        querystring: z.object({ participantId: uuid }),
        response: {
          200: z.object({
            available: z.array(z.object({ userId: z.string().optional(), roomId: z.string().optional(), name: z.string() })),
            unavailable: z.array(z.object({ userId: z.string().optional(), roomId: z.string().optional(), name: z.string(), reason: z.string() })),
          }),
        },
      },
    },
    async (req) => r.interviews.replacements(actorOf(req), req.params.id, req.query.participantId),
  );
  app.get(`${P}/interviews/:id/evaluations`, { config: { access: 'everyone' }, schema: { tags, params: idParam, response: { 200: evaluationDto.array() } } }, async (req) => r.interviews.evaluations(actorOf(req), req.params.id));
  app.put(
    `${P}/interviews/:id/evaluations/mine`,
    { config: { access: 'everyone' }, schema: { tags, params: idParam, body: z.object({ answers: z.array(answer).max(100), recommendation: recommendation.nullish(), submit: z.boolean() }), response: { 200: evaluationDto } } },
    async (req) => r.interviews.saveMyEvaluation(actorOf(req), req.params.id, req.body),
  );

  // Smart scheduling links (F-39)
  app.post(`${P}/applications/:id/scheduling-links`, { config: { access: 'everyone' }, schema: { tags, params: idParam, body: linkBody, response: { 201: linkDto.extend({ url: z.string(), mailDeliveryId: z.number().int().nullable().describe('The mail to the candidate: follow it at GET /mail-deliveries/{id}') }) } } }, async (req, reply) =>
    reply.status(201).send(await r.links.create(actorOf(req), req.params.id, req.body)),
  );
  app.get(`${P}/scheduling-links`, { config: { access: 'everyone' }, schema: { tags, querystring: z.object({ applicationId: uuid.optional() }), response: { 200: linkDto.array() } } }, async (req) =>
    r.links.list(actorOf(req), req.query.applicationId),
  );
  app.delete(`${P}/scheduling-links/:id`, { config: { access: 'everyone' }, schema: { tags, params: idParam, response: { 200: ok } } }, async (req) => {
    await r.links.revoke(actorOf(req), req.params.id);
    return { ok: true as const };
  });
  app.get(
    `${P}/public/scheduling/:token`,
    {
      config: { access: 'public', rateLimit: publicRate },
      schema: {
        tags,
        summary: 'Smart scheduling link: free options (no login)',
        params: tokenParam,
        response: { 200: z.object({ candidateName: z.string(), jobTitle: z.string(), companyName: z.string(), durationMinutes: z.number().int(), timeZone: z.string(), language: lang, options: z.array(z.object(span)) }) },
      },
    },
    async (req) => r.links.publicView(req.params.token),
  );
  app.post(
    `${P}/public/scheduling/:token/book`,
    {
      config: { access: 'public', rateLimit: { max: 10, timeWindow: '1 minute', keyGenerator: perToken } },
      schema: { tags, summary: 'Smart scheduling link: book one option (no login)', params: tokenParam, body: z.object({ start: dateTime }), response: { 200: z.object({ interviewId: z.string(), start: dateTime, end: dateTime, timeZone: z.string() }) } },
    },
    async (req) => r.links.publicBook(req.params.token, req.body.start),
  );
}
