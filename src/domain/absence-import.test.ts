import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AbsenceImportPlan, cutOut, type KoppelAbsence, piecesOf, planAbsenceImport, type VendorAbsence } from './absence-import.ts';
import { addDays } from './dates.ts';

const W = { from: '2026-09-01', to: '2027-12-31' };

const vacation = (over: Partial<VendorAbsence> = {}): VendorAbsence => ({
  externalId: 'p-1',
  employeeId: 'e-1',
  absenceTypeId: 'vac',
  typeName: 'Urlaub',
  status: 'approved',
  startDate: '2026-12-21',
  endDate: '2026-12-24',
  startHalf: null,
  endHalf: null,
  unit: 'DAY',
  breakdown: [],
  ...over,
});

const own = (over: Partial<KoppelAbsence>): KoppelAbsence => ({
  id: 'k-1',
  employeeId: 'e-1',
  absenceTypeId: 'np',
  kind: 'not_plannable',
  startDate: '2026-12-01',
  endDate: '2026-12-31',
  unit: 'days',
  hours: null,
  comment: null,
  importRef: null,
  ...over,
});

/** Carries a plan out on an in-memory list of Koppel absences, as the service does on the table. */
function apply(state: KoppelAbsence[], plan: AbsenceImportPlan): KoppelAbsence[] {
  let next = state.filter((k) => !plan.remove.some((r) => r.id === k.id));
  next = next.map((k) => {
    const u = plan.update.find((x) => x.id === k.id);
    return u ? { ...k, ...u.piece, id: k.id, kind: 'vacation' as const } : k;
  });
  for (const y of plan.yieldNotPlannable) {
    const k = next.find((x) => x.id === y.id) as KoppelAbsence;
    next = next.filter((x) => x.id !== y.id).concat(y.keep.map((r, i) => ({ ...k, id: `${k.id}.${i}`, ...r })));
  }
  let n = 0;
  for (const p of plan.create) next.push({ ...p, id: `new-${n++}-${p.importRef}`, kind: 'vacation' });
  return next;
}

describe('piecesOf', () => {
  it('whole days become one days piece with a comment naming the source', () => {
    expect(piecesOf(vacation(), 'Personio')).toEqual([
      { importRef: 'p-1#2026-12-21', employeeId: 'e-1', absenceTypeId: 'vac', startDate: '2026-12-21', endDate: '2026-12-24', unit: 'days', hours: null, comment: 'Personio: Urlaub, 2026-12-21 – 2026-12-24' },
    ]);
  });

  it('a multi-day absence starting in the afternoon and ending at noon: half, days, half', () => {
    const pieces = piecesOf(vacation({ startHalf: 'SECOND_HALF', endHalf: 'FIRST_HALF' }), 'Personio');
    expect(pieces.map((p) => [p.startDate, p.endDate, p.unit])).toEqual([
      ['2026-12-21', '2026-12-21', 'half_day'],
      ['2026-12-22', '2026-12-23', 'days'],
      ['2026-12-24', '2026-12-24', 'half_day'],
    ]);
  });

  it('the per-day breakdown wins over the markers', () => {
    const pieces = piecesOf(
      vacation({ breakdown: [{ date: '2026-12-21', value: 1 }, { date: '2026-12-22', value: 0.5 }, { date: '2026-12-23', value: 1 }, { date: '2026-12-24', value: 1 }] }),
      'Personio',
    );
    expect(pieces.map((p) => [p.startDate, p.endDate, p.unit])).toEqual([
      ['2026-12-21', '2026-12-21', 'days'],
      ['2026-12-22', '2026-12-22', 'half_day'],
      ['2026-12-23', '2026-12-24', 'days'],
    ]);
  });

  it('one day: a half day for a single half, the whole day from first half to second half', () => {
    expect(piecesOf(vacation({ endDate: '2026-12-21', startHalf: 'FIRST_HALF', endHalf: 'FIRST_HALF' }), 'P')[0]?.unit).toBe('half_day');
    expect(piecesOf(vacation({ endDate: '2026-12-21', startHalf: 'SECOND_HALF', endHalf: null }), 'P')[0]?.unit).toBe('half_day');
    expect(piecesOf(vacation({ endDate: '2026-12-21', startHalf: 'FIRST_HALF', endHalf: 'SECOND_HALF' }), 'P')[0]?.unit).toBe('days');
    expect(piecesOf(vacation({ endDate: '2026-12-21' }), 'P')[0]).toMatchObject({ unit: 'days', comment: 'P: Urlaub, 2026-12-21' });
  });

  it('hour-unit types carry the summed hours', () => {
    const p = piecesOf(vacation({ unit: 'HOUR', breakdown: [{ date: '2026-12-21', value: 2.5 }, { date: '2026-12-22', value: 4 }] }), 'P');
    expect(p).toMatchObject([{ unit: 'hours', hours: 6.5, startDate: '2026-12-21', endDate: '2026-12-24' }]);
  });
});

describe('planAbsenceImport', () => {
  it('creates approved mapped absences, skips pending, rejected and unmapped ones with the reason', () => {
    const plan = planAbsenceImport(
      [vacation(), vacation({ externalId: 'p-2', status: 'pending' }), vacation({ externalId: 'p-3', status: 'rejected' }), vacation({ externalId: 'p-4', absenceTypeId: null })],
      [],
      W,
      'Personio',
    );
    expect(plan.create.map((c) => c.importRef)).toEqual(['p-1#2026-12-21']);
    expect(plan.skipped.map((s) => [s.externalId, s.reason])).toEqual([
      ['p-2', 'not_approved'],
      ['p-3', 'not_approved'],
      ['p-4', 'type_not_mapped'],
    ]);
  });

  it("never overwrites Koppel's own absences: an overlap is a conflict, reported", () => {
    const sick = own({ id: 'k-sick', kind: 'sick', startDate: '2026-12-23', endDate: '2026-12-23' });
    const plan = planAbsenceImport([vacation()], [sick], W, 'Personio');
    expect(plan.create).toEqual([]);
    expect(plan.remove).toEqual([]);
    expect(plan.skipped).toEqual([{ externalId: 'p-1', employeeId: 'e-1', reason: 'overlaps_koppel_absence', conflictWith: 'k-sick' }]);
  });

  it('"not plannable" yields: its days under the import are cut out, the rest stays', () => {
    const plan = planAbsenceImport([vacation()], [own({})], W, 'Personio');
    expect(plan.create).toHaveLength(1);
    expect(plan.yieldNotPlannable).toEqual([
      {
        id: 'k-1',
        keep: [
          { startDate: '2026-12-01', endDate: '2026-12-20' },
          { startDate: '2026-12-25', endDate: '2026-12-31' },
        ],
      },
    ]);
  });

  it('an absence withdrawn, rejected or deleted at the vendor disappears at the next run; one outside the window stays', () => {
    const first = apply([], planAbsenceImport([vacation(), vacation({ externalId: 'p-old', startDate: '2026-09-02', endDate: '2026-09-03' })], [], W, 'Personio'));
    expect(first).toHaveLength(2);
    // Rejected now: gone.
    const rejected = planAbsenceImport([vacation({ status: 'rejected' })], first, { from: '2026-10-01', to: '2027-12-31' }, 'Personio');
    expect(rejected.remove.map((r) => r.importRef)).toEqual(['p-1#2026-12-21']);
    // p-old lies before the new window: not reconciled, kept.
    expect(apply(first, rejected).map((k) => k.importRef)).toEqual(['p-old#2026-09-02']);
    // Deleted (no longer listed at all): gone too.
    expect(planAbsenceImport([], first, W, 'Personio').remove).toHaveLength(2);
  });

  it('a changed absence updates its piece; the shape changing replaces pieces', () => {
    const state = apply([], planAbsenceImport([vacation()], [], W, 'Personio'));
    const longer = planAbsenceImport([vacation({ endDate: '2026-12-28' })], state, W, 'Personio');
    expect(longer.update).toHaveLength(1);
    expect(longer.update[0]?.piece).toMatchObject({ endDate: '2026-12-28', comment: 'Personio: Urlaub, 2026-12-21 – 2026-12-28' });
    const halved = planAbsenceImport([vacation({ startHalf: 'SECOND_HALF' })], state, W, 'Personio');
    expect(halved.remove).toEqual([]);
    expect(halved.update.map((u) => [u.piece.importRef, u.piece.unit, u.piece.endDate])).toEqual([['p-1#2026-12-21', 'half_day', '2026-12-21']]);
    expect(halved.create.map((c) => [c.importRef, c.unit, c.startDate, c.endDate])).toEqual([['p-1#2026-12-22', 'days', '2026-12-22', '2026-12-24']]);
  });

  // ── properties ────────────────────────────────────────────────────────────────────────────────
  const vendorArb = fc
    .record({
      id: fc.integer({ min: 1, max: 6 }),
      emp: fc.constantFrom('e-1', 'e-2'),
      day: fc.integer({ min: 0, max: 60 }),
      len: fc.integer({ min: 0, max: 9 }),
      status: fc.constantFrom('approved', 'approved', 'approved', 'pending', 'rejected'),
      startHalf: fc.constantFrom(null, 'FIRST_HALF', 'SECOND_HALF'),
      endHalf: fc.constantFrom(null, 'FIRST_HALF', 'SECOND_HALF'),
      unit: fc.constantFrom('DAY', 'DAY', 'HOUR'),
    })
    .map(
      (r): VendorAbsence => ({
        externalId: `p-${r.id}-${r.emp}`,
        employeeId: r.emp,
        absenceTypeId: 'vac',
        typeName: 'Urlaub',
        status: r.status as VendorAbsence['status'],
        startDate: addDays('2026-11-01', r.day),
        endDate: addDays('2026-11-01', r.day + r.len),
        startHalf: r.startHalf as VendorAbsence['startHalf'],
        endHalf: r.endHalf as VendorAbsence['endHalf'],
        unit: r.unit as VendorAbsence['unit'],
        breakdown: r.unit === 'HOUR' ? Array.from({ length: r.len + 1 }, (_, i) => ({ date: addDays('2026-11-01', r.day + i), value: 8 })) : [],
      }),
    );
  const uniqueById = (xs: VendorAbsence[]) => [...new Map(xs.map((x) => [x.externalId, x])).values()];
  const ownArb = fc
    .record({ emp: fc.constantFrom('e-1', 'e-2'), day: fc.integer({ min: 0, max: 60 }), len: fc.integer({ min: 0, max: 12 }), kind: fc.constantFrom('sick', 'vacation', 'not_plannable') })
    .map((r) => own({ id: `k-${r.emp}-${r.day}-${r.kind}`, employeeId: r.emp, kind: r.kind as KoppelAbsence['kind'], startDate: addDays('2026-11-01', r.day), endDate: addDays('2026-11-01', r.day + r.len) }));

  it('property: a second run over the same vendor data changes nothing', () => {
    fc.assert(
      fc.property(fc.array(vendorArb, { maxLength: 8 }).map(uniqueById), (vendor) => {
        const state = apply([], planAbsenceImport(vendor, [], W, 'Personio'));
        const again = planAbsenceImport(vendor, state, W, 'Personio');
        expect(again.create).toEqual([]);
        expect(again.update).toEqual([]);
        expect(again.remove).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("property: Koppel's own absences other than not plannable are never changed or removed, and pieces cover each imported absence exactly", () => {
    fc.assert(
      fc.property(fc.array(vendorArb, { maxLength: 8 }).map(uniqueById), fc.array(ownArb, { maxLength: 4 }), (vendor, mine) => {
        const ownIds = new Set(mine.map((m, i) => `${m.id}-${i}`));
        const koppel = mine.map((m, i) => ({ ...m, id: `${m.id}-${i}` }));
        const plan = planAbsenceImport(vendor, koppel, W, 'Personio');
        const protectedIds = new Set(koppel.filter((k) => k.kind !== 'not_plannable').map((k) => k.id));
        for (const id of [...plan.remove.map((r) => r.id), ...plan.update.map((u) => u.id), ...plan.yieldNotPlannable.map((y) => y.id)]) {
          expect(protectedIds.has(id)).toBe(false);
          expect(ownIds.has(id) && !koppel.some((k) => k.id === id && k.kind === 'not_plannable')).toBe(false);
        }
        for (const a of vendor) {
          const pieces = plan.create.filter((c) => c.importRef.startsWith(`${a.externalId}#`));
          if (pieces.length === 0) continue;
          let expected = a.startDate;
          for (const p of pieces) {
            expect(p.startDate).toBe(expected);
            expected = addDays(p.endDate, 1);
          }
          expect(expected).toBe(addDays(a.endDate, 1));
          // No imported piece overlaps a protected Koppel absence of the same person.
          for (const p of pieces)
            for (const k of koppel) if (k.kind !== 'not_plannable' && k.employeeId === p.employeeId) expect(p.startDate > k.endDate || k.startDate > p.endDate).toBe(true);
        }
        // After applying, no not-plannable absence overlaps an imported piece.
        const after = apply(koppel, plan);
        const importedAfter = after.filter((k) => k.importRef);
        for (const np of after.filter((k) => k.kind === 'not_plannable'))
          for (const p of importedAfter) if (p.employeeId === np.employeeId) expect(p.startDate > np.endDate || np.startDate > p.endDate).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('cutOut keeps exactly the uncovered days', () => {
    expect(cutOut({ startDate: '2026-12-01', endDate: '2026-12-10' }, [{ startDate: '2026-11-20', endDate: '2026-12-02' }, { startDate: '2026-12-05', endDate: '2026-12-05' }])).toEqual([
      { startDate: '2026-12-03', endDate: '2026-12-04' },
      { startDate: '2026-12-06', endDate: '2026-12-10' },
    ]);
    expect(cutOut({ startDate: '2026-12-01', endDate: '2026-12-01' }, [{ startDate: '2026-12-01', endDate: '2026-12-01' }])).toEqual([]);
  });
});
