/**
 * Seeded randomness shared by every emulator: whatever an emulator invents (people, busy time,
 * which request gets a fault) derives from a seed through these functions, so a test or a
 * benchmark can reproduce a run exactly. Math.random is never used.
 */

/** 32-bit hash of any list of parts (FNV-1a over the text, then a murmur3 finaliser for avalanche). */
export function hash32(...parts: ReadonlyArray<string | number>): number {
  let h = 0x811c9dc5;
  const text = parts.join('\u0001');
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A uniform number in [0, 1) fixed by its parts: the same parts always give the same number. */
export function hashUnit(...parts: ReadonlyArray<string | number>): number {
  return hash32(...parts) / 4294967296;
}

/** mulberry32: tiny, fast and good enough for test data; seeding is O(1), unlike a Mersenne Twister. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
