/**
 * Proposes which Koppel employee an external record is (F-13), and says why. Strong signals:
 * BSN, email, personnel number — each unique enough to link on its own. Weak signal: birth date
 * plus normalised name. Hash tables make 100 000 × 100 000 linear.
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

/** "No one matches": one shared, frozen answer (a first sync proposes it for every record; issue 13, peak memory). */
const NO_MATCH: MatchProposal = Object.freeze({ action: 'add', reasons: Object.freeze([]) as unknown as [] });

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

/** No candidate, one candidate (its index), or several (their indexes, in input order). */
type Hit = number | number[];
const NONE = -1;

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 16777619;
const BAR = 124; // '|'

/** FNV-1a over the UTF-16 units of `s`, continuing from `h`. */
function hashText(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

/** Spreads the bits (murmur3's finaliser) so the low bits choose buckets evenly. */
function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * Candidates by the hash of one key: a chained hash table in typed arrays, sized once for all candidates. Unlike a
 * Map of key strings it allocates no key strings and never grows, so indexing 100 000 employees leaves the garbage
 * collector next to nothing to copy (issue 13: the Maps' GC was most of the index time). A hash only narrows the
 * search: callers compare the real keys of every candidate it returns.
 */
class HashChains {
  private readonly heads: Int32Array;
  private readonly next: Int32Array;
  private readonly hashes: Int32Array;
  private readonly mask: number;

  constructor(n: number) {
    let size = 16;
    while (size < n * 2) size *= 2;
    this.heads = new Int32Array(size);
    this.next = new Int32Array(n);
    this.hashes = new Int32Array(n);
    this.mask = size - 1;
  }

  /** Adds candidate `i`. Called in descending index order, so each chain lists its candidates in input order. */
  add(i: number, h: number): void {
    const b = h & this.mask;
    this.hashes[i] = h;
    this.next[i] = this.heads[b]!;
    this.heads[b] = i + 1;
  }

  /** The first candidate with this hash (index + 1), or 0. */
  first(h: number): number {
    return this.after(this.heads[h & this.mask]!, h);
  }

  /** From chain position `p` (index + 1) on, the next candidate with this hash (index + 1), or 0. */
  after(p: number, h: number): number {
    while (p !== 0 && this.hashes[p - 1] !== h) p = this.next[p - 1]!;
    return p;
  }

  /** The candidate after `i` in its chain (index + 1), or 0. */
  nextOf(i: number): number {
    return this.next[i]!;
  }
}

export class Matcher {
  private readonly people: MatchCandidate[];
  /** Each candidate's key per strong signal (normalised), or undefined when it has none. */
  private readonly bsnKeys: (string | undefined)[];
  private readonly emailKeys: (string | undefined)[];
  private readonly numberKeys: (string | undefined)[];
  private readonly byBsn: HashChains;
  private readonly byEmail: HashChains;
  private readonly byNumber: HashChains;
  private readonly byBirthName: HashChains;
  private readonly hashMask: number;

  /** `hashBits` narrows the hashes (tests: few bits make every key collide, exercising the exact-key checks). */
  constructor(candidates: Iterable<MatchCandidate>, opts: { hashBits?: number } = {}) {
    this.hashMask = opts.hashBits === undefined || opts.hashBits >= 32 ? -1 : (1 << opts.hashBits) - 1;
    const people = Array.isArray(candidates) ? (candidates as MatchCandidate[]) : [...candidates];
    const n = people.length;
    this.people = people;
    this.bsnKeys = new Array(n);
    this.emailKeys = new Array(n);
    this.numberKeys = new Array(n);
    this.byBsn = new HashChains(n);
    this.byEmail = new HashChains(n);
    this.byNumber = new HashChains(n);
    this.byBirthName = new HashChains(n);
    for (let i = n - 1; i >= 0; i--) {
      const c = people[i]!;
      if (c.bsnHash) this.byBsn.add(i, this.hash((this.bsnKeys[i] = c.bsnHash)));
      if (c.email) this.byEmail.add(i, this.hash((this.emailKeys[i] = norm(c.email))));
      if (c.personnelNumber) this.byNumber.add(i, this.hash((this.numberKeys[i] = norm(c.personnelNumber))));
      if (c.birthDate) this.byBirthName.add(i, this.birthNameHash(c.birthDate, cleanName(c.firstName), cleanName(c.lastName)));
    }
  }

  private hash(key: string): number {
    return finish(hashText(FNV_OFFSET, key)) & this.hashMask;
  }

  /** The hash of `${birthDate}|${nameKey(first, last)}`, without building that string. */
  private birthNameHash(birthDate: string, first: string, last: string): number {
    let h = hashText(FNV_OFFSET, birthDate);
    h = Math.imul(h ^ BAR, FNV_PRIME);
    h = hashText(h, first);
    h = Math.imul(h ^ BAR, FNV_PRIME);
    return finish(hashText(h, last)) & this.hashMask;
  }

  /** The candidates whose key (in `keys`) is exactly `key`. */
  private find(table: HashChains, keys: (string | undefined)[], key: string): Hit {
    const h = this.hash(key);
    let found: Hit = NONE;
    for (let p = table.first(h); p !== 0; p = table.after(table.nextOf(p - 1), h)) {
      const i = p - 1;
      if (keys[i] !== key) continue;
      if (found === NONE) found = i;
      else if (typeof found === 'number') found = [found, i];
      else found.push(i);
    }
    return found;
  }

  propose(x: MatchInput): MatchProposal {
    const bsn = x.bsnHash ? this.find(this.byBsn, this.bsnKeys, x.bsnHash) : NONE;
    const email = x.email ? this.find(this.byEmail, this.emailKeys, norm(x.email)) : NONE;
    const number = x.personnelNumber ? this.find(this.byNumber, this.numberKeys, norm(x.personnelNumber)) : NONE;
    if (bsn !== NONE || email !== NONE || number !== NONE) {
      // Most records: every strong signal found names the same single employee. Same answer as below, without
      // the per-record map and arrays (issue 13: 100 000 × 100 000 in < 1 s).
      const one = bsn !== NONE ? bsn : email !== NONE ? email : number;
      if (typeof one === 'number' && (bsn === NONE || bsn === one) && (email === NONE || email === one) && (number === NONE || number === one)) {
        if (bsn === NONE && email === NONE && x.bsnHash) {
          const theirs = this.people[one]!.bsnHash;
          if (theirs && theirs !== x.bsnHash) return this.weak(x);
        }
        const reasons: MatchReason[] = [];
        if (bsn !== NONE) reasons.push('bsn');
        if (email !== NONE) reasons.push('email');
        if (number !== NONE) reasons.push('personnel_number');
        return { action: 'link', employeeId: this.people[one]!.id, reasons, strength: 'strong' };
      }
      const hits = new Map<number, MatchReason[]>();
      const add = (found: Hit, reason: MatchReason) => {
        if (found === NONE) return;
        for (const i of typeof found === 'number' ? [found] : found) hits.set(i, [...(hits.get(i) ?? []), reason]);
      };
      add(bsn, 'bsn');
      add(email, 'email');
      add(number, 'personnel_number');
      // Personnel numbers repeat across companies and administrations (Nmbrs, Loket number per company): a number
      // match contradicted by both BSNs is another person, not a link.
      if (x.bsnHash)
        for (const [i, reasons] of hits) {
          const theirs = this.people[i]!.bsnHash;
          if (reasons.every((r) => r === 'personnel_number') && theirs && theirs !== x.bsnHash) hits.delete(i);
        }
      const strong = [...hits.entries()];
      if (strong.length === 0) return this.weak(x);
      if (strong.length === 1) return { action: 'link', employeeId: this.people[strong[0]![0]]!.id, reasons: strong[0]![1], strength: 'strong' };
      // Several employees match different strong signals: a human decides.
      return { action: 'conflict', employeeIds: strong.map(([i]) => this.people[i]!.id), reasons: [...new Set(strong.flatMap(([, r]) => r))] };
    }
    return this.weak(x);
  }

  private weak(x: MatchInput): MatchProposal {
    if (x.birthDate) {
      const first = cleanName(x.firstName);
      const last = cleanName(x.lastName);
      const h = this.birthNameHash(x.birthDate, first, last);
      const ids: string[] = [];
      const table = this.byBirthName;
      for (let p = table.first(h); p !== 0; p = table.after(table.nextOf(p - 1), h)) {
        const c = this.people[p - 1]!;
        if (c.birthDate === x.birthDate && cleanName(c.lastName) === last && cleanName(c.firstName) === first) ids.push(c.id);
      }
      if (ids.length === 1) return { action: 'link', employeeId: ids[0]!, reasons: ['birth_date_name'], strength: 'weak' };
      if (ids.length > 1) return { action: 'conflict', employeeIds: ids, reasons: ['birth_date_name'] };
    }
    return NO_MATCH;
  }
}
