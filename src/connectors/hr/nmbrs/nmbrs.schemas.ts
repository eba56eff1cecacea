import { z } from 'zod';

/**
 * Nmbrs REST payloads (test/fixtures/specs/nmbrs/nmbrs-rest-facts.md §A3–A5), as zod schemas at the
 * boundary. Field names come from public clients that run against the live API; where the sources
 * disagree or are silent the schemas accept every variant seen (a missing field is null, a number
 * may come as a string, `nextPage` may be null or ""), so a stand-in that is not ours parses too.
 */

const str = z.string().nullish().transform((v) => v ?? null);
const num = z
  .union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/).transform(Number)])
  .nullish()
  .transform((v) => v ?? null);
const bool = z.boolean().nullish().transform((v) => v ?? null);

export const nmbrsPeriodSchema = z.object({ year: z.coerce.number().int(), period: z.coerce.number().int() });
export type NmbrsPeriod = z.infer<typeof nmbrsPeriodSchema>;
const period = nmbrsPeriodSchema.nullish().transform((v) => v ?? null);
/** `createdAt` as an ISO date-time; rows without one sort first. */
const createdAt = z.string().nullish().transform((v) => v ?? null);

export const nmbrsPaginationSchema = z.object({
  pageNumber: z.coerce.number().int().optional(),
  pageSize: z.coerce.number().int().optional(),
  totalPages: z.coerce.number().int().optional(),
  totalRecords: z.coerce.number().int().optional(),
  nextPage: z.string().nullish(),
});

export const nmbrsListEnvelopeSchema = z.object({ data: z.array(z.unknown()), pagination: nmbrsPaginationSchema.optional() });

/**
 * `{ type, status, code, title, detail }` (§A5; a full verbatim body is UNCONFIRMED): every field optional and
 * nullable, `status` and `code` as number or text. ASP.NET's validation variant adds `errors` (field → messages,
 * or a list of `{ message }` / texts), which is read into the message too.
 */
export const nmbrsErrorSchema = z
  .object({
    type: z.string().nullish(),
    status: z.union([z.number(), z.string()]).nullish(),
    code: z.union([z.number(), z.string()]).nullish(),
    title: z.string().nullish(),
    detail: z.string().nullish(),
    message: z.string().nullish(),
    errors: z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())]).nullish(),
  })
  .refine((e) => [e.code, e.title, e.detail, e.message, e.errors].some((v) => v !== undefined && v !== null && v !== ''), 'not an Nmbrs error body');
export type NmbrsErrorBody = z.infer<typeof nmbrsErrorSchema>;

/** The API gateway's refusal of a missing or wrong subscription key (`{ statusCode, message }`). */
export const nmbrsGatewayErrorSchema = z.object({ statusCode: z.number(), message: z.string() });

export const nmbrsDebtorSchema = z.object({ debtorId: z.string().min(1), number: z.union([z.string(), z.number()]).nullish(), name: z.string().nullish() });
export const nmbrsCompanySchema = z.object({ companyId: z.string().min(1), number: z.union([z.string(), z.number()]).nullish(), name: z.string().nullish(), debtorId: z.string().nullish() });
export type NmbrsCompany = z.infer<typeof nmbrsCompanySchema>;

/** Hour codes are ints (§A4: `{code, description}`); a code written as text ("0100") is read as its number, `hourCode` as `code`. */
export const nmbrsHourCodeSchema = z.preprocess(
  (raw) => (raw && typeof raw === 'object' && !Array.isArray(raw) && (raw as Record<string, unknown>).code === undefined ? { ...(raw as object), code: (raw as Record<string, unknown>).hourCode } : raw),
  z.object({ code: z.union([z.number().int(), z.string().trim().regex(/^-?\d+$/).transform(Number)]), description: z.string().nullish().transform((v) => v ?? '') }),
);
export type NmbrsHourCode = z.infer<typeof nmbrsHourCodeSchema>;

export const nmbrsCostCenterSchema = z.object({ costCenterId: z.string().min(1), code: z.union([z.string(), z.number()]).nullish(), description: z.string().nullish() });
export const nmbrsDepartmentSchema = z.object({ departmentId: z.string().min(1), code: z.union([z.string(), z.number()]).nullish(), description: z.string().nullish() });
export const nmbrsFunctionSchema = z.object({ functionId: z.string().min(1), code: z.union([z.string(), z.number()]).nullish(), description: z.string().nullish() });

// ── history rows of the company bulk reads ───────────────────────────────────

export const personalInfoRowSchema = z.object({
  personalInfoId: z.string().nullish(),
  basicInfo: z
    .object({
      employeeNumber: num,
      firstName: str,
      firstNameInFull: str,
      prefix: str,
      initials: str,
      lastName: str,
      employeeType: str,
    })
    .nullish(),
  birthInfo: z.object({ birthDate: str, gender: str, birthCountry: z.object({ codeISO: str }).nullish(), nationality: z.object({ codeISO: str }).nullish() }).nullish(),
  contactInfo: z
    .object({
      privateEmail: str,
      businessEmail: str,
      businessPhone: str,
      businessMobilePhone: str,
      privatePhone: str,
      privateMobilePhone: str,
      otherPhone: str,
    })
    .nullish(),
  period,
  createdAt,
});
export type PersonalInfoRow = z.infer<typeof personalInfoRowSchema>;

export const contractRowSchema = z.object({ contractId: str, startDate: str, endDate: str, trialPeriod: str, indefinite: bool, writtenContract: bool, hoursPerWeek: num, createdAt });
export type ContractRow = z.infer<typeof contractRowSchema>;

export const employmentRowSchema = z.object({ employmentId: str, startDate: str, endDate: str, seniorityDate: str, createdAt });
export type EmploymentRow = z.infer<typeof employmentRowSchema>;

export const functionRowSchema = z.object({ functionId: str, code: z.union([z.string(), z.number()]).nullish(), description: str, period, createdAt });
export type FunctionRow = z.infer<typeof functionRowSchema>;

export const departmentRowSchema = z.object({ departmentId: str, code: z.union([z.string(), z.number()]).nullish(), description: str, period, createdAt });
export type DepartmentRow = z.infer<typeof departmentRowSchema>;

/** Cost center rows: the center nested (`costCenter{costCenterId,code,description}`) or flat; both are read. */
export const costCenterRowSchema = z.object({
  employeeCostCenterId: str,
  costCenter: z.object({ costCenterId: str, code: z.union([z.string(), z.number()]).nullish(), description: str }).nullish(),
  costCenterId: str,
  code: z.union([z.string(), z.number()]).nullish(),
  description: str,
  percentage: num,
  default: bool,
  period,
  createdAt,
});
export type CostCenterRow = z.infer<typeof costCenterRowSchema>;

const week = z.record(z.string(), z.unknown()).nullish();
export const scheduleRowSchema = z.object({ scheduleId: str, startDate: str, hoursPerWeek: num, parttimePercentage: num, week1: week, week2: week, createdAt });
export type ScheduleRow = z.infer<typeof scheduleRowSchema>;

export const salaryRowSchema = z.object({ salaryId: str, startDate: str, type: str, value: num, createdAt });
export type SalaryRow = z.infer<typeof salaryRowSchema>;

/** The BSN row: its key is not confirmed (`BSN` in BrynQ, `socialSecurityNumber` on the write side); every spelling is read. */
export const privateInfoRowSchema = z
  .object({ period, createdAt })
  .passthrough()
  .transform((r) => {
    const raw = r as Record<string, unknown>;
    const key = Object.keys(raw).find((k) => ['bsn', 'socialsecuritynumber', 'burgerservicenummer'].includes(k.toLowerCase()));
    const v = key ? raw[key] : null;
    return { bsn: typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null, period: r.period, createdAt: r.createdAt };
  });
export type PrivateInfoRow = z.infer<typeof privateInfoRowSchema>;

/** The collections of the company bulk reads: path under `companies/{id}/employees/`, key of the row list, row schema. */
export const NMBRS_COLLECTIONS = {
  personalInfo: { path: 'personalinfo', key: 'info', row: personalInfoRowSchema },
  contracts: { path: 'contracts', key: 'contracts', row: contractRowSchema },
  employments: { path: 'employments', key: 'employments', row: employmentRowSchema },
  functions: { path: 'functions', key: 'functions', row: functionRowSchema },
  departments: { path: 'departments', key: 'departments', row: departmentRowSchema },
  costCenters: { path: 'costcenters', key: 'employeeCostCenters', row: costCenterRowSchema },
  schedules: { path: 'schedules', key: 'schedules', row: scheduleRowSchema },
  salaries: { path: 'salaries', key: 'salaries', row: salaryRowSchema },
  privateInfos: { path: 'privateInfos', key: 'privateInfos', row: privateInfoRowSchema },
} as const;
export type NmbrsCollection = keyof typeof NMBRS_COLLECTIONS;

/** One item of a bulk read: `{ employeeId, <key>: [...] }`. */
export const bulkItemSchema = z.object({ employeeId: z.string().min(1) }).passthrough();

/**
 * One variable-hours component (§A4, BrynQ's schema). Tolerated where the sources are silent: the id as `id`,
 * numbers as text (`"8.5"`, a decimal comma `"8,5"`), a code nested as `hourCode{code}`, `description` for
 * `hourCodeDescription`. A component without any id keeps `hourComponentId` null (the sink then names its ledger
 * entry by its key).
 */
const decimal = z.union([z.number(), z.string().trim().regex(/^-?\d+([.,]\d+)?$/).transform((v) => Number(v.replace(',', '.')))]);
export const variableHourSchema = z.preprocess(
  (raw) => {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return raw;
    const r = raw as Record<string, unknown>;
    const code = r.hourCode && typeof r.hourCode === 'object' ? (r.hourCode as Record<string, unknown>).code : r.hourCode;
    const id = r.hourComponentId ?? r.id ?? null;
    return { ...r, hourComponentId: typeof id === 'string' && id.trim() ? id : typeof id === 'number' ? String(id) : null, hourCode: code, hourCodeDescription: r.hourCodeDescription ?? r.description ?? null };
  },
  z.object({
    hourComponentId: z.string().nullable(),
    hourCode: z.union([z.number().int(), z.string().trim().regex(/^-?\d+$/).transform(Number)]),
    hourCodeDescription: z.string().nullish(),
    hours: decimal,
    costCenterId: z.union([z.string(), z.number()]).nullish().transform((v) => (v === null || v === undefined ? null : String(v))),
    costUnitId: z.union([z.string(), z.number()]).nullish().transform((v) => (v === null || v === undefined ? null : String(v))),
    comment: z.string().nullish(),
    createdAt: z.string().nullish(),
  }),
);
export type NmbrsVariableHour = z.infer<typeof variableHourSchema>;
