import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { default as addFormatsModule } from 'ajv-formats';
import YAML from 'yaml';

/**
 * Vendor API descriptions (OpenAPI or Google discovery, JSON or YAML, under
 * test/fixtures/specs/<vendor>/) as ajv validators, for the emulators' contract tests. Not used by
 * production code.
 *
 * - `loadSpec('personio/x.yaml')` parses once per process and hands out a copy to patch;
 * - errata: where a published spec contradicts itself or the documented live behaviour, it is
 *   patched by a named function (`applyErrata`), and each patch is asserted to be needed
 *   (`unneededErrata`), so a fixed spec shows up as a failing test instead of a silent patch;
 * - `specValidator(spec).validateResponse('get', '/v1/x', 200, body)` checks an answer against the
 *   operation's response schema; `validate(pointer, value)` against any schema;
 * - `closed: true` additionally forbids properties a schema does not declare (set on every object
 *   schema without its own additionalProperties and outside allOf), so an emulator cannot invent a
 *   field name; types and formats are checked either way.
 */

type Json = Record<string, unknown>;

export const SPECS_DIR = new URL('../../test/fixtures/specs/', import.meta.url);

const parsed = new Map<string, Json>();

/** A spec under test/fixtures/specs/ (`.yaml`/`.yml` as YAML, anything else as JSON); a fresh copy each call. */
export function loadSpec(relativePath: string): Json {
  let doc = parsed.get(relativePath);
  if (!doc) {
    const text = readFileSync(new URL(relativePath, SPECS_DIR), 'utf8');
    doc = (/\.ya?ml$/i.test(relativePath) ? YAML.parse(text) : JSON.parse(text)) as Json;
    parsed.set(relativePath, doc);
  }
  return structuredClone(doc);
}

/** Named patches for a spec's known contradictions; each says why in its doc comment. */
export type Errata = Record<string, (spec: Json) => void>;

/** Applies the named errata (default: all) to `spec` in place and returns it. */
export function applyErrata<E extends Errata>(spec: Json, errata: E, names: ReadonlyArray<keyof E> = Object.keys(errata)): Json {
  for (const n of names) errata[n]!(spec);
  return spec;
}

/**
 * Which errata are no longer needed: for each, validate its witness (a body the real vendor sends)
 * with every OTHER erratum applied; if it validates anyway, the patch is dead weight. Returns their names.
 */
export function unneededErrata<E extends Errata>(
  build: (names: ReadonlyArray<keyof E>) => SpecValidator,
  errata: E,
  witnesses: Record<keyof E, { pointer: string; body: unknown }>,
): Array<keyof E> {
  const names = Object.keys(errata) as Array<keyof E>;
  return names.filter((name) => build(names.filter((n) => n !== name)).validate(witnesses[name].pointer, witnesses[name].body).length === 0);
}

function close(node: unknown, insideAllOf: boolean): void {
  if (Array.isArray(node)) {
    for (const n of node) close(n, insideAllOf);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const o = node as Json;
  if (o.properties && typeof o.properties === 'object' && o.additionalProperties === undefined && !insideAllOf) o.additionalProperties = false;
  for (const [k, v] of Object.entries(o)) {
    if (k === 'example' || k === 'examples') continue;
    close(v, insideAllOf || k === 'allOf');
  }
}

export interface SpecValidator {
  /** Errors of `value` against the schema at `pointer` (e.g. `#/components/schemas/Event`); [] when valid. */
  validate(pointer: string, value: unknown): ErrorObject[];
  /** Errors of `value` against the JSON response schema of an operation (`get`, `/v1/company/employees`, 200). */
  validateResponse(method: string, path: string, status: number | string, value: unknown): ErrorObject[];
}

const DEFAULT_FORMATS = ['int64', 'int32', 'byte', 'double', 'float', 'google-datetime', 'google-fieldmask', 'google-duration'];

export function specValidator(spec: Json, opts: { closed?: boolean; /** Non-standard formats to accept as-is (e.g. Personio's `datetime`). */ formats?: string[] } = {}): SpecValidator {
  const doc = structuredClone(spec);
  if (opts.closed) close(doc.components, false);
  const ajv = new Ajv({ strict: false, allErrors: true });
  // ajv-formats ships CommonJS; under ESM interop its function sits on `.default`.
  const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv) => Ajv;
  addFormats(ajv);
  for (const f of [...DEFAULT_FORMATS, ...(opts.formats ?? [])]) ajv.addFormat(f, true);
  ajv.addSchema(doc, 'spec');
  const cache = new Map<string, ValidateFunction>();
  const validate = (pointer: string, value: unknown): ErrorObject[] => {
    let fn = cache.get(pointer);
    if (!fn) {
      fn = ajv.getSchema(`spec${pointer}`);
      if (!fn) throw new Error(`No schema at ${pointer}`);
      cache.set(pointer, fn);
    }
    return fn(value) ? [] : [...(fn.errors ?? [])];
  };
  return {
    validate,
    validateResponse: (method, path, status, value) => validate(responseSchemaPointer(path, method.toLowerCase(), status), value),
  };
}

/** JSON pointer to an operation's response schema. */
export function responseSchemaPointer(path: string, method: string, status: number | string): string {
  return `#/paths/${path.replace(/~/g, '~0').replace(/\//g, '~1')}/${method}/responses/${status}/content/application~1json/schema`;
}
