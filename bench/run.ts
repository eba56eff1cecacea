import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runInOwnProcess } from './processes.ts';

/**
 * `npm run bench [name-filter]`: runs every bench/*.bench.ts; each prints one JSON line of figures.
 * Benchmarks measure, they never assert timings. They measure what production runs: the compiled code
 * (scripts/build-server.mjs; `npm run bench` builds it first) with the Node flags of `npm start`.
 * Each benchmark runs in a process of its own (bench/processes.ts), so its memory figures are its own.
 */
const dir = path.dirname(fileURLToPath(import.meta.url));
const only = process.env.BENCH_ONLY_FILE;
const filter = process.argv[2];
const files = readdirSync(dir)
  .filter((f) => /\.bench\.m?[jt]s$/.test(f) && (!filter || f.includes(filter)))
  .sort();
for (const file of files) {
  const bench = file.replace(/\.bench\.m?[jt]s$/, '');
  if (!only) {
    const failed = await runInOwnProcess(fileURLToPath(import.meta.url), [], { BENCH_ONLY_FILE: file });
    if (failed) {
      console.log(JSON.stringify({ bench, error: `its process ended with ${failed}` }));
      process.exitCode = 1;
    }
    continue;
  }
  if (file !== only) continue;
  const mod = await import(pathToFileURL(path.join(dir, file)).href);
  const run = mod.default ?? mod.run;
  if (typeof run !== 'function') continue;
  try {
    await run();
  } catch (err) {
    console.log(JSON.stringify({ bench, error: String(err) }));
    process.exitCode = 1;
  }
}
