/**
 * Koppel's own RRULE engine (RFC 5545 §3.3.10), on wall-clock values (see time/zone-rules.ts).
 *
 * One iterator for every rule, period by period: a period is the year, month, week, day, hour, minute or
 * second that FREQ names (the first one contains DTSTART; then every INTERVAL-th). For each period the
 * candidate days are the period's days filtered by every BYxxx day rule — filtering all days of a period is
 * the same as the RFC's expand/limit table (an "expand" is a filter over a larger set) — times come from
 * BYHOUR/BYMINUTE/BYSECOND (or DTSTART's), BYSETPOS picks from the period's sorted set, and occurrences
 * before DTSTART, after UNTIL or beyond COUNT are cut. Dates that do not exist (30 February, 31 April) are
 * simply not in any period: skipped, never moved, never counted.
 *
 * Interpretation choices, where RFC 5545 leaves room (and `dateutil.rrule` agrees, see rrule.oracle.test.ts):
 * - BYDAY ordinals (1MO, -1FR) count within the month for MONTHLY, and for YEARLY within the month when BYMONTH
 *   is given, else within the year; with other frequencies the ordinal is ignored (RFC: not allowed there).
 * - The first WEEKLY period runs from DTSTART to the end of its week, so BYSETPOS counts from DTSTART there.
 * - A BYxxx part the RFC marks "N/A" for a frequency (BYMONTHDAY with WEEKLY, BYYEARDAY with MONTHLY …) limits.
 * - Weeks for BYWEEKNO start on WKST; week 1 is the first with at least four days of the year (ISO 8601).
 *
 * It never runs unbounded: every period and every candidate is a step on an {@link ExpansionBudget} (a cap on
 * steps, instances and wall time, checked inside this loop), and without COUNT it jumps straight to the period
 * holding the start of the window of interest.
 */

export type Freq = 'SECONDLY' | 'MINUTELY' | 'HOURLY' | 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';

const FREQS: readonly Freq[] = ['SECONDLY', 'MINUTELY', 'HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'];
const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;

export interface RRuleUntil {
  /** Wall value (local fields encoded as UTC), or the UTC instant when `utc`. */
  readonly wall: number;
  readonly isDate: boolean;
  readonly utc: boolean;
}

export interface RRule {
  readonly freq: Freq;
  readonly interval: number;
  readonly count?: number;
  readonly until?: RRuleUntil;
  /** Week start, 0 = Sunday … 6 = Saturday (default Monday). */
  readonly wkst: number;
  readonly bysecond: readonly number[];
  readonly byminute: readonly number[];
  readonly byhour: readonly number[];
  /** n = 0: every such weekday; otherwise the n-th (negative: from the end). wd: 0 = Sunday. */
  readonly byday: readonly { readonly n: number; readonly wd: number }[];
  readonly bymonthday: readonly number[];
  readonly byyearday: readonly number[];
  readonly byweekno: readonly number[];
  readonly bymonth: readonly number[];
  readonly bysetpos: readonly number[];
  /** The rule as written, for messages. */
  readonly text: string;
}

export class RRuleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RRuleError';
  }
}

const MS_DAY = 86_400_000;
const MS_HOUR = 3_600_000;
const MS_MINUTE = 60_000;

function intList(name: string, value: string, min: number, max: number, allowZero: boolean): number[] {
  const out: number[] = [];
  for (const part of value.split(',')) {
    const t = part.trim();
    if (!/^[+-]?\d{1,4}$/.test(t)) throw new RRuleError(`${name}: "${t}" is not a number`);
    const n = Number(t);
    if (n < min || n > max || (!allowZero && n === 0)) throw new RRuleError(`${name}: ${n} is out of range`);
    if (!out.includes(n)) out.push(n);
  }
  return out;
}

/** Reads an UNTIL value: DATE, DATE-TIME or UTC DATE-TIME; a doubled or stray trailing Z is still UTC. */
function parseUntil(value: string): RRuleUntil {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})\d*)?(Z*)$/i.exec(value.trim());
  if (!m) throw new RRuleError(`UNTIL: "${value}" is not a date or date-time`);
  const [y, mo, d] = [+m[1]!, +m[2]!, +m[3]!];
  const isDate = m[4] === undefined;
  const [h, mi, s] = isDate ? [0, 0, 0] : [+m[4]!, +m[5]!, Math.min(59, +m[6]!)];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59) throw new RRuleError(`UNTIL: "${value}" is not a valid date`);
  return { wall: Date.UTC(y, mo - 1, d, h, mi, s), isDate, utc: !isDate && m[7] !== '' };
}

const RULE_PARTS = new Set(['FREQ', 'UNTIL', 'COUNT', 'INTERVAL', 'BYSECOND', 'BYMINUTE', 'BYHOUR', 'BYDAY', 'BYMONTHDAY', 'BYYEARDAY', 'BYWEEKNO', 'BYMONTH', 'BYSETPOS', 'WKST']);

/**
 * Parses the value of an RRULE (or EXRULE) property. Unknown X- parts are ignored. With `onRepair`, what real
 * exports get wrong is repaired and told: the property name written again in front ("RRULE:FREQ=…"), a known part
 * written NAME:VALUE ("BYDAY:MO,WE"), and a part that is neither ("AnythingRandom", seen in Google exports) left
 * out, so the rest of the rule still says when the event is busy. Without it these are errors.
 */
export function parseRRule(text: string, onRepair?: (message: string) => void): RRule {
  const parts = new Map<string, string>();
  let body = text.trim();
  if (onRepair && /^RRULE\s*:/i.test(body)) {
    onRepair(`"${body.slice(0, body.indexOf(':') + 1)}" written again before the rule; ignored`);
    body = body.slice(body.indexOf(':') + 1);
  }
  for (let raw of body.split(';')) {
    if (raw.trim() === '') continue;
    let eq = raw.indexOf('=');
    if (eq < 1) {
      if (!onRepair) throw new RRuleError(`"${raw}" is not NAME=VALUE`);
      const colon = raw.indexOf(':');
      if (colon > 0 && RULE_PARTS.has(raw.slice(0, colon).trim().toUpperCase())) {
        onRepair(`RRULE part "${raw}" read as ${raw.slice(0, colon).trim().toUpperCase()}=${raw.slice(colon + 1).trim()}`);
        raw = `${raw.slice(0, colon)}=${raw.slice(colon + 1)}`;
        eq = colon;
      } else {
        onRepair(`RRULE part "${raw}" is not NAME=VALUE; ignored`);
        continue;
      }
    }
    const name = raw.slice(0, eq).trim().toUpperCase();
    const value = raw.slice(eq + 1).trim();
    if (value === '') throw new RRuleError(`${name} has no value`);
    parts.set(name, value);
  }
  const freq = parts.get('FREQ')?.toUpperCase() as Freq | undefined;
  if (!freq) throw new RRuleError('FREQ is missing');
  if (!FREQS.includes(freq)) throw new RRuleError(`FREQ=${freq} is not a frequency`);
  let interval = 1;
  if (parts.has('INTERVAL')) {
    const v = parts.get('INTERVAL')!;
    if (!/^\+?\d{1,9}$/.test(v)) throw new RRuleError(`INTERVAL=${v} is not a number`);
    interval = Math.max(1, Number(v)); // INTERVAL=0 (written by some tools) read as 1
  }
  let count: number | undefined;
  if (parts.has('COUNT')) {
    const v = parts.get('COUNT')!;
    if (!/^\+?\d{1,12}$/.test(v) || Number(v) < 1) throw new RRuleError(`COUNT=${v} must be a positive integer`);
    count = Number(v);
  }
  const until = parts.has('UNTIL') ? parseUntil(parts.get('UNTIL')!) : undefined;
  let wkst = 1;
  if (parts.has('WKST')) {
    const i = WEEKDAYS.indexOf(parts.get('WKST')!.toUpperCase() as (typeof WEEKDAYS)[number]);
    if (i < 0) throw new RRuleError(`WKST=${parts.get('WKST')} is not a weekday`);
    wkst = i;
  }
  const list = (name: string, min: number, max: number, allowZero: boolean) => (parts.has(name) ? intList(name, parts.get(name)!, min, max, allowZero) : []);
  const byday: { n: number; wd: number }[] = [];
  if (parts.has('BYDAY')) {
    for (const item of parts.get('BYDAY')!.split(',')) {
      const m = /^([+-]?\d{1,2})?([A-Z]{2})$/i.exec(item.trim());
      const wd = m ? WEEKDAYS.indexOf(m[2]!.toUpperCase() as (typeof WEEKDAYS)[number]) : -1;
      const n = m?.[1] ? Number(m[1]) : 0;
      if (!m || wd < 0 || Math.abs(n) > 53 || (m[1] !== undefined && n === 0)) throw new RRuleError(`BYDAY: "${item}" is not a weekday`);
      if (!byday.some((b) => b.n === n && b.wd === wd)) byday.push({ n, wd });
    }
  }
  return {
    freq,
    interval,
    count,
    until,
    wkst,
    bysecond: list('BYSECOND', 0, 59, true),
    byminute: list('BYMINUTE', 0, 59, true),
    byhour: list('BYHOUR', 0, 23, true),
    byday,
    bymonthday: list('BYMONTHDAY', -31, 31, false),
    byyearday: list('BYYEARDAY', -366, 366, false),
    byweekno: list('BYWEEKNO', -53, 53, false),
    bymonth: list('BYMONTH', 1, 12, false),
    bysetpos: list('BYSETPOS', -366, 366, false),
    text: text.trim(),
  };
}

// ------------------------------------------------------------------------------------------------
// Budget

export interface BudgetLimits {
  /** Periods and candidates visited, over the whole expansion (all rules of all events). */
  readonly maxSteps: number;
  /** Occurrences produced. */
  readonly maxInstances: number;
  /**
   * Time allowed, in milliseconds of this process's CPU time (the work the calendar costs, whatever else the
   * machine runs); the wall clock may take at most {@link WALL_FACTOR} times as long.
   */
  readonly maxMillis: number;
}

export const DEFAULT_BUDGET: BudgetLimits = { maxSteps: 2_000_000, maxInstances: 100_000, maxMillis: 1_000 };

export class BudgetExceededError extends Error {
  constructor(
    readonly what: 'steps' | 'instances' | 'time',
    message: string,
  ) {
    super(message);
    this.name = 'BudgetExceededError';
  }
}

/**
 * The work one expansion may do. Shared by every rule of a calendar (pass one to several expansions to bound
 * them together); the clock is read every 1 024 steps, so the check costs next to nothing.
 */
export class ExpansionBudget {
  private steps = 0;
  private instances = 0;
  private nextClockCheck = 1024;
  private readonly deadline: number;
  private readonly wallDeadline: number;
  private readonly clock: () => number;
  private readonly wallNow: () => number;

  /**
   * `now`: one clock for both checks (tests). By default the time limit is CPU time, so a loaded machine does
   * not turn a readable calendar into an unreadable one, and the wall clock is a hard stop at WALL_FACTOR × it.
   */
  constructor(
    readonly limits: BudgetLimits = DEFAULT_BUDGET,
    now?: () => number,
  ) {
    this.clock = now ?? cpuMillis;
    this.deadline = this.clock() + limits.maxMillis;
    this.wallNow = now ?? Date.now;
    this.wallDeadline = this.wallNow() + limits.maxMillis * (now ? 1 : WALL_FACTOR);
  }

  step(n = 1): void {
    this.steps += n;
    if (this.steps > this.limits.maxSteps) throw new BudgetExceededError('steps', `more than ${this.limits.maxSteps} recurrence steps`);
    if (this.steps >= this.nextClockCheck) {
      this.nextClockCheck = this.steps + 1024;
      if (this.clock() > this.deadline || this.wallNow() > this.wallDeadline) throw new BudgetExceededError('time', `expansion took longer than ${this.limits.maxMillis} ms`);
    }
  }

  instance(): void {
    if (++this.instances > this.limits.maxInstances) throw new BudgetExceededError('instances', `more than ${this.limits.maxInstances} occurrences`);
  }
}

/** The wall clock may run this many times the CPU time limit (other work on the machine) before expansion stops. */
export const WALL_FACTOR = 4;

/** This process's CPU time in ms (the wall clock where there is no `process.cpuUsage`). */
function cpuMillis(): number {
  if (typeof process === 'undefined' || typeof process.cpuUsage !== 'function') return Date.now();
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

// ------------------------------------------------------------------------------------------------
// Calendar arithmetic on day numbers (days since 1970-01-01)

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}
export function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeapYear(y) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}
/** Day number of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function dayNumber(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}
/** Weekday of a day number, 0 = Sunday. */
export function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}
function civil(day: number): { y: number; m: number; d: number } {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

// ------------------------------------------------------------------------------------------------
// Iterator

export interface RuleWalk {
  readonly rule: RRule;
  /** DTSTART as a wall value. */
  readonly startWall: number;
  /** DTSTART is a DATE: occurrences are whole days (times from BYHOUR etc. are ignored). */
  readonly isDate: boolean;
  /** True when this occurrence (a wall value) lies after UNTIL; the caller knows DTSTART's zone. */
  readonly pastUntil?: (wall: number) => boolean;
  /** Occurrences before this wall value are not visited (they still count towards COUNT). */
  readonly lowWall: number;
  /** Stop after this wall value. */
  readonly highWall: number;
  /**
   * RFC 5545: "The DTSTART property value always counts as the first occurrence" — when DTSTART does not
   * match the rule it still uses up one of COUNT. False gives dateutil's reading (only matches count).
   */
  readonly dtstartCounts: boolean;
  readonly budget: ExpansionBudget;
  /** Cap on steps for this one rule (on top of the shared budget). */
  readonly maxSteps?: number;
}

export class RuleStepLimitError extends Error {
  constructor(readonly rule: RRule, readonly maxSteps: number) {
    super(`more than ${maxSteps} steps for RRULE ${rule.text} before the end of the window`);
    this.name = 'RuleStepLimitError';
  }
}

interface DayFilter {
  month: boolean[] | null; // index 1..12
  monthdayPos: boolean[] | null; // index 1..31
  monthdayNeg: boolean[] | null; // index 1..31 (−n)
  yeardayPos: boolean[] | null;
  yeardayNeg: boolean[] | null;
  weekno: readonly number[] | null;
  plainWeekdays: boolean[] | null; // index 0..6; null = no plain entries
  ordinals: { n: number; wd: number }[] | null;
  ordinalScope: 'month' | 'year';
  anyWeekday: boolean; // BYDAY given
}

function mask(values: readonly number[], size: number, sign: 1 | -1): boolean[] | null {
  const m: boolean[] = new Array(size).fill(false);
  let any = false;
  for (const v of values) {
    if (sign * v > 0) {
      m[sign * v] = true;
      any = true;
    }
  }
  return any ? m : null;
}

/** First day (day number) of week 1 of a year: the WKST-week with at least 4 days in that year. */
function week1Start(year: number, wkst: number): number {
  const jan1 = dayNumber(year, 1, 1);
  const offset = (weekdayOf(jan1) - wkst + 7) % 7;
  return offset <= 3 ? jan1 - offset : jan1 + 7 - offset;
}

function buildFilter(rule: RRule, start: { y: number; m: number; d: number; wd: number }): DayFilter {
  let { bymonth, bymonthday, byday } = rule;
  const noDayRule = rule.byweekno.length === 0 && rule.byyearday.length === 0 && bymonthday.length === 0 && byday.length === 0;
  if (noDayRule) {
    // RFC 5545: missing parts come from DTSTART.
    if (rule.freq === 'YEARLY') {
      bymonthday = [start.d];
      if (bymonth.length === 0) bymonth = [start.m];
    } else if (rule.freq === 'MONTHLY') {
      bymonthday = [start.d];
    } else if (rule.freq === 'WEEKLY') {
      byday = [{ n: 0, wd: start.wd }];
    }
  }
  const ordinalAllowed = rule.freq === 'MONTHLY' || rule.freq === 'YEARLY';
  let plain: boolean[] | null = null;
  const ordinals: { n: number; wd: number }[] = [];
  for (const b of byday) {
    if (b.n !== 0 && ordinalAllowed) ordinals.push(b);
    else {
      plain ??= new Array(7).fill(false);
      plain[b.wd] = true;
    }
  }
  return {
    month: bymonth.length ? mask(bymonth, 13, 1) : null,
    monthdayPos: bymonthday.length ? mask(bymonthday, 32, 1) ?? new Array(32).fill(false) : null,
    monthdayNeg: bymonthday.length ? mask(bymonthday, 32, -1) ?? new Array(32).fill(false) : null,
    yeardayPos: rule.byyearday.length ? mask(rule.byyearday, 367, 1) ?? new Array(367).fill(false) : null,
    yeardayNeg: rule.byyearday.length ? mask(rule.byyearday, 367, -1) ?? new Array(367).fill(false) : null,
    weekno: rule.byweekno.length ? rule.byweekno : null,
    plainWeekdays: plain,
    ordinals: ordinals.length ? ordinals : null,
    ordinalScope: rule.freq === 'MONTHLY' || rule.bymonth.length > 0 ? 'month' : 'year',
    anyWeekday: byday.length > 0,
  };
}

/** Whether the rule's day parts could ever select a date (e.g. BYMONTH=2;BYMONTHDAY=30 cannot). */
export function canEverMatch(rule: RRule): boolean {
  if (rule.bymonthday.length === 0) return true;
  const months = rule.bymonth.length ? rule.bymonth : [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  const longest = Math.max(...months.map((m) => (m === 2 ? 29 : daysInMonth(2001, m))));
  return rule.bymonthday.some((d) => Math.abs(d) <= longest);
}

class WeekTable {
  private readonly cache = new Map<number, number>();
  constructor(private readonly wkst: number) {}
  start(year: number): number {
    let s = this.cache.get(year);
    if (s === undefined) {
      s = week1Start(year, this.wkst);
      this.cache.set(year, s);
    }
    return s;
  }
  /** Week number and the number of weeks of the week-numbering year the day belongs to. */
  weekOf(day: number, year: number): { no: number; total: number } {
    let y = year;
    if (day < this.start(y)) y -= 1;
    else if (day >= this.start(y + 1)) y += 1;
    return { no: Math.floor((day - this.start(y)) / 7) + 1, total: (this.start(y + 1) - this.start(y)) / 7 };
  }
}

function dayMatches(f: DayFilter, weeks: WeekTable | null, day: number, y: number, m: number, d: number): boolean {
  if (f.month && !f.month[m]) return false;
  if (f.monthdayPos) {
    const dim = daysInMonth(y, m);
    if (!f.monthdayPos[d] && !f.monthdayNeg![dim - d + 1]) return false;
  }
  if (f.yeardayPos) {
    const yd = day - dayNumber(y, 1, 1) + 1;
    const ylen = isLeapYear(y) ? 366 : 365;
    if (!f.yeardayPos[yd] && !f.yeardayNeg![ylen - yd + 1]) return false;
  }
  if (f.weekno && weeks) {
    const w = weeks.weekOf(day, y);
    if (!f.weekno.some((n) => (n > 0 ? n === w.no : w.total + n + 1 === w.no))) return false;
  }
  if (f.anyWeekday) {
    const wd = weekdayOf(day);
    if (f.plainWeekdays?.[wd]) return true;
    if (!f.ordinals) return false;
    let fromStart: number;
    let fromEnd: number;
    if (f.ordinalScope === 'month') {
      fromStart = Math.floor((d - 1) / 7) + 1;
      fromEnd = -(Math.floor((daysInMonth(y, m) - d) / 7) + 1);
    } else {
      const yd = day - dayNumber(y, 1, 1);
      fromStart = Math.floor(yd / 7) + 1;
      fromEnd = -(Math.floor(((isLeapYear(y) ? 366 : 365) - 1 - yd) / 7) + 1);
    }
    for (const o of f.ordinals) if (o.wd === wd && (o.n === fromStart || o.n === fromEnd)) return true;
    return false;
  }
  return true;
}

function sortedUnique(values: readonly number[]): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}

/**
 * Visits, in increasing order, the wall values the rule generates that are ≥ DTSTART and within
 * [lowWall, highWall], honouring COUNT and UNTIL. DTSTART itself is visited only when the rule produces it;
 * the caller adds it as the first instance either way (RFC 5545 §3.8.5.3).
 */
export function walkRule(spec: RuleWalk, visit: (wall: number) => void): void {
  const { rule, startWall, budget } = spec;
  const freq: Freq = spec.isDate && (rule.freq === 'HOURLY' || rule.freq === 'MINUTELY' || rule.freq === 'SECONDLY') ? 'DAILY' : rule.freq;
  const interval = rule.interval;
  const startDay = Math.floor(startWall / MS_DAY);
  const startTod = startWall - startDay * MS_DAY;
  const s = civil(startDay);
  const filter = buildFilter(rule, { ...s, wd: weekdayOf(startDay) });
  const weeks = filter.weekno ? new WeekTable(rule.wkst) : null;
  const sH = Math.floor(startTod / MS_HOUR);
  const sMin = Math.floor((startTod % MS_HOUR) / MS_MINUTE);
  const sSec = Math.floor((startTod % MS_MINUTE) / 1000);
  const hours = spec.isDate ? [0] : sortedUnique(rule.byhour.length ? rule.byhour : [sH]);
  const minutes = spec.isDate ? [0] : sortedUnique(rule.byminute.length ? rule.byminute : [sMin]);
  const seconds = spec.isDate ? [0] : sortedUnique(rule.bysecond.length ? rule.bysecond : [sSec]);
  const hourSet = rule.byhour.length ? new Set(rule.byhour) : null;
  const minuteSet = rule.byminute.length ? new Set(rule.byminute) : null;
  const secondSet = rule.bysecond.length ? new Set(rule.bysecond) : null;

  // Times of day within a period, ascending (ms from the period's start of day or of the unit).
  let times: number[];
  if (freq === 'HOURLY') times = cross([0], minutes, seconds);
  else if (freq === 'MINUTELY') times = seconds.map((x) => x * 1000);
  else if (freq === 'SECONDLY') times = [0];
  else times = cross(hours, minutes, seconds);

  const count = rule.count;
  let used = 0;
  let dtstartPending = spec.dtstartCounts && count !== undefined;
  let ruleSteps = 0;
  const maxRuleSteps = spec.maxSteps ?? Number.POSITIVE_INFINITY;
  const step = (n: number) => {
    ruleSteps += n;
    if (ruleSteps > maxRuleSteps) throw new RuleStepLimitError(rule, maxRuleSteps);
    budget.step(n);
  };
  const setpos = rule.bysetpos.length ? rule.bysetpos : null;
  // A period's candidates, ascending. Day-based periods (YEARLY … DAILY) keep only the matching days: their
  // candidates are day × times, read by index, so BYSETPOS over every minute of a year costs 366 steps, not
  // 527 040 (issue 13: one YEARLY rule with BYSETPOS took 9 s of CPU). Sub-daily periods list their walls.
  const dayBased = freq === 'YEARLY' || freq === 'MONTHLY' || freq === 'WEEKLY' || freq === 'DAILY';
  const perDay = dayBased ? times.length : 1;
  const candidateDays: number[] = [];
  const candidates: number[] = [];
  const candidateAt = dayBased ? (i: number) => candidateDays[Math.floor(i / perDay)]! * MS_DAY + times[i % perDay]! : (i: number) => candidates[i]!;

  /** Emits one period's candidates (ascending); false = the walk is over. */
  const flush = (): boolean => {
    const total = dayBased ? candidateDays.length * perDay : candidates.length;
    let picked: number[] | null = null;
    if (setpos && total > 0) {
      const indices = new Set<number>();
      for (const p of setpos) {
        const i = p > 0 ? p - 1 : total + p;
        if (i >= 0 && i < total) indices.add(i);
      }
      picked = [...indices].sort((a, b) => a - b);
    }
    const n = picked ? picked.length : total;
    try {
      for (let j = 0; j < n; j++) {
        if (perDay > 1) step(1);
        const wall = candidateAt(picked ? picked[j]! : j);
        if (wall < startWall) continue;
        if (wall > spec.highWall) return false;
        if (spec.pastUntil?.(wall)) return false;
        if (count !== undefined) {
          if (dtstartPending) {
            dtstartPending = false;
            if (wall !== startWall) used++; // DTSTART, outside the rule, took the first place
          }
          if (used >= count) return false;
          used++;
        }
        if (wall >= spec.lowWall) {
          budget.instance();
          visit(wall);
        }
      }
      return true;
    } finally {
      candidateDays.length = 0;
      candidates.length = 0;
    }
  };

  const canJump = count === undefined && spec.lowWall > startWall;
  const addDay = (day: number, y: number, m: number, d: number) => {
    if (dayMatches(filter, weeks, day, y, m, d)) candidateDays.push(day);
  };

  switch (freq) {
    case 'YEARLY': {
      let k = canJump ? Math.max(0, Math.floor((civil(Math.floor(spec.lowWall / MS_DAY)).y - s.y) / interval)) : 0;
      for (; ; k++) {
        const y = s.y + k * interval;
        if (y > 275_000) return;
        const first = dayNumber(y, 1, 1);
        if (first * MS_DAY > spec.highWall) return;
        step(1);
        const months = filter.month ? rule.bymonth.length ? sortedUnique(rule.bymonth) : [s.m] : [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
        for (const m of months) {
          const dim = daysInMonth(y, m);
          const m1 = dayNumber(y, m, 1);
          step(dim);
          for (let d = 1; d <= dim; d++) addDay(m1 + d - 1, y, m, d);
        }
        if (!flush()) return;
      }
    }
    case 'MONTHLY': {
      const startIndex = s.y * 12 + (s.m - 1);
      let k = 0;
      if (canJump) {
        const low = civil(Math.floor(spec.lowWall / MS_DAY));
        k = Math.max(0, Math.floor((low.y * 12 + low.m - 1 - startIndex) / interval));
      }
      for (; ; k++) {
        const index = startIndex + k * interval;
        const y = Math.floor(index / 12);
        const m = (index % 12) + 1;
        if (y > 275_000) return;
        const m1 = dayNumber(y, m, 1);
        if (m1 * MS_DAY > spec.highWall) return;
        step(1);
        if (!filter.month || filter.month[m]) {
          const dim = daysInMonth(y, m);
          step(dim);
          for (let d = 1; d <= dim; d++) addDay(m1 + d - 1, y, m, d);
        }
        if (!flush()) return;
      }
    }
    case 'WEEKLY': {
      const weekStart = startDay - ((weekdayOf(startDay) - rule.wkst + 7) % 7);
      const stride = 7 * interval;
      let k = canJump ? Math.max(0, Math.floor((Math.floor(spec.lowWall / MS_DAY) - weekStart) / stride)) : 0;
      for (; ; k++) {
        const ws = weekStart + k * stride;
        if (ws * MS_DAY > spec.highWall) return;
        step(8);
        for (let day = k === 0 ? startDay : ws; day < ws + 7; day++) {
          const c = civil(day);
          addDay(day, c.y, c.m, c.d);
        }
        if (!flush()) return;
      }
    }
    case 'DAILY': {
      let k = canJump ? Math.max(0, Math.floor((Math.floor(spec.lowWall / MS_DAY) - startDay) / interval)) : 0;
      for (; ; k++) {
        const day = startDay + k * interval;
        if (day * MS_DAY > spec.highWall) return;
        step(1);
        const c = civil(day);
        addDay(day, c.y, c.m, c.d);
        if (!flush()) return;
      }
    }
    default: {
      // HOURLY, MINUTELY, SECONDLY: a period is one unit; the day rules, then BYHOUR/BYMINUTE (and BYSECOND) limit.
      const unit = freq === 'HOURLY' ? MS_HOUR : freq === 'MINUTELY' ? MS_MINUTE : 1000;
      const stride = unit * interval;
      const p0 = Math.floor(startWall / unit) * unit;
      const firstAtOrAfter = (wall: number) => Math.max(0, Math.ceil((wall - p0) / stride));
      let k = canJump ? Math.max(0, Math.floor((spec.lowWall - p0) / stride)) : 0;
      let checkedDay = Number.NaN;
      let dayOk = false;
      for (;;) {
        const p = p0 + k * stride;
        if (p > spec.highWall) return;
        step(1);
        const day = Math.floor(p / MS_DAY);
        if (day !== checkedDay) {
          checkedDay = day;
          const c = civil(day);
          dayOk = dayMatches(filter, weeks, day, c.y, c.m, c.d);
        }
        if (!dayOk) {
          k = Math.max(k + 1, firstAtOrAfter((day + 1) * MS_DAY));
          continue;
        }
        const tod = p - day * MS_DAY;
        const h = Math.floor(tod / MS_HOUR);
        if (hourSet && !hourSet.has(h)) {
          k = Math.max(k + 1, firstAtOrAfter(day * MS_DAY + (h + 1) * MS_HOUR));
          continue;
        }
        const mi = Math.floor((tod % MS_HOUR) / MS_MINUTE);
        if (freq !== 'HOURLY' && minuteSet && !minuteSet.has(mi)) {
          k = Math.max(k + 1, firstAtOrAfter(day * MS_DAY + h * MS_HOUR + (mi + 1) * MS_MINUTE));
          continue;
        }
        if (freq === 'SECONDLY' && secondSet && !secondSet.has(Math.floor((tod % MS_MINUTE) / 1000))) {
          k++;
          continue;
        }
        step(times.length);
        for (const t of times) candidates.push(p + t);
        if (!flush()) return;
        k++;
      }
    }
  }
}

function cross(hours: number[], minutes: number[], seconds: number[]): number[] {
  const out: number[] = [];
  for (const h of hours) for (const m of minutes) for (const s of seconds) out.push(h * MS_HOUR + m * MS_MINUTE + s * 1000);
  return out;
}
