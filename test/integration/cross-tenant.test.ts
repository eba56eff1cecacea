import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PersonioEmulator, startPersonioEmulator } from '../../emulators/personio/personio-emulator.server.ts';
import { type Client, createTenant, eventually, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';

/**
 * Walks EVERY route of the OpenAPI description as tenant A's owner, with tenant B's ids in the path,
 * query and body. Routes with an id in the path must answer 404; no response may contain B's data;
 * afterwards B's data is unchanged. A new route whose resource has no B fixture fails this test.
 */
type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minimum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  minItems?: number;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  nullable?: boolean;
};

let k: TestKoppel;
let emulator: PersonioEmulator;
let a: Client;
let b: Client;
const bIds: Record<string, string> = {};
const bSecrets: string[] = [];

/** Which B fixture an id belongs to, by the path segment before it or by a body/query field name. */
const RESOURCE_BY_SEGMENT: Record<string, string> = {
  employees: 'employee',
  contracts: 'contract',
  shifts: 'shift',
  absences: 'absence',
  departments: 'department',
  'cost-centers': 'costCenter',
  'contract-types': 'contractType',
  functions: 'function',
  'hour-components': 'hourComponent',
  'hour-component-rules': 'hourComponentRule',
  'wage-components': 'wageComponent',
  'absence-types': 'absenceType',
  users: 'user',
  'api-tokens': 'apiToken',
  mails: 'mail',
  'mail-deliveries': 'mailDelivery',
  'leave-adjustments': 'leaveAdjustment',
  integrations: 'integration',
  records: 'externalRecord',
  mappings: 'mappingKind',
  'sync-runs': 'syncRun',
  items: 'outboundItem',
  // recruiting (issue 4)
  jobs: 'recruitingJob',
  candidates: 'candidate',
  applications: 'application',
  'interview-types': 'interviewType',
  'evaluation-forms': 'evaluationForm',
  roles: 'recruitingRole',
  rooms: 'room',
  connections: 'recruitingConnection',
  interviews: 'interview',
  'scheduling-links': 'schedulingLink',
  scheduling: 'schedulingToken',
};
const RESOURCE_BY_FIELD: Record<string, string> = {
  employeeId: 'employee',
  managerId: 'employee',
  departmentId: 'department',
  costCenterId: 'costCenter',
  contractTypeId: 'contractType',
  functionId: 'function',
  hourComponentId: 'hourComponent',
  absenceTypeId: 'absenceType',
  userId: 'user',
  entityId: 'employee',
  responsibleUserId: 'user',
  organizerId: 'user',
  videoHostUserId: 'user',
  userIds: 'user',
  interviewerIds: 'user',
  applicationId: 'application',
  candidateId: 'candidate',
  jobId: 'recruitingJob',
  interviewTypeId: 'interviewType',
  evaluationFormId: 'evaluationForm',
  defaultEvaluationFormId: 'evaluationForm',
  recruitingRoleId: 'recruitingRole',
  roomId: 'room',
  roomIds: 'room',
  excludeInterviewId: 'interview',
};

function sample(schema: Schema | undefined, field = ''): unknown {
  if (!schema) return undefined;
  const alt = schema.anyOf ?? schema.oneOf;
  if (alt) return sample(alt.find((s) => s.type !== 'null') ?? alt[0], field);
  if (schema.allOf) return sample(Object.assign({}, ...schema.allOf), field);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, prop] of Object.entries(schema.properties ?? {})) out[key] = sample(prop, key);
      return out;
    }
    case 'array':
      if (field === 'ids') return [bIds.shift];
      return Array.from({ length: schema.minItems ?? 0 }, () => sample(schema.items, field));
    case 'integer':
    case 'number':
      return Math.max(1, Math.ceil(schema.minimum ?? schema.exclusiveMinimum ?? 1));
    case 'boolean':
      return false;
    case 'string': {
      if (schema.format === 'uuid') return bIds[RESOURCE_BY_FIELD[field] ?? 'employee'];
      if (schema.format === 'uri') return 'https://cross-tenant.example.test';
      if (schema.format === 'email') return `cross-${Math.random().toString(36).slice(2)}@example.test`;
      if (schema.format === 'date-time') return '2026-03-02T09:00:00.000Z';
      if (schema.pattern?.includes('\\d{4}-\\d{2}-\\d{2}')) return '2026-03-02';
      if (schema.pattern?.includes('\\d{2}:\\d{2}')) return '09:00';
      if (field === 'csv') return `personnel_number;date;start;end;break_minutes\nB-1;2026-03-02;09:00;17:00;30\n`;
      if (field === 'password' || field === 'token') return 'a-long-enough-password';
      if (field === 'timeZone') return 'Europe/Amsterdam';
      return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
    }
    default:
      return undefined;
  }
}

async function createB(client: Client, url: string, body: unknown, key: string) {
  const res = await client.post(url, body);
  if (res.status !== 201 && res.status !== 200) throw new Error(`fixture ${key}: ${res.status} ${JSON.stringify(res.body)}`);
  bIds[key] = res.body.id;
  bSecrets.push(res.body.id);
  return res.body;
}

beforeAll(async () => {
  k = await startTestKoppel({ worker: true });
  a = (await createTenant(k, 'Tenant A')).client;
  const tb = await createTenant(k, 'Tenant B');
  b = tb.client;
  await createB(b, '/cost-centers', { code: 'CC-B', name: 'Kostenplaats Bravo' }, 'costCenter');
  await createB(b, '/departments', { name: 'Afdeling Bravo', costCenterId: bIds.costCenter }, 'department');
  await createB(b, '/contract-types', { name: 'Contracttype Bravo', leaveWeeks: 4 }, 'contractType');
  await createB(b, '/functions', { name: 'Functie Bravo' }, 'function');
  await createB(b, '/hour-components', { code: 'HB100', name: 'Uren Bravo' }, 'hourComponent');
  await createB(b, '/hour-component-rules', { hourComponentId: bIds.hourComponent, priority: 10, weekdays: [6, 7] }, 'hourComponentRule');
  await createB(b, '/wage-components', { code: 'WB1', name: 'Loon Bravo' }, 'wageComponent');
  await createB(b, '/absence-types', { name: 'Verlof Bravo', kind: 'vacation', deductsLeave: true }, 'absenceType');
  await createB(b, '/employees', { firstName: 'Bertha', lastName: 'Bravoleak', personnelNumber: 'B-1', bsn: '111222333', email: 'bertha@bravo.test' }, 'employee');
  await createB(b, `/employees/${bIds.employee}/contracts`, { contractTypeId: bIds.contractType, departmentId: bIds.department, functionId: bIds.function, startDate: '2026-01-01', weeklyHours: 40, hourlyWage: 20 }, 'contract');
  await createB(b, '/shifts', { employeeId: bIds.employee, date: '2026-03-02', startTime: '09:00', endTime: '17:00', breakMinutes: 30, departmentId: bIds.department }, 'shift');
  await createB(b, '/absences', { employeeId: bIds.employee, absenceTypeId: bIds.absenceType, startDate: '2026-03-09', endDate: '2026-03-10', unit: 'days' }, 'absence');
  await createB(b, `/employees/${bIds.employee}/leave-adjustments`, { year: 2026, hours: 8, reason: 'Correctie Bravo' }, 'leaveAdjustment');
  await createB(b, '/users', { email: 'bravo-user@bravo.test', name: 'Bravo Gebruiker', role: 'planner' }, 'user');
  await createB(b, '/api-tokens', { name: 'Token Bravo', role: 'planner' }, 'apiToken');
  // The welcome mail of B's new user, caught for tenant B.
  const mails = await eventually(async () => {
    const r = await b.get('/mails');
    // items, not total: the list and its count are two queries and the mail may land between them.
    return r.body.items?.length > 0 ? r.body : null;
  });
  bIds.mail = String(mails.items[0].id);
  // A background job of B (that welcome mail), for /jobs/{id}/retry.
  bIds.backgroundJob = String((await k.db.selectFrom('jobs').select('id').where('tenant_id', '=', tb.tenant.id).orderBy('id').executeTakeFirstOrThrow()).id);
  // A mail B's owner asked for (its delivery is theirs to follow): written directly, already failed, so no worker sends it.
  const delivery = await k.db
    .insertInto('jobs')
    .values({ name: 'mail.send', tenant_id: tb.tenant.id, payload: JSON.stringify({ to: 'loon@bravo.test', subject: 'Loket', text: 'x', requestedBy: tb.owner.id }), status: 'dead', run_at: new Date(), attempts: 1, max_attempts: 1, last_error: 'No mail transport is configured', finished_at: new Date() })
    .returning('id')
    .executeTakeFirstOrThrow();
  bIds.mailDelivery = String(delivery.id);
  // An HR integration of B against the Personio emulator, with one preview run and its records.
  emulator = await startPersonioEmulator({ employees: 6, seed: 3, referenceDate: '2026-03-02' });
  await createB(b, '/integrations', { vendor: 'personio', name: 'Koppeling Bravo', baseUrl: emulator.url, credentials: emulator.credentials }, 'integration');
  const sync = await b.post(`/integrations/${bIds.integration}/sync`, {});
  bIds.syncRun = sync.body.runId;
  await eventually(async () => ((await b.get(`/sync-runs/${bIds.syncRun}`)).body.status === 'succeeded' ? true : null), 60_000);
  const records = await b.get(`/integrations/${bIds.integration}/records?list=unlinked`);
  bIds.externalRecord = records.body.items[0].id;
  bIds.mappingKind = 'department';
  // A dead letter of B's integration (outbound journal, F-26), for /integrations/{id}/outbound/items/{itemId}/….
  bIds.outboundItem = (
    await k.db
      .insertInto('outbound_items')
      .values({ tenant_id: tb.tenant.id, integration_id: bIds.integration, kind: 'personio.attendance', idempotency_key: 'shift:bravo:0', period_date: '2026-03-02', payload: '{}', payload_hash: 'h', status: 'dead', attempts: 8 })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  bSecrets.push(bIds.syncRun, bIds.externalRecord, 'Koppeling Bravo', emulator.credentials.clientSecret);
  // Recruiting (issue 4): B's catalogues, an interview (in person, no calendars), a calendar connection and a smart link.
  await createB(b, '/recruiting/jobs', { title: 'Vacature Bravo', responsibleUserId: bIds.user }, 'recruitingJob');
  await createB(b, '/recruiting/candidates', { name: 'Kandidaat Bravo', email: 'kandidaat@bravo.test', language: 'nl', timeZone: 'Europe/Amsterdam' }, 'candidate');
  await createB(b, '/recruiting/applications', { candidateId: bIds.candidate, jobId: bIds.recruitingJob }, 'application');
  await createB(b, '/recruiting/evaluation-forms', { name: 'Formulier Bravo', questions: [{ text: 'Vraag Bravo', kind: 'text' }] }, 'evaluationForm');
  await createB(b, '/recruiting/interview-types', { name: 'Gesprek Bravo', defaultDurationMinutes: 60, defaultEvaluationFormId: bIds.evaluationForm }, 'interviewType');
  await createB(b, '/recruiting/roles', { name: 'Rol Bravo', permissions: { candidateContact: true, applicationNotes: false, otherEvaluations: false, interviewNotes: false } }, 'recruitingRole');
  await createB(b, '/recruiting/rooms', { name: 'Zaal Bravo', email: 'zaal@bravo.test', capacity: 4 }, 'room');
  await createB(
    b,
    '/recruiting/interviews',
    { applicationId: bIds.application, interviewTypeId: bIds.interviewType, organizerId: bIds.user, interviewers: [{ userId: bIds.user }], start: '2027-03-01T09:00:00.000Z', end: '2027-03-01T10:00:00.000Z', roomId: bIds.room, method: 'in_person', notes: 'Notitie Bravo' },
    'interview',
  );
  // The snapshot below must not race the interview's delivery job (invitation mails, statuses).
  await eventually(async () => ((await b.get(`/recruiting/interviews/${bIds.interview}`)).body.delivery === 'done' ? true : null), 30_000);
  // A connection is only saved after a live check against the provider; the fixture row is written directly.
  const conn = await k.db
    .insertInto('recruiting_connections')
    .values({ tenant_id: tb.tenant.id, room_id: bIds.room, kind: 'caldav', category: 'calendar', account: 'zaal@bravo.test', credentials_encrypted: k.services.box.encrypt(JSON.stringify({ kind: 'caldav', url: 'https://dav.bravo.test', username: 'zaal', password: 'Wachtwoord-Bravo' })) })
    .returning('id')
    .executeTakeFirstOrThrow();
  bIds.recruitingConnection = conn.id;
  const link = await b.post(`/recruiting/applications/${bIds.application}/scheduling-links`, { interviewTypeId: bIds.interviewType, organizerId: bIds.user, interviewerIds: [bIds.user], durationMinutes: 30, method: 'in_person', sendMail: false });
  if (link.status !== 201) throw new Error(`fixture schedulingLink: ${link.status} ${JSON.stringify(link.body)}`);
  bIds.schedulingLink = link.body.id;
  // The public scheduling routes take a token, not an id: whoever holds a token may use it by design.
  // The walk checks that a token Koppel never issued answers 404 and leaks nothing.
  bIds.schedulingToken = 'x'.repeat(43);
  bSecrets.push('Vacature Bravo', 'Kandidaat Bravo', 'kandidaat@bravo.test', 'Formulier Bravo', 'Gesprek Bravo', 'Rol Bravo', 'Zaal Bravo', 'Notitie Bravo', 'Wachtwoord-Bravo', link.body.url.split('/').pop());
  bSecrets.push('Bravoleak', 'Bravo Gebruiker', 'bravo-user@bravo.test', 'Kostenplaats Bravo', 'Afdeling Bravo', 'Correctie Bravo', 'Token Bravo');
});
afterAll(async () => {
  await k?.stop();
  await emulator?.close();
});

describe('cross-tenant isolation', () => {
  it('every route refuses tenant B ids to tenant A with 404 and no data', async () => {
    const spec = (await k.app.inject({ method: 'GET', url: '/api/docs' })).json() as {
      paths: Record<string, Record<string, { parameters?: { in: string; name: string; schema: Schema }[]; requestBody?: { content: Record<string, { schema: Schema }> } }>>;
    };
    const before = await snapshotB();
    const failures: string[] = [];
    let checked = 0;
    for (const [rawPath, methods] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        const route = rawPath.replace(/^\/api\/v1/, '');
        if (route === '/auth/logout') continue; // would end A's own session; it takes no ids
        let hasPathId = false;
        let missing = '';
        const url = route.replace(/\{(\w+)\}/g, (_m, _name, offset: number) => {
          hasPathId = true;
          const segment = route.slice(0, offset).split('/').filter(Boolean).pop() ?? '';
          const resource = route.startsWith('/jobs/') ? 'backgroundJob' : RESOURCE_BY_SEGMENT[segment];
          if (!resource || !bIds[resource]) missing = segment;
          // Loket's mapping tables have their own kinds (a Personio kind would be a 400 before any lookup).
          if (resource === 'mappingKind' && route.includes('/loket/')) return 'cost_center';
          return bIds[resource] ?? 'missing';
        });
        if (missing) {
          failures.push(`${method.toUpperCase()} ${route}: no tenant-B fixture for "${missing}" — add one`);
          continue;
        }
        const query = (op.parameters ?? [])
          .filter((p) => p.in === 'query' && (p.schema?.format === 'uuid' || (p as { required?: boolean }).required))
          .map((p) => `${p.name}=${encodeURIComponent(String(sample(p.schema, p.name)))}`)
          .join('&');
        const body = op.requestBody ? sample(op.requestBody.content['application/json']?.schema) : undefined;
        const res = await a.call(method.toUpperCase(), `${url}${query ? `?${query}` : ''}`, body);
        checked++;
        const text = res.raw.body;
        const leaked = bSecrets.filter((s) => text.includes(s));
        if (hasPathId && res.status !== 404) failures.push(`${method.toUpperCase()} ${route} → ${res.status}, expected 404`);
        if (leaked.length) failures.push(`${method.toUpperCase()} ${route} leaked ${leaked.join(', ')}`);
        const bodyHasBIds = body !== undefined && bSecrets.some((s) => JSON.stringify(body).includes(s));
        if (!hasPathId && bodyHasBIds && res.status < 300) failures.push(`${method.toUpperCase()} ${route} accepted tenant-B ids in its body (${res.status})`);
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(40);
    expect(await snapshotB()).toEqual(before);
  });
});

async function snapshotB() {
  const paths = [
    `/employees/${bIds.employee}`,
    `/employees/${bIds.employee}/contracts`,
    `/shifts?employeeId=${bIds.employee}`,
    `/absences?employeeId=${bIds.employee}`,
    `/employees/${bIds.employee}/leave-adjustments`,
    '/departments',
    '/cost-centers',
    '/contract-types',
    '/functions',
    '/hour-components',
    '/hour-component-rules',
    '/wage-components',
    '/absence-types',
    '/users',
    '/api-tokens',
    `/integrations/${bIds.integration}`,
    `/integrations/${bIds.integration}/records?list=unlinked`,
    `/integrations/${bIds.integration}/mappings/department`,
    `/integrations/${bIds.integration}/runs`,
    `/sync-runs/${bIds.syncRun}`,
    '/recruiting/jobs',
    '/recruiting/candidates',
    '/recruiting/applications',
    '/recruiting/rooms',
    `/recruiting/connections?roomId=${bIds.room}`,
    '/recruiting/scheduling-links',
    `/recruiting/interviews/${bIds.interview}`,
  ];
  const out: Record<string, unknown> = {};
  for (const p of paths) {
    const r = await b.get(p);
    out[p] = { status: r.status, body: r.body };
  }
  return JSON.parse(JSON.stringify(out, (key, v) => (key === 'last_used_at' || key === 'lastUsedAt' ? undefined : v)));
}
