import { type Info, parse } from 'csv-parse/sync';
import { isDateInRange, isValidTime, type LocalDate } from './dates.ts';
import type { DetailCode, DetailParams } from './errors.ts';
import { shiftSpanMinutes } from './hours.ts';

/**
 * Worked-shift CSV files (F-05): the file format and every check that needs no database. Looking
 * up employees, departments and hour components is the import service's job.
 *
 * Columns (header row, ';' or ',' separated): personnel_number and/or email, date, start, end,
 * break_minutes, department, hour_component. Header names are case-insensitive; spaces count as '_'.
 */
export const SHIFT_CSV_COLUMNS = ['personnel_number', 'email', 'date', 'start', 'end', 'break_minutes', 'department', 'hour_component'] as const;
type Column = (typeof SHIFT_CSV_COLUMNS)[number];

export type ShiftCsvRow = {
  /** Line in the file where the record starts; the header is line 1. */
  line: number;
  personnelNumber: string | null;
  email: string | null;
  date: LocalDate;
  startTime: string;
  endTime: string;
  breakMinutes: number;
  department: string | null;
  hourComponent: string | null;
};
/** One problem in the file: a detail code (details.* in the server catalogue) with params, translated at the HTTP boundary. */
export type CsvRowError = { line: number; field: string; code: DetailCode; params?: DetailParams };

/** ';' when the header has more semicolons than commas (Dutch and German Excel), else ','. */
export function detectDelimiter(text: string): ';' | ',' {
  const header = text.split(/\r?\n/, 1)[0] ?? '';
  return (header.match(/;/g)?.length ?? 0) > (header.match(/,/g)?.length ?? 0) ? ';' : ',';
}

/** 'YYYY-MM-DD', or day first as 'DD-MM-YYYY' (also with '/' or '.'), to 'YYYY-MM-DD'; null if it is no real date. */
export function parseCsvDate(value: string): LocalDate | null {
  const dayFirst = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(value);
  const iso = dayFirst ? `${dayFirst[3]}-${dayFirst[2]!.padStart(2, '0')}-${dayFirst[1]!.padStart(2, '0')}` : value;
  return isDateInRange(iso) ? iso : null;
}

/** 'H:MM' or 'HH:MM' to 'HH:MM'. An end time of 24:00 means midnight at the end of the day. */
export function parseCsvTime(value: string, allowMidnightEnd = false): string | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(value);
  if (!m) return null;
  const time = `${m[1]!.padStart(2, '0')}:${m[2]}`;
  if (allowMidnightEnd && time === '24:00') return '00:00';
  return isValidTime(time) ? time : null;
}

const normalizeHeader = (h: string) => h.trim().toLowerCase().replace(/[\s-]+/g, '_');

export function parseShiftCsv(text: string): { rows: ShiftCsvRow[]; errors: CsvRowError[] } {
  const errors: CsvRowError[] = [];
  const rows: ShiftCsvRow[] = [];
  const content = text.replace(/^\uFEFF/, '');
  if (content.trim() === '') return { rows, errors: [{ line: 1, field: 'file', code: 'csv_empty' }] };

  let records: { record: Record<string, string>; info: Info & { error?: { record?: unknown[] } } }[];
  let header: string[] = [];
  try {
    records = parse(content, {
      delimiter: detectDelimiter(content),
      columns: (names: string[]) => {
        header = names.map(normalizeHeader);
        return header;
      },
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
      info: true,
    });
  } catch (err) {
    const e = err as { lines?: number; message?: string };
    return { rows, errors: [{ line: e.lines ?? 1, field: 'file', code: 'csv_unreadable', params: { reason: String(e.message ?? err) } }] };
  }

  const known = new Set<string>(SHIFT_CSV_COLUMNS);
  for (const name of header) {
    if (!known.has(name)) errors.push({ line: 1, field: name, code: 'csv_unknown_column', params: { columns: SHIFT_CSV_COLUMNS.join(', ') } });
  }
  if (!header.includes('personnel_number') && !header.includes('email')) {
    errors.push({ line: 1, field: 'personnel_number', code: 'csv_identity_column' });
  }
  for (const required of ['date', 'start', 'end'] as const) {
    if (!header.includes(required)) errors.push({ line: 1, field: required, code: 'csv_column_missing' });
  }
  if (errors.length > 0) return { rows, errors };
  if (records.length === 0) return { rows, errors: [{ line: 2, field: 'file', code: 'csv_no_rows' }] };

  for (const { record, info } of records) {
    // info.lines is where the record ends; a quoted value spanning lines moves its start up.
    const newlinesInside = Object.values(record).reduce((n, v) => n + (v.match(/\n/g)?.length ?? 0), 0);
    const line = info.lines - newlinesInside;
    const rowErrors: CsvRowError[] = [];
    const fail = (field: Column | 'row', code: DetailCode, params?: DetailParams) => rowErrors.push(params ? { line, field, code, params } : { line, field, code });
    const value = (column: Column) => {
      const v = record[column];
      return v === undefined || v === '' ? null : v;
    };

    if (info.error) {
      fail('row', 'csv_value_count', { expected: header.length, found: info.error.record?.length ?? Object.keys(record).length });
      errors.push(...rowErrors);
      continue;
    }
    const personnelNumber = value('personnel_number');
    const email = value('email');
    if (!personnelNumber && !email) fail(header.includes('personnel_number') ? 'personnel_number' : 'email', 'csv_identity_required');

    const rawDate = value('date');
    const date = rawDate ? parseCsvDate(rawDate) : null;
    if (!date) fail('date', rawDate ? 'csv_bad_date' : 'required', rawDate ? { value: rawDate } : undefined);

    const rawStart = value('start');
    const startTime = rawStart ? parseCsvTime(rawStart) : null;
    if (!startTime) fail('start', rawStart ? 'csv_bad_time' : 'required', rawStart ? { value: rawStart } : undefined);

    const rawEnd = value('end');
    const endTime = rawEnd ? parseCsvTime(rawEnd, true) : null;
    if (!endTime) fail('end', rawEnd ? 'csv_bad_time' : 'required', rawEnd ? { value: rawEnd } : undefined);

    const rawBreak = value('break_minutes');
    const breakMinutes = rawBreak === null ? 0 : /^\d{1,4}$/.test(rawBreak) ? Number(rawBreak) : null;
    if (breakMinutes === null) fail('break_minutes', 'csv_bad_minutes', { value: String(rawBreak) });

    if (startTime && endTime && breakMinutes !== null && breakMinutes > shiftSpanMinutes(startTime, endTime)) {
      fail('break_minutes', 'break_too_long');
    }
    if (rowErrors.length > 0 || !date || !startTime || !endTime || breakMinutes === null) {
      errors.push(...rowErrors);
      continue;
    }
    rows.push({ line, personnelNumber, email, date, startTime, endTime, breakMinutes, department: value('department'), hourComponent: value('hour_component') });
  }
  return { rows, errors };
}
