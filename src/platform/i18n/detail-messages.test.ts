import { describe, expect, it } from 'vitest';
import { detailMessage } from './messages.ts';

describe('field details raised by services are read in the caller language', () => {
  it('translates listed texts and "Unknown <thing>" with the noun table; English stays as written', () => {
    expect(detailMessage('nl', 'The end lies before the start')).toBe('Het einde ligt vóór het begin.');
    expect(detailMessage('de', 'A time as HH:MM')).toBe('Eine Uhrzeit als HH:MM.');
    expect(detailMessage('nl', 'Unknown department')).toBe('Bestaat niet: afdeling.');
    expect(detailMessage('de', 'Unknown room')).toBe('Existiert nicht: Raum.');
    expect(detailMessage('en', 'Unknown room')).toBe('Unknown room');
    // Not listed: kept rather than lost.
    expect(detailMessage('nl', 'Something new')).toBe('Something new');
  });
});
