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
/** "van der Berg" and "Berg, van der" both become "berg" for the weak name signal. */
export function nameKey(first: string, last: string): string {
  const particles = /\b(van|de|der|den|het|ter|ten|te|von|zu|vom|zum|la|le|du|di)\b/g;
  const clean = (s: string) => norm(s).normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(particles, '').replace(/[^a-z]/g, '');
  return `${clean(first)}|${clean(last)}`;
}

export class Matcher {
  private byBsn = new Map<string, string[]>();
  private byEmail = new Map<string, string[]>();
  private byNumber = new Map<string, string[]>();
  private byBirthName = new Map<string, string[]>();

  constructor(candidates: Iterable<MatchCandidate>) {
    for (const c of candidates) {
      if (c.bsnHash) push(this.byBsn, c.bsnHash, c.id);
      if (c.email) push(this.byEmail, norm(c.email), c.id);
      if (c.personnelNumber) push(this.byNumber, norm(c.personnelNumber), c.id);
      if (c.birthDate) push(this.byBirthName, `${c.birthDate}|${nameKey(c.firstName, c.lastName)}`, c.id);
    }
  }

  propose(x: MatchInput): MatchProposal {
    const hits = new Map<string, MatchReason[]>();
    const add = (ids: string[] | undefined, reason: MatchReason) => {
      for (const id of ids ?? []) hits.set(id, [...(hits.get(id) ?? []), reason]);
    };
    if (x.bsnHash) add(this.byBsn.get(x.bsnHash), 'bsn');
    if (x.email) add(this.byEmail.get(norm(x.email)), 'email');
    if (x.personnelNumber) add(this.byNumber.get(norm(x.personnelNumber)), 'personnel_number');
    const strong = [...hits.entries()];
    if (strong.length === 1) return { action: 'link', employeeId: strong[0][0], reasons: strong[0][1], strength: 'strong' };
    if (strong.length > 1) {
      // Several employees match different strong signals: a human decides.
      return { action: 'conflict', employeeIds: strong.map(([id]) => id), reasons: [...new Set(strong.flatMap(([, r]) => r))] };
    }
    if (x.birthDate) {
      const weak = this.byBirthName.get(`${x.birthDate}|${nameKey(x.firstName, x.lastName)}`) ?? [];
      if (weak.length === 1) return { action: 'link', employeeId: weak[0], reasons: ['birth_date_name'], strength: 'weak' };
      if (weak.length > 1) return { action: 'conflict', employeeIds: weak, reasons: ['birth_date_name'] };
    }
    return { action: 'add', reasons: [] };
  }
}

function push(map: Map<string, string[]>, key: string, id: string) {
  const list = map.get(key);
  if (list) list.push(id);
  else map.set(key, [id]);
}
