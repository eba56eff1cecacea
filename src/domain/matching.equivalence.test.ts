import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Matcher, type MatchCandidate, type MatchInput, type MatchProposal, type MatchReason, nameKey } from './matching.ts';

/**
 * The Matcher restructured for issue 13 (typed-array hash chains instead of Maps of key strings) must answer exactly
 * as the one before it. PreviousMatcher below is that implementation, verbatim but for its name.
 */
const norm = (s: string | null | undefined) => (s ?? '').trim().toLowerCase();

/** One employee id, or several when more than one shares the key (rare: kept as a string to spare 400 000 arrays). */
type Ids = string | string[];

class PreviousMatcher {
  private byBsn = new Map<string, Ids>();
  private byEmail = new Map<string, Ids>();
  private byNumber = new Map<string, Ids>();
  private byBirthName = new Map<string, Ids>();
  /** The BSN of each candidate that has one: a personnel number alone never links two people whose BSNs differ. */
  private bsnOf = new Map<string, string>();

  constructor(candidates: Iterable<MatchCandidate>) {
    for (const c of candidates) {
      if (c.bsnHash) push(this.byBsn, c.bsnHash, c.id);
      if (c.bsnHash) this.bsnOf.set(c.id, c.bsnHash);
      if (c.email) push(this.byEmail, norm(c.email), c.id);
      if (c.personnelNumber) push(this.byNumber, norm(c.personnelNumber), c.id);
      if (c.birthDate) push(this.byBirthName, `${c.birthDate}|${nameKey(c.firstName, c.lastName)}`, c.id);
    }
  }

  propose(x: MatchInput): MatchProposal {
    const bsn = x.bsnHash ? this.byBsn.get(x.bsnHash) : undefined;
    const email = x.email ? this.byEmail.get(norm(x.email)) : undefined;
    const number = x.personnelNumber ? this.byNumber.get(norm(x.personnelNumber)) : undefined;
    if (bsn !== undefined || email !== undefined || number !== undefined) {
      // Most records: every strong signal found names the same single employee. Same answer as below, without
      // the per-record map and arrays (issue 13: 100 000 × 100 000 in < 1 s).
      const one = bsn ?? email ?? number;
      if (typeof one === 'string' && (bsn === undefined || bsn === one) && (email === undefined || email === one) && (number === undefined || number === one)) {
        if (bsn === undefined && email === undefined && x.bsnHash) {
          const theirs = this.bsnOf.get(one);
          if (theirs !== undefined && theirs !== x.bsnHash) return this.weak(x);
        }
        const reasons: MatchReason[] = [];
        if (bsn !== undefined) reasons.push('bsn');
        if (email !== undefined) reasons.push('email');
        if (number !== undefined) reasons.push('personnel_number');
        return { action: 'link', employeeId: one, reasons, strength: 'strong' };
      }
      const hits = new Map<string, MatchReason[]>();
      const add = (ids: Ids | undefined, reason: MatchReason) => {
        if (ids === undefined) return;
        for (const id of typeof ids === 'string' ? [ids] : ids) hits.set(id, [...(hits.get(id) ?? []), reason]);
      };
      add(bsn, 'bsn');
      add(email, 'email');
      add(number, 'personnel_number');
      // Personnel numbers repeat across companies and administrations (Nmbrs, Loket number per company): a number
      // match contradicted by both BSNs is another person, not a link.
      if (x.bsnHash) for (const [id, reasons] of hits) if (reasons.every((r) => r === 'personnel_number') && this.bsnOf.has(id) && this.bsnOf.get(id) !== x.bsnHash) hits.delete(id);
      const strong = [...hits.entries()];
      if (strong.length === 0) return this.weak(x);
      if (strong.length === 1) return { action: 'link', employeeId: strong[0][0], reasons: strong[0][1], strength: 'strong' };
      // Several employees match different strong signals: a human decides.
      return { action: 'conflict', employeeIds: strong.map(([id]) => id), reasons: [...new Set(strong.flatMap(([, r]) => r))] };
    }
    return this.weak(x);
  }

  private weak(x: MatchInput): MatchProposal {
    if (x.birthDate) {
      const weak = this.byBirthName.get(`${x.birthDate}|${nameKey(x.firstName, x.lastName)}`);
      if (typeof weak === 'string') return { action: 'link', employeeId: weak, reasons: ['birth_date_name'], strength: 'weak' };
      if (weak) return { action: 'conflict', employeeIds: [...weak], reasons: ['birth_date_name'] };
    }
    return { action: 'add', reasons: [] };
  }
}

function push(map: Map<string, Ids>, key: string, id: string) {
  const ids = map.get(key);
  if (ids === undefined) map.set(key, id);
  else if (typeof ids === 'string') map.set(key, [ids, id]);
  else ids.push(id);
}

// Small pools so keys are shared and clash across people (several candidates per key, conflicts, BSN vetoes).
const person = fc.record({
  bsnHash: fc.option(fc.constantFrom('b1', 'b2', 'b3', 'b4'), { nil: null }),
  email: fc.option(fc.constantFrom('a@x.nl', 'A@x.nl ', ' b@x.nl', 'c@x.nl', 'C@X.NL', '   ', 'é@x.nl'), { nil: null }),
  personnelNumber: fc.option(fc.constantFrom('1', ' 1', '2', '02', '3', 'A3', 'a3'), { nil: null }),
  birthDate: fc.option(fc.constantFrom('1990-01-01', '1990-01-02', '1985-12-31'), { nil: null }),
  firstName: fc.constantFrom('Jan', 'jan', ' JAN ', 'Piet', 'Ánna', 'anna', 'de Jan', ''),
  lastName: fc.constantFrom('van der Berg', 'Berg', 'Berg, van der', 'de Vries', 'Vries', 'Müller', 'Muller', "O'Neil", 'oneil', ''),
});

const peopleOf = (rows: Omit<MatchCandidate, 'id'>[]): MatchCandidate[] => rows.map((r, i) => ({ id: `e${i}`, ...r }));

describe('the restructured Matcher answers as the previous one (issue 13)', () => {
  it('on random people and records with shared and clashing keys', () => {
    fc.assert(
      fc.property(fc.array(person, { maxLength: 40 }), fc.array(person, { minLength: 1, maxLength: 30 }), (rows, inputs) => {
        const people = peopleOf(rows);
        const before = new PreviousMatcher(people);
        const after = new Matcher(people);
        for (const [j, r] of inputs.entries()) {
          const x: MatchInput = { externalId: `x${j}`, ...r };
          expect(after.propose(x)).toEqual(before.propose(x));
        }
      }),
      { numRuns: 400 },
    );
  });

  it('when every hash collides (2-bit hashes): only exact keys match', () => {
    fc.assert(
      fc.property(fc.array(person, { maxLength: 40 }), fc.array(person, { minLength: 1, maxLength: 30 }), fc.integer({ min: 0, max: 3 }), (rows, inputs, bits) => {
        const people = peopleOf(rows);
        const before = new PreviousMatcher(people);
        const after = new Matcher(people, { hashBits: bits });
        for (const [j, r] of inputs.entries()) {
          const x: MatchInput = { externalId: `x${j}`, ...r };
          expect(after.propose(x)).toEqual(before.propose(x));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('on the benchmark\'s shape at 5 000 people (links by every signal, weak links, new people)', () => {
    const letters = (i: number) => {
      let s = '';
      do {
        s += String.fromCharCode(97 + (i % 26));
        i = Math.floor(i / 26);
      } while (i > 0);
      return s;
    };
    const n = 5_000;
    const people: MatchCandidate[] = [];
    const inputs: MatchInput[] = [];
    for (let i = 0; i < n; i++) {
      people.push({ id: `e${i}`, bsnHash: i % 3 === 0 ? `bsn${i}` : null, email: `person${i}@example.test`, personnelNumber: String(100000 + (i % 4000)), birthDate: `19${50 + (i % 50)}-0${1 + (i % 9)}-1${i % 10}`, firstName: `Voornaam${letters(i % 97)}`, lastName: `Achternaam${letters(i % 1500)}` });
      const j = i % 5 === 0 ? n + i : i;
      inputs.push({ externalId: `x${i}`, bsnHash: j % 3 === 0 && j % 2 === 0 ? `bsn${j}` : j % 7 === 0 ? 'bsn-other' : null, email: j % 4 === 1 ? `PERSON${j}@example.test` : null, personnelNumber: j % 4 === 2 ? String(100000 + (j % 4000)) : null, birthDate: `19${50 + (j % 50)}-0${1 + (j % 9)}-1${j % 10}`, firstName: `Voornaam${letters(j % 97)}`, lastName: `Achternaam${letters(j % 1500)}` });
    }
    const before = new PreviousMatcher(people);
    const after = new Matcher(people);
    const kinds = new Set<string>();
    for (const x of inputs) {
      const p = after.propose(x);
      kinds.add(p.action === 'link' ? `link_${p.strength}` : p.action);
      expect(p).toEqual(before.propose(x));
    }
    expect([...kinds].sort()).toEqual(['add', 'conflict', 'link_strong', 'link_weak']);
  });
});
