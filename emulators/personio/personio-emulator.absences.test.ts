import { afterEach, describe, expect, it } from 'vitest';
import { loadSpec, specValidator } from '../kit/spec-validator.ts';
import { absenceUuid } from './personio-emulator.absences.ts';
import { startPersonioEmulator, type PersonioEmulator, type PersonioEmulatorOptions } from './personio-emulator.server.ts';
import { TEST_NOW, TEST_REFERENCE_DATE, authenticate, call } from './personio-emulator.test-support.ts';

/** v2 absences (issue 9): absence types, absence periods (filters, cursor), breakdowns, test hooks, v2 error shape. */

type Period = { id: string; person: { id: string }; absence_type: { id: string }; starts_from: { date_time: string; type: string | null }; ends_at: { date_time: string; type: string | null }; approval: { status: string } };
type Page<T> = { _data: T[]; _meta: { links: { self: { href: string }; next?: { href: string } } } };

const running: PersonioEmulator[] = [];
async function start(opts: Partial<PersonioEmulatorOptions> = {}) {
  const em = await startPersonioEmulator({ employees: 4, seed: 9, referenceDate: TEST_REFERENCE_DATE, clock: () => TEST_NOW, rateLimit: false, ...opts });
  running.push(em);
  // Only what a test puts in: drop the generated history.
  for (const t of em.state.listTimeOffs()) em.state.removeTimeOff(t.id);
  const person = em.state.listEmployees()[0]!.id;
  return { em, token: await authenticate(em), person };
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((em) => em.close()));
});

const errorSpec = specValidator(loadSpec('personio/common-components-v2.json'));
const VACATION = 113437;
const HOME_OFFICE = 113460;

describe('v2 absences in the Personio emulator', () => {
  it('lists absence types with UUIDs and DAILY/HOURLY units (DAY/HOUR when configured)', async () => {
    const { em, token } = await start();
    const types = await call<Page<{ id: string; name: string; unit: string }>>(em, '/v2/absence-types', { token });
    expect(types.status).toBe(200);
    expect(types.json._data).toContainEqual(expect.objectContaining({ id: absenceUuid(3, VACATION), name: 'Paid vacation', unit: 'DAILY' }));
    expect(types.json._data).toContainEqual(expect.objectContaining({ id: absenceUuid(3, HOME_OFFICE), unit: 'HOURLY' }));
    const other = await start({ absences: { typeUnits: 'DAY_HOUR' } });
    const t2 = await call<Page<{ unit: string }>>(other.em, '/v2/absence-types', { token: other.token });
    expect(new Set(t2.json._data.map((t) => t.unit))).toEqual(new Set(['DAY', 'HOUR']));
  });

  it('gives half days as FIRST_HALF/SECOND_HALF and per-day breakdowns in days and hours', async () => {
    const { em, token, person } = await start();
    const half = em.state.addTimeOff({ employee: person, time_off_type_id: VACATION, start_date: '2026-12-21', end_date: '2026-12-24', half_day_start: true, half_day_end: true });
    const hours = em.state.addTimeOff({ employee: person, time_off_type_id: HOME_OFFICE, start_date: '2026-12-28', end_date: '2026-12-29', start_time: '09:00', end_time: '12:30' });
    const list = await call<Page<Period>>(em, `/v2/absence-periods?person.id=${person}`, { token });
    const p = list.json._data.find((x) => x.id === absenceUuid(2, half.id))!;
    expect(p).toMatchObject({ starts_from: { date_time: '2026-12-21T00:00:00', type: 'SECOND_HALF' }, ends_at: { date_time: '2026-12-24T23:59:59', type: 'FIRST_HALF' }, approval: { status: 'APPROVED' } });
    const b = await call<Page<{ date: string; effective_duration: { unit: string; value: number } }>>(em, `/v2/absence-periods/${p.id}/breakdowns`, { token });
    expect(b.json._data.map((x) => [x.date, x.effective_duration.unit, x.effective_duration.value])).toEqual([
      ['2026-12-21', 'DAY', 0.5],
      ['2026-12-22', 'DAY', 1],
      ['2026-12-23', 'DAY', 1],
      ['2026-12-24', 'DAY', 0.5],
    ]);
    const h = await call<Page<{ date: string; effective_duration: { unit: string; value: number } }>>(em, `/v2/absence-periods/${absenceUuid(2, hours.id)}/breakdowns`, { token });
    expect(h.json._data.map((x) => [x.effective_duration.unit, x.effective_duration.value])).toEqual([
      ['HOUR', 3.5],
      ['HOUR', 3.5],
    ]);
    const single = await call<{ _data: Period }>(em, `/v2/absence-periods/${absenceUuid(2, hours.id)}`, { token });
    expect(single.json._data.starts_from.date_time).toBe('2026-12-28T09:00:00');
  });

  it('filters by person, dates and updated_at (refusing a trailing Z), pages by cursor with absolute next links', async () => {
    const { em, token, person } = await start();
    const other = em.state.listEmployees()[1]!.id;
    for (let i = 0; i < 7; i++) em.state.addTimeOff({ employee: person, time_off_type_id: VACATION, start_date: `2026-07-0${i + 1}`, end_date: `2026-07-0${i + 1}` });
    em.state.addTimeOff({ employee: other, time_off_type_id: VACATION, start_date: '2026-07-01', end_date: '2026-07-01' });
    const seen: string[] = [];
    let next: string | undefined = `/v2/absence-periods?person.id=${person}&limit=3`;
    let pages = 0;
    while (next) {
      const r: { json: Page<Period> } = await call<Page<Period>>(em, next.replace(em.url, ''), { token });
      seen.push(...r.json._data.map((x) => x.id));
      next = r.json._meta.links.next?.href;
      if (next) expect(next.startsWith(em.url)).toBe(true);
      pages++;
    }
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(7);
    const ranged = await call<Page<Period>>(em, '/v2/absence-periods?starts_from.date_time.gte=2026-07-03T00:00:00&ends_at.date_time.lte=2026-07-04T23:59:59', { token });
    expect(ranged.json._data).toHaveLength(2);
    const updated = await call<Page<Period>>(em, '/v2/absence-periods?updated_at.gte=2025-06-02T09:00:00', { token });
    expect(updated.json._data).toHaveLength(8);
    const withZ = await call(em, '/v2/absence-periods?updated_at.gte=2025-06-02T09:00:00Z', { token });
    expect(withZ.status).toBe(400);
    expect(errorSpec.validate('#/components/schemas/ErrorResponse', withZ.json)).toEqual([]);
    expect((withZ.json as { errors: Array<{ title: string }> }).errors[0]!.title).toBe('Invalid request content');
  });

  it('test hooks: a changed, rejected or deleted absence changes or vanishes (no tombstone); 404 in the v2 error shape', async () => {
    const { em, token, person } = await start();
    const created = await fetch(`${em.url}/_emulator/absences`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ employee: person, time_off_type_id: VACATION, start_date: '2026-08-03', end_date: '2026-08-05' }) });
    const rec = (await created.json()) as { id: number };
    expect(created.status).toBe(201);
    await fetch(`${em.url}/_emulator/absences/${rec.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ end_date: '2026-08-07' }) });
    const got = await call<{ _data: Period }>(em, `/v2/absence-periods/${absenceUuid(2, rec.id)}`, { token });
    expect(got.json._data.ends_at.date_time).toBe('2026-08-07T23:59:59');
    await fetch(`${em.url}/_emulator/absences/${rec.id}/reject`, { method: 'POST' });
    expect((await call<Page<Period>>(em, '/v2/absence-periods', { token })).json._data).toHaveLength(0);
    const gone = await call(em, `/v2/absence-periods/${absenceUuid(2, rec.id)}/breakdowns`, { token });
    expect(gone.status).toBe(404);
    expect(errorSpec.validate('#/components/schemas/ErrorResponse', gone.json)).toEqual([]);
    const second = em.state.addTimeOff({ employee: person, time_off_type_id: VACATION, start_date: '2026-08-10', end_date: '2026-08-10' });
    expect((await call<Page<Period>>(em, '/v2/absence-periods', { token })).json._data).toHaveLength(1);
    await fetch(`${em.url}/_emulator/absences/${second.id}`, { method: 'DELETE' });
    expect((await call<Page<Period>>(em, '/v2/absence-periods', { token })).json._data).toHaveLength(0);
  });

  it('configurable: explicit half markers on whole days, rejected ones listed, weekend breakdowns left out', async () => {
    const { em, token, person } = await start({ absences: { halfMarkers: 'explicit', rejected: 'listed', weekendBreakdown: 'omitted' } });
    const t = em.state.addTimeOff({ employee: person, time_off_type_id: VACATION, start_date: '2026-12-18', end_date: '2026-12-21' });
    em.state.addTimeOff({ employee: person, time_off_type_id: VACATION, start_date: '2026-12-28', end_date: '2026-12-28', status: 'rejected' });
    const list = await call<Page<Period>>(em, '/v2/absence-periods', { token });
    expect(list.json._data.map((p) => p.approval.status).sort()).toEqual(['APPROVED', 'REJECTED']);
    expect(list.json._data[0]).toMatchObject({ starts_from: { type: 'FIRST_HALF' }, ends_at: { type: 'SECOND_HALF' } });
    const b = await call<Page<{ date: string }>>(em, `/v2/absence-periods/${absenceUuid(2, t.id)}/breakdowns`, { token });
    expect(b.json._data.map((x) => x.date)).toEqual(['2026-12-18', '2026-12-21']);
  });
});
