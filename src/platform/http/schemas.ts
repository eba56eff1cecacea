import { z } from 'zod';
import { isValidDate, isValidTime } from '../../domain/dates.ts';

export const idParam = z.object({ id: z.string().uuid() });
// The regex also lands in the OpenAPI description; the refine rejects impossible dates like 2026-02-30.
export const localDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'Expected a date as YYYY-MM-DD' })
  .refine(isValidDate, { message: 'Not an existing date' });
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
