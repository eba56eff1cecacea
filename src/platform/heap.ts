import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * How far V8 lets the heap grow past what survived its last full collection before it collects again, in percent,
 * while a sync runs. By default V8 picks 10–300 % by its own measure of speed, so a sync that allocates fast (100 000
 * records read, parsed and planned) let the heap reach three times what it held: 680 MB of resident memory for 210 MB
 * live. At 25 % the same first sync peaked at 413 MB in the same time (26.0 s against 29.9 s; issue 13, bench
 * personio-sync), at 15 % (with the rest of docs/decisions/0031) at 287–299 MB.
 *
 * Only while a sync runs (decision 0032): held for the life of the process, the same setting made V8 collect so often
 * under request load that the employee list's p99 at 16 concurrent requests rose from 14–16 ms to 29–69 ms on the
 * PostgreSQL server (throughput 2 050 → 1 300–1 600 requests a second). The young generation's size is V8's to read
 * only at start: `--max-semi-space-size=8` is on the command line of `npm start` and `npm run bench`.
 */
export const HEAP_GROWING_PERCENT = 15;

/**
 * `withLimitedHeapGrowth(work)`: the heap is kept near what it holds while `work` runs; V8's own growth heuristics
 * (`--heap-growing-percent=0`, its default) return when the last of concurrent or nested holders ends, however it ends.
 * `set` is V8's flag setter and `collect` a full garbage collection (tests pass recorders).
 */
export function heapGrowthLimiter(set: (flags: string) => void = setFlagsFromString, collect: () => void = fullCollection) {
  let holders = 0;
  return async function withLimitedHeapGrowth<T>(work: () => Promise<T>): Promise<T> {
    if (holders++ === 0) {
      set(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
      // V8 applies the factor when it next sets its limit, after a full collection; until then the limit it set while
      // idle (up to 4 × what it held) lets the run's heap grow unchecked: 292–297 MB instead of 268–272 for the 100k
      // first sync. One full collection (tens of milliseconds) at the start puts the run's limit in place.
      collect();
    }
    try {
      return await work();
    } finally {
      if (--holders === 0) set('--heap-growing-percent=0');
    }
  };
}

let gc: (() => void) | undefined;
/** A full garbage collection, through the `gc` that `--expose-gc` puts into a new context (this one's stays as it is). */
function fullCollection(): void {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}

/** The process's one limiter: every sync run holds it (integrations/engine/sync.service.ts). */
export const withLimitedHeapGrowth = heapGrowthLimiter();
