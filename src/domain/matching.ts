/**
 * Proposes which Koppel employee an external record is (F-13), and says why. Strong signals:
 * BSN, email, personnel number — each unique enough to link on its own. Weak signal: birth date
 * plus normalised name. Hash maps make 100 000 × 100 000 linear.
 */
export type MatchReason = 'bsn' | 'email' | 'personnel_number' | 'birth_date_name';

export type MatchCandidate = {
  id: string;
  bsnHash: string | null;
  email: string | null;
  personnelNumber: string | null;
  birthDate: string | null;
  firstName: string;
  lastName: string;
};

export type MatchInput = {
  externalId: string;
  bsnHash: string | null;
  email: string | null;
  personnelNumber: string | null;
  birthDate: string | null;
  firstName: string;
  lastName: string;
};

export type MatchProposal =
  | { action: 'link'; employeeId: string; reasons: MatchReason[]; strength: 'strong' | 'weak' }
  | { action: 'add'; reasons: [] }
  | { action: 'conflict'; employeeIds: string[]; reasons: MatchReason[] };

const norm = (s: string | null | undefined) => (s ?? '').trim().toLowerCase();

const PARTICLES = new Set(['van', 'de', 'der', 'den', 'het', 'ter', 'ten', 'te', 'von', 'zu', 'vom', 'zum', 'la', 'le', 'du', 'di']);
const PARTICLE_WORDS = /\b(van|de|der|den|het|ter|ten|te|von|zu|vom|zum|la|le|du|di)\b/g;
const LETTERS_ONLY = /^[a-z]*$/;
const ASCII_ONLY = /^[\x00-\x7f]*$/;
const NON_LETTERS = /[^a-z]/g;

/** One name part: lower case, accents off, particles (as whole words) out, letters only. */
function cleanName(s: string): string {
  const lower = norm(s);
  // Fast paths with the same result as the general one below (for ASCII text NFD changes nothing):
  // one word of letters (most names), or ASCII words split where \b would split them.
  if (LETTERS_ONLY.test(lower)) return PARTICLES.has(lower) ? '' : lower;
  if (ASCII_ONLY.test(lower)) return asciiWords(lower);
  return lower.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(PARTICLE_WORDS, '').replace(NON_LETTERS, '');
}

/** ASCII, lower case: the letters of every word ([a-z0-9_]+, as \b sees words) that is not a particle. */
function asciiWords(lower: string): string {
  let out = '';
  let i = 0;
  while (i < lower.length) {
    const start = i;
    let letters = true;
    for (let c = lower.charCodeAt(i); i < lower.length && isWordChar(c); c = lower.charCodeAt(++i)) if (c < 97 || c > 122) letters = false;
    if (i === start) {
      i++;
      continue;
    }
    const word = lower.slice(start, i);
    if (!letters) out += word.replace(NON_LETTERS, '');
    else if (!PARTICLES.has(word)) out += word;
  }
  return out;
}

const isWordChar = (c: number) => (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95;

/** "van der Berg" and "Berg, van der" both become "berg" for the weak name signal. */
export function nameKey(first: string, last: string): string {
  return `${cleanName(first)}|${cleanName(last)}`;
}

/** One employee id, or several when more than one shares the key (rare: kept as a string to spare 400 000 arrays). */
type Ids = string | string[];

export class Matcher {
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
