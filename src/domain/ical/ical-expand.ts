import ICAL from 'ical.js';
import { IcalError, type IcalErrorCode } from './ical-error.ts';
import { expandRule } from './ical-recurrence.ts';
import { type NominalDuration, parseDuration, parseRawDateTime } from './ical-values.ts';
import { type InstantInput, toEpochMs } from '../time/instant.ts';
import type { Interval } from '../time/interval.ts';
import { vtimezoneRules } from './vtimezone-rules.ts';
import { windowsZoneToIana } from './windows-zones.ts';
import { DAY_MS, HOUR_MS, ianaZone, UTC_RULES, wallDate, wallToEpoch, type ZoneRules } from '../time/zone-rules.ts';

/**
 * iCalendar text → busy intervals (UTC instants) over a window.
 *
 * - Recurrences (RRULE, RDATE) are expanded on wall time in DTSTART's zone, then each occurrence is
 *   converted to an instant, so a weekly 10:00 stays at 10:00 local across DST.
 * - EXDATE and RECURRENCE-ID are matched on instants, so a UTC EXDATE still removes a TZID occurrence.
 * - TZID resolution: a known IANA id (also behind a "/mozilla.org/…/" style prefix), else the
 *   VTIMEZONE shipped in the file, else a Windows zone name; anything else is an error. Nothing is
 *   registered in ical.js's global TimezoneService.
 * - Floating times and DATE values (all-day) are read in the calendar owner's zone, never in the
 *   process time zone.
 * - busy = TRANSP≠TRANSPARENT ∧ STATUS≠CANCELLED (and not declined by the owner); CLASS only hides
 *   details: PRIVATE/CONFIDENTIAL occurrences are flagged and lose their SUMMARY.
 */
export interface ExpandOptions {
  /** Window of interest; busy intervals overlapping [from, to) are returned, unclipped. */
  readonly from: InstantInput;
  readonly to: InstantInput;
  /** The calendar owner's IANA zone, for floating times and all-day (DATE) events. */
  readonly timeZone: string;
  /** The owner's addresses: an event the owner DECLINED (ATTENDEE;PARTSTAT=DECLINED) does not block. */
  readonly ownerEmails?: readonly string[];
  /** Keep SUMMARY on private events (the admin option of F-33). Default false. */
  readonly keepPrivateDetails?: boolean;
  /** Use a shipped VTIMEZONE even when its TZID is a known IANA zone. Default false (IANA data wins, as in Google/Apple clients). */
  readonly preferShippedTimezones?: boolean;
  /** A broken VEVENT throws (default) or is skipped and reported in `warnings`. */
  readonly onInvalidEvent?: 'throw' | 'skip';
  /** Guard against rules such as FREQ=SECONDLY from years ago. Default 20 000 per rule. */
  readonly maxIterationsPerRule?: number;
}

export interface BusyInterval extends Interval {
  readonly uid: string;
  /** Original start (epoch ms) of this occurrence when the event recurs or overrides one. */
  readonly recurrenceId?: number;
  /** Absent for private events unless keepPrivateDetails. */
  readonly summary?: string;
  readonly private: boolean;
  /** STATUS:TENTATIVE, FBTYPE=BUSY-TENTATIVE, or the owner has not accepted: still blocks. */
  readonly tentative: boolean;
  readonly allDay: boolean;
  readonly source: 'event' | 'freebusy';
}

export interface IcalWarning {
  readonly code: IcalErrorCode | 'ical_ignored_property';
  readonly message: string;
  readonly uid?: string;
}

export interface ExpandResult {
  /** Sorted by start, end, uid. */
  readonly busy: BusyInterval[];
  readonly warnings: IcalWarning[];
}

type TimeValue = { readonly wall: number; readonly isDate: boolean; readonly zone: ZoneRules };

type Span =
  | { readonly kind: 'exact'; readonly ms: number }
  /** Whole local days plus exact time: all-day events and DURATION:P…D. */
  | { readonly kind: 'nominal'; readonly days: number; readonly ms: number };

type RDate = { readonly time: TimeValue; readonly end?: TimeValue; readonly duration?: NominalDuration };

interface EventData {
  readonly uid: string;
  readonly order: number;
  readonly sequence: number;
  readonly start: TimeValue;
  /** From DTEND or DURATION; undefined when the event has neither. */
  readonly span: Span | undefined;
  readonly recurrenceId: TimeValue | undefined;
  readonly rrules: ICAL.Recur[];
  readonly rdates: RDate[];
  readonly exdates: TimeValue[];
  readonly busy: boolean;
  readonly tentative: boolean;
  readonly private: boolean;
  readonly summary: string | undefined;
}

const DEFAULT_MAX_ITERATIONS = 20_000;

export function expandIcs(text: string, options: ExpandOptions): ExpandResult {
  const from = toEpochMs(options.from);
  const to = toEpochMs(options.to);
  if (from === undefined || to === undefined || !(from < to)) {
    throw new IcalError('ical_invalid_options', 'window needs from < to as instants (epoch ms, Date, or ISO with offset)');
  }
  const owner = ianaZone(options.timeZone);
  if (!owner) throw new IcalError('ical_invalid_options', `unknown IANA time zone "${options.timeZone}"`);
  if (typeof text !== 'string' || text.trim() === '') throw new IcalError('ical_empty', 'no iCalendar data');

  const calendars = parseCalendars(text);
  const ctx = new Context(calendars, owner, from, to, options);
  const events: EventData[] = [];
  let order = 0;
  for (const cal of calendars) {
    for (const comp of cal[2]) {
      if (comp[0] === 'vevent') {
        const event = ctx.guard(comp, () => readEvent(comp, ctx, order++));
        if (event) events.push(event);
      } else if (comp[0] === 'vfreebusy') {
        ctx.guard(comp, () => readFreeBusy(comp, ctx));
      }
    }
  }

  // One master per UID and one override per (UID, RECURRENCE-ID): the highest SEQUENCE, then the last.
  const masters = new Map<string, EventData>();
  const overrides = new Map<string, Map<number, EventData>>();
  const overrideDates = new Map<string, Set<string>>();
  const newer = (a: EventData, b: EventData | undefined) => !b || a.sequence > b.sequence || (a.sequence === b.sequence && a.order > b.order);
  for (const e of events) {
    if (!e.recurrenceId) {
      if (newer(e, masters.get(e.uid))) masters.set(e.uid, e);
      continue;
    }
    const key = ctx.epoch(e.recurrenceId);
    let byId = overrides.get(e.uid);
    if (!byId) overrides.set(e.uid, (byId = new Map()));
    if (newer(e, byId.get(key))) byId.set(key, e);
    if (e.recurrenceId.isDate) {
      let dates = overrideDates.get(e.uid);
      if (!dates) overrideDates.set(e.uid, (dates = new Set()));
      dates.add(wallDate(e.recurrenceId.wall));
    }
  }

  for (const master of masters.values()) {
    ctx.guard(undefined, () => expandMaster(master, overrides.get(master.uid), overrideDates.get(master.uid), ctx), master.uid);
  }
  for (const byId of overrides.values()) {
    for (const [recurrenceId, o] of byId) {
      if (!o.busy) continue; // a cancelled or transparent instance: the master occurrence is already suppressed
      const master = masters.get(o.uid);
      const span = o.span ?? master?.span ?? defaultSpan(o.start);
      ctx.emit(o, ctx.epoch(o.start), endOf(o.start, span, ctx), recurrenceId);
    }
  }

  ctx.busy.sort((a, b) => a.start - b.start || a.end - b.end || (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));
  return { busy: ctx.busy, warnings: ctx.warnings };
}

/** jCal (RFC 7265) as ical.js produces it: read directly, without ical.js's wrapper objects. */
type JProp = [name: string, params: Record<string, unknown>, type: string, ...values: unknown[]];
type JComp = [name: string, props: JProp[], components: JComp[]];

function firstProp(comp: JComp, name: string): JProp | undefined {
  for (const p of comp[1]) if (p[0] === name) return p;
  return undefined;
}
function allProps(comp: JComp, name: string): JProp[] {
  return comp[1].filter((p) => p[0] === name);
}
function param(prop: JProp, name: string): string | undefined {
  const v = prop[1][name];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first : undefined;
}
function text(comp: JComp, name: string): string | undefined {
  const v = firstProp(comp, name)?.[3];
  return typeof v === 'string' ? v : undefined;
}

function parseCalendars(text: string): JComp[] {
  let jcal: unknown;
  try {
    jcal = ICAL.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new IcalError('ical_parse', err instanceof Error ? err.message : 'not iCalendar', { cause: err });
  }
  const list = Array.isArray(jcal) && typeof jcal[0] === 'string' ? [jcal] : Array.isArray(jcal) ? jcal : [];
  const calendars = list.filter((c): c is JComp => Array.isArray(c) && c[0] === 'vcalendar' && Array.isArray(c[1]) && Array.isArray(c[2]));
  if (calendars.length === 0) throw new IcalError('ical_no_calendar', 'no VCALENDAR component found');
  return calendars;
}

class Context {
  readonly busy: BusyInterval[] = [];
  readonly warnings: IcalWarning[] = [];
  readonly maxIterations: number;
  readonly ownerEmails: Set<string>;
  private readonly shipped = new Map<string, JComp>();
  private readonly zones = new Map<string, ZoneRules>();

  constructor(
    calendars: JComp[],
    readonly owner: ZoneRules,
    readonly from: number,
    readonly to: number,
    readonly options: ExpandOptions,
  ) {
    for (const cal of calendars) {
      for (const tz of cal[2]) {
        const tzid = tz[0] === 'vtimezone' ? text(tz, 'tzid') : undefined;
        if (tzid !== undefined && !this.shipped.has(tzid)) this.shipped.set(tzid, tz);
      }
    }
    this.maxIterations = options.maxIterationsPerRule ?? DEFAULT_MAX_ITERATIONS;
    this.ownerEmails = new Set((options.ownerEmails ?? []).map(normalizeAddress));
  }

  /** Runs a per-component step, turning failures into a typed error or (in skip mode) a warning. */
  guard<T>(comp: JComp | undefined, step: () => T, knownUid?: string): T | undefined {
    try {
      return step();
    } catch (err) {
      const uid = knownUid ?? (comp ? text(comp, 'uid') : undefined);
      const error =
        err instanceof IcalError
          ? err
          : new IcalError('ical_invalid_event', err instanceof Error ? err.message : String(err), { uid, cause: err });
      if (this.options.onInvalidEvent !== 'skip') throw error;
      this.warnings.push({ code: error.code, message: error.message, uid: error.uid ?? uid });
      return undefined;
    }
  }

  zone(tzid: string): ZoneRules {
    const cached = this.zones.get(tzid);
    if (cached) return cached;
    const shipped = this.shipped.get(tzid);
    const horizonYear = new Date(this.to).getUTCFullYear() + 2;
    let rules: ZoneRules | undefined;
    if (shipped && this.options.preferShippedTimezones) rules = vtimezoneRules(new ICAL.Component(shipped), horizonYear);
    rules ??= ianaFromTzid(tzid);
    if (!rules && shipped) rules = vtimezoneRules(new ICAL.Component(shipped), horizonYear);
    if (!rules) {
      const iana = windowsZoneToIana(tzid);
      rules = iana ? ianaZone(iana) : undefined;
    }
    if (!rules) throw new IcalError('ical_unknown_timezone', `TZID "${tzid}" has no VTIMEZONE and is not a known zone`);
    this.zones.set(tzid, rules);
    return rules;
  }

  epoch(t: TimeValue): number {
    return wallToEpoch(t.zone, t.wall);
  }

  emit(e: EventData, start: number, end: number, recurrenceId: number | undefined): void {
    if (!(end > start) || end <= this.from || start >= this.to) return;
    const showDetails = !e.private || this.options.keepPrivateDetails === true;
    this.busy.push({
      start,
      end,
      uid: e.uid,
      ...(recurrenceId !== undefined ? { recurrenceId } : {}),
      ...(showDetails && e.summary !== undefined ? { summary: e.summary } : {}),
      private: e.private,
      tentative: e.tentative,
      allDay: e.start.isDate,
      source: 'event',
    });
  }
}

/** IANA ids, also behind vendor prefixes such as "/mozilla.org/20050126_1/Europe/Amsterdam". */
function ianaFromTzid(tzid: string): ZoneRules | undefined {
  const direct = ianaZone(tzid.trim());
  if (direct) return direct;
  const parts = tzid.split('/').filter(Boolean);
  for (let n = Math.min(3, parts.length); n >= 2; n--) {
    const zone = ianaZone(parts.slice(-n).join('/'));
    if (zone) return zone;
  }
  return undefined;
}

function normalizeAddress(address: string): string {
  return address.trim().replace(/^mailto:/i, '').toLowerCase();
}

function readTimes(prop: JProp, ctx: Context, what: string): { time: TimeValue; end?: TimeValue; duration?: NominalDuration }[] {
  const zoneId = param(prop, 'tzid');
  const out: { time: TimeValue; end?: TimeValue; duration?: NominalDuration }[] = [];
  for (let i = 3; i < prop.length; i++) {
    const value = prop[i];
    if (Array.isArray(value)) {
      // PERIOD: [start, end-or-duration]
      const time = toTimeValue(value[0], zoneId, ctx, what);
      const endRaw = parseRawDateTime(value[1]);
      if (endRaw) out.push({ time, end: toTimeValue(value[1], zoneId, ctx, what) });
      else {
        const duration = parseDuration(value[1]);
        if (!duration) throw new IcalError('ical_invalid_event', `invalid PERIOD in ${what}`);
        out.push({ time, duration });
      }
    } else {
      out.push({ time: toTimeValue(value, zoneId, ctx, what) });
    }
  }
  return out;
}

function toTimeValue(raw: unknown, tzid: string | undefined, ctx: Context, what: string): TimeValue {
  const parsed = parseRawDateTime(raw);
  if (!parsed) throw new IcalError('ical_invalid_event', `invalid ${what} value ${JSON.stringify(raw)}`);
  if (parsed.isDate) return { wall: parsed.wall, isDate: true, zone: ctx.owner };
  if (parsed.utc) return { wall: parsed.wall, isDate: false, zone: UTC_RULES };
  if (tzid) return { wall: parsed.wall, isDate: false, zone: ctx.zone(tzid) };
  return { wall: parsed.wall, isDate: false, zone: ctx.owner }; // floating: the owner's wall clock
}

function readOne(comp: JComp, name: string, ctx: Context): TimeValue | undefined {
  const prop = firstProp(comp, name);
  if (!prop) return undefined;
  const [first] = readTimes(prop, ctx, name.toUpperCase());
  if (!first) throw new IcalError('ical_invalid_event', `empty ${name.toUpperCase()}`);
  return first.time;
}

function readEvent(comp: JComp, ctx: Context, order: number): EventData {
  const uid = text(comp, 'uid')?.trim() || `#${order}`;
  const sequenceValue = Number(firstProp(comp, 'sequence')?.[3] ?? 0);
  const sequence = Number.isFinite(sequenceValue) ? sequenceValue : 0;
  const fail = (why: string): never => {
    throw new IcalError('ical_invalid_event', why, { uid });
  };
  const start = readOne(comp, 'dtstart', ctx) ?? fail('VEVENT without DTSTART');
  const recurrenceId = readOne(comp, 'recurrence-id', ctx);

  let span: Span | undefined;
  const dtend = readOne(comp, 'dtend', ctx);
  const durationProp = firstProp(comp, 'duration');
  if (dtend) {
    if (start.isDate && dtend.isDate) {
      const days = Math.round((dtend.wall - start.wall) / DAY_MS);
      if (days < 0) fail('DTEND before DTSTART');
      span = { kind: 'nominal', days: Math.max(1, days), ms: 0 }; // DTEND = DTSTART on an all-day event: one day
    } else {
      const ms = ctx.epoch(dtend) - ctx.epoch(start);
      if (ms < 0) fail('DTEND before DTSTART');
      span = { kind: 'exact', ms };
    }
  } else if (durationProp) {
    const duration = parseDuration(durationProp[3]) ?? fail(`invalid DURATION ${JSON.stringify(durationProp[3])}`);
    span = { kind: 'nominal', days: duration.days, ms: duration.ms };
  }

  // A single event wholly outside the window is not read further; it still takes part in the
  // choice of the newest version of its UID, as a version that blocks nothing.
  if (!recurrenceId && !firstProp(comp, 'rrule') && !firstProp(comp, 'rdate')) {
    if (ctx.epoch(start) >= ctx.to || endOf(start, span ?? defaultSpan(start), ctx) <= ctx.from) {
      return { uid, order, sequence, start, span, recurrenceId, rrules: [], rdates: [], exdates: [], busy: false, tentative: false, private: false, summary: undefined };
    }
  }

  const rrules: ICAL.Recur[] = [];
  for (const prop of allProps(comp, 'rrule')) {
    try {
      rrules.push(new ICAL.Property(prop).getFirstValue() as ICAL.Recur);
    } catch (err) {
      throw new IcalError('ical_invalid_recurrence', `invalid RRULE: ${err instanceof Error ? err.message : String(err)}`, { uid, cause: err });
    }
  }
  if (firstProp(comp, 'exrule')) {
    ctx.warnings.push({ code: 'ical_ignored_property', message: 'EXRULE (deprecated by RFC 5545) is ignored', uid });
  }
  const rdates: RDate[] = allProps(comp, 'rdate').flatMap((p) => readTimes(p, ctx, 'RDATE'));
  const exdates = allProps(comp, 'exdate').flatMap((p) => readTimes(p, ctx, 'EXDATE').map((t) => t.time));

  const status = text(comp, 'status')?.trim().toUpperCase();
  const transp = text(comp, 'transp')?.trim().toUpperCase();
  const klass = text(comp, 'class')?.trim().toUpperCase();
  const partstat = ownerPartstat(comp, ctx);
  return {
    uid,
    order,
    sequence,
    start,
    span,
    recurrenceId,
    rrules,
    rdates,
    exdates,
    busy: status !== 'CANCELLED' && transp !== 'TRANSPARENT' && partstat !== 'DECLINED',
    tentative: status === 'TENTATIVE' || partstat === 'TENTATIVE' || partstat === 'NEEDS-ACTION',
    private: klass === 'PRIVATE' || klass === 'CONFIDENTIAL',
    summary: text(comp, 'summary'),
  };
}

function ownerPartstat(comp: JComp, ctx: Context): string | undefined {
  if (ctx.ownerEmails.size === 0) return undefined;
  for (const attendee of allProps(comp, 'attendee')) {
    const address = attendee[3];
    if (typeof address === 'string' && ctx.ownerEmails.has(normalizeAddress(address))) {
      return (param(attendee, 'partstat') ?? 'NEEDS-ACTION').toUpperCase();
    }
  }
  return undefined;
}

function defaultSpan(start: TimeValue): Span {
  // RFC 5545 §3.6.1: no DTEND/DURATION → one day for a DATE, zero time for a DATE-TIME.
  return start.isDate ? { kind: 'nominal', days: 1, ms: 0 } : { kind: 'exact', ms: 0 };
}

function endOf(start: TimeValue, span: Span, ctx: Context): number {
  if (span.kind === 'exact') return ctx.epoch(start) + span.ms;
  return wallToEpoch(start.zone, start.wall + span.days * DAY_MS) + span.ms;
}

function spanUpperBound(span: Span): number {
  return span.kind === 'exact' ? span.ms : span.days * DAY_MS + span.ms + 2 * HOUR_MS;
}

function expandMaster(master: EventData, overrides: Map<number, EventData> | undefined, overrideDates: Set<string> | undefined, ctx: Context): void {
  if (!master.busy) return;
  const span = master.span ?? defaultSpan(master.start);
  const exEpochs = new Set<number>();
  const exDates = new Set<string>();
  for (const ex of master.exdates) {
    exEpochs.add(ctx.epoch(ex));
    if (ex.isDate) exDates.add(wallDate(ex.wall));
  }
  const isRecurring = master.rrules.length > 0 || master.rdates.length > 0;
  const seen = new Set<number>();
  const occurrence = (time: TimeValue, explicitEnd?: number) => {
    const start = ctx.epoch(time);
    if (seen.has(start)) return;
    seen.add(start);
    if (exEpochs.has(start) || overrides?.has(start)) return;
    if (exDates.size > 0 || overrideDates) {
      const date = wallDate(time.wall);
      if (exDates.has(date) || overrideDates?.has(date)) return;
    }
    const end = explicitEnd ?? endOf(time, span, ctx);
    ctx.emit(master, start, end, isRecurring ? start : undefined);
  };

  // DTSTART is always the first instance (RFC 5545 §3.8.5.3), even when the rule would not produce it.
  occurrence(master.start);
  const margin = spanUpperBound(span) + 2 * DAY_MS; // wall time and instants differ by < 1 day
  for (const recur of master.rrules) {
    expandRule(
      {
        recur,
        startWall: master.start.wall,
        isDate: master.start.isDate,
        toEpoch: (wall) => wallToEpoch(master.start.zone, wall),
        lowWall: ctx.from - margin,
        highWall: ctx.to + 2 * DAY_MS,
        maxIterations: ctx.maxIterations,
        uid: master.uid,
      },
      (wall) => occurrence({ wall, isDate: master.start.isDate, zone: master.start.zone }),
    );
  }
  for (const rdate of master.rdates) {
    const explicitEnd = rdate.end
      ? ctx.epoch(rdate.end)
      : rdate.duration
        ? endOf(rdate.time, { kind: 'nominal', ...rdate.duration }, ctx)
        : undefined;
    occurrence(rdate.time, explicitEnd);
  }
}

function readFreeBusy(comp: JComp, ctx: Context): void {
  const uid = text(comp, 'uid')?.trim() || 'freebusy';
  for (const prop of allProps(comp, 'freebusy')) {
    const fbtype = (param(prop, 'fbtype') ?? 'BUSY').toUpperCase();
    if (fbtype === 'FREE') continue;
    for (const period of readTimes(prop, ctx, 'FREEBUSY')) {
      const start = ctx.epoch(period.time);
      const end = period.end
        ? ctx.epoch(period.end)
        : period.duration
          ? endOf(period.time, { kind: 'nominal', ...period.duration }, ctx)
          : Number.NaN;
      if (!(end >= start)) throw new IcalError('ical_invalid_event', 'FREEBUSY needs a PERIOD with an end after its start', { uid });
      if (!(end > start) || end <= ctx.from || start >= ctx.to) continue;
      ctx.busy.push({ start, end, uid, private: false, tentative: fbtype === 'BUSY-TENTATIVE', allDay: false, source: 'freebusy' });
    }
  }
}
