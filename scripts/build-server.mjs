#!/usr/bin/env node
/**
 * Compiles the server for production (`npm start`) and the benchmarks (`npm run bench`) to plain JavaScript with
 * esbuild: `dist/server/koppel.mjs` (the `koppel` CLI: serve, worker, migrate, …) and, with `bench`, `dist/bench/`
 * (bench/run.ts and every bench/*.bench.ts, shared code split into chunks). Dependencies stay in node_modules.
 *
 * Why (docs/decisions/0031-compiled-server.md): under tsx every module is transformed at load and the loader keeps a
 * thread of its own, which costs about 60 MB of resident memory before Koppel does any work; the 100 000-employee
 * first sync must stay under 300 MB in all (issue 13). The benchmarks run the compiled code so that they measure what
 * production runs. Development (`npm run demo`, `npm run koppel`, tests) keeps running the TypeScript sources.
 */
import { cpSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const migrations = path.join(root, 'src/platform/db/migrations');
const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
  absWorkingDir: root,
};

/** The migrations are read at run time from beside the module that runs them (src/platform/db/client.ts). */
function withMigrations(dir) {
  cpSync(migrations, path.join(dir, 'migrations'), { recursive: true });
}

const targets = process.argv.slice(2);
if (!targets.length || targets.includes('server')) {
  const out = path.join(root, 'dist/server');
  rmSync(out, { recursive: true, force: true });
  await build({ ...common, entryPoints: ['src/app/cli/main.ts'], outfile: path.join(out, 'koppel.mjs') });
  withMigrations(out);
}
if (targets.includes('bench')) {
  const out = path.join(root, 'dist/bench');
  rmSync(out, { recursive: true, force: true });
  const benches = readdirSync(path.join(root, 'bench')).filter((f) => f.endsWith('.bench.ts'));
  await build({
    ...common,
    entryPoints: ['bench/run.ts', ...benches.map((f) => `bench/${f}`)],
    outdir: out,
    outExtension: { '.js': '.mjs' },
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
  });
  // Shared code (the database client among it) lands in chunks/: the migrations go beside it.
  withMigrations(path.join(out, 'chunks'));
}
