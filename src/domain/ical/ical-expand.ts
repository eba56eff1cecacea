import { IcalError, type IcalErrorCode, isBudgetError } from './ical-error.ts';
import { allProperties, firstProperty, type IcalComponent, type IcalProperty, parseIcal, unescapeText } from './ical-parse.ts';
import { type NominalDuration, parseDuration, parseRawDateTime } from './ical-values.ts';
import { BudgetExceededError, type BudgetLimits, canEverMatch, DEFAULT_BUDGET, ExpansionBudget, parseRRule, type RRule, RuleStepLimitError, walkRule } from './rrule.ts';
import { type InstantInput, toEpochMs } from '../time/instant.ts';
import type { Interval } from '../time/interval.ts';
import { vtimezoneRules } from './vtimezone-rules.ts';
import { outlookDisplayZone, rfc2445ExampleZone, windowsIdToIana } from './windows-zones.ts';
import { DAY_MS, epochToWall, fixedOffsetZone, HOUR_MS, ianaZone, UTC_RULES, wallDate, wallToEpoch, type ZoneRules } from '../time/zone-rules.ts';

/**
 * iCalendar text → busy intervals (UTC instants) over a window.
 *
 * - Parsing is Koppel's own (ical-parse.ts) and so is the recurrence engine (rrule.ts): RRULE and RDATE are
 *   expanded on wall time in DTSTART's zone, then each occurrence is converted to an instant, so a weekly 10:00
 *   stays at 10:00 local across DST.
 * - EXDATE and RECURRENCE-ID are matched on instants, so a UTC EXDATE still removes a TZID occurrence. A
 *   RECURRENCE-ID in another TZID than DTSTART that names no instant of the series is matched on the wall time
 *   as written (exporters that change the zone of a series keep the local time). RANGE=THISANDFUTURE moves and
 *   reshapes every later occurrence as the override moved and reshaped its own.
 * - TZID resolution: a known IANA id (also behind a "/mozilla.org/…/" style prefix), else a Windows zone id or
 *   an Outlook display name ("(UTC+01:00) Amsterdam, …"), else the VTIMEZONE shipped in the file, else one of
 *   RFC 2445's example TZIDs ("US-Eastern").
 * - Floating times are read in the calendar's X-WR-TIMEZONE when it names a known zone, else in the owner's zone;
 *   a DTSTART/DTEND pair of which only one has a zone is read on that one's clock (with a warning).
 * - DATE values (all-day), and floating times without X-WR-TIMEZONE, are read in the calendar owner's zone, never
 *   in the process zone.
 * - busy = TRANSP≠TRANSPARENT ∧ STATUS≠CANCELLED (and not declined by the owner); CLASS only hides details:
 *   PRIVATE/CONFIDENTIAL occurrences are flagged and lose their SUMMARY.
 * - Doubtful input fails towards busy, with a warning: a malformed UTC value is read as UTC, a malformed EXDATE
 *   is ignored (the series stays), two events with one UID are both kept, an endless DURATION is busy until the
 *   end of the window, an unknown TZID (skip mode) is read in the owner's zone, an invalid RRULE keeps DTSTART.
 * - Bounded work: every expansion runs on an {@link ExpansionBudget} (steps, occurrences and CPU time with a hard
 *   stop on the wall clock, checked inside the recurrence loop). Exceeding it throws `ical_budget_exceeded` (or `ical_recurrence_limit` for the
 *   per-rule cap) in every mode: the calendar as a whole could not be read.
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
  /** A broken VEVENT throws (default) or is skipped and reported in `warnings`. Budget errors always throw. */
  readonly onInvalidEvent?: 'throw' | 'skip';
  /** Cap on recurrence steps (periods and candidate days) per rule. Default 1 000 000. */
  readonly maxIterationsPerRule?: number;
  /**
   * Work allowed for this expansion: limits (a fresh budget) or a budget shared with other expansions of the
   * same calendar (e.g. one per CalDAV resource). Default {@link DEFAULT_BUDGET}.
   */
  readonly budget?: ExpansionBudget | BudgetLimits;
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

export { ExpansionBudget, DEFAULT_BUDGET, type BudgetLimits } from './rrule.ts';

type TimeValue = {
  readonly wall: number;
  readonly isDate: boolean;
  readonly zone: ZoneRules;
  /** Written with a Z. */
  readonly utc: boolean;
};

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
  readonly thisAndFuture: boolean;
  readonly rrules: RRule[];
  readonly rdates: RDate[];
  readonly exdates: TimeValue[];
  readonly busy: boolean;
  readonly tentative: boolean;
  readonly private: boolean;
  readonly summary: string | undefined;
}

const DEFAULT_MAX_STEPS_PER_RULE = 1_000_000;
/** Ends beyond this are "never" (a DURATION of P999999999999999999W): busy until the end of the window. */
const LAST_INSTANT = 8.64e15 - 7 * DAY_MS;

export function expandIcs(text: string, options: ExpandOptions): ExpandResult {
  const from = toEpochMs(options.from);
  const to = toEpochMs(options.to);
  if (from === undefined || to === undefined || !(from < to)) {
    throw new IcalError('ical_invalid_options', 'window needs from < to as instants (epoch ms, Date, or ISO with offset)');
  }
  const owner = ianaZone(options.timeZone);
  if (!owner) throw new IcalError('ical_invalid_options', `unknown IANA time zone "${options.timeZone}"`);
  if (typeof text !== 'string' || text.trim() === '') throw new IcalError('ical_empty', 'no iCalendar data');

  const repairs: string[] = [];
  const roots = parseIcal(text, (message) => repairs.push(message));
  let calendars = roots.filter((c) => c.name === 'VCALENDAR');
  // Events written without the VCALENDAR around them (test data, hand-made files, a vendor's own wrapper) are still busy time.
  const loose = calendars.length === 0 ? looseComponents(roots) : [];
  if (loose.length > 0) calendars = [{ name: 'VCALENDAR', props: [], components: loose }];
  if (calendars.length === 0) throw new IcalError('ical_no_calendar', 'no VCALENDAR component found');
  const ctx = new Context(calendars, owner, from, to, options);
  for (const message of repairs) ctx.warn('ical_repaired_value', message, undefined);
  if (loose.length > 0) ctx.warn('ical_no_calendar', 'no VCALENDAR component: the events outside one were read as one calendar', undefined);
  try {
    expandAll(calendars, ctx);
  } catch (err) {
    if (err instanceof BudgetExceededError) throw new IcalError('ical_budget_exceeded', err.message, { cause: err });
    throw err;
  }
  ctx.busy.sort((a, b) => a.start - b.start || a.end - b.end || (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));
  // Two identical copies of one event (the same UID twice) block once; FREEBUSY periods stay as the server listed them.
  const busy = ctx.busy.filter((b, i, all) => {
    const p = all[i - 1];
    return !p || b.source !== 'event' || p.source !== 'event' || p.start !== b.start || p.end !== b.end || p.uid !== b.uid || p.summary !== b.summary;
  });
  return { busy, warnings: ctx.warnings };
}

const CALENDAR_CONTENT = new Set(['VEVENT', 'VFREEBUSY', 'VTIMEZONE']);

/** Events, free/busy and time zones at any depth of components that are not VCALENDARs. */
function looseComponents(components: IcalComponent[]): IcalComponent[] {
  return components.flatMap((c) => (CALENDAR_CONTENT.has(c.name) ? [c] : looseComponents(c.components)));
}

function expandAll(calendars: IcalComponent[], ctx: Context): void {
  const events: EventData[] = [];
  let order = 0;
  for (const cal of calendars) {
    ctx.floating = calendarZone(cal, ctx);
    for (const comp of cal.components) {
      if (comp.name === 'VEVENT') {
        const event = ctx.guard(comp, () => readEvent(comp, ctx, order++));
        if (event) events.push(event);
      } else if (comp.name === 'VFREEBUSY') {
        ctx.guard(comp, () => readFreeBusy(comp, ctx));
      }
    }
  }

  // Every event without RECURRENCE-ID is a master, also when its UID repeats (a broken export or two versions):
  // dropping one could free time that is busy. One override per (UID, RECURRENCE-ID): the highest SEQUENCE, then the last.
  const masters = new Map<string, EventData[]>();
  const overrides = new Map<string, Map<number, EventData>>();
  const newer = (a: EventData, b: EventData | undefined) => !b || a.sequence > b.sequence || (a.sequence === b.sequence && a.order > b.order);
  for (const e of events) {
    if (!e.recurrenceId) {
      const list = masters.get(e.uid);
      if (list) {
        list.push(e);
        if (list.length === 2) ctx.warn('ical_duplicate_uid', 'several events share this UID without RECURRENCE-ID; all of them are kept as busy', e.uid);
      } else {
        masters.set(e.uid, [e]);
      }
      continue;
    }
    const key = ctx.epoch(e.recurrenceId);
    let byId = overrides.get(e.uid);
    if (!byId) overrides.set(e.uid, (byId = new Map()));
    if (newer(e, byId.get(key))) byId.set(key, e);
  }

  for (const list of masters.values()) {
    for (const master of list) {
      ctx.guard(undefined, () => expandMaster(master, overrides.get(master.uid), ctx), master.uid);
    }
  }
  for (const byId of overrides.values()) {
    for (const [recurrenceId, o] of byId) {
      if (!o.busy) continue; // a cancelled or transparent instance: the master occurrence is already suppressed
      const master = masters.get(o.uid)?.[0];
      const span = o.span ?? master?.span ?? defaultSpan(o.start);
      ctx.emit(o, ctx.epoch(o.start), endOf(o.start, span, ctx, o.uid), recurrenceId);
    }
  }
}

class Context {
  readonly busy: BusyInterval[] = [];
  readonly warnings: IcalWarning[] = [];
  readonly maxIterations: number;
  readonly ownerEmails: Set<string>;
  readonly budget: ExpansionBudget;
  /** Zone of floating times in the calendar being read (calendarZone). */
  floating: ZoneRules;
  private readonly shipped = new Map<string, IcalComponent>();
  private readonly zones = new Map<string, ZoneRules>();
  private readonly warned = new Set<string>();

  constructor(
    calendars: IcalComponent[],
    readonly owner: ZoneRules,
    readonly from: number,
    readonly to: number,
    readonly options: ExpandOptions,
  ) {
    for (const cal of calendars) {
      for (const tz of cal.components) {
        const tzid = tz.name === 'VTIMEZONE' ? firstProperty(tz, 'TZID')?.value.trim() : undefined;
        if (tzid === undefined) continue;
        // TZID is a TEXT value: Outlook writes "TZID:Kuala Lumpur\, Singapore" and refers to it as
        // TZID="Kuala Lumpur, Singapore"; both spellings name it.
        for (const key of [tzid, unescapeText(tzid)]) if (!this.shipped.has(key)) this.shipped.set(key, tz);
      }
    }
    this.floating = owner;
    this.maxIterations = options.maxIterationsPerRule ?? DEFAULT_MAX_STEPS_PER_RULE;
    this.ownerEmails = new Set((options.ownerEmails ?? []).map(normalizeAddress));
    const b = options.budget;
    this.budget = b instanceof ExpansionBudget ? b : new ExpansionBudget(b ?? DEFAULT_BUDGET);
  }

  get skipping(): boolean {
    return this.options.onInvalidEvent === 'skip';
  }

  /** Runs a per-component step, turning failures into a typed error or (in skip mode) a warning. */
  guard<T>(comp: IcalComponent | undefined, step: () => T, knownUid?: string): T | undefined {
    try {
      return step();
    } catch (err) {
      if (err instanceof BudgetExceededError) throw err;
      const uid = knownUid ?? (comp ? firstProperty(comp, 'UID')?.value.trim() : undefined);
      const error =
        err instanceof IcalError
          ? err
          : err instanceof RuleStepLimitError
            ? new IcalError('ical_recurrence_limit', err.message, { uid, cause: err })
            : new IcalError('ical_invalid_event', err instanceof Error ? err.message : String(err), { uid, cause: err });
      if (!this.skipping || isBudgetError(error)) throw error;
      this.warnings.push({ code: error.code, message: error.message, uid: error.uid ?? uid });
      return undefined;
    }
  }

  /** A warning, once per code, UID and message. */
  warn(code: IcalWarning['code'], message: string, uid: string | undefined): void {
    const key = `${code}|${uid ?? ''}|${message}`;
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.warnings.push({ code, message, ...(uid !== undefined ? { uid } : {}) });
  }

  /** The TZID of the one VTIMEZONE the file ships besides UTC ones, if there is exactly one. */
  private onlyShippedZone(): string | undefined {
    const ids = new Set<string>();
    for (const comp of new Set(this.shipped.values())) {
      const id = firstProperty(comp, 'TZID')?.value.trim() ?? '';
      if (!/^(utc|gmt|etc\/utc|etc\/gmt|z)$/i.test(id)) ids.add(id);
    }
    return ids.size === 1 ? [...ids][0] : undefined;
  }

  zone(tzid: string, uid: string | undefined): ZoneRules {
    const cached = this.zones.get(tzid);
    if (cached) return cached;
    const shipped = this.shipped.get(tzid);
    const horizonYear = new Date(this.to).getUTCFullYear() + 2;
    let rules: ZoneRules | undefined;
    if (shipped && this.options.preferShippedTimezones) rules = vtimezoneRules(shipped, horizonYear);
    rules ??= namedZone(tzid);
    if (!rules && shipped) rules = vtimezoneRules(shipped, horizonYear);
    rules ??= ianaOrNone(rfc2445ExampleZone(tzid));
    if (!rules) {
      const display = outlookDisplayZone(tzid);
      if (display?.offsetMs !== undefined) {
        // An Outlook display name we do not know: its "(UTC+hh:mm)" is right outside DST.
        rules = fixedOffsetZone(tzid, display.offsetMs);
        this.warn('ical_unknown_timezone', `TZID "${tzid}" is not a known zone; read with its fixed offset`, uid);
      }
    }
    if (!rules) {
      const error = new IcalError('ical_unknown_timezone', `TZID "${tzid}" has no VTIMEZONE and is not a known zone`, { uid });
      if (!this.skipping) throw error;
      // Better an hour off than free. Office 365 writes TZID=Customized Time Zone next to the one VTIMEZONE of
      // its user's zone: read the times in that one when the file ships exactly one (besides UTC), else on the
      // owner's clock.
      const only = this.onlyShippedZone();
      let onlyRules: ZoneRules | undefined;
      try {
        onlyRules = only === undefined ? undefined : this.zone(only, uid);
      } catch (err) {
        if (!(err instanceof IcalError)) throw err; // that one is broken too: the owner's clock, below
      }
      if (onlyRules) {
        rules = onlyRules;
        this.warn('ical_unknown_timezone', `TZID "${tzid}" has no VTIMEZONE and is not a known zone; read in "${only}", the file's only time zone`, uid);
      } else {
        this.warn('ical_unknown_timezone', `TZID "${tzid}" has no VTIMEZONE and is not a known zone; read in the owner's zone`, uid);
        rules = this.owner;
      }
    }
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

/**
 * A zone its name alone identifies: an IANA id (also behind a vendor prefix), a Windows zone id or an Outlook display
 * name. A Windows id or display name is a well-defined zone: the IANA data has its whole history, while the VTIMEZONE
 * Outlook ships next to it carries only today's rule (from 1601), so this wins over a shipped definition.
 */
function namedZone(name: string): ZoneRules | undefined {
  return ianaFromTzid(name) ?? ianaOrNone(windowsIdToIana(name) ?? outlookDisplayZone(name)?.iana);
}

function ianaOrNone(iana: string | undefined): ZoneRules | undefined {
  return iana ? ianaZone(iana) : undefined;
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

type Bad = (why: string) => void;

/** One DATE / DATE-TIME value of a property; undefined (after `bad`) when it cannot be read. */
function toTimeValue(raw: string, prop: IcalProperty, ctx: Context, uid: string | undefined, bad: Bad): TimeValue | undefined {
  const parsed = parseRawDateTime(raw);
  if (!parsed) {
    bad(`${prop.name} value ${JSON.stringify(raw)} is not a date or date-time`);
    return undefined;
  }
  const declared = prop.params.VALUE?.toUpperCase();
  if (parsed.repaired) {
    ctx.warn('ical_repaired_value', `${prop.name} value ${JSON.stringify(raw)} is malformed; read as ${parsed.isDate ? 'the date' : parsed.utc ? 'the UTC time' : 'the local time'} it starts with`, uid);
  } else if (parsed.isDate && declared !== 'DATE' && prop.name !== 'DTSTART' && prop.name !== 'DTEND') {
    ctx.warn('ical_repaired_value', `${prop.name} value ${JSON.stringify(raw)} is a DATE without VALUE=DATE; read as a date`, uid);
  }
  if (parsed.isDate) return { wall: parsed.wall, isDate: true, zone: ctx.owner, utc: false };
  if (parsed.utc) return { wall: parsed.wall, isDate: false, zone: UTC_RULES, utc: true };
  const tzid = prop.params.TZID?.trim();
  if (tzid) return { wall: parsed.wall, isDate: false, zone: ctx.zone(tzid, uid), utc: false };
  return { wall: parsed.wall, isDate: false, zone: ctx.floating, utc: false }; // floating: the calendar's or the owner's wall clock
}

/**
 * The zone floating times of a calendar are in: its X-WR-TIMEZONE (Apple's and Google's default zone of a calendar,
 * which exporters of floating times rely on), else the owner's. All-day dates stay on the owner's calendar days.
 */
function calendarZone(cal: IcalComponent, ctx: Context): ZoneRules {
  const name = firstProperty(cal, 'X-WR-TIMEZONE')?.value.trim();
  if (!name) return ctx.owner;
  const zone = namedZone(name) ?? ianaOrNone(rfc2445ExampleZone(name));
  if (!zone) ctx.warn('ical_unknown_timezone', `X-WR-TIMEZONE "${name}" is not a known zone; floating times read in the owner's zone`, undefined);
  return zone ?? ctx.owner;
}

/** All values of a multi-valued property (EXDATE, RDATE, FREEBUSY); PERIOD values as start + end or duration. */
function readTimes(prop: IcalProperty, ctx: Context, uid: string | undefined, bad: Bad): RDate[] {
  const out: RDate[] = [];
  for (const raw of prop.value.split(',')) {
    if (raw.trim() === '') continue;
    const slash = raw.indexOf('/');
    const time = toTimeValue(slash < 0 ? raw : raw.slice(0, slash), prop, ctx, uid, bad);
    if (!time) continue;
    if (slash < 0) {
      out.push({ time });
      continue;
    }
    const second = raw.slice(slash + 1);
    if (parseRawDateTime(second)) {
      const end = toTimeValue(second, prop, ctx, uid, bad);
      if (end) out.push({ time, end });
      continue;
    }
    const duration = parseDuration(second);
    if (duration) out.push({ time, duration });
    else bad(`invalid PERIOD ${JSON.stringify(raw)} in ${prop.name}`);
  }
  return out;
}

/** A date-time with neither TZID nor Z. */
function isFloating(value: TimeValue, prop: IcalProperty | undefined): boolean {
  return !value.isDate && !value.utc && !prop?.params.TZID?.trim();
}

function readOne(comp: IcalComponent, name: string, ctx: Context, uid: string): TimeValue | undefined {
  const prop = firstProperty(comp, name);
  if (!prop) return undefined;
  const fail: Bad = (why) => {
    throw new IcalError('ical_invalid_event', why, { uid });
  };
  if (prop.value.trim() === '') fail(`empty ${name}`);
  return toTimeValue(prop.value.split(',')[0]!, prop, ctx, uid, fail);
}

function readEvent(comp: IcalComponent, ctx: Context, order: number): EventData {
  const uid = firstProperty(comp, 'UID')?.value.trim() || `#${order}`;
  const sequenceValue = Number(firstProperty(comp, 'SEQUENCE')?.value ?? 0);
  const sequence = Number.isFinite(sequenceValue) ? sequenceValue : 0;
  const fail = (why: string): never => {
    throw new IcalError('ical_invalid_event', why, { uid });
  };
  let start = readOne(comp, 'DTSTART', ctx, uid) ?? fail('VEVENT without DTSTART');
  let dtend: TimeValue | undefined;
  /** No usable end (unreadable DTEND or DURATION, or one too far before DTSTART): busy to the end of DTSTART's day. */
  let busyToEndOfDay = false;
  try {
    dtend = readOne(comp, 'DTEND', ctx, uid);
  } catch (err) {
    // A DTEND value that cannot be read ("20031114T18300", "None") does not free the event: see the span below. An
    // unknown or broken zone is the zone's error, as on DTSTART.
    if (!(err instanceof IcalError) || err.code !== 'ical_invalid_event') throw err;
    busyToEndOfDay = true;
    ctx.warn('ical_repaired_value', `DTEND ${JSON.stringify(firstProperty(comp, 'DTEND')?.value ?? '')} cannot be read; busy until the end of DTSTART's day unless a DURATION says otherwise`, uid);
  }
  if (dtend && !start.isDate && !dtend.isDate) {
    // DTSTART;TZID=…:0900 with DTEND:1000, or the other way round (an exporter that wrote the zone once): the
    // floating one is on the other's clock.
    const startFloats = isFloating(start, firstProperty(comp, 'DTSTART'));
    const endFloats = isFloating(dtend, firstProperty(comp, 'DTEND'));
    if (startFloats !== endFloats) {
      ctx.warn('ical_repaired_value', `${startFloats ? 'DTSTART' : 'DTEND'} has no time zone while ${startFloats ? 'DTEND' : 'DTSTART'} has one; read on the same clock`, uid);
      if (startFloats) start = { ...start, zone: dtend.zone, utc: dtend.utc };
      else dtend = { ...dtend, zone: start.zone, utc: start.utc };
    }
  }

  // A RECURRENCE-ID that cannot be read leaves a standalone event: busy where it says, the series untouched.
  let recurrenceId: TimeValue | undefined;
  const ridProp = firstProperty(comp, 'RECURRENCE-ID');
  if (ridProp) {
    recurrenceId = toTimeValue(ridProp.value, ridProp, ctx, uid, (why) => ctx.warn('ical_repaired_value', `${why}; the event is kept on its own`, uid));
  }
  const thisAndFuture = recurrenceId !== undefined && ridProp?.params.RANGE?.trim().toUpperCase() === 'THISANDFUTURE';

  let span: Span | undefined;
  const durationProp = firstProperty(comp, 'DURATION');
  if (dtend) {
    // An end before the start fails towards busy: the event lasts as long as the two are apart, up to a day (an
    // end years before the start would block years, or make a recurring event use up the calendar's budget);
    // further apart, to the end of DTSTART's day, as an unreadable DTEND.
    const reversed = (tooFar: boolean) =>
      ctx.warn('ical_repaired_value', `DTEND before DTSTART; busy from DTSTART ${tooFar ? "to the end of its day (they are more than a day apart)" : 'for as long as the two are apart'}`, uid);
    if (start.isDate && dtend.isDate) {
      let days = Math.round((dtend.wall - start.wall) / DAY_MS);
      if (days < 0) (reversed(days < -1), (days = 1));
      span = { kind: 'nominal', days: Math.max(1, days), ms: 0 }; // DTEND = DTSTART on an all-day event: one day
    } else {
      const ms = ctx.epoch(dtend) - ctx.epoch(start);
      if (ms >= 0) span = { kind: 'exact', ms };
      else if (ms >= -DAY_MS) (reversed(false), (span = { kind: 'exact', ms: -ms }));
      else (reversed(true), (busyToEndOfDay = true));
    }
  }
  if (!dtend && durationProp) {
    // A negative DURATION (only TRIGGER may have one) lasts as long as it says; one that cannot be read does not
    // free the event either (busy to the end of DTSTART's day, as an unreadable DTEND).
    const written = durationProp.value.trim();
    const negative = written.startsWith('-');
    const body = negative ? written.slice(1) : written;
    let duration = parseDuration(body);
    const weeks = /^(\+?P)T(\d+W)$/i.exec(body); // "PT1W": weeks written as if a time (node-ical's test data)
    if (!duration && weeks && (duration = parseDuration(`${weeks[1]}${weeks[2]}`))) {
      ctx.warn('ical_repaired_value', `DURATION ${JSON.stringify(written)} read as ${negative ? '-' : ''}${weeks[1]}${weeks[2]}`, uid);
    }
    if (duration) {
      if (negative) ctx.warn('ical_repaired_value', `DURATION ${JSON.stringify(written)} is negative; busy from DTSTART for as long as it says`, uid);
      span = { kind: 'nominal', days: duration.days, ms: duration.ms };
    } else {
      ctx.warn('ical_repaired_value', `DURATION ${JSON.stringify(written)} cannot be read; busy until the end of DTSTART's day`, uid);
      busyToEndOfDay = true;
    }
  }
  if (!span && busyToEndOfDay) {
    span = start.isDate ? { kind: 'nominal', days: 1, ms: 0 } : { kind: 'exact', ms: DAY_MS - (((start.wall % DAY_MS) + DAY_MS) % DAY_MS) };
  }

  const hasRule = firstProperty(comp, 'RRULE') !== undefined || firstProperty(comp, 'RDATE') !== undefined;
  // A single event wholly outside the window is not read further.
  if (!recurrenceId && !hasRule) {
    if (ctx.epoch(start) >= ctx.to || endOf(start, span ?? defaultSpan(start), ctx, undefined) <= ctx.from) {
      return { uid, order, sequence, start, span, recurrenceId, thisAndFuture, rrules: [], rdates: [], exdates: [], busy: false, tentative: false, private: false, summary: undefined };
    }
  }

  const rrules: RRule[] = [];
  for (const prop of allProperties(comp, 'RRULE')) {
    let rule: RRule;
    try {
      rule = parseRRule(prop.value, (message) => ctx.warn('ical_repaired_value', message, uid));
    } catch (err) {
      const message = `invalid RRULE ${JSON.stringify(prop.value)}: ${err instanceof Error ? err.message : String(err)}`;
      if (!ctx.skipping) throw new IcalError('ical_invalid_recurrence', message, { uid, cause: err });
      ctx.warn('ical_invalid_recurrence', `${message}; only DTSTART is busy`, uid);
      continue;
    }
    if (!canEverMatch(rule)) ctx.warn('ical_invalid_recurrence', `RRULE ${rule.text} can never match a date; only DTSTART is busy`, uid);
    rrules.push(rule);
  }
  if (firstProperty(comp, 'EXRULE')) {
    ctx.warn('ical_ignored_property', 'EXRULE (deprecated by RFC 5545) is ignored', uid);
  }
  const rdates = allProperties(comp, 'RDATE').flatMap((p) => readTimes(p, ctx, uid, (why) => ctx.warn('ical_repaired_value', `${why}; ignored`, uid)));
  // A malformed EXDATE is ignored: the occurrence it meant stays busy, the series is kept.
  const exdates = allProperties(comp, 'EXDATE').flatMap((p) => readTimes(p, ctx, uid, (why) => ctx.warn('ical_repaired_value', `${why}; ignored, the occurrence stays busy`, uid)).map((t) => t.time));

  const status = firstProperty(comp, 'STATUS')?.value.trim().toUpperCase();
  const transp = firstProperty(comp, 'TRANSP')?.value.trim().toUpperCase();
  const klass = firstProperty(comp, 'CLASS')?.value.trim().toUpperCase();
  const partstat = ownerPartstat(comp, ctx);
  const summary = firstProperty(comp, 'SUMMARY');
  return {
    uid,
    order,
    sequence,
    start,
    span,
    recurrenceId,
    thisAndFuture,
    rrules,
    rdates,
    exdates,
    busy: status !== 'CANCELLED' && transp !== 'TRANSPARENT' && partstat !== 'DECLINED',
    tentative: status === 'TENTATIVE' || partstat === 'TENTATIVE' || partstat === 'NEEDS-ACTION',
    private: klass === 'PRIVATE' || klass === 'CONFIDENTIAL',
    summary: summary ? unescapeText(summary.value) : undefined,
  };
}

function ownerPartstat(comp: IcalComponent, ctx: Context): string | undefined {
  if (ctx.ownerEmails.size === 0) return undefined;
  for (const attendee of allProperties(comp, 'ATTENDEE')) {
    if (ctx.ownerEmails.has(normalizeAddress(attendee.value))) {
      return (attendee.params.PARTSTAT ?? 'NEEDS-ACTION').trim().toUpperCase();
    }
  }
  return undefined;
}

function defaultSpan(start: TimeValue): Span {
  // RFC 5545 §3.6.1: no DTEND/DURATION → one day for a DATE, zero time for a DATE-TIME.
  return start.isDate ? { kind: 'nominal', days: 1, ms: 0 } : { kind: 'exact', ms: 0 };
}

/** End instant of an occurrence; an end beyond the Date range (an endless DURATION) is the window's end. */
function endOf(start: TimeValue, span: Span, ctx: Context, uid: string | undefined): number {
  const startMs = ctx.epoch(start);
  const endWall = span.kind === 'exact' ? start.wall + span.ms : start.wall + span.days * DAY_MS + span.ms;
  if (!(endWall < LAST_INSTANT)) {
    if (uid !== undefined) ctx.warn('ical_repaired_value', 'the event never ends (DURATION beyond any date); busy until the end of the window', uid);
    return Math.max(ctx.to, startMs);
  }
  if (span.kind === 'exact') return startMs + span.ms;
  return wallToEpoch(start.zone, start.wall + span.days * DAY_MS) + span.ms;
}

function spanUpperBound(span: Span): number {
  const bound = span.kind === 'exact' ? span.ms : span.days * DAY_MS + span.ms + 2 * HOUR_MS;
  return Math.min(bound, 400 * 365 * DAY_MS);
}

/** UNTIL as a test on occurrence wall values in DTSTART's zone (RFC 5545: UNTIL is inclusive). */
function untilTest(rule: RRule, start: TimeValue): ((wall: number) => boolean) | undefined {
  const u = rule.until;
  if (!u) return undefined;
  if (start.isDate) {
    // All-day series: the date UNTIL names (a UTC date-time is read by its date, whatever the owner's zone).
    const lastDay = Math.floor(u.wall / DAY_MS) * DAY_MS;
    return (wall) => wall > lastDay;
  }
  if (u.isDate) return (wall) => wall >= u.wall + DAY_MS; // a DATE UNTIL on a timed series includes that whole day
  if (u.utc) return (wall) => wallToEpoch(start.zone, wall) > u.wall;
  return (wall) => wall > u.wall; // floating UNTIL: DTSTART's own clock
}

interface Occurrence {
  readonly wall: number;
  readonly start: number;
  readonly explicitEnd?: number;
}

function expandMaster(master: EventData, overrides: Map<number, EventData> | undefined, ctx: Context): void {
  const span = master.span ?? defaultSpan(master.start);
  const zone = master.start.zone;
  const isRecurring = master.rrules.length > 0 || master.rdates.length > 0;

  // THISANDFUTURE overrides, oldest first: each moves (in wall time) and reshapes the occurrences after it.
  const futures: { at: number; delta: number; o: EventData }[] = [];
  let margin = spanUpperBound(span) + 2 * DAY_MS; // wall time and instants differ by < 1 day
  for (const [at, o] of overrides ?? []) {
    if (!o.thisAndFuture) continue;
    const delta = epochToWall(zone, ctx.epoch(o.start)) - epochToWall(zone, at);
    futures.push({ at, delta, o });
    margin = Math.max(margin, Math.abs(delta) + spanUpperBound(o.span ?? span) + 2 * DAY_MS);
  }
  futures.sort((a, b) => a.at - b.at);
  if (!master.busy && futures.every((f) => !f.o.busy)) return;

  const exEpochs = new Set<number>();
  const exDates = new Set<string>();
  for (const ex of master.exdates) {
    exEpochs.add(ctx.epoch(ex));
    if (ex.isDate) exDates.add(wallDate(ex.wall));
  }

  const occurrences: Occurrence[] = [];
  const seen = new Set<number>();
  const add = (time: TimeValue, explicitEnd?: number) => {
    const start = ctx.epoch(time);
    if (seen.has(start)) return;
    seen.add(start);
    if (exEpochs.has(start)) return;
    if (exDates.size > 0 && exDates.has(wallDate(time.wall))) return;
    occurrences.push({ wall: time.wall, start, ...(explicitEnd !== undefined ? { explicitEnd } : {}) });
  };

  // DTSTART is always the first instance (RFC 5545 §3.8.5.3), even when the rule would not produce it.
  add(master.start);
  const lowWall = ctx.from - margin;
  const highWall = ctx.to + margin;
  for (const rule of master.rrules) {
    walkRule(
      {
        rule,
        startWall: master.start.wall,
        isDate: master.start.isDate,
        pastUntil: untilTest(rule, master.start),
        lowWall,
        highWall,
        dtstartCounts: true,
        budget: ctx.budget,
        maxSteps: ctx.maxIterations,
      },
      (wall) => add({ wall, isDate: master.start.isDate, zone, utc: master.start.utc }),
    );
  }
  for (const rdate of master.rdates) {
    const explicitEnd = rdate.end ? ctx.epoch(rdate.end) : rdate.duration ? endOf(rdate.time, { kind: 'nominal', ...rdate.duration }, ctx, master.uid) : undefined;
    // An RDATE is read in its own zone but recurs with the series: convert it to DTSTART's clock.
    const wall = rdate.time.isDate === master.start.isDate ? epochToWall(zone, ctx.epoch(rdate.time)) : rdate.time.wall;
    add({ wall, isDate: master.start.isDate, zone, utc: master.start.utc }, explicitEnd);
  }

  // Overrides: matched on the instant; failing that, a DATE RECURRENCE-ID on the date and one written in
  // another zone on the wall time as written.
  const claimed = new Set<number>(); // occurrence starts replaced by an override
  if (overrides && overrides.size > 0) {
    const byStart = new Map(occurrences.map((o) => [o.start, o]));
    const pending: EventData[] = [];
    for (const [at, o] of overrides) {
      if (byStart.has(at) && !claimed.has(at)) claimed.add(at);
      else pending.push(o);
    }
    for (const o of pending) {
      const rid = o.recurrenceId!;
      let match: Occurrence | undefined;
      if (rid.isDate) {
        const date = wallDate(rid.wall);
        match = occurrences.find((x) => !claimed.has(x.start) && wallDate(x.wall) === date);
      } else if (rid.zone !== zone && !rid.utc) {
        match = occurrences.find((x) => !claimed.has(x.start) && x.wall === rid.wall);
      }
      if (match) claimed.add(match.start);
    }
  }

  for (const occ of occurrences) {
    if (claimed.has(occ.start)) continue;
    let future: (typeof futures)[number] | undefined;
    for (const f of futures) if (f.at < occ.start) future = f;
    if (!future) {
      if (!master.busy) continue;
      const end = occ.explicitEnd ?? endOf({ wall: occ.wall, isDate: master.start.isDate, zone, utc: false }, span, ctx, master.uid);
      ctx.emit(master, occ.start, end, isRecurring ? occ.start : undefined);
      continue;
    }
    const o = future.o;
    if (!o.busy) continue;
    const moved: TimeValue = { wall: occ.wall + future.delta, isDate: master.start.isDate, zone, utc: false };
    const start = ctx.epoch(moved);
    ctx.emit({ ...o, start: { ...o.start, isDate: master.start.isDate } }, start, endOf(moved, o.span ?? span, ctx, master.uid), occ.start);
  }
}

function readFreeBusy(comp: IcalComponent, ctx: Context): void {
  const uid = firstProperty(comp, 'UID')?.value.trim() || 'freebusy';
  for (const prop of allProperties(comp, 'FREEBUSY')) {
    const fbtype = (prop.params.FBTYPE ?? 'BUSY').trim().toUpperCase();
    if (fbtype === 'FREE') continue;
    const periods = readTimes(prop, ctx, uid, (why) => {
      throw new IcalError('ical_invalid_event', why, { uid });
    });
    for (const period of periods) {
      const start = ctx.epoch(period.time);
      const end = period.end ? ctx.epoch(period.end) : period.duration ? endOf(period.time, { kind: 'nominal', ...period.duration }, ctx, uid) : Number.NaN;
      if (!(end >= start)) throw new IcalError('ical_invalid_event', 'FREEBUSY needs a PERIOD with an end after its start', { uid });
      if (!(end > start) || end <= ctx.from || start >= ctx.to) continue;
      ctx.busy.push({ start, end, uid, private: false, tentative: fbtype === 'BUSY-TENTATIVE', allDay: false, source: 'freebusy' });
    }
  }
}
