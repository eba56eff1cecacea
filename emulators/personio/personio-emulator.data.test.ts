import { describe, expect, it } from 'vitest';
import { isValidBsn } from '../../src/domain/bsn.ts';
import { runEmulatorCli } from '../kit/cli.ts';
import { CONTRACT_TYPES, COST_CENTERS, DEPARTMENTS } from './personio-emulator.catalog.ts';
import { berlinOffsetMinutes, formatBerlin, formatBerlinMidnight, parseFilterInstant } from './personio-emulator.dates.ts';
import { FaultInjector, normalizeFaults } from './personio-emulator.faults.ts';
import type { PersonioEmulator } from './personio-emulator.server.ts';
import { PersonioEmulatorState } from './personio-emulator.state.ts';
import { TEST_NOW, TEST_REFERENCE_DATE } from './personio-emulator.test-support.ts';

/** The generated company: deterministic, realistic for NL/DE, and carrying the cases matching must handle. */

const make = (seed: number, employees = 300) => new PersonioEmulatorState({ seed, employees, referenceDate: TEST_REFERENCE_DATE, clock: () => TEST_NOW });

describe('generated data', () => {
  const state = make(42);
  const people = state.listEmployees();

  it('is deterministic for a seed and differs between seeds', () => {
    const again = make(42);
    expect(JSON.stringify(again.listEmployees())).toBe(JSON.stringify(people));
    expect(JSON.stringify(again.listTimeOffs())).toBe(JSON.stringify(state.listTimeOffs()));
    expect(make(43).listEmployees().map((e) => e.email)).not.toEqual(people.map((e) => e.email));
  });

  it('has Dutch names with a tussenvoegsel and German names, with matching email spellings', () => {
    const nl = people.filter((e) => e.country === 'NL');
    const de = people.filter((e) => e.country === 'DE');
    expect(nl.length).toBeGreaterThan(100);
    expect(de.length).toBeGreaterThan(80);
    const prefixed = nl.filter((e) => /^(van|de|den|der|ter|te|in|op|van der|van den|van de)\s/.test(e.last_name));
    expect(prefixed.length).toBeGreaterThan(10);
    // "van der Berg" → "vanderberg": no spaces or capitals in addresses.
    for (const e of people) expect(e.email).toMatch(/^[a-z0-9.]+@(nl|de)\.example\.com$/);
    const umlaut = de.find((e) => /[äöü]/.test(e.first_name + e.last_name));
    if (umlaut) expect(umlaut.email).toMatch(/ae|oe|ue/);
  });

  it('covers all statuses, former employees with termination data, onboarding in the future', () => {
    const by = (s: string) => people.filter((e) => e.status === s);
    for (const s of ['active', 'inactive', 'leave', 'onboarding']) expect(by(s).length, s).toBeGreaterThan(0);
    for (const e of by('inactive')) {
      expect(e.termination_date).not.toBeNull();
      expect(e.termination_date! <= TEST_REFERENCE_DATE).toBe(true);
      expect(e.termination_date! >= e.hire_date).toBe(true);
    }
    for (const e of by('onboarding')) expect(e.hire_date > TEST_REFERENCE_DATE).toBe(true);
  });

  it('contract data fits the contract type: hours, salary or hourly wage, fixed terms', () => {
    for (const e of people) {
      const type = CONTRACT_TYPES.find((c) => c.name === e.contract_type)!;
      expect(type.country).toBe(e.country);
      expect(type.hours).toContain(e.weekly_working_hours);
      if (type.pay === 'hourly') {
        expect(e.hourly_salary).toBeGreaterThan(10);
        expect(e.fix_salary).toBe(0);
      } else {
        expect(e.fix_salary).toBeGreaterThan(0);
        expect(e.fix_salary_interval).toBe('monthly');
      }
      const shares = e.cost_centers.map((c) => c.percentage);
      expect(shares.reduce((a, b) => a + b, 0)).toBe(100);
      for (const c of e.cost_centers) expect(COST_CENTERS.map((x) => x.id)).toContain(c.id);
      expect(DEPARTMENTS.map((d) => d.id)).toContain(e.department_id);
    }
  });

  it('gives Dutch employees a valid BSN (elfproef) and unique emails except for deliberate duplicates', () => {
    for (const e of people.filter((p) => p.country === 'NL')) expect(isValidBsn(e.bsn!)).toBe(true);
    const emails = people.map((e) => e.email);
    const rehires = state.duplicates().filter((d) => d.kind === 'rehire').length;
    expect(emails.length - new Set(emails).size).toBe(rehires);
  });

  it('has people with two records: same email (rehire) or same name + birthday with another email', () => {
    const pairs = state.duplicates();
    expect(pairs.some((p) => p.kind === 'rehire')).toBe(true);
    expect(pairs.some((p) => p.kind === 'second-contract')).toBe(true);
    for (const { kind, ids } of pairs) {
      const [a, b] = ids.map((id) => state.getEmployee(id)!) as [NonNullable<ReturnType<typeof state.getEmployee>>, NonNullable<ReturnType<typeof state.getEmployee>>];
      expect(a.id).not.toBe(b.id);
      expect([a.first_name, a.last_name, a.birthday]).toEqual([b.first_name, b.last_name, b.birthday]);
      if (kind === 'rehire') {
        expect(a.email).toBe(b.email);
        expect(a.status).toBe('inactive');
        expect(b.hire_date > a.termination_date!).toBe(true);
      } else {
        expect(a.email).not.toBe(b.email);
      }
    }
    // Small companies get both kinds too, so every test exercises matching.
    const small = make(1, 12).duplicates();
    expect(new Set(small.map((d) => d.kind))).toEqual(new Set(['rehire', 'second-contract']));
  });

  it('builds one reporting tree: a director without supervisor, everyone else reporting to an existing person', () => {
    const directors = people.filter((e) => e.supervisor_id === null);
    expect(directors).toHaveLength(1);
    for (const e of people) if (e.supervisor_id !== null) expect(state.getEmployee(e.supervisor_id)).toBeDefined();
  });

  it('generates day-based absences that never overlap per person and sit around the reference date', () => {
    const byEmployee = new Map<number, Array<{ start_date: string; end_date: string }>>();
    for (const t of state.listTimeOffs()) {
      expect(t.start_date <= t.end_date).toBe(true);
      const list = byEmployee.get(t.employee) ?? [];
      for (const o of list) expect(t.start_date > o.end_date || t.end_date < o.start_date).toBe(true);
      list.push(t);
      byEmployee.set(t.employee, list);
    }
    expect(state.listTimeOffs().length).toBeGreaterThan(100);
  });
});

describe('dates and offsets', () => {
  it('renders Europe/Berlin offsets across the DST switches', () => {
    expect(formatBerlinMidnight('2025-01-15')).toBe('2025-01-15T00:00:00+01:00');
    expect(formatBerlinMidnight('2025-07-15', 'compact')).toBe('2025-07-15T00:00:00+0200');
    // DST starts 30 March 2025 at 02:00 local: midnight is still winter time; ends 26 October 03:00 local.
    expect(formatBerlinMidnight('2025-03-30')).toBe('2025-03-30T00:00:00+01:00');
    expect(formatBerlinMidnight('2025-03-31')).toBe('2025-03-31T00:00:00+02:00');
    expect(formatBerlinMidnight('2025-10-26')).toBe('2025-10-26T00:00:00+02:00');
    expect(formatBerlinMidnight('2025-10-27')).toBe('2025-10-27T00:00:00+01:00');
    expect(formatBerlin(Date.UTC(2025, 5, 2, 10, 0, 5))).toBe('2025-06-02T12:00:05+02:00');
    expect(berlinOffsetMinutes(Date.UTC(2025, 2, 30, 0, 59))).toBe(60);
    expect(berlinOffsetMinutes(Date.UTC(2025, 2, 30, 1, 0))).toBe(120);
  });

  it('parses filter values: date, local date-time, with offset or Z', () => {
    expect(parseFilterInstant('2025-06-02')).toBe(Date.UTC(2025, 5, 1, 22));
    expect(parseFilterInstant('2025-06-02', true)).toBe(Date.UTC(2025, 5, 2, 22) - 1);
    expect(parseFilterInstant('2022-12-24T08:15:30')).toBe(Date.UTC(2022, 11, 24, 7, 15, 30));
    expect(parseFilterInstant('2022-12-24T08:15:30+0100')).toBe(Date.UTC(2022, 11, 24, 7, 15, 30));
    expect(parseFilterInstant('2022-12-24T08:15:30Z')).toBe(Date.UTC(2022, 11, 24, 8, 15, 30));
    expect(parseFilterInstant('2022-02-30')).toBeNull();
    expect(parseFilterInstant('yesterday')).toBeNull();
  });
});

describe('fault decisions', () => {
  it('a bare rate splits evenly over five kinds; rates above 1 in total are refused', () => {
    expect(normalizeFaults(0.5).rates).toEqual({ '429': 0.1, '5xx': 0.1, timeout: 0.1, expiredToken: 0.1, malformed: 0.1 });
    expect(() => normalizeFaults({ rate429: 0.7, rate5xx: 0.6 })).toThrow(/at most 1/);
  });

  it('hits the configured rate over many requests and repeats the same decisions for the same seed', () => {
    const all = new Set(['429', '5xx', 'timeout', 'expiredToken', 'malformed'] as const);
    const run = (seed: number) => {
      const inj = new FaultInjector(normalizeFaults(0.2), seed);
      return Array.from({ length: 5000 }, (_, i) => inj.decide(`GET /x?i=${i}`, all).kind);
    };
    const a = run(3);
    const faults = a.filter((k) => k !== null).length;
    expect(faults).toBeGreaterThan(900);
    expect(faults).toBeLessThan(1100);
    for (const kind of all) expect(a.filter((k) => k === kind).length, kind).toBeGreaterThan(150);
    expect(run(3)).toEqual(a);
    expect(run(4)).not.toEqual(a);
  });
});

describe('CLI', () => {
  it('starts the emulator from flags and prints how to connect', async () => {
    const lines: string[] = [];
    const running = await runEmulatorCli('personio', ['--port', '0', '--employees', '12', '--seed', '9', '--latency-ms', '5', '--faults', '0.1'], { log: (l) => lines.push(l) });
    const em = running ? (running.native as PersonioEmulator) : null;
    try {
      expect(em).not.toBeNull();
      expect(em!.state.listEmployees()).toHaveLength(12);
      expect(lines.join('\n')).toContain(em!.url);
      expect(lines.join('\n')).toContain(em!.credentials.clientSecret);
      const res = await fetch(`${em!.url}/v1/company/time-off-types`);
      expect([401, 429, 500, 502, 503, 504]).toContain(res.status);
    } finally {
      await running?.close();
    }
  });

  it('refuses bad flags with a usage message, and --help prints usage', async () => {
    await expect(runEmulatorCli('personio', ['--employees', '-3'], { log: () => {} })).rejects.toThrow(/--employees/);
    await expect(runEmulatorCli('personio', ['--faults', '2'], { log: () => {} })).rejects.toThrow(/--faults/);
    await expect(runEmulatorCli('personio', ['--bogus'], { log: () => {} })).rejects.toThrow();
    const lines: string[] = [];
    expect(await runEmulatorCli('personio', ['--help'], { log: (l) => lines.push(l) })).toBeNull();
    expect(lines.join('\n')).toContain('--employees N');
  });
});
