/**
 * Peak RSS and JS heap of this process, sampled every 100 ms until `stop()` (benchmark figures). With `phaseOf`,
 * also the peaks per phase (which part of a run holds the memory).
 */
export function memorySampler(phaseOf?: () => string | null) {
  let rss = 0;
  let heap = 0;
  const byPhase: Record<string, { rssMb: number; heapMb: number; externalMb: number }> = {};
  const mb = (n: number) => Math.round(n / 1048576);
  // `BENCH_LIVE_HEAP=1` under `node --expose-gc`: a full collection before every sample, so the heap figures are the
  // live set (what the run holds) rather than the garbage V8 has not yet collected. Slows the run; for diagnosis only.
  const collect = process.env.BENCH_LIVE_HEAP ? (globalThis as { gc?: () => void }).gc : undefined;
  const sample = () => {
    collect?.();
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
    const phase = phaseOf?.();
    if (phase) {
      const p = (byPhase[phase] ??= { rssMb: 0, heapMb: 0, externalMb: 0 });
      p.externalMb = Math.max(p.externalMb, mb(m.external));
      p.rssMb = Math.max(p.rssMb, mb(m.rss));
      p.heapMb = Math.max(p.heapMb, mb(m.heapUsed));
    }
  };
  sample();
  const timer = setInterval(sample, collect ? 1000 : 100);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { peakRssMb: mb(rss), peakHeapMb: mb(heap), ...(phaseOf ? { peakByPhase: byPhase } : {}) };
    },
  };
}
