import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { stringify as stringifySync } from 'csv-stringify/sync';

/**
 * Loket's "collectieve mutaties / import variabele gegevens" CSV (issue 11, F-23), the variant
 * "incl. verdelingseenheid" (the seed imports with "Verdelingseenheid: Ja"):
 *
 *   aanslnr;persnr;ploeg;verdelingseenheid;<componentnr>;<componentnr>…   CRLF
 *   395;6;1;OOST;12,5;121;;2                                               CRLF
 *
 * Semicolon-separated, decimal comma, CRLF; the identifying columns first, then one column per payroll
 * component identified by its NUMBER (the component's code in Loket, never its name). The payroll
 * period is chosen in Loket's import screen, not in the file. An empty cell leaves that component alone.
 * Loket rejects negative values, values of 1000 or more and unknown shift or component numbers; these are
 * flagged here before a file is made (`flagLoketRow`), and the writer refuses such a row rather than
 * emit a file Loket would reject.
 *
 * Streaming: rows go in one at a time (objects), text comes out (csv-stringify), so memory does not
 * grow with the number of rows. Shifts sorted by row key are summed into rows by `sumShiftsIntoRows`
 * holding one row at a time.
 */

export const LOKET_CSV_IDENTIFYING_COLUMNS = ['aanslnr', 'persnr', 'ploeg', 'verdelingseenheid'] as const;
export const LOKET_CSV_DELIMITER = ';';
export const LOKET_CSV_RECORD_DELIMITER = '\r\n';
/** Loket refuses a value of this or more. */
export const LOKET_MAX_VALUE_EXCLUSIVE = 1000;

export interface LoketCsvRow {
  /** Column A, "aanslnr": the employer's number in Loket (not its UUID). */
  employerNumber: string;
  /** "persnr": the employment's personnel number for payroll (`payrollId`). */
  personnelNumber: string;
  /** "ploeg": the shift number (1 when the employer does not use shifts). */
  shift: number;
  /** "verdelingseenheid": the distribution unit's code; '' for none. */
  distributionUnit: string;
  /** component number → value (hours or amount). Absent components stay empty in the file. */
  values: ReadonlyMap<number, number>;
}

export interface LoketCsvLayout {
  /** The component numbers that get a column, in column order (the mapped hour and wage components). */
  components: readonly number[];
  /** Shift numbers Loket knows for this employer; omitted = not checked. */
  knownShifts?: ReadonlySet<number>;
}

export type LoketCsvIssueCode = 'negative' | 'too_large' | 'not_a_number' | 'unknown_component' | 'unknown_shift' | 'missing_personnel_number' | 'forbidden_character';
export interface LoketCsvIssue {
  code: LoketCsvIssueCode;
  personnelNumber: string;
  component?: number;
  value?: number;
}

/** Everything Loket would reject in one row; empty = the row imports. Pure. */
export function flagLoketRow(row: LoketCsvRow, layout: LoketCsvLayout, columns: ReadonlySet<number> = new Set(layout.components)): LoketCsvIssue[] {
  const issues: LoketCsvIssue[] = [];
  const who = row.personnelNumber;
  if (who.trim() === '') issues.push({ code: 'missing_personnel_number', personnelNumber: who });
  for (const field of [row.employerNumber, row.personnelNumber, row.distributionUnit]) {
    // Loket's importer splits on ';' and lines: an identifying value must not contain either.
    if (/[;\r\n"]/.test(field)) issues.push({ code: 'forbidden_character', personnelNumber: who });
  }
  if (layout.knownShifts && !layout.knownShifts.has(row.shift)) issues.push({ code: 'unknown_shift', personnelNumber: who });
  for (const [component, value] of row.values) {
    if (!columns.has(component)) issues.push({ code: 'unknown_component', personnelNumber: who, component, value });
    else if (!Number.isFinite(value)) issues.push({ code: 'not_a_number', personnelNumber: who, component, value });
    else if (roundCents(value) < 0) issues.push({ code: 'negative', personnelNumber: who, component, value });
    else if (roundCents(value) >= LOKET_MAX_VALUE_EXCLUSIVE) issues.push({ code: 'too_large', personnelNumber: who, component, value });
  }
  return issues;
}

export class LoketCsvRejected extends Error {
  constructor(readonly issues: LoketCsvIssue[]) {
    super(`Loket would reject this row: ${issues.map((i) => `${i.code} (persnr ${i.personnelNumber}${i.component !== undefined ? `, component ${i.component}` : ''})`).join(', ')}`);
    this.name = 'LoketCsvRejected';
  }
}

const roundCents = (v: number) => Math.round(v * 100) / 100;

/** 12.5 → "12,5"; 2 → "2"; at most two decimals (Loket's precision). */
export function formatLoketNumber(value: number): string {
  const s = String(roundCents(value));
  return s.includes('e') ? roundCents(value).toFixed(2).replace('.', ',') : s.replace('.', ',');
}

/** "12,5" → 12.5; '' → null. Throws on anything else. */
export function parseLoketNumber(cell: string): number | null {
  const t = cell.trim();
  if (t === '') return null;
  if (!/^\d+(,\d+)?$/.test(t)) throw new Error(`not a Loket number: "${cell}"`);
  return Number(t.replace(',', '.'));
}

export function loketCsvHeader(layout: LoketCsvLayout): string[] {
  return [...LOKET_CSV_IDENTIFYING_COLUMNS, ...layout.components.map(String)];
}

/** One row as its cells (identifying columns, then one cell per component column). Throws LoketCsvRejected. */
function toRecord(row: LoketCsvRow, layout: LoketCsvLayout, columns: ReadonlySet<number>): string[] {
  const issues = flagLoketRow(row, layout, columns);
  if (issues.length > 0) throw new LoketCsvRejected(issues);
  const record: string[] = [row.employerNumber, row.personnelNumber, String(row.shift), row.distributionUnit];
  for (const c of layout.components) {
    const v = row.values.get(c);
    record.push(v === undefined ? '' : formatLoketNumber(v));
  }
  return record;
}

/** Rows converted and stringified per batch: a stream hop per row would cost more than the row itself. */
const BATCH = 1000;

/**
 * Rows in, CSV text out: a Readable of the file (header first, CRLF after every record). It pulls up
 * to 1 000 rows from `rows` per read, only when the reader wants more (backpressure), and turns them
 * into text with csv-stringify. A row Loket would reject fails the stream with LoketCsvRejected: flag
 * the rows first (the preview does).
 */
export function loketCsvReadable(rows: Iterable<LoketCsvRow> | AsyncIterable<LoketCsvRow>, layout: LoketCsvLayout): Readable {
  const columns = new Set(layout.components);
  const options = { delimiter: LOKET_CSV_DELIMITER, record_delimiter: 'windows' as const, eof: true };
  const sync = Symbol.iterator in rows ? (rows as Iterable<LoketCsvRow>)[Symbol.iterator]() : null;
  const async = sync ? null : (rows as AsyncIterable<LoketCsvRow>)[Symbol.asyncIterator]();
  let header = true;
  let done = false;
  return new Readable({
    async read() {
      try {
        const records: string[][] = header ? [loketCsvHeader(layout)] : [];
        header = false;
        while (!done && records.length < BATCH) {
          const next = sync ? sync.next() : await async!.next();
          if (next.done) done = true;
          else records.push(toRecord(next.value, layout, columns));
        }
        if (records.length > 0) this.push(stringifySync(records, options));
        if (done) this.push(null);
      } catch (err) {
        this.destroy(err as Error);
      }
    },
    destroy(err, cb) {
      sync?.return?.();
      void async?.return?.();
      cb(err);
    },
  });
}

/** Writes rows to a CSV string (small exports, tests). */
export async function writeLoketCsv(rows: Iterable<LoketCsvRow> | AsyncIterable<LoketCsvRow>, layout: LoketCsvLayout): Promise<string> {
  const parts: string[] = [];
  for await (const chunk of loketCsvReadable(rows, layout)) parts.push(String(chunk));
  return parts.join('');
}

/** Every issue of every row (the preview before export); rows with none are fine. */
export function flagLoketRows(rows: Iterable<LoketCsvRow>, layout: LoketCsvLayout): LoketCsvIssue[] {
  const columns = new Set(layout.components);
  const out: LoketCsvIssue[] = [];
  for (const row of rows) out.push(...flagLoketRow(row, layout, columns));
  return out;
}

/** Hours or an amount for one component on one row key, e.g. one worked shift. */
export interface LoketShiftValue {
  employerNumber: string;
  personnelNumber: string;
  shift: number;
  distributionUnit: string;
  component: number;
  value: number;
}

const keyOf = (s: Pick<LoketShiftValue, 'employerNumber' | 'personnelNumber' | 'shift' | 'distributionUnit'>) => `${s.employerNumber}\u0000${s.personnelNumber}\u0000${String(s.shift).padStart(6, '0')}\u0000${s.distributionUnit}`;

/**
 * Sums values sorted by row key (employer number and personnel number as strings, then shift as a
 * number, then distribution unit; ascending as JavaScript compares strings) into rows, one row in
 * memory at a time. Input out of order would split a row in two, and with "Overschrijven" the second
 * half would overwrite the first in Loket: that throws.
 */
export function sumShiftsIntoRows(values: Iterable<LoketShiftValue>): Generator<LoketCsvRow>;
export function sumShiftsIntoRows(values: AsyncIterable<LoketShiftValue>): AsyncGenerator<LoketCsvRow>;
export function sumShiftsIntoRows(values: Iterable<LoketShiftValue> | AsyncIterable<LoketShiftValue>): Generator<LoketCsvRow> | AsyncGenerator<LoketCsvRow> {
  return Symbol.iterator in values ? sumSync(values as Iterable<LoketShiftValue>) : sumAsync(values as AsyncIterable<LoketShiftValue>);
}

class RowSummer {
  private current: { key: string; row: LoketCsvRow; values: Map<number, number> } | null = null;
  /** Adds one value; returns the row it completed, if any. */
  add(v: LoketShiftValue): LoketCsvRow | null {
    const key = keyOf(v);
    const current = this.current;
    if (current && current.key === key) {
      current.values.set(v.component, (current.values.get(v.component) ?? 0) + v.value);
      return null;
    }
    if (current && key < current.key) throw new Error(`values are not sorted by row: ${key.replaceAll('\u0000', '/')} after ${current.key.replaceAll('\u0000', '/')}`);
    const map = new Map<number, number>([[v.component, v.value]]);
    this.current = { key, values: map, row: { employerNumber: v.employerNumber, personnelNumber: v.personnelNumber, shift: v.shift, distributionUnit: v.distributionUnit, values: map } };
    return current?.row ?? null;
  }
  last(): LoketCsvRow | null {
    return this.current?.row ?? null;
  }
}

function* sumSync(values: Iterable<LoketShiftValue>): Generator<LoketCsvRow> {
  const summer = new RowSummer();
  for (const v of values) {
    const done = summer.add(v);
    if (done) yield done;
  }
  const last = summer.last();
  if (last) yield last;
}

async function* sumAsync(values: AsyncIterable<LoketShiftValue>): AsyncGenerator<LoketCsvRow> {
  const summer = new RowSummer();
  for await (const v of values) {
    const done = summer.add(v);
    if (done) yield done;
  }
  const last = summer.last();
  if (last) yield last;
}

/**
 * Reads a Loket CSV back with Loket's column rules: ';', CRLF, the identifying columns A–D by name,
 * every further column a component NUMBER, decimal comma, empty = no value. Used by the round-trip test
 * and to check a file before it is mailed. Throws on anything Loket would not read.
 */
export function parseLoketCsv(text: string): { components: number[]; rows: LoketCsvRow[] } {
  if (text.includes('\n') && !/\r\n/.test(text)) throw new Error('Loket expects CRLF line ends');
  if (/(?<!\r)\n/.test(text)) throw new Error('a bare LF inside the file');
  const records: string[][] = parse(text, { delimiter: LOKET_CSV_DELIMITER, record_delimiter: '\r\n', relax_quotes: false });
  const [header, ...body] = records;
  if (!header) throw new Error('empty file');
  LOKET_CSV_IDENTIFYING_COLUMNS.forEach((name, i) => {
    if (header[i] !== name) throw new Error(`column ${String.fromCharCode(65 + i)} must be "${name}", found "${header[i]}"`);
  });
  const components = header.slice(LOKET_CSV_IDENTIFYING_COLUMNS.length).map((h) => {
    if (!/^\d+$/.test(h)) throw new Error(`a component column is named by its number, found "${h}"`);
    return Number(h);
  });
  const rows = body.map((cells, line) => {
    if (cells.length !== header.length) throw new Error(`record ${line + 2} has ${cells.length} cells, the header ${header.length}`);
    const values = new Map<number, number>();
    components.forEach((c, i) => {
      const v = parseLoketNumber(cells[LOKET_CSV_IDENTIFYING_COLUMNS.length + i]!);
      if (v !== null) values.set(c, v);
    });
    const shift = Number(cells[2]);
    if (!Number.isInteger(shift)) throw new Error(`ploeg must be a whole number, found "${cells[2]}"`);
    return { employerNumber: cells[0]!, personnelNumber: cells[1]!, shift, distributionUnit: cells[3]!, values };
  });
  return { components, rows };
}
