import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import { default as addFormatsModule } from 'ajv-formats';

/**
 * Vendor OpenAPI files (../shared/specs) as ajv validators, for the emulators' contract tests.
 * Not used by production code. `closed: true` additionally forbids properties a schema does not
 * declare (set on every object schema without its own additionalProperties and outside allOf), so
 * an emulator cannot invent a field name; types and formats are checked either way.
 */

type Json = Record<string, unknown>;

export const SPECS_DIR = new URL('../../test/fixtures/specs/', import.meta.url);

export function loadSpec(relativePath: string): Json {
  return JSON.parse(readFileSync(new URL(relativePath, SPECS_DIR), 'utf8')) as Json;
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
}

export function specValidator(spec: Json, opts: { closed?: boolean } = {}): SpecValidator {
  const doc = structuredClone(spec);
  if (opts.closed) close(doc.components, false);
  const ajv = new Ajv({ strict: false, allErrors: true });
  // ajv-formats ships CommonJS; under ESM interop its function sits on `.default`.
  const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv) => Ajv;
  addFormats(ajv);
  for (const f of ['int64', 'int32', 'byte', 'double', 'float', 'google-datetime', 'google-fieldmask', 'google-duration']) ajv.addFormat(f, true);
  ajv.addSchema(doc, 'spec');
  return {
    validate(pointer, value) {
      const fn = ajv.getSchema(`spec${pointer}`);
      if (!fn) throw new Error(`No schema at ${pointer}`);
      return fn(value) ? [] : [...(fn.errors ?? [])];
    },
  };
}

/** JSON pointer to an operation's response schema. */
export function responseSchemaPointer(path: string, method: string, status: number | string): string {
  return `#/paths/${path.replace(/~/g, '~0').replace(/\//g, '~1')}/${method}/responses/${status}/content/application~1json/schema`;
}
