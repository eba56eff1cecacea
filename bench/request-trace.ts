import diagnostics from 'node:diagnostics_channel';
import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * `BENCH_TRACE_REQUESTS=file.json`: every request this process sends through fetch (undici), with the moments it was
 * created, reached the socket, was answered (headers) and was complete, in ms since the trace began; and the event
 * loop's delay. To see where a listing loses time to its bound (a window begun late, a page parsed while the next
 * slot was due), not a figure of the benchmark's own.
 */
export function requestTrace() {
  const t0 = performance.now();
  const at = () => Math.round((performance.now() - t0) * 10) / 10;
  type Row = { path: string; created: number; sent?: number; headers?: number; done?: number; status?: number };
  const rows = new Map<object, Row>();
  const all: Row[] = [];
  const onCreate = (m: unknown) => {
    const { request } = m as { request: { method: string; path: string } };
    const row: Row = { path: `${request.method} ${request.path}`, created: at() };
    rows.set(request, row);
    all.push(row);
  };
  const onSend = (m: unknown) => {
    const row = rows.get((m as { request: object }).request);
    if (row) row.sent = at();
  };
  const onHeaders = (m: unknown) => {
    const { request, response } = m as { request: object; response: { statusCode: number } };
    const row = rows.get(request);
    if (row) {
      row.headers = at();
      row.status = response.statusCode;
    }
  };
  const onDone = (m: unknown) => {
    const row = rows.get((m as { request: object }).request);
    if (row) row.done = at();
  };
  const channels = [
    ['undici:request:create', onCreate],
    ['undici:client:sendHeaders', onSend],
    ['undici:request:headers', onHeaders],
    ['undici:request:trailers', onDone],
  ] as const;
  for (const [name, fn] of channels) diagnostics.subscribe(name, fn);
  const marks: Array<{ label: string; at: number }> = [];
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  return {
    /** A moment to read the requests against (a phase began). */
    mark(label: string) {
      if (marks.at(-1)?.label !== label) marks.push({ label, at: at() });
    },
    stop(file: string) {
      for (const [name, fn] of channels) diagnostics.unsubscribe(name, fn);
      delay.disable();
      const ms = (n: number) => Math.round(n / 1e4) / 100;
      writeFileSync(file, JSON.stringify({ eventLoopDelayMs: { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max) }, marks, requests: all }));
    },
  };
}
