import { XMLParser } from 'fast-xml-parser';

/**
 * The WebDAV/CalDAV XML Koppel sends and reads (RFC 4918, 4791, 6638). Namespaces are matched by local
 * name only: servers pick their own prefixes (DAViCal "C:", Radicale "C:"/"CR:", others default
 * namespaces), and the DAV:/caldav element names we read do not collide.
 */

export class DavXmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DavXmlError';
  }
}

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  htmlEntities: true,
  isArray: (name) => ['response', 'propstat', 'href', 'comp', 'recipient'].includes(name),
});

type XmlNode = Record<string, unknown>;

export interface DavPropstat {
  status: number;
  /** Properties by local name; values are raw parsed nodes (see the readers below). */
  props: Record<string, unknown>;
}

export interface DavResponse {
  href: string;
  /** Response-level status (e.g. a 404 for a whole resource), when the server sends one. */
  status?: number;
  propstats: DavPropstat[];
}

function parse(xml: string): XmlNode {
  if (typeof xml !== 'string') throw new DavXmlError('not an XML body');
  // PHP servers with display_errors on put warnings before the document (seen with DAViCal): skip to it.
  const declaration = xml.indexOf('<?xml');
  if (declaration > 0 && !xml.trimStart().startsWith('<?xml')) xml = xml.slice(declaration);
  if (!xml.trim().startsWith('<')) throw new DavXmlError('not an XML body');
  try {
    return parser.parse(xml, true) as XmlNode;
  } catch (err) {
    throw new DavXmlError(`malformed XML: ${(err as Error).message.split('\n')[0]}`);
  }
}

/** Text content of a node that may be a string, a {#text} object, or absent. */
export function text(node: unknown): string | undefined {
  if (node === undefined || node === null) return undefined;
  if (typeof node === 'string') return node;
  if (typeof node === 'number' || typeof node === 'boolean') return String(node);
  if (Array.isArray(node)) return text(node[0]);
  if (typeof node === 'object') {
    const t = (node as XmlNode)['#text'];
    return t === undefined ? '' : String(t);
  }
  return undefined;
}

/** "HTTP/1.1 404 Not Found" → 404. */
export function statusCode(line: unknown): number | undefined {
  const m = /^\s*HTTP\/\d(?:\.\d)?\s+(\d{3})/.exec(text(line) ?? '');
  return m ? Number(m[1]) : undefined;
}

export function parseMultistatus(xml: string): DavResponse[] {
  const doc = parse(xml);
  const ms = doc.multistatus as XmlNode | string | undefined;
  // An empty <multistatus/> (a calendar-query with no events in the range) is valid: it parses as ''.
  if (ms === '') return [];
  if (!ms || typeof ms !== 'object') throw new DavXmlError('no DAV:multistatus element');
  const responses = (ms.response as XmlNode[] | undefined) ?? [];
  return responses.map((r) => {
    const href = text((r.href as unknown[] | undefined)?.[0])?.trim();
    if (!href) throw new DavXmlError('DAV:response without DAV:href');
    const propstats = ((r.propstat as XmlNode[] | undefined) ?? []).map((ps) => {
      const prop = ps.prop;
      return { status: statusCode(ps.status) ?? 200, props: prop && typeof prop === 'object' ? (prop as Record<string, unknown>) : {} };
    });
    return { href: safeDecode(href), status: statusCode(r.status), propstats };
  });
}

/** A property from the 2xx propstat of a response, or undefined. */
export function okProp(response: DavResponse, name: string): unknown {
  for (const ps of response.propstats) {
    if (ps.status >= 200 && ps.status < 300 && name in ps.props) return ps.props[name];
  }
  return undefined;
}

/** The hrefs inside a property such as current-user-principal or calendar-user-address-set. */
export function hrefs(prop: unknown): string[] {
  if (!prop || typeof prop !== 'object') return [];
  const list = (prop as XmlNode).href;
  if (!Array.isArray(list)) return [];
  return list.map((h) => text(h)?.trim()).filter((h): h is string => !!h).map(safeDecode);
}

/** Local names of the child elements (resourcetype → ['collection', 'calendar']). */
export function childNames(prop: unknown): string[] {
  if (!prop || typeof prop !== 'object') return [];
  return Object.keys(prop as XmlNode).filter((k) => !k.startsWith('@') && k !== '#text');
}

/** supported-calendar-component-set → ['VEVENT', 'VTODO']; undefined when the property is absent. */
export function componentNames(prop: unknown): string[] | undefined {
  if (prop === undefined) return undefined;
  if (!prop || typeof prop !== 'object') return [];
  const comps = (prop as XmlNode).comp;
  if (!Array.isArray(comps)) return [];
  return comps.map((c) => String((c as XmlNode)['@name'] ?? '').toUpperCase()).filter(Boolean);
}

export interface ScheduleResponseItem {
  recipient: string;
  /** iTIP REQUEST-STATUS, e.g. "2.0;Success", "3.7;Invalid Calendar User". */
  requestStatus: string;
  calendarData?: string;
}

/** RFC 6638 §5 CALDAV:schedule-response (answer to a POST on the schedule-outbox). */
export function parseScheduleResponse(xml: string): ScheduleResponseItem[] {
  const doc = parse(xml);
  const root = doc['schedule-response'] as XmlNode | undefined;
  if (!root || typeof root !== 'object') throw new DavXmlError('no CALDAV:schedule-response element');
  const responses = (root.response as XmlNode[] | undefined) ?? [];
  return responses.map((r) => {
    const recipient = (r.recipient as unknown[] | undefined)?.[0];
    const href = hrefs(recipient)[0] ?? text(recipient)?.trim();
    if (!href) throw new DavXmlError('schedule-response without recipient');
    return {
      recipient: href,
      requestStatus: (text(r['request-status']) ?? '').trim(),
      calendarData: text(r['calendar-data']),
    };
  });
}

function safeDecode(href: string): string {
  try {
    return decodeURI(href);
  } catch {
    return href;
  }
}

// ---------------------------------------------------------------------------------------------------
// Request bodies

const HEAD = '<?xml version="1.0" encoding="utf-8"?>';
const NS = 'xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"';

export function propfindBody(props: string[]): string {
  return `${HEAD}<D:propfind ${NS}><D:prop>${props.map((p) => `<${p}/>`).join('')}</D:prop></D:propfind>`;
}

/** iCalendar UTC form for CALDAV:time-range: 20260310T100000Z. */
export function utcStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** RFC 4791 §7.8 calendar-query: VEVENTs overlapping [from, to), with their data. */
export function calendarQueryBody(from: number, to: number): string {
  return (
    `${HEAD}<C:calendar-query ${NS}><D:prop><D:getetag/><C:calendar-data/></D:prop>` +
    `<C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"><C:time-range start="${utcStamp(from)}" end="${utcStamp(to)}"/>` +
    '</C:comp-filter></C:comp-filter></C:filter></C:calendar-query>'
  );
}

/** RFC 4791 §7.10 free-busy-query. */
export function freeBusyQueryBody(from: number, to: number): string {
  return `${HEAD}<C:free-busy-query ${NS}><C:time-range start="${utcStamp(from)}" end="${utcStamp(to)}"/></C:free-busy-query>`;
}
