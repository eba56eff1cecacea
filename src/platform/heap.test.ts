import { describe, expect, it } from 'vitest';
import { HEAP_GROWING_PERCENT, heapGrowthLimiter } from './heap.ts';

describe('heapGrowthLimiter', () => {
  it('limits the heap growth while work runs and gives V8 its default back when the last holder ends, also on failure', async () => {
    const flags: string[] = [];
    const withLimit = heapGrowthLimiter(
      (f) => flags.push(f),
      () => flags.push('gc'),
    );
    let release!: () => void;
    const long = withLimit(() => new Promise<void>((r) => (release = r)));
    await withLimit(async () => {
      await withLimit(async () => {});
    });
    await expect(withLimit(async () => Promise.reject(new Error('sync failed')))).rejects.toThrow('sync failed');
    // Three more holders came and went while the first one ran: the setting stayed.
    expect(flags).toEqual([`--heap-growing-percent=${HEAP_GROWING_PERCENT}`, 'gc']);
    release();
    await long;
    expect(flags).toEqual([`--heap-growing-percent=${HEAP_GROWING_PERCENT}`, 'gc', '--heap-growing-percent=0']);
    await expect(withLimit(async () => Promise.reject(new Error('again')))).rejects.toThrow('again');
    expect(flags.slice(3)).toEqual([`--heap-growing-percent=${HEAP_GROWING_PERCENT}`, 'gc', '--heap-growing-percent=0']);
  });

  it('collects for real: the default collection runs in this process', async () => {
    const { withLimitedHeapGrowth } = await import('./heap.ts');
    await expect(withLimitedHeapGrowth(async () => 'done')).resolves.toBe('done');
  });
});
