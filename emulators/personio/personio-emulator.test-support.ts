import { applyErrata, loadSpec, responseSchemaPointer, specValidator } from '../kit/spec-validator.ts';
import type { ErrorObject } from 'ajv';
import type { PersonioEmulator } from './personio-emulator.server.ts';

/**
 * Shared by the emulator's test files: the vendor's OpenAPI files compiled into validators (the
 * kit's spec loading, errata and ajv set-up), and a minimal HTTP client. Not a test file itself
 * (no `.test.ts`), and not used by production code.
 */

type Json = Record<string, unknown>;

/**
 * Where the published spec contradicts itself or the documented live behaviour, the validator is
 * patched — each patch named, justified, and asserted to be needed (see `SPEC_ERRATA` use in the
 * contract test), so a future spec fix shows up as a failing "erratum still needed" check.
 */
export const SPEC_ERRATA = {
  /**
   * E1: `Response` (the base every response extends via allOf) types `data` as an object, while
   * every list response (`EmployeesResponse`, `AttendancePeriodsResponse`, …) types it as an array:
   * allOf of both can never validate. The lists' own array type is kept.
   */
  listDataIsArray: (spec: Json) => {
    const response = (((spec.components as Json).schemas as Json).Response as Json).properties as Json;
    delete (response.data as Json).type;
  },
  /**
   * E2: the person at the top of the hierarchy has no supervisor; Personio sends the attribute with
   * `value: null` (as for every unset attribute), but the spec types `Supervisor.value` as an object.
   */
  supervisorNullable: (spec: Json) => {
    const sup = (((spec.components as Json).schemas as Json).Supervisor as Json).properties as Json;
    sup.value = { anyOf: [{ $ref: '#/components/schemas/ShortEmployee' }, { type: 'null' }] };
  },
  /**
   * E3: the attendance batch error types `detailed_message[].error_msg` as a string, but its own
   * example (and the reference, §3) has `error_msg: null` on the rows that succeeded.
   */
  errorMsgNullable: (spec: Json) => {
    const items = (((((((spec.components as Json).schemas as Json).AttendanceCreateUpdate400ErrorResponse as Json).properties as Json).error as Json).properties as Json)
      .detailed_message as Json).items as Json;
    ((items.properties as Json).error_msg as Json).nullable = true;
  },
} as const;

export type Erratum = keyof typeof SPEC_ERRATA;

export interface SpecValidators {
  /** Validate `value` against a JSON pointer into the personnel-data spec, e.g. `#/components/schemas/EmployeesResponse`. */
  validate(pointer: string, value: unknown): ErrorObject[];
  /** The same against the auth spec. */
  validateAuth(pointer: string, value: unknown): ErrorObject[];
}

export function loadSpecValidators(errata: readonly Erratum[] = Object.keys(SPEC_ERRATA) as Erratum[]): SpecValidators {
  const personnel = specValidator(applyErrata(loadSpec('personio/personio-personnel-data-api-oa3.yaml'), SPEC_ERRATA, errata), {
    // The spec uses a non-standard `format: datetime` (projects); accept it like `date-time`.
    formats: ['datetime'],
  });
  const auth = specValidator(loadSpec('personio/personio-auth-api.yaml'), { formats: ['datetime'] });
  return { validate: personnel.validate, validateAuth: auth.validate };
}

/** JSON pointer to a path's response schema, e.g. responseSchema('/company/time-off-types', 'get', 200). */
export function responseSchema(path: string, method: string, status: number): string {
  return responseSchemaPointer(path, method, status);
}

export interface CallResult<T = Json> {
  status: number;
  headers: Headers;
  json: T;
}

export async function call<T = Json>(
  em: PersonioEmulator,
  path: string,
  init: { method?: string; token?: string | null; json?: unknown; form?: Record<string, string> } = {},
): Promise<CallResult<T>> {
  const headers: Record<string, string> = {};
  let body: string | undefined;
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.json);
  } else if (init.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(init.form).toString();
  }
  const res = await fetch(`${em.url}${path}`, { method: init.method ?? 'GET', headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = { raw: text };
  }
  return { status: res.status, headers: res.headers, json: json as T };
}

/** POST /v1/auth; under a fault profile the auth call faults too, so it retries transient answers (429, 5xx, cut connections). */
export async function authenticate(em: PersonioEmulator, attempts = 1): Promise<string> {
  let last = '';
  for (let i = 0; i < attempts; i++) {
    const res = await call<{ data: { token: string } }>(em, '/v1/auth', {
      method: 'POST',
      json: { client_id: em.credentials.clientId, client_secret: em.credentials.clientSecret },
    }).catch((err: unknown) => ({ status: 0, json: { error: String(err) } as unknown as { data: { token: string } } }));
    if (res.status === 200) return res.json.data.token;
    last = `${res.status} ${JSON.stringify(res.json)}`;
    if (res.status !== 429 && res.status < 500 && res.status !== 0) break;
  }
  throw new Error(`auth failed: ${last}`);
}

/** A fixed instant for tests: 2025-06-02 10:00 UTC (12:00 in Berlin, summer time). */
export const TEST_NOW = Date.UTC(2025, 5, 2, 10, 0, 0);
export const TEST_REFERENCE_DATE = '2025-06-02';
