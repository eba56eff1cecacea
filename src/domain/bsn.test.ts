import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeBsn } from '../app/demo/seed.ts';
import { isValidBsn, maskBsn, normalizeBsn, redactBsns } from './bsn.ts';

describe('BSN', () => {
  it('accepts numbers passing the 11-test and rejects others', () => {
    expect(isValidBsn('111222333')).toBe(true);
    expect(isValidBsn('123456782')).toBe(true);
    expect(isValidBsn('123456789')).toBe(false);
    expect(isValidBsn('000000000')).toBe(false); // sum 0 is not allowed
    expect(isValidBsn('12345678')).toBe(false);
    expect(isValidBsn('abcdefghi')).toBe(false);
    expect(isValidBsn('1112.22.333')).toBe(true);
  });
  it('pads 8-digit numbers with a leading zero', () => {
    expect(normalizeBsn('11222333')).toBe('011222333');
  });
  it('changing any single digit of a valid BSN makes it invalid', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 }), fc.integer({ min: 0, max: 8 }), fc.integer({ min: 1, max: 9 }), (seed, pos, delta) => {
        let x = seed;
        const rand = () => ((x = (x * 1103515245 + 12345) % 2 ** 31), x / 2 ** 31);
        const bsn = makeBsn(rand);
        expect(isValidBsn(bsn)).toBe(true);
        const digits = bsn.split('').map(Number);
        digits[pos] = (digits[pos] + delta) % 10;
        expect(isValidBsn(digits.join(''))).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
  it('masks all but the last three digits and redacts BSNs from log text', () => {
    expect(maskBsn('333')).toBe('******333');
    expect(maskBsn(null)).toBeNull();
    expect(redactBsns('employee 111222333 failed, order 123456789')).toBe('employee ********* failed, order 123456789');
    // A UUID whose first group is an 11-proof digit run stays whole; the same run on its own is masked.
    expect(redactBsns('period 12345672-3ea7-43b3-9a55-ec3e732183df overlaps; 12345672 and 111222333')).toBe('period 12345672-3ea7-43b3-9a55-ec3e732183df overlaps; ********* and *********');
  });
});
