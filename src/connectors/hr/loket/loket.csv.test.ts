import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  flagLoketRow,
  flagLoketRows,
  formatLoketNumber,
  type LoketCsvLayout,
  LoketCsvRejected,
  type LoketCsvRow,
  loketCsvReadable,
  parseLoketCsv,
  parseLoketNumber,
  sumShiftsIntoRows,
  writeLoketCsv,
} from './loket.csv.ts';

const layout: LoketCsvLayout = { components: [2, 15, 16, 284] };
const row = (persnr: string, values: [number, number][], extra: Partial<LoketCsvRow> = {}): LoketCsvRow => ({
  employerNumber: '395',
  personnelNumber: persnr,
  shift: 1,
  distributionUnit: '',
  values: new Map(values),
  ...extra,
});

describe('Loket CSV (collectieve mutaties, incl. verdelingseenheid)', () => {
  it('writes the documented layout: header by component number, ";", decimal comma, CRLF, empty cells for no value', async () => {
    const text = await writeLoketCsv([row('6', [[2, 12.5], [15, 121], [284, 100]], { distributionUnit: 'OOST' }), row('7', [[16, 8]])], layout);
    expect(text).toBe('aanslnr;persnr;ploeg;verdelingseenheid;2;15;16;284\r\n395;6;1;OOST;12,5;121;;100\r\n395;7;1;;;;8;\r\n');
  });

  it('formats numbers with a decimal comma and at most two decimals', () => {
    expect(formatLoketNumber(12.5)).toBe('12,5');
    expect(formatLoketNumber(7.999)).toBe('8');
    expect(formatLoketNumber(0.333333)).toBe('0,33');
    expect(formatLoketNumber(0)).toBe('0');
    expect(formatLoketNumber(1e-9)).toBe('0');
    expect(parseLoketNumber('12,5')).toBe(12.5);
    expect(parseLoketNumber('')).toBeNull();
    expect(() => parseLoketNumber('12.5')).toThrow();
    expect(() => parseLoketNumber('-1')).toThrow();
  });

  it('flags what Loket rejects before export: negative, ≥ 1000, unknown component, unknown shift, separators in ids', () => {
    const issues = flagLoketRows(
      [row('1', [[2, -0.5]]), row('2', [[15, 1000]]), row('3', [[15, 999.994]]), row('4', [[99, 1]]), row('5', [[2, 1]], { shift: 3 }), row('6;x', [[2, 1]])],
      { ...layout, knownShifts: new Set([1, 2]) },
    );
    expect(issues.map((i) => [i.personnelNumber, i.code])).toEqual([
      ['1', 'negative'],
      ['2', 'too_large'],
      ['4', 'unknown_component'],
      ['5', 'unknown_shift'],
      ['6;x', 'forbidden_character'],
    ]);
    expect(flagLoketRow(row('8', [[2, 999.99]]), layout)).toEqual([]);
    expect(flagLoketRow(row('8', [[2, 999.995]]), layout).map((i) => i.code)).toEqual(['too_large']);
  });

  it('refuses to write a row Loket would reject (the stream fails, nothing wrong is emitted after it)', async () => {
    await expect(writeLoketCsv([row('1', [[2, 1]]), row('2', [[2, -1]])], layout)).rejects.toBeInstanceOf(LoketCsvRejected);
  });

  it('round-trips: what it writes, Loket column rules read back as the same rows', async () => {
    const persnr = fc.stringMatching(/^[0-9A-Za-z]{1,8}$/);
    const value = fc.integer({ min: 0, max: 99_999 }).map((c) => c / 100);
    const arbRow = fc.record({
      employerNumber: fc.stringMatching(/^[0-9]{1,6}$/),
      personnelNumber: persnr,
      shift: fc.integer({ min: 1, max: 99 }),
      distributionUnit: fc.stringMatching(/^[0-9A-Za-z ]{0,10}$/),
      values: fc.array(fc.tuple(fc.constantFrom(...layout.components), value), { maxLength: 4 }).map((pairs) => new Map(pairs)),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(arbRow, { maxLength: 30 }), async (rows) => {
        const text = await writeLoketCsv(rows, layout);
        const back = parseLoketCsv(text);
        expect(back.components).toEqual(layout.components);
        expect(back.rows).toEqual(rows.map((r) => ({ ...r, values: new Map([...r.values].map(([c, v]) => [c, Math.round(v * 100) / 100])) })));
      }),
      { numRuns: 100 },
    );
  });

  it('parses with the Loket rules: rejects LF-only files, named component columns and dot decimals', () => {
    expect(() => parseLoketCsv('aanslnr;persnr;ploeg;verdelingseenheid;2\n395;6;1;;1\n')).toThrow(/CRLF/);
    expect(() => parseLoketCsv('aanslnr;persnr;ploeg;verdelingseenheid;Uren\r\n')).toThrow(/number/);
    expect(() => parseLoketCsv('aanslnr;persnr;ploeg;verdelingseenheid;2\r\n395;6;1;;1.5\r\n')).toThrow(/Loket number/);
    expect(() => parseLoketCsv('aanslnr;persnr;ploeg;2\r\n')).toThrow(/verdelingseenheid/);
  });

  it('sums sorted shift values into one row per key, and refuses unsorted input', async () => {
    const v = (persnr: string, component: number, value: number, shift = 1) => ({ employerNumber: '395', personnelNumber: persnr, shift, distributionUnit: '', component, value });
    const rows: LoketCsvRow[] = [];
    for await (const r of sumShiftsIntoRows([v('1', 2, 8), v('1', 2, 7.5), v('1', 15, 2), v('1', 2, 1, 2), v('2', 2, 4)])) rows.push({ ...r, values: new Map(r.values) });
    expect(rows.map((r) => [r.personnelNumber, r.shift, [...r.values]])).toEqual([
      ['1', 1, [[2, 15.5], [15, 2]]],
      ['1', 2, [[2, 1]]],
      ['2', 1, [[2, 4]]],
    ]);
    const unsorted = async () => {
      for await (const _ of sumShiftsIntoRows([v('2', 2, 8), v('1', 2, 1)]));
    };
    await expect(unsorted()).rejects.toThrow(/not sorted/);
  });

  it('streams with backpressure: a slow reader does not make the writer buffer every row', async () => {
    let produced = 0;
    function* many() {
      for (let i = 0; i < 200_000; i++) {
        produced++;
        yield row(String(i), [[2, 8]]);
      }
    }
    const stream = loketCsvReadable(many(), layout);
    const it = stream[Symbol.asyncIterator]();
    await it.next();
    await new Promise((r) => setTimeout(r, 50));
    expect(produced).toBeLessThan(10_000);
    stream.destroy();
  });
});
