import { normalizeFaults as normalizeKitFaults, type FaultKind, type FaultProfile, type NormalizedFaults } from '../kit/faults.ts';

/**
 * Personio's side of fault injection (PRODUCT §6): the profile, the seeded injector and the
 * scripted faults are the kit's (emulators/kit/faults.ts); what is Personio's own is the shape of a
 * 5xx and how a row breaks. A bare rate is split over the five kinds Personio injects by default
 * (429, 5xx, timeout, expired token, malformed row); dropped-responses-after-commit only when asked.
 */

export { FAULT_KINDS, FaultInjector, type FaultDecision, type FaultKind, type FaultProfile, type NormalizedFaults } from '../kit/faults.ts';

export const PERSONIO_BARE_FAULT_KINDS: readonly FaultKind[] = ['429', '5xx', 'timeout', 'expiredToken', 'malformed'];

/** A bare number is a total rate, split evenly over the five kinds. */
export function normalizeFaults(input: FaultProfile | number | undefined): NormalizedFaults {
  return normalizeKitFaults(input, PERSONIO_BARE_FAULT_KINDS);
}

/** The 5xx answers a client meets in practice: the application's own JSON error, or an HTML page from a proxy. */
export function serverErrorFor(detail: number): { status: number; contentType: string; body: string } {
  const variants = [
    { status: 500, contentType: 'application/json', body: JSON.stringify({ success: false, error: { code: 0, message: 'Es ist ein Problem aufgetreten' } }) },
    { status: 502, contentType: 'text/html', body: '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>' },
    { status: 503, contentType: 'text/html', body: '<html><head><title>503 Service Temporarily Unavailable</title></head><body><h1>503 Service Temporarily Unavailable</h1></body></html>' },
    { status: 504, contentType: 'text/html', body: '<html><head><title>504 Gateway Time-out</title></head><body><h1>504 Gateway Time-out</h1></body></html>' },
  ];
  return variants[Math.floor(detail * variants.length)]!;
}

type Json = Record<string, unknown>;

/** Breaks one field of an employee row in a way a strict parser must notice. */
export function corruptEmployee(employee: Json, pick: number): string {
  const attrs = employee.attributes as Record<string, Json> | undefined;
  if (!attrs) return 'none';
  const variants: Array<[string, () => void]> = [
    ['hire_date: impossible date', () => attrs.hire_date && (attrs.hire_date.value = '2019-02-31T00:00:00+01:00')],
    // A damaged read breaks the value's type; a well-formed string that is no address is what HR typed (invalidEmailShare), not a fault.
    ['email: number instead of text', () => attrs.email && (attrs.email.value = 404)],
    ['weekly_working_hours: words', () => attrs.weekly_working_hours && (attrs.weekly_working_hours.value = 'veertig')],
    ['first_name: envelope without value', () => attrs.first_name && delete attrs.first_name.value],
    ['cost_centers: percentage as text', () => {
      const cc = attrs.cost_centers?.value as Array<{ attributes: Json }> | undefined;
      if (cc?.[0]) cc[0].attributes.percentage = '100%';
    }],
    ['birthday: German date format', () => attrs.dynamic_180883 && (attrs.dynamic_180883.value = '18.08.1983')],
    ['id: value as text', () => attrs.id && (attrs.id.value = `${String(attrs.id.value)}x`)],
  ];
  const [name, apply] = variants[Math.floor(pick * variants.length)]!;
  apply();
  return name;
}

export function corruptAttendance(item: Json, pick: number): string {
  const attrs = item.attributes as Json | undefined;
  if (!attrs) return 'none';
  const variants: Array<[string, () => void]> = [
    ['date: impossible date', () => (attrs.date = '2024-02-30')],
    ['start_time: no leading zero', () => (attrs.start_time = '9:00')],
    ['employee: text', () => (attrs.employee = `emp-${String(attrs.employee)}`)],
    ['break: null', () => (attrs.break = null)],
  ];
  const [name, apply] = variants[Math.floor(pick * variants.length)]!;
  apply();
  return name;
}

export function corruptTimeOff(item: Json, pick: number): string {
  const attrs = item.attributes as Json | undefined;
  if (!attrs) return 'none';
  const variants: Array<[string, () => void]> = [
    ['start_date: not a date', () => (attrs.start_date = 'Invalid date')],
    ['days_count: text', () => (attrs.days_count = String(attrs.days_count).replace('.', ','))],
    ['employee: missing attributes', () => (attrs.employee = { type: 'Employee' })],
    ['time_off_type: null', () => (attrs.time_off_type = null)],
  ];
  const [name, apply] = variants[Math.floor(pick * variants.length)]!;
  apply();
  return name;
}
