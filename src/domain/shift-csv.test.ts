import { describe, expect, it } from 'vitest';
import { detectDelimiter, parseCsvDate, parseCsvTime, parseShiftCsv } from './shift-csv.ts';

describe('shift CSV values', () => {
  it('reads ISO and day-first dates and rejects impossible ones', () => {
    expect(parseCsvDate('2026-03-04')).toBe('2026-03-04');
    expect(parseCsvDate('04-03-2026')).toBe('2026-03-04');
    expect(parseCsvDate('4.3.2026')).toBe('2026-03-04');
    expect(parseCsvDate('31-02-2026')).toBeNull();
    expect(parseCsvDate('2026/03/04')).toBeNull();
    // A year that is a typo (issue 12, item 14)
    expect(parseCsvDate('31-12-9999')).toBeNull();
    expect(parseCsvDate('0202-03-04')).toBeNull();
  });
  it('pads times and reads 24:00 as the midnight at the end of a shift', () => {
    expect(parseCsvTime('8:30')).toBe('08:30');
    expect(parseCsvTime('24:00')).toBeNull();
    expect(parseCsvTime('24:00', true)).toBe('00:00');
    expect(parseCsvTime('25:00', true)).toBeNull();
    expect(parseCsvTime('8h30')).toBeNull();
  });
  it('detects the delimiter from the header', () => {
    expect(detectDelimiter('personnel_number;date;start;end\nP1;2026-01-01;08:00;09:00')).toBe(';');
    expect(detectDelimiter('personnel_number,date,start,end')).toBe(',');
  });
});

describe('parseShiftCsv', () => {
  it('parses a semicolon file with a BOM, blank lines and mixed header case', () => {
    const csv = '\uFEFFPersonnel Number;Date;Start;End;Break_Minutes;Department\n\nP1;04-03-2026;22:00;06:00;30;Bar\nP2;2026-03-05;9:00;17:00;;\n';
    const { rows, errors } = parseShiftCsv(csv);
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      { line: 3, personnelNumber: 'P1', email: null, date: '2026-03-04', startTime: '22:00', endTime: '06:00', breakMinutes: 30, department: 'Bar', hourComponent: null },
      { line: 4, personnelNumber: 'P2', email: null, date: '2026-03-05', startTime: '09:00', endTime: '17:00', breakMinutes: 0, department: null, hourComponent: null },
    ]);
  });

  it('reports each bad value with its real line number and column', () => {
    const csv = [
      'email,date,start,end,break_minutes',
      'a@example.test,2026-03-04,09:00,17:00,30',
      'b@example.test,2026-02-30,09:00,17:00,30',
      '"multi',
      'line@example.test",2026-03-04,09:00,10:00,90',
      ',2026-03-04,9,17:00,x',
      'c@example.test,2026-03-04',
    ].join('\n');
    const { rows, errors } = parseShiftCsv(csv);
    expect(rows.map((r) => r.line)).toEqual([2]);
    expect(errors).toEqual([
      { line: 3, field: 'date', code: 'csv_bad_date', params: { value: '2026-02-30' } },
      { line: 4, field: 'break_minutes', code: 'break_too_long' },
      { line: 6, field: 'email', code: 'csv_identity_required' },
      { line: 6, field: 'start', code: 'csv_bad_time', params: { value: '9' } },
      { line: 6, field: 'break_minutes', code: 'csv_bad_minutes', params: { value: 'x' } },
      { line: 7, field: 'row', code: 'csv_value_count', params: { expected: 5, found: 2 } },
    ]);
  });

  it('refuses unknown and missing columns on line 1', () => {
    const { errors } = parseShiftCsv('employee;date;start;eind\nP1;2026-03-04;09:00;17:00');
    expect(errors).toEqual([
      { line: 1, field: 'employee', code: 'csv_unknown_column', params: { columns: expect.stringContaining('personnel_number') } },
      { line: 1, field: 'eind', code: 'csv_unknown_column', params: expect.any(Object) },
      { line: 1, field: 'personnel_number', code: 'csv_identity_column' },
      { line: 1, field: 'end', code: 'csv_column_missing' },
    ]);
  });

  it('refuses an empty file and a file with only a header', () => {
    expect(parseShiftCsv('').errors[0]).toMatchObject({ line: 1, field: 'file' });
    expect(parseShiftCsv('email,date,start,end\n').errors[0]).toMatchObject({ line: 2, field: 'file' });
  });

  it('reports an unclosed quote instead of throwing', () => {
    const { errors } = parseShiftCsv('email,date,start,end\n"a@example.test,2026-03-04,09:00,17:00\n');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.field).toBe('file');
  });
});

describe('parseShiftCsv column counts', () => {
  it('names the number of values found when a row has too many', () => {
    const { errors } = parseShiftCsv('email,date,start,end\na@example.test,2026-03-04,09:00,17:00,extra\n');
    expect(errors).toEqual([{ line: 2, field: 'row', code: 'csv_value_count', params: { expected: 4, found: 5 } }]);
  });
});
