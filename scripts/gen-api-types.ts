/**
 * Web API types from the server's own OpenAPI description (issue 8).
 *
 *   npm run gen:api     writes web/src/api/schema.gen.ts
 *   npm run check:api   regenerates to a temporary file and fails when it differs from the checked-in one
 *
 * The app is built in-process the way the tests build it (startKoppel over an in-memory PGlite) but never
 * listens, never migrates and never touches a data dir: only the route schemas matter here.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { startKoppel } from '../src/app/runtime.ts';
import { loadConfig } from '../src/platform/config.ts';
import { openDatabase } from '../src/platform/db/client.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const target = path.join(root, 'web/src/api/schema.gen.ts');
const HEADER = `/**
 * generated — do not edit; npm run gen:api
 *
 * TypeScript types of the Koppel REST API, produced by openapi-typescript from the OpenAPI description the
 * server serves at /api/docs (route schemas in src/app/http/routes). Aliases for the web UI live in types.ts.
 */
`;

async function openApiDocument(): Promise<unknown> {
  // Explicit env (not process.env): no DATABASE_URL, no generated secret in a data dir.
  const config = loadConfig({ NODE_ENV: 'test' }, { secret: 'openapi-generation-only-not-a-real-secret', dataDir: path.join(tmpdir(), 'koppel-gen-api'), port: 0 });
  const database = await openDatabase(config, { embeddedPath: 'memory://' });
  const koppel = await startKoppel(config, { database, migrate: false, worker: false, mailCatcher: false, listen: false });
  try {
    await koppel.app.ready();
    return koppel.app.swagger();
  } finally {
    await koppel.stop();
  }
}

async function generateApiTypes(): Promise<string> {
  const doc = await openApiDocument();
  const ast = await openapiTS(doc as Parameters<typeof openapiTS>[0], { alphabetize: false });
  return HEADER + astToString(ast);
}

async function main() {
  const check = process.argv.includes('--check');
  const text = await generateApiTypes();
  if (!check) {
    writeFileSync(target, text);
    console.log(`wrote ${path.relative(root, target)}`);
    return;
  }
  const freshDir = mkdtempSync(path.join(tmpdir(), 'koppel-api-'));
  const fresh = path.join(freshDir, 'schema.gen.ts');
  writeFileSync(fresh, text);
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    // missing file: reported as out of date below
  }
  if (current !== text) {
    console.error(
      `${path.relative(root, target)} is out of date with the API's OpenAPI description.\n` +
        `Run \`npm run gen:api\` and commit the result (fresh copy: ${fresh}; compare with \`diff ${path.relative(root, target)} ${fresh}\`).`,
    );
    process.exit(1);
  }
  rmSync(freshDir, { recursive: true, force: true });
  console.log(`${path.relative(root, target)} is up to date`);
}

await main();
