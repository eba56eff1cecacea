import { describe, expect, it } from 'vitest';
import { detailText, errorMessage, translateDetail } from './messages.ts';

describe('field details raised by services are read in the caller language', () => {
  it('translates a code with params, reading {entity} as a noun', () => {
    expect(detailText('nl', 'end_before_start')).toBe('Het einde ligt vóór het begin.');
    expect(detailText('de', 'time_hhmm')).toBe('Eine Uhrzeit als HH:MM.');
    expect(detailText('nl', 'unknown', { entity: 'department' })).toBe('Bestaat niet: afdeling.');
    expect(detailText('de', 'unknown', { entity: 'room' })).toBe('Existiert nicht: Raum.');
    expect(detailText('en', 'unknown', { entity: 'room' })).toBe('Unknown room');
    expect(detailText('en', 'unknown', { entity: 'job_position' })).toBe('Unknown job position');
    expect(detailText('nl', 'csv_same_shift', { line: 2 })).toBe('Dezelfde dienst als regel 2.');
  });

  it('turns { field, code, params } into { field, message } and keeps line numbers', () => {
    expect(translateDetail('de', { line: 3, field: 'date', code: 'csv_same_shift', params: { line: 2 } })).toEqual({ line: 3, field: 'date', message: 'Dieselbe Schicht wie Zeile 2.' });
    expect(translateDetail('en', { field: 'hours', code: 'hours_required' })).toEqual({ field: 'hours', message: 'Give the number of hours' });
    expect(translateDetail('nl', { field: 'settings.time', issue: { code: 'too_small', origin: 'number', minimum: 2, message: 'Too small: expected number to be >=2' } })).toEqual({ field: 'settings.time', message: 'Moet minstens 2 zijn.' });
    // A sentence already in the caller's language (recruiting conflicts) passes unchanged.
    expect(translateDetail('nl', { field: 'roomId', message: 'Kamer 1 is op dit moment al ingepland.' })).toEqual({ field: 'roomId', message: 'Kamer 1 is op dit moment al ingepland.' });
  });

  it('writes dates in the language, not as the database keeps them (issue 15 item 13)', () => {
    expect(detailText('de', 'date_out_of_range', { min: '1900-01-01', max: '2199-12-31' })).toBe('Ein Datum zwischen 01.01.1900 und 31.12.2199.');
    expect(detailText('nl', 'date_out_of_range', { min: '1900-01-01', max: '2199-12-31' })).toBe('Een datum tussen 01-01-1900 en 31-12-2199.');
    const sent = { variant: 'period_sent', reason: 'period_sent', integration: 'Personio', day: '2026-12-01', sentAt: '2026-12-02' };
    expect(errorMessage('de', 'conflict', sent)).toMatch(/^Der 01\.12\.2026 wurde bereits am 02\.12\.2026 an Personio gesendet\./);
    expect(errorMessage('nl', 'conflict', sent)).toMatch(/^Dag 01-12-2026 is al op 02-12-2026 naar Personio verstuurd\./);
    expect(errorMessage('en', 'conflict', sent)).toMatch(/^01\/12\/2026 was already sent to Personio on 02\/12\/2026\./);
  });

  it('an empty list asks to choose, in every language', () => {
    const issue = { field: 'interviewerIds', issue: { code: 'too_small', origin: 'array', minimum: 1, message: 'Too small: expected array to have >=1 items' } };
    expect(translateDetail('nl', issue)).toEqual({ field: 'interviewerIds', message: 'Kies er minstens één.' });
    expect(translateDetail('de', issue)).toEqual({ field: 'interviewerIds', message: 'Mindestens eine Auswahl treffen.' });
  });

  it('reads invalid_state reasons as state.* texts, with the recruiting status translated', () => {
    expect(errorMessage('nl', 'invalid_state', { reason: 'interview_closed', status: 'cancelled' })).toBe('Deze actie is nu niet mogelijk: het gesprek is geannuleerd.');
    expect(errorMessage('en', 'invalid_state', { reason: 'run_undone' })).toBe('This action is not possible in the current state: this run was undone already');
    expect(errorMessage('de', 'invalid_state', { reason: 'run_undone' })).toBe('Diese Aktion ist im aktuellen Zustand nicht möglich: dieser Lauf wurde bereits rückgängig gemacht');
    expect(errorMessage('nl', 'duplicate', { entity: 'department', field: 'name' })).toBe('Er bestaat al een afdeling met deze waarde voor naam.');
    expect(errorMessage('en', 'integration_credentials_invalid', { vendor: 'CalDAV', variant: 'caldav' })).toBe('CalDAV refused these credentials. Check the user name and password.');
  });
});
