import type { Randomizer } from '@faker-js/faker';
import { hash32, mulberry32 } from '../kit/random.ts';

/**
 * Seeded randomness for the emulator (the hashes live in the kit). Everything the emulator invents (people, absences, which
 * request gets a fault) is derived from the seed through these functions, so a test or a benchmark
 * can reproduce a run exactly. Math.random is never used.
 */

export { hash32, hashUnit, mulberry32 } from '../kit/random.ts';

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
