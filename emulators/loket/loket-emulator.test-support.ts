import { applyErrata, loadSpec, specValidator, type SpecValidator } from '../kit/spec-validator.ts';
import type { LoketEmulator } from './loket-emulator.server.ts';

/**
 * Shared by the Loket emulator's tests: `loket.nl.json` as validators (with named errata) and a tiny
 * client. Not a test file, not used by production code.
 */

type Json = Record<string, unknown>;

const UUID_UPPER = '^[{(]?[0-9A-F]{8}[-]?([0-9A-F]{4}[-]?){3}[0-9A-F]{12}[)}]?$';

/** Every pattern node in the document (for the errata below). */
function eachNode(node: unknown, fn: (o: Json) => void): void {
  if (Array.isArray(node)) {
    for (const n of node) eachNode(n, fn);
    return;
  }
  if (!node || typeof node !== 'object') return;
  fn(node as Json);
  for (const [k, v] of Object.entries(node as Json)) if (k !== 'example' && k !== 'examples') eachNode(v, fn);
}

export const LOKET_SPEC_ERRATA = {
  /**
   * L1: every id is typed `format: uuid` with the pattern `^[{(]?[0-9A-F]{8}…$`, upper case only, while
   * Loket answers ids in lower case — as the document's own examples do (`"id": "904d6856-6034-…"`,
   * `/v2/providers/employers/b869ded6-0659-…/jobapplicant/metadata`). The pattern is made case-insensitive.
   */
  uuidPatternCase: (spec: Json) => {
    eachNode(spec.paths, (o) => {
      if (o.pattern === UUID_UPPER) o.pattern = '^[{(]?[0-9A-Fa-f]{8}[-]?([0-9A-Fa-f]{4}[-]?){3}[0-9A-Fa-f]{12}[)}]?$';
    });
  },
  /**
   * L2: the generic metadata answer (documented once, as the schema of `…/leave/metadata`; the description's
   * "Metadata" section says every `/metadata` endpoint answers that way) types an option's `key` as int32, while
   * the fields it serves include `distributionUnit`, whose `key` is a UUID in the very objects it fills
   * (payrollperioddata: `distributionUnit.key`, `format: uuid`). An option key may be a UUID string as well.
   */
  metadataOptionKeyUuid: (spec: Json) => {
    metadataOptionProperties(spec).key = { anyOf: [{ type: 'integer', format: 'int32' }, { type: 'string', format: 'uuid' }] };
  },
  /**
   * L3: the same option schema declares only `key` and `value`, while the description's own example carries a
   * field-specific extra (`"isoCode": "NL"` on a country option). Cost centers and distribution units carry their
   * `code` (`costCenter.code` "SAL073", `distributionUnit.code` 2 in payrollperioddata) the same way.
   */
  metadataOptionCode: (spec: Json) => {
    metadataOptionProperties(spec).code = { anyOf: [{ type: 'string' }, { type: 'integer' }], readOnly: true };
  },
} as const;

/** The documented generic metadata answer (`…/leave/metadata`), the schema every `/metadata` endpoint is validated against. */
export const LOKET_METADATA_TEMPLATE = '/providers/employers/employees/employments/{employmentId}/leave/metadata';

function metadataOptionProperties(spec: Json): Json {
  const paths = spec.paths as Json;
  const op = ((paths[LOKET_METADATA_TEMPLATE] as Json).get as Json).responses as Json;
  const content = ((op['200'] as Json).content as Json)['application/json;version=2018-01-01'] as Json;
  const allOf = (content.schema as Json).allOf as Json[];
  const embedded = allOf.map((m) => (m.properties as Json | undefined)?._embedded as Json | undefined).find(Boolean)!;
  const options = ((embedded.items as Json).properties as Json).options as Json;
  return (options.items as Json).properties as Json;
}
export type LoketErratum = keyof typeof LOKET_SPEC_ERRATA;

/**
 * Forbid properties the document does not declare (an emulator must not invent field names): every
 * object schema with properties gets `additionalProperties: false`, except the members of an allOf with
 * more than one member (they are parts of one object; Loket's envelope is built that way).
 */
function close(node: unknown, inMultiAllOf: boolean): void {
  if (Array.isArray(node)) {
    for (const n of node) close(n, inMultiAllOf);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const o = node as Json;
  if (o.properties && typeof o.properties === 'object' && o.additionalProperties === undefined && !inMultiAllOf) o.additionalProperties = false;
  for (const [k, v] of Object.entries(o)) {
    if (k === 'example' || k === 'examples') continue;
    if (k === 'allOf' && Array.isArray(v)) {
      for (const m of v) close(m, v.length > 1);
    }
    else close(v, k === 'properties' || k === 'items' ? false : inMultiAllOf);
  }
}

export function loketSpec(errata: readonly LoketErratum[] = Object.keys(LOKET_SPEC_ERRATA) as LoketErratum[]): Json {
  const spec = applyErrata(loadSpec('loket/loket.nl.json'), LOKET_SPEC_ERRATA, errata);
  close(spec.paths, false);
  return spec;
}

export function loketValidator(errata?: readonly LoketErratum[]): SpecValidator {
  return specValidator(loketSpec(errata), { formats: ['metadata', 'metaData', 'uuid'] });
}

/** Pointer to the schema of a versioned response (`application/json;version=…`). */
export function loketResponsePointer(path: string, method: string, status: number, version: string): string {
  return `#/paths/${path.replace(/~/g, '~0').replace(/\//g, '~1')}/${method}/responses/${status}/content/application~1json;version=${version}/schema`;
}

/** Pointer to a request body schema. */
export function loketBodyPointer(path: string, method: string, version: string): string {
  return `#/paths/${path.replace(/~/g, '~0').replace(/\//g, '~1')}/${method}/requestBody/content/application~1json;version=${version}/schema`;
}

export async function passwordToken(em: LoketEmulator): Promise<{ access_token: string; refresh_token: string }> {
  const res = await fetch(em.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', username: em.login.username, password: em.login.password, client_id: em.credentials.clientId, client_secret: em.credentials.clientSecret }),
  });
  if (res.status !== 200) throw new Error(`token: ${res.status} ${await res.text()}`);
  return (await res.json()) as { access_token: string; refresh_token: string };
}

export async function loketCall(
  em: LoketEmulator,
  token: string,
  path: string,
  init: { method?: string; version?: string | null; json?: unknown } = {},
): Promise<{ status: number; headers: Headers; json: Json }> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (init.version !== null) headers.accept = `application/json;version=${init.version ?? '2018-01-01'}`;
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${em.apiUrl}${path}`, { method: init.method ?? 'GET', headers, ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? (JSON.parse(text) as Json) : {} };
}
