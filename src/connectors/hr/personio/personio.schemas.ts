import { z } from 'zod';
import { isCalendarDate } from '../../kit/hr-connector.ts';

/**
 * zod schemas of Personio's v1 payloads (vendor reference: personio-api.md, the vendor's OpenAPI in
 * test/fixtures/specs/personio/). Envelopes are parsed strictly enough to page safely; rows stay
 * `unknown` at the envelope level so one broken row never fails a page — the mappers parse each
 * row and each attribute on its own and keep whatever is valid.
 */

// ── scalar quirks ────────────────────────────────────────────────────────────

/** Personio ids are integers; some payloads send them as strings. Anything else ("123x") is not an id. */
export const personioIdSchema = z.union([z.number().int().positive(), z.string().regex(/^\d+$/).transform(Number)], { error: 'not an id' });

/**
 * Dates arrive as `2014-11-09T00:00:00+01:00`, `…+0100` (time-offs), or plain `2014-11-09` (dynamic
 * date attributes). The calendar date is the part BEFORE the offset: it is the company's local date.
 * Converting to UTC would move every date one day back (midnight in Berlin is 23:00 the day before).
 */
export const personioLocalDateSchema = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/, 'not a date')
  .refine((s) => isCalendarDate(s.slice(0, 10)), 'not a date')
  .transform((s) => s.slice(0, 10));

/** Numbers that Personio sends as strings (`weekly_working_hours: '38.5'`); a German decimal comma is accepted. */
export const personioNumberSchema = z.union(
  [
    z.number(),
    z
      .string()
      .trim()
      .regex(/^-?\d+(?:[.,]\d+)?$/)
      .transform((s) => Number(s.replace(',', '.'))),
  ],
  { error: 'not a number' },
);

export const personioTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, 'not a time (HH:mm)');

/** `{type: "Department", attributes: {id, name}}` — departments, offices, teams, subcompanies. */
export const personioNamedRefSchema = z.object({
  type: z.string().optional(),
  attributes: z.object({ id: personioIdSchema, name: z.string() }),
});

export const personioCostCenterSchema = z.object({
  type: z.string().optional(),
  attributes: z.object({ id: personioIdSchema, name: z.string(), percentage: personioNumberSchema.optional() }),
});
export const personioCostCentersSchema = z.array(personioCostCenterSchema);

export const PERSONIO_STATUSES = ['onboarding', 'active', 'leave', 'inactive'] as const;

// ── employees ────────────────────────────────────────────────────────────────

/** Every employee attribute: `{label, value, type, universal_id}` (+ `currency` on salaries). */
export const personioAttributeSchema = z.looseObject({
  label: z.string().optional(),
  value: z.unknown(),
  type: z.string().optional(),
  universal_id: z.string().nullable().optional(),
});
export type PersonioAttribute = z.infer<typeof personioAttributeSchema>;

/** A row of the employee list; attribute envelopes are checked one by one in the mapper. */
export const personioEmployeeRowSchema = z.looseObject({
  type: z.string().optional(),
  attributes: z.record(z.string(), z.unknown()),
});

const pagingNumber = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/).transform(Number)]);

/** `GET /v1/company/employees` and `/attendances`: record-offset pages. `offset`/`limit` may come as strings (§3). */
export const personioListEnvelopeSchema = z.looseObject({
  success: z.literal(true),
  metadata: z
    .looseObject({
      total_elements: pagingNumber.optional(),
      current_page: pagingNumber.optional(),
      total_pages: pagingNumber.optional(),
    })
    .nullish(),
  offset: pagingNumber.nullish(),
  limit: pagingNumber.nullish(),
  data: z.array(z.unknown()),
});
export type PersonioListEnvelope = z.infer<typeof personioListEnvelopeSchema>;

/** `GET /v1/company/employees/attributes`. */
export const personioAttributeDefSchema = z.looseObject({
  key: z.string(),
  label: z.string(),
  type: z.string().optional(),
  universal_id: z.string().nullable().optional(),
  options: z.array(z.string()).nullish(),
});
export type PersonioAttributeDef = z.infer<typeof personioAttributeDefSchema>;

export const personioAttributeListSchema = z.looseObject({
  success: z.literal(true),
  data: z.array(z.unknown()),
});

// ── auth and errors ──────────────────────────────────────────────────────────

export const personioAuthResponseSchema = z.looseObject({
  success: z.literal(true),
  data: z.looseObject({
    token: z.string().min(1),
    expires_in: personioNumberSchema.optional(),
    scope: z.string().optional(),
  }),
});

/** v1 error envelope; `code` is often 0 and the message sometimes German (§5). */
export const personioErrorSchema = z.looseObject({
  success: z.literal(false).optional(),
  error: z.looseObject({
    code: z.union([z.number(), z.string()]).optional(),
    message: z.string().optional(),
    detailed_message: z.unknown().optional(),
  }),
});

// v1 attendances were shut down on 30 August 2026 (personio-api.md §3): hours go to /v2/attendance-periods
// (personio.attendance-sink.ts), so their v1 schemas are gone with the client methods.

// ── absences (day-based time-offs) ───────────────────────────────────────────

export const personioTimeOffTypeSchema = z.object({
  type: z.string().optional(),
  attributes: z.looseObject({
    id: personioIdSchema,
    name: z.string(),
    category: z.string().nullish(),
    unit: z.enum(['day', 'hour']).optional(),
    approval_required: z.boolean().optional(),
  }),
});
export type PersonioTimeOffTypeRow = z.infer<typeof personioTimeOffTypeSchema>;

// ── v2 absences (nmbrs-rest-and-personio-time.md §B2) ───────────────────────

const v2Id = z.union([z.string().min(1), z.number().transform(String)]);
const halfMarker = z.enum(['FIRST_HALF', 'SECOND_HALF']).nullish().transform((v) => v ?? null);
/** A local date-time of v2 (`2026-12-21T00:00:00`, no offset); an offset, if one ever comes, is ignored: the date is the local one. */
const v2LocalDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/)
  .refine((s) => isCalendarDate(s.slice(0, 10)), 'not a date');

/** `GET /v2/absence-types` item; `unit` spelled DAILY/HOURLY (P-TS) or DAY/HOUR. */
export const personioV2AbsenceTypeSchema = z.object({
  id: v2Id,
  name: z.string(),
  category: z.string().nullish(),
  // Unit as [P-TS] spells it (CLIENT, not primary): absent or another spelling is kept as null, and the
  // type's absences are skipped with a reason (unknown_unit) instead of the type vanishing.
  unit: z
    .unknown()
    .optional()
    .transform((u) => (typeof u === 'string' ? u.trim().toUpperCase() : ''))
    .transform((u) => (['HOURLY', 'HOUR', 'HOURS'].includes(u) ? ('HOUR' as const) : ['DAILY', 'DAY', 'DAYS'].includes(u) ? ('DAY' as const) : null)),
});

/** `GET /v2/absence-periods` item. */
export const personioV2AbsencePeriodSchema = z.object({
  id: v2Id,
  person: z.object({ id: v2Id }),
  absence_type: z.object({ id: v2Id }),
  starts_from: z.object({ date_time: v2LocalDateTime, type: halfMarker }),
  ends_at: z.object({ date_time: v2LocalDateTime, type: halfMarker }).nullish(),
  timezone_id: z.string().nullish(),
  comment: z.string().nullish(),
  approval: z.object({ status: z.string() }).nullish(),
  updated_at: z.string().nullish(),
});
export type PersonioV2AbsencePeriod = z.infer<typeof personioV2AbsencePeriodSchema>;

/** `GET /v2/absence-periods/{id}/breakdowns` item. */
export const personioV2BreakdownSchema = z.object({
  date: v2LocalDateTime.transform((s) => s.slice(0, 10)),
  effective_duration: z.object({
    // DAY/HOUR ([P-TS]); MINUTE(S) as v1's effective_duration was, converted to hours; any other unit does not parse.
    unit: z
      .string()
      .transform((u) => u.trim().toUpperCase())
      .pipe(z.enum(['DAY', 'DAYS', 'HOUR', 'HOURS', 'MINUTE', 'MINUTES'])),
    value: personioNumberSchema,
  }),
});
