import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the heap grow past what survived its last full collection before it collects again, in percent.
 * By default it picks 10–300 % by its own measure of speed, so a sync that allocates fast (100 000 records read, parsed
 * and planned) let the heap reach three times what it held: 680 MB of resident memory for 210 MB live. At 25 % the
 * same first sync peaked at 413 MB in the same time (26.0 s against 29.9 s; issue 13, bench personio-sync), at 15 %
 * (with the rest of docs/decisions/0031) at 287–299 MB. Set once, at start, by the processes that run syncs:
 * `koppel serve`/`worker`/`demo` (src/app/cli/main.ts) and the benchmarks. The young generation's size is V8's to
 * read only at start: `--max-semi-space-size=8` is on the command line of `npm start` and `npm run bench`.
 */
export const HEAP_GROWING_PERCENT = 15;

export function limitHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
