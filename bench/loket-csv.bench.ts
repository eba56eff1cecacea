import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type LoketShiftValue, loketCsvReadable, sumShiftsIntoRows } from '../src/connectors/hr/loket/loket.csv.ts';
import { goal } from './goal.ts';
import { memorySampler } from './memory.ts';

/**
 * Loket CSV export (issue 11, F-23): N shifts (default 100 000 and 1 000 000; `BENCH_LOKET_SHIFTS=a,b`)
 * summed per row and written as the "collectieve mutaties" CSV to a sink that only counts bytes.
 * Two shapes: one row per shift (the writer's worst case: every shift its own row) and five shifts per
 * row (a person's week). Figures: rows/s and shifts/s, peak RSS and heap (goal: flat across sizes).
 * `cpu_ms` / `rows_per_cpu_s`: this process's CPU time, the figure to read on a busy shared machine.
 * Goal: ≥ 500 000 shifts/s into the file, i.e. ≤ 2 µs a shift (`figure_ms` is the time per 1 000 shifts); with
 * one row per shift that is also ≥ 500 000 CSV rows/s.
 */
const SIZES = (process.env.BENCH_LOKET_SHIFTS ?? '100000,1000000').split(',').map(Number);
const COMPONENTS = [2, 15, 16, 284, 367, 372];

function* shifts(n: number, perRow: number): Generator<LoketShiftValue> {
  for (let i = 0; i < n; i++) {
    const r = Math.floor(i / perRow);
    yield {
      employerNumber: '395',
      // Zero-padded so the generated order is the string order the writer needs.
      personnelNumber: String(r).padStart(8, '0'),
      shift: 1,
      distributionUnit: r % 3 === 0 ? 'OOST' : 'WEST',
      component: COMPONENTS[i % COMPONENTS.length]!,
      value: 7.5 + (i % 4) * 0.25,
    };
  }
}

export async function run(): Promise<void> {
  for (const perRow of [1, 5]) {
    for (const n of SIZES) {
      if (global.gc) global.gc();
      const mem = memorySampler();
      let bytes = 0;
      let rows = 0;
      const sink = new Writable({
        write(chunk: Buffer | string, _enc, done) {
          bytes += chunk.length;
          done();
        },
      });
      const counted = (function* () {
        for (const row of sumShiftsIntoRows(shifts(n, perRow))) {
          rows++;
          yield row;
        }
      })();
      const cpu = process.cpuUsage();
      const t = performance.now();
      await pipeline(loketCsvReadable(counted, { components: COMPONENTS }), sink);
      const ms = performance.now() - t;
      const used = process.cpuUsage(cpu);
      const cpuMs = (used.user + used.system) / 1000;
      const m = mem.stop();
      const rowsPerSec = Math.round(rows / (ms / 1000));
      console.log(
        JSON.stringify({
          bench: 'loket-csv',
          shifts: n,
          shifts_per_row: perRow,
          rows,
          ms: Math.round(ms),
          rows_per_s: rowsPerSec,
          shifts_per_s: Math.round(n / (ms / 1000)),
          // CPU time of this process: on a shared machine wall time also counts other people's work.
          cpu_ms: Math.round(cpuMs),
          rows_per_cpu_s: Math.round(rows / (cpuMs / 1000)),
          mb_written: Math.round(bytes / 1048576),
          ...m,
          ...goal('ms_per_1000_shifts', (ms / n) * 1000, 2),
        }),
      );
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
