import { z } from 'zod';
import { DATE_MAX, DATE_MIN, isDateInRange, isValidDate, isValidTime } from '../../domain/dates.ts';
import type { DetailCode, DetailParams } from '../../domain/errors.ts';
import { isIanaZone } from '../../domain/tenant-zone.ts';

/**
 * A refinement's issue that carries a field detail code (details.* in the catalogue) instead of a sentence:
 * the HTTP boundary (issueMessage) shows it in the caller's language.
 */
export const detailIssue = (code: DetailCode, params: DetailParams = {}) => ({ message: code, params: { detail: code, ...params } });


export const idParam = z.object({ id: z.string().uuid() });
// The regex also lands in the OpenAPI description; the refine rejects impossible dates like 2026-02-30.
export const localDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'Expected a date as YYYY-MM-DD' })
  .refine(isValidDate, { message: 'Not an existing date' })
  .refine((d) => !isValidDate(d) || isDateInRange(d), detailIssue('date_out_of_range', { min: DATE_MIN, max: DATE_MAX }));
/** A birth date: an existing date from 1900 up to today (a date in the future or 9999-12-31 is a typo). */
export const birthDate = localDate.superRefine((d, ctx) => {
  // Today as the latest zone on earth sees it, so nobody born "today" anywhere is refused.
  const today = new Date(Date.now() + 14 * 3_600_000).toISOString().slice(0, 10);
  if (isDateInRange(d) && d > today) ctx.addIssue({ code: 'custom', input: d, ...detailIssue('date_out_of_range', { min: DATE_MIN, max: today }) });
});
/** An IANA zone such as Europe/Amsterdam, checked against the zone rules Koppel computes with. */
export const ianaZoneSchema = z.string().trim().min(1).max(64).refine(isIanaZone, detailIssue('unknown_time_zone'));
export const localTime = z
  .string()
  .regex(/^\d{2}:\d{2}(:\d{2})?$/, { message: 'Expected a time as HH:MM' })
  .refine(isValidTime, { message: 'Not a valid time of day' });
export const paging = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
};
export const pageOf = <T extends z.ZodTypeAny>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
export const ok = z.object({ ok: z.literal(true) });
export const roleSchema = z.enum(['owner', 'admin', 'hr_admin', 'planner', 'recruiter', 'interviewer']);
export const localeSchema = z.enum(['nl', 'de', 'en']);
/** Empty strings from forms become null. */
export const optionalText = (max = 200) =>
  z
    .string()
    .max(max)
    .nullish()
    .transform((v) => (v === undefined ? undefined : v === null || v.trim() === '' ? null : v.trim()));
/** Instants: Date inside Koppel, ISO 8601 string on the wire (a codec, so responses encode it). */
export const dateTime = z.codec(z.iso.datetime({ offset: true }), z.date(), {
  decode: (s) => new Date(s),
  encode: (d) => d.toISOString(),
});
