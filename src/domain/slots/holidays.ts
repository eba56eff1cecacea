import Holidays, { type HolidaysTypes } from 'date-holidays';
import { SlotSearchError } from './slot-error.ts';
import type { LocalBlock } from './working-hours.ts';

/**
 * Public holidays as local blocks (F-40), from date-holidays' offline data. The dates are local
 * calendar dates of the country; the slot search applies them in the participant's own zone.
 * Memoised per region and year (pure data, no I/O).
 */
export interface HolidayRegion {
  /** ISO 3166-1 alpha-2, e.g. 'NL'. */
  readonly country: string;
  /** e.g. 'BY' for Bavaria. */
  readonly state?: string;
  readonly region?: string;
}

export interface HolidayBlock extends LocalBlock {
  readonly name: string;
  readonly type: HolidaysTypes.HolidayType;
}

/** Types that mean "nobody works": public holidays. Bank/school/optional days are opt-in. */
export const BLOCKING_HOLIDAY_TYPES: readonly HolidaysTypes.HolidayType[] = ['public'];

const instances = new Map<string, Holidays>();
const years = new Map<string, HolidayBlock[]>();
let countries: Record<string, string> | undefined;

function holidaysFor(region: HolidayRegion): Holidays {
  const country = typeof region?.country === 'string' ? region.country.toUpperCase() : '';
  countries ??= new Holidays().getCountries();
  if (!countries[country]) throw new SlotSearchError('holidayRegion.country', `no holiday data for ${JSON.stringify(region?.country)}`);
  const key = [country, region.state ?? '', region.region ?? ''].join('/');
  let hd = instances.get(key);
  if (!hd) {
    hd = region.region ? new Holidays(country, region.state ?? '', region.region) : region.state ? new Holidays(country, region.state) : new Holidays(country);
    instances.set(key, hd);
  }
  return hd;
}

function blocksForYear(region: HolidayRegion, year: number): HolidayBlock[] {
  const key = [region.country.toUpperCase(), region.state ?? '', region.region ?? '', year].join('/');
  let blocks = years.get(key);
  if (!blocks) {
    blocks = holidaysFor(region)
      .getHolidays(year)
      .map((h) => {
        const date = h.date.slice(0, 10);
        const time = h.date.slice(11, 16);
        const days = Math.max(1, Math.round((h.end.getTime() - h.start.getTime()) / 86_400_000));
        const endDate = new Date(Date.parse(`${date}T00:00:00Z`) + (days - 1) * 86_400_000).toISOString().slice(0, 10);
        return {
          startDate: date,
          endDate,
          ...(time && time !== '00:00' ? { startTime: time } : {}),
          name: h.name,
          type: h.type,
        };
      });
    years.set(key, blocks);
  }
  return blocks;
}

/** Holidays of the given types touching [fromDate, toDate] (local dates, inclusive). */
export function holidayBlocks(
  region: HolidayRegion,
  fromDate: string,
  toDate: string,
  types: readonly HolidaysTypes.HolidayType[] = BLOCKING_HOLIDAY_TYPES,
): HolidayBlock[] {
  const out: HolidayBlock[] = [];
  for (let year = Number(fromDate.slice(0, 4)) - 1; year <= Number(toDate.slice(0, 4)); year++) {
    for (const b of blocksForYear(region, year)) {
      if (types.includes(b.type) && b.endDate >= fromDate && b.startDate <= toDate) out.push(b);
    }
  }
  return out;
}
