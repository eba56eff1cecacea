import { IcalError } from './ical-error.ts';
import { allProperties, firstProperty, type IcalComponent } from './ical-parse.ts';
import { parseRawDateTime } from './ical-values.ts';
import { ExpansionBudget, parseRRule, type RRule, walkRule } from './rrule.ts';
import { fixedOffsetZone, type ZoneRules } from '../time/zone-rules.ts';

/**
 * A VTIMEZONE shipped in the file, turned into offset rules without registering anything in
 * ical.js's global TimezoneService (two calendars may define the same TZID differently).
 * Each STANDARD/DAYLIGHT observance contributes onsets: DTSTART and its RRULE/RDATE expansions,
 * given in the local time in force before the onset (TZOFFSETFROM).
 */
export function vtimezoneRules(component: IcalComponent, horizonYear: number): ZoneRules {
  // Pure in its input, and the same VTIMEZONE arrives with every fetch of a calendar: memoise.
  const key = `${horizonYear}|${JSON.stringify(component)}`;
  const cached = memo.get(key);
  if (cached) return cached;
  const rules = buildRules(component, horizonYear);
  if (memo.size >= 256) memo.clear();
  memo.set(key, rules);
  return rules;
}

const memo = new Map<string, ZoneRules>();

function buildRules(component: IcalComponent, horizonYear: number): ZoneRules {
  const tzid = firstProperty(component, 'TZID')?.value.trim() ?? '';
  const fail = (why: string, cause?: unknown): never => {
    throw new IcalError('ical_invalid_timezone', `VTIMEZONE ${tzid || '(no TZID)'}: ${why}`, { cause });
  };
  const onsets: { at: number; from: number; to: number }[] = [];
  const observances = component.components.filter((c) => c.name === 'STANDARD' || c.name === 'DAYLIGHT');
  if (observances.length === 0) fail('no STANDARD or DAYLIGHT observance');
  const horizonWall = Date.UTC(horizonYear + 1, 0, 1);

  for (const obs of observances) {
    const from = offsetSeconds(obs, 'TZOFFSETFROM', fail) * 1000;
    const to = offsetSeconds(obs, 'TZOFFSETTO', fail) * 1000;
    const start = parseLocal(firstProperty(obs, 'DTSTART')?.value);
    if (start === undefined) fail(`${obs.name} has no valid DTSTART`);
    const startWall = start as number;
    onsets.push({ at: startWall - from, from, to });

    for (const rdate of allProperties(obs, 'RDATE')) {
      for (const value of rdate.value.split(',')) {
        const text = value.split('/')[0]!;
        const wall = parseLocal(text);
        if (wall === undefined) fail('invalid RDATE');
        const utc = text.trim().toUpperCase().endsWith('Z');
        onsets.push({ at: utc ? (wall as number) : (wall as number) - from, from, to });
      }
    }
    for (const prop of allProperties(obs, 'RRULE')) {
      let recur: RRule;
      try {
        recur = parseRRule(prop.value);
      } catch (err) {
        return fail('invalid RRULE', err);
      }
      // Outlook starts its rules in 1601; only the last decades matter for scheduling, so start a
      // yearly rule without COUNT closer to now (keeping month, day, time and the INTERVAL phase).
      let ruleStart = startWall;
      const startYear = new Date(startWall).getUTCFullYear();
      const d = new Date(startWall);
      if (recur.freq === 'YEARLY' && recur.count === undefined && startYear < 1970 && !(d.getUTCMonth() === 1 && d.getUTCDate() === 29)) {
        const step = recur.interval;
        const years = Math.ceil((1970 - startYear) / step) * step;
        ruleStart = Date.UTC(startYear + years, d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds());
      }
      const until = recur.until;
      walkRule(
        {
          rule: recur,
          startWall: ruleStart,
          isDate: false,
          pastUntil: until ? (wall) => (until.utc ? wall - from > until.wall : wall > until.wall + (until.isDate ? 86_399_999 : 0)) : undefined,
          lowWall: Number.NEGATIVE_INFINITY,
          highWall: horizonWall,
          dtstartCounts: true,
          budget: new ExpansionBudget({ maxSteps: 500_000, maxInstances: 10_000, maxMillis: 1_000 }),
        },
        (wall) => onsets.push({ at: wall - from, from, to }),
      );
    }
  }

  onsets.sort((a, b) => a.at - b.at);
  if (onsets.every((o) => o.to === onsets[0]!.to) && onsets.every((o) => o.from === onsets[0]!.from) && onsets[0]!.from === onsets[0]!.to) {
    return fixedOffsetZone(tzid, onsets[0]!.to);
  }
  const at = onsets.map((o) => o.at);
  const offsets = onsets.map((o) => o.to);
  const initial = onsets[0]!.from;
  return {
    id: tzid,
    offsetAt(epochMs: number): number {
      let lo = 0;
      let hi = at.length - 1;
      let found = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (at[mid]! <= epochMs) {
          found = mid;
          lo = mid + 1;
        } else {
          hi = mid - 1;
        }
      }
      return found < 0 ? initial : offsets[found]!;
    },
  };
}

function offsetSeconds(obs: IcalComponent, name: string, fail: (why: string) => never): number {
  const m = /^([+-])(\d{2}):?(\d{2})(?::?(\d{2}))?$/.exec(firstProperty(obs, name)?.value.trim() ?? '');
  const seconds = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4] ?? 0)) : Number.NaN;
  if (!Number.isFinite(seconds) || Math.abs(seconds) > 18 * 3600) {
    return fail(`${obs.name} has no valid ${name}`);
  }
  return seconds;
}

function parseLocal(text: string | undefined): number | undefined {
  const value = parseRawDateTime(text);
  return value && !value.isDate ? value.wall : undefined;
}
