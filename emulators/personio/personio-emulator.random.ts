import type { Randomizer } from '@faker-js/faker';

/**
 * Seeded randomness for the emulator. Everything the emulator invents (people, absences, which
 * request gets a fault) is derived from the seed through these functions, so a test or a benchmark
 * can reproduce a run exactly. Math.random is never used.
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

export class Rng {
  private readonly nextFn: () => number;

  constructor(seed: number) {
    this.nextFn = mulberry32(seed);
  }

  next(): number {
    return this.nextFn();
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [value, w] of entries) {
      r -= w;
      if (r < 0) return value;
    }
    return entries[entries.length - 1]![0];
  }
}

/**
 * A faker Randomizer backed by mulberry32. Faker's own Mersenne Twister costs ~30 µs per reseed,
 * which made generating 100 000 people (one reseed each, so every person is independent of the
 * others) take seconds; this one reseeds for free.
 */
export class CheapRandomizer implements Randomizer {
  private nextFn: () => number = mulberry32(1);

  // Arrow properties: faker calls these detached from the object.
  next = (): number => this.nextFn();

  seed = (seed: number | number[]): void => {
    this.nextFn = mulberry32(Array.isArray(seed) ? hash32(...seed) : seed);
  };
}
