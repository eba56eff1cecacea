import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSpec, responseSchemaPointer, specValidator, type SpecValidator } from '../kit/spec-validator.ts';
import { startZoomEmulator, type ZoomEmulator } from './zoom-emulator.ts';

/**
 * Contract: the Zoom emulator's answers validate against Zoom's OpenAPI file
 * (test/fixtures/specs/zoom/zoom.us.json, server https://api.zoom.us/v2) — types, formats and enums of
 * every field it sends, and the documented status codes of each operation.
 */

type Json = Record<string, unknown>;
let em: ZoomEmulator;
let spec: SpecValidator;
let raw: Json;
let token: string;

async function call(path: string, init: { method?: string; json?: unknown; token?: string } = {}): Promise<{ status: number; body: Json | null }> {
  const res = await fetch(`${em.url}/v2${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${init.token ?? token}`, ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Json) : null };
}

function expectValid(pointer: string, value: unknown) {
  const errors = spec.validate(pointer, value);
  expect(errors, JSON.stringify(errors.slice(0, 3))).toEqual([]);
}

function documented(path: string, method: string): string[] {
  return Object.keys(((raw.paths as Json)[path] as Json)[method] ? (((raw.paths as Json)[path] as Json)[method] as { responses: Json }).responses : {});
}

beforeAll(async () => {
  raw = loadSpec('zoom/zoom.us.json');
  spec = specValidator(raw);
  em = await startZoomEmulator();
  token = em.credentials('anna.jansen@example.com').accessToken;
});
afterAll(async () => {
  await em?.close();
});

const create = { topic: 'Interview', type: 2, start_time: '2099-03-29T10:00:00', timezone: 'Europe/Amsterdam', duration: 45, settings: { join_before_host: false, waiting_room: true } };

describe('Zoom emulator answers validate against zoom.us.json', () => {
  it('the request body Koppel sends is valid for meetingCreate (with one erratum, shown to be needed)', () => {
    const schema = '#/paths/~1users~1{userId}~1meetings/post/requestBody/content/application~1json/schema';
    // Erratum: start_time is typed `format: date-time`, while its own description documents the local form
    // `yyyy-MM-ddTHH:mm:ss` + `timezone` (the only DST-exact way to book a wall-clock time). Without the patch it fails:
    expect(spec.validate(schema, create).map((e) => e.instancePath)).toEqual(['/start_time']);
    const patched = structuredClone(raw);
    const props = ((((((patched.paths as Json)['/users/{userId}/meetings'] as Json).post as Json).requestBody as Json).content as Json)['application/json'] as { schema: { properties: Json } }).schema.properties;
    expect(String((props.start_time as Json).description)).toContain('yyyy-MM-dd`T`HH:mm:ss` format');
    delete (props.start_time as Json).format;
    (props.start_time as Json).pattern = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z?$';
    const v = specValidator(patched);
    expect(v.validate(schema, create)).toEqual([]);
    expect(v.validate(schema, { ...create, start_time: '29-03-2099 10:00' }).length).toBeGreaterThan(0);
  });

  it('POST /users/me/meetings → 201 meeting; GET /meetings/{id} → 200 meeting', async () => {
    const r = await call('/users/me/meetings', { method: 'POST', json: create });
    expect(r.status).toBe(201);
    expect(documented('/users/{userId}/meetings', 'post')).toContain('201');
    expectValid(responseSchemaPointer('/users/{userId}/meetings', 'post', 201), r.body);
    expect(r.body).toMatchObject({ type: 2, duration: 45, timezone: 'Europe/Amsterdam', start_time: '2099-03-29T08:00:00Z' });
    for (const k of ['id', 'uuid', 'join_url', 'start_url', 'password']) expect(r.body, k).toHaveProperty(k);
    const got = await call(`/meetings/${String(r.body!.id)}`);
    expect(got.status).toBe(200);
    expectValid(responseSchemaPointer('/meetings/{meetingId}', 'get', 200), got.body);
  });

  it('GET /users/me/meetings → 200 list; GET /users/me → 200 user', async () => {
    const list = await call('/users/me/meetings?type=upcoming&page_size=1');
    expect(list.status).toBe(200);
    expectValid(responseSchemaPointer('/users/{userId}/meetings', 'get', 200), list.body);
    const me = await call('/users/me');
    expectValid(responseSchemaPointer('/users/{userId}', 'get', 200), me.body);
  });

  it('PATCH → 204 without body, DELETE → 204, then 404 with code 3001; bad input → 400 code 300; bad token → 401 code 124', async () => {
    const r = await call('/users/me/meetings', { method: 'POST', json: create });
    const id = String(r.body!.id);
    const patched = await call(`/meetings/${id}`, { method: 'PATCH', json: { duration: 30 } });
    expect(patched).toEqual({ status: 204, body: null });
    expect(documented('/meetings/{meetingId}', 'patch')).toContain('204');
    expect(await call(`/meetings/${id}`, { method: 'DELETE' })).toEqual({ status: 204, body: null });
    const gone = await call(`/meetings/${id}`, { method: 'DELETE' });
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ code: 3001, message: `Meeting does not exist: ${id}.` });
    const bad = await call('/users/me/meetings', { method: 'POST', json: { ...create, duration: 'long' } });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 300, errors: [{ field: 'duration' }] });
    const unauth = await call('/users/me', { token: 'nope' });
    expect(unauth).toEqual({ status: 401, body: { code: 124, message: 'Invalid access token.' } });
  });

  it('the validator is not a rubber stamp: a wrong type fails', async () => {
    const r = await call('/users/me/meetings', { method: 'POST', json: create });
    const pointer = responseSchemaPointer('/users/{userId}/meetings', 'post', 201);
    expect(spec.validate(pointer, { ...r.body, id: String(r.body!.id) }).length).toBeGreaterThan(0);
    expect(spec.validate(pointer, { ...r.body, type: 5 }).length).toBeGreaterThan(0);
    expect(spec.validate(pointer, { ...r.body, duration: '45' }).length).toBeGreaterThan(0);
  });
});
