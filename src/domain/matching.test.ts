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

/** The implementation before issue 13's fast paths, kept as the oracle they must agree with. */
function referenceNameKey(first: string, last: string): string {
  const particles = /\b(van|de|der|den|het|ter|ten|te|von|zu|vom|zum|la|le|du|di)\b/g;
  const clean = (s: string) => s.trim().toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(particles, '').replace(/[^a-z]/g, '');
  return `${clean(first)}|${clean(last)}`;
}

function referencePropose(candidates: ReturnType<typeof emp>[], x: ReturnType<typeof ext>) {
  const norm = (s: string | null) => (s ?? '').trim().toLowerCase();
  const hits = new Map<string, string[]>();
  for (const c of candidates) {
    const reasons = [];
    if (x.bsnHash && c.bsnHash === x.bsnHash) reasons.push('bsn');
    if (x.email && c.email && norm(c.email) === norm(x.email)) reasons.push('email');
    if (x.personnelNumber && c.personnelNumber && norm(c.personnelNumber) === norm(x.personnelNumber)) reasons.push('personnel_number');
    // A number match contradicted by both BSNs is another person.
    if (reasons.length === 1 && reasons[0] === 'personnel_number' && x.bsnHash && c.bsnHash && c.bsnHash !== x.bsnHash) continue;
    if (reasons.length) hits.set(c.id, reasons);
  }
  // Order of the reference Matcher: ids by the first signal that found them (bsn, then email, then number), candidate order within.
  const order = (['bsn', 'email', 'personnel_number'] as const).flatMap((r) => [...hits].filter(([, rs]) => rs[0] === r).map(([id]) => id));
  if (order.length === 1) return { action: 'link', employeeId: order[0], reasons: hits.get(order[0]!), strength: 'strong' };
  if (order.length > 1) return { action: 'conflict', employeeIds: order, reasons: [...new Set(order.flatMap((id) => hits.get(id)!))] };
  if (x.birthDate) {
    const key = referenceNameKey(x.firstName, x.lastName);
    const weak = candidates.filter((c) => c.birthDate === x.birthDate && referenceNameKey(c.firstName, c.lastName) === key).map((c) => c.id);
    if (weak.length === 1) return { action: 'link', employeeId: weak[0], reasons: ['birth_date_name'], strength: 'weak' };
    if (weak.length > 1) return { action: 'conflict', employeeIds: weak, reasons: ['birth_date_name'] };
  }
  return { action: 'add', reasons: [] };
}

describe('personnel numbers repeat across companies (issue 10)', () => {
  it('a number match with a different BSN on both sides is no link; with the same or a missing BSN it is', () => {
    const m = new Matcher([emp('e1', { personnelNumber: '1', bsnHash: 'b1', firstName: 'Koen', lastName: 'Beek' })]);
    expect(m.propose(ext({ personnelNumber: '1', bsnHash: 'b2', firstName: 'Sem', lastName: 'Heuvel' }))).toEqual({ action: 'add', reasons: [] });
    expect(m.propose(ext({ personnelNumber: '1', bsnHash: 'b1', firstName: 'Koen', lastName: 'Beek' }))).toMatchObject({ action: 'link', employeeId: 'e1', reasons: ['bsn', 'personnel_number'] });
    expect(m.propose(ext({ personnelNumber: '1', firstName: 'Koen', lastName: 'Beek' }))).toMatchObject({ action: 'link', employeeId: 'e1', reasons: ['personnel_number'] });
  });
});

describe('fast paths agree with the plain implementation (issue 13)', () => {
  let seed = 7;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const PIECES = ['van', 'der', 'de', 'Den', 'VON', 'zu', 'la', 'te', 'ter', 'Berg', 'jan', 'Jansen', ' ', '  ', '-', "'", ',', '.', '_', '1', '42', 'é', 'Ü', 'ß', 'İ', '\u212a', '\u00a0', 'ø', 'Ø', 'ñ', 'x', 'dé', 'Müller', 'le', 'Du', 'het', 'vanderberg', 'van_der', 'de1', '\t'];
  const name = () => Array.from({ length: 1 + Math.floor(rnd() * 5) }, () => pick(PIECES)).join('');

  it('nameKey on 20 000 generated names', () => {
    for (let i = 0; i < 20_000; i++) {
      const [a, b] = [name(), name()];
      expect(nameKey(a, b), JSON.stringify([a, b])).toBe(referenceNameKey(a, b));
    }
  });

  it('Matcher on generated people with shared and clashing keys', () => {
    const people = Array.from({ length: 300 }, (_, i) =>
      emp(`e${i}`, {
        ...(rnd() < 0.3 ? { bsnHash: `b${Math.floor(rnd() * 200)}` } : {}),
        ...(rnd() < 0.6 ? { email: `${pick(['a', 'B', ' c'])}${Math.floor(rnd() * 200)}@x.test` } : {}),
        ...(rnd() < 0.5 ? { personnelNumber: String(Math.floor(rnd() * 200)) } : {}),
        ...(rnd() < 0.8 ? { birthDate: `1990-01-0${1 + Math.floor(rnd() * 3)}` } : {}),
        firstName: pick(['Jan', 'jan', 'Piet', 'Anna']),
        lastName: pick(['van der Berg', 'Berg', 'de Vries', 'Vries', 'Müller', 'Muller']),
      }),
    );
    const m = new Matcher(people);
    for (let i = 0; i < 2_000; i++) {
      const x = ext({
        ...(rnd() < 0.3 ? { bsnHash: `b${Math.floor(rnd() * 200)}` } : {}),
        ...(rnd() < 0.4 ? { email: `${pick(['a', 'A', 'b', 'c '])}${Math.floor(rnd() * 200)}@X.test` } : {}),
        ...(rnd() < 0.4 ? { personnelNumber: ` ${Math.floor(rnd() * 200)}` } : {}),
        ...(rnd() < 0.8 ? { birthDate: `1990-01-0${1 + Math.floor(rnd() * 3)}` } : {}),
        firstName: pick(['Jan', 'JAN', 'Piet', 'Anna', 'Els']),
        lastName: pick(['Berg', 'van den Berg', 'Vries', 'Muller', 'Müller', 'Smit']),
      });
      expect(m.propose(x), JSON.stringify(x)).toEqual(referencePropose(people, x));
    }
  });
});
