import { describe, expect, it } from 'vitest';
import { Matcher, nameKey } from './matching.ts';

const emp = (id: string, p: Partial<{ bsnHash: string; email: string; personnelNumber: string; birthDate: string; firstName: string; lastName: string }>) => ({
  id,
  bsnHash: p.bsnHash ?? null,
  email: p.email ?? null,
  personnelNumber: p.personnelNumber ?? null,
  birthDate: p.birthDate ?? null,
  firstName: p.firstName ?? 'A',
  lastName: p.lastName ?? 'B',
});
const ext = (p: Partial<{ bsnHash: string; email: string; personnelNumber: string; birthDate: string; firstName: string; lastName: string }>) => ({ externalId: 'x', ...emp('x', p) });

describe('matching', () => {
  const m = new Matcher([
    emp('e1', { email: 'Jan@Example.nl', personnelNumber: '001', bsnHash: 'h1' }),
    emp('e2', { email: 'piet@example.nl', birthDate: '1990-01-02', firstName: 'Piet', lastName: 'van der Berg' }),
    emp('e3', { personnelNumber: '003' }),
  ]);
  it('links on strong signals and lists every reason', () => {
    expect(m.propose(ext({ email: 'jan@example.nl', bsnHash: 'h1' }))).toEqual({ action: 'link', employeeId: 'e1', reasons: ['bsn', 'email'], strength: 'strong' });
    expect(m.propose(ext({ personnelNumber: '003' }))).toEqual({ action: 'link', employeeId: 'e3', reasons: ['personnel_number'], strength: 'strong' });
  });
  it('uses birth date + name as a weak signal, ignoring tussenvoegsel placement', () => {
    expect(m.propose(ext({ birthDate: '1990-01-02', firstName: 'piet', lastName: 'Berg' }))).toEqual({ action: 'link', employeeId: 'e2', reasons: ['birth_date_name'], strength: 'weak' });
    expect(nameKey('Piet', 'van der Berg')).toBe(nameKey('Piet', 'Berg'));
  });
  it('reports conflicts when strong signals point at different employees', () => {
    expect(m.propose(ext({ email: 'jan@example.nl', personnelNumber: '003' }))).toEqual({ action: 'conflict', employeeIds: ['e1', 'e3'], reasons: ['email', 'personnel_number'] });
  });
  it('proposes add when nothing matches', () => {
    expect(m.propose(ext({ email: 'new@example.nl' }))).toEqual({ action: 'add', reasons: [] });
  });
});
