import { IcalError } from './ical-error.ts';

/**
 * iCalendar (RFC 5545 §3.1) content lines → components, values kept exactly as written.
 *
 * Koppel reads values itself (ical-values.ts, rrule.ts) rather than through ical.js's decoders, which drop a
 * doubled "Z" (a UTC time read as floating), turn an EXDATE written as a DATE into "2020-01-16T::" and fail the
 * whole calendar on one bad RRULE. Here a bad value is the problem of the one property that holds it.
 */
export interface IcalProperty {
  /** Upper case. */
  readonly name: string;
  /** Parameter names upper case; values unquoted, as written. */
  readonly params: Readonly<Record<string, string>>;
  readonly value: string;
}

export interface IcalComponent {
  /** Upper case, e.g. VEVENT. */
  readonly name: string;
  readonly props: IcalProperty[];
  readonly components: IcalComponent[];
}

export function firstProperty(comp: IcalComponent, name: string): IcalProperty | undefined {
  for (const p of comp.props) if (p.name === name) return p;
  return undefined;
}

export function allProperties(comp: IcalComponent, name: string): IcalProperty[] {
  return comp.props.filter((p) => p.name === name);
}

/** TEXT unescaping (RFC 5545 §3.3.11). */
export function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

/** A property name, optionally behind a group ("GROUP1.X-TEST", as vCard writes it); the group is dropped. */
const NAME = /^(?:[A-Za-z0-9-]+\.)?[A-Za-z0-9-]+$/;
const ungrouped = (name: string) => name.slice(name.indexOf('.') + 1);
/** Components that hold one calendar item each: none of them can hold another. */
const ITEMS = new Set(['VEVENT', 'VTODO', 'VJOURNAL', 'VFREEBUSY']);
/** What the start of a property line looks like: a name, then ';' or ':'. */
const PROPERTY_START = /^(?:[A-Za-z0-9-]+\.)?[A-Za-z0-9-]+[;:]/;

function parseLine(line: string, lineNo: number): IcalProperty {
  // Fast path: no quoted parameter before the value (almost every line).
  const colon = line.indexOf(':');
  const quote = line.indexOf('"');
  if (colon > 0 && (quote < 0 || quote > colon)) {
    const semi = line.indexOf(';');
    if (semi < 0 || semi > colon) {
      const name = line.slice(0, colon).trim();
      if (!NAME.test(name)) throw new IcalError('ical_parse', `line ${lineNo} is not a content line`);
      return { name: ungrouped(name).toUpperCase(), params: NO_PARAMS, value: line.slice(colon + 1) };
    }
  }
  try {
    return parseLineSlow(line, lineNo, false);
  } catch (err) {
    // Not RFC 5545 (where a backslash is an ordinary character of a parameter value), but written:
    // ORGANIZER;CN=Society\; 2014:… — read only when the line cannot be read as the RFC says.
    if (!line.includes('\\')) throw err;
    return parseLineSlow(line, lineNo, true);
  }
}

const NO_PARAMS: Readonly<Record<string, string>> = Object.freeze({});

function parseLineSlow(line: string, lineNo: number, backslashEscapes: boolean): IcalProperty {
  // name *(";" param) ":" value — a ':' or ';' inside a quoted parameter value does not count.
  let i = 0;
  const n = line.length;
  while (i < n && line[i] !== ';' && line[i] !== ':') i++;
  const written = line.slice(0, i).trim();
  if (!written || i >= n || !NAME.test(written)) throw new IcalError('ical_parse', `line ${lineNo} is not a content line`);
  const name = ungrouped(written).toUpperCase();
  const params: Record<string, string> = {};
  while (line[i] === ';') {
    i++;
    const eq = line.indexOf('=', i);
    if (eq < 0) throw new IcalError('ical_parse', `line ${lineNo}: parameter without value`);
    const pname = line.slice(i, eq).trim().toUpperCase();
    i = eq + 1;
    let value = '';
    // a parameter may hold several values, each quoted or not
    for (;;) {
      if (line[i] === '"') {
        const close = line.indexOf('"', i + 1);
        if (close < 0) throw new IcalError('ical_parse', `line ${lineNo}: unterminated quoted parameter`);
        value += line.slice(i + 1, close);
        i = close + 1;
      } else {
        const start = i;
        while (i < n && line[i] !== ';' && line[i] !== ':' && line[i] !== ',') i += backslashEscapes && line[i] === '\\' && i + 1 < n ? 2 : 1;
        value += line.slice(start, i);
      }
      if (line[i] === ',') {
        value += ',';
        i++;
        continue;
      }
      break;
    }
    if (!(pname in params)) params[pname] = value;
  }
  if (line[i] !== ':') throw new IcalError('ical_parse', `line ${lineNo} is not a content line`);
  return { name, params, value: line.slice(i + 1) };
}

/**
 * Parses iCalendar text into its top-level components (normally VCALENDARs).
 *
 * Broken structure is repaired, told through `onRepair`, rather than losing the calendar:
 * - an END that names an outer component also closes the ones still open (END:VCALENDAR after a VEVENT without
 *   END), and a BEGIN of an event, to-do, journal or free/busy inside another one first closes that one (a missing
 *   END:VEVENT between two events);
 * - an END naming no open component (END:VTOOD) closes the open one when that is one of those, and is ignored
 *   when only the VCALENDAR is open (END:VCALENDARD then closes it at the end of the text if nothing else does);
 * - a line outside every component (after END:VCALENDAR) is ignored;
 * - a line that starts like a property but cannot be read is kept with its name, no parameters and the text after
 *   its first ':' (an unreadable DTEND must not make an event end where it starts).
 * A component never closed stays an error: the text may have been cut off, and what is missing could be busy time.
 * Without `onRepair` every one of these is an error.
 */
export function parseIcal(text: string, onRepair?: (message: string) => void): IcalComponent[] {
  const source = text.replace(/^\uFEFF/, '');
  const rawLines = source.split(/\r\n|\n|\r/);
  const roots: IcalComponent[] = [];
  const stack: IcalComponent[] = [];
  const outside: string[] = [];
  let strayEndAtCalendar = false;
  const repair = (message: string) => {
    if (!onRepair) throw new IcalError('ical_parse', message);
    onRepair(message);
  };
  let current: string | undefined;
  let currentNo = 0;
  const handle = (line: string, lineNo: number) => {
    if (line.trim() === '') return;
    let prop: IcalProperty;
    try {
      prop = parseLine(line, lineNo);
    } catch (err) {
      // A line that is no content line inside a component is, in real exports, a long value whose line break
      // was not folded (DESCRIPTION text): keep it with the property before it rather than lose the calendar. A
      // line that starts like a property but cannot be read is left out instead (joined to a DTSTART before it,
      // it would break that one too), and so is any such line outside every component.
      const props = stack[stack.length - 1]?.props;
      const last = props?.[props.length - 1];
      if (!props) {
        if (!onRepair) throw err;
        outside.push(`line ${lineNo} is not a content line and is ignored`);
        return;
      }
      const shown = JSON.stringify(line.length > 60 ? `${line.slice(0, 60)}…` : line);
      const start = PROPERTY_START.exec(line);
      if (start) {
        const name = ungrouped(start[0].slice(0, -1)).toUpperCase();
        const colon = line.indexOf(':');
        repair(`line ${lineNo} cannot be read; kept as ${name} without its parameters: ${shown}`);
        props.push({ name, params: NO_PARAMS, value: colon < 0 ? '' : line.slice(colon + 1) });
        return;
      }
      if (!last) {
        repair(`line ${lineNo} cannot be read and is ignored: ${shown}`);
        return;
      }
      props[props.length - 1] = { ...last, value: `${last.value}\n${line}` };
      return;
    }
    if (prop.name === 'BEGIN') {
      const comp: IcalComponent = { name: prop.value.trim().toUpperCase(), props: [], components: [] };
      const top = stack[stack.length - 1];
      if (top && ITEMS.has(top.name) && ITEMS.has(comp.name)) {
        repair(`line ${lineNo}: BEGIN:${comp.name} inside BEGIN:${top.name}, which had no END; that one ends here`);
        stack.pop();
      }
      if (stack.length) stack[stack.length - 1]!.components.push(comp);
      else roots.push(comp);
      stack.push(comp);
      return;
    }
    if (prop.name === 'END') {
      const name = prop.value.trim().toUpperCase();
      const top = stack[stack.length - 1];
      if (!top) {
        // A second END:VCALENDAR after the calendar: no part of anything, like any other line out there.
        if (!onRepair || roots.length === 0) throw new IcalError('ical_parse', `line ${lineNo}: END:${prop.value} does not close anything`);
        outside.push(`line ${lineNo}: END:${prop.value} outside any component is ignored`);
        return;
      }
      if (top.name === name) {
        stack.pop();
        return;
      }
      const open = stack.map((c) => c.name).lastIndexOf(name);
      if (open >= 0) {
        repair(`line ${lineNo}: END:${name} also closes ${stack.slice(open + 1).map((c) => `BEGIN:${c.name}`).reverse().join(', ')}, which had no END`);
        stack.length = open;
      } else if (stack.length === 1) {
        // Only the calendar is open: closing it here would leave every later event outside it.
        repair(`line ${lineNo}: END:${prop.value} closes nothing that is open and is ignored`);
        strayEndAtCalendar = true;
      } else {
        repair(`line ${lineNo}: END:${prop.value} read as the END of BEGIN:${top.name}`);
        stack.pop();
      }
      return;
    }
    if (!stack.length) {
      // A line after END:VCALENDAR (Podio appends "X-COMMENT:Cached from …") or before the first BEGIN is no
      // part of any component: ignored, so long as the text has components at all.
      if (!onRepair) throw new IcalError('ical_parse', `line ${lineNo}: property outside any component`);
      outside.push(`line ${lineNo}: ${prop.name} outside any component is ignored`);
      return;
    }
    stack[stack.length - 1]!.props.push(prop);
  };
  for (let i = 0; i < rawLines.length; i++) {
    const line = rawLines[i]!;
    if ((line.startsWith(' ') || line.startsWith('\t')) && current !== undefined) {
      current += line.slice(1); // folded continuation (RFC 5545 §3.1)
      continue;
    }
    if (current !== undefined) handle(current, currentNo);
    current = line;
    currentNo = i + 1;
  }
  if (current !== undefined) handle(current, currentNo);
  if (stack.length === 1 && strayEndAtCalendar) {
    repair(`BEGIN:${stack[0]!.name} had no END of its own; the stray END above closes it`);
    stack.pop();
  }
  if (stack.length) throw new IcalError('ical_parse', `BEGIN:${stack[stack.length - 1]!.name} is never closed`);
  if (roots.length === 0) throw new IcalError('ical_parse', outside.length ? `${outside[0]!.replace(/ (and )?is ignored$/, '')}; no iCalendar component found` : 'no iCalendar component found');
  for (const message of outside) onRepair?.(message);
  return roots;
}
