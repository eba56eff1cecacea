import { describe, expect, it } from 'vitest';
import { reconnectMail, syncNotificationMail } from './sync-mail.ts';

const input = {
  timeZone: 'Europe/Berlin',
  vendor: 'Personio',
  integration: 'Personio GmbH',
  at: new Date('2026-03-02T01:00:00Z'),
  added: [{ name: 'Lena Vogel', changes: [] }],
  updated: [
    {
      name: 'Jan de Vries',
      changes: [
        { field: 'email', old: 'jan@old.test', new: 'jan@new.test' },
        { field: 'bsn', old: '******123', new: '******456' },
        { field: 'status', old: 'active', new: 'former' },
        { field: 'endDate', old: null, new: '2026-06-30' },
        { field: 'weeklyHours', old: 32, new: '38.5' },
      ],
    },
  ],
  needsAction: [{ name: 'Piet Jansen', issues: ['weak_match'] }],
};

describe('sync notification mail (F-15)', () => {
  it('lists per employee and field old → new, additions and actions needed, in German', () => {
    const m = syncNotificationMail({ ...input, locale: 'de' });
    expect(m.subject).toBe('Personio-Synchronisierung „Personio GmbH“: 1 hinzugefügt, 1 aktualisiert');
    expect(m.text).toContain('Hinzugefügte Mitarbeitende (1)');
    expect(m.text).toContain('- Lena Vogel');
    expect(m.text).toContain('E-Mail: jan@old.test → jan@new.test');
    expect(m.text).toContain('Status: aktiv → ausgeschieden');
    // Dates and numbers as a German reader writes them (issue 15 item 13), not as the database keeps them.
    expect(m.text).toContain('Vertragsende: (leer) → 30.06.2026');
    expect(m.text).toContain('Wochenstunden: 32 → 38,5');
    expect(m.text).toContain('- Piet Jansen: nur Name und Geburtsdatum stimmen überein');
    expect(m.text).toContain('2. März 2026');
  });

  it('speaks Dutch and English too, and shows a BSN masked at most', () => {
    const nl = syncNotificationMail({ ...input, locale: 'nl' });
    expect(nl.subject).toBe('Personio-synchronisatie "Personio GmbH": 1 toegevoegd, 1 bijgewerkt');
    expect(nl.text).toContain('Status: in dienst → uit dienst');
    expect(nl.text).toContain('BSN: ******123 → ******456');
    expect(nl.text).toContain('30-06-2026');
    expect(nl.text).toContain('32 → 38,5');
    const en = syncNotificationMail({ ...input, locale: 'en' });
    expect(en.text).toContain('Changed employees (1)');
    expect(en.text).toContain('Contract end: (empty) → 30/06/2026');
  });

  it('caps long lists', () => {
    const many = Array.from({ length: 250 }, (_, i) => ({ name: `P${i}`, changes: [] }));
    const m = syncNotificationMail({ ...input, locale: 'en', added: many });
    expect(m.text).toContain('… and 50 more');
  });

  it('reconnect mail names the integration and what to do', () => {
    const m = reconnectMail({ locale: 'nl', timeZone: 'Europe/Amsterdam', vendor: 'Personio', integration: 'HR', at: input.at, detail: '401' });
    expect(m.subject).toBe('Personio-koppeling "HR": opnieuw verbinden nodig');
    expect(m.text).toContain('Instellingen → Koppelingen');
  });
});
