/** Peak RSS and JS heap of this process, sampled every 100 ms until `stop()` (benchmark figures). */
export function memorySampler() {
  let rss = 0;
  let heap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
  };
  sample();
  const timer = setInterval(sample, 100);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { peakRssMb: Math.round(rss / 1048576), peakHeapMb: Math.round(heap / 1048576) };
    },
  };
}
