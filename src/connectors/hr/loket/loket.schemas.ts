import { z } from 'zod';

/**
 * Loket.nl REST v2 payloads (loket.nl.json), only the fields Koppel reads. Objects are passthrough-free
 * (zod strips unknown keys); nullable where Loket's document says `nullable: true`.
 */

/** Resource versions Koppel asks for, per endpoint (`Accept: application/json;version=…`). */
export const LOKET_VERSIONS = {
  employers: '2018-01-01',
  employees: '2021-03-29',
  employments: '2019-12-16',
  citizenServiceNumber: '2018-01-01',
  departments: '2018-01-01',
  organizationalEntities: '2018-01-01',
  workingHours: '2018-01-01',
  payrollAdministrations: '2018-01-01',
  payrollPeriods: '2018-01-01',
  payrollComponents: '2018-01-01',
  payrollPeriodData: '2018-01-01',
} as const;
export type LoketResource = keyof typeof LOKET_VERSIONS;

export const loketAccept = (resource: LoketResource) => `application/json;version=${LOKET_VERSIONS[resource]}`;

export const loketMessageSchema = z.object({
  code: z.number().int().nullish(),
  id: z.string().nullish(),
  type: z.string().nullish(),
  description: z.string().nullish(),
  properties: z.array(z.string()).nullish(),
});
export type LoketMessage = z.infer<typeof loketMessageSchema>;

/** 400 answers and multi-item PATCH answers carry `messages`; 401/403 carry `message`. */
export const loketErrorSchema = z.union([z.object({ messages: z.array(loketMessageSchema) }), z.object({ message: z.string() })]);

const keyValue = z.object({ key: z.number().int(), value: z.string().nullish() });

export const loketEmployerSchema = z.object({
  id: z.string().min(1),
  employerNumber: z.number().int().nullish(),
  companyName: z.string(),
});
export type LoketEmployer = z.infer<typeof loketEmployerSchema>;

const addressSchema = z.object({
  street: z.string().nullish(),
  houseNumber: z.number().int().nullish(),
  houseNumberAddition: z.string().nullish(),
  postalCode: z.string().nullish(),
  city: z.string().nullish(),
  country: z.object({ isoCode: z.string().nullish() }).nullish(),
});

export const loketEmployeeSchema = z.object({
  id: z.string().min(1),
  employeeNumber: z.number().int().nullish(),
  personalDetails: z.object({
    initials: z.string().nullish(),
    firstName: z.string().nullish(),
    prefix: z.string().nullish(),
    lastName: z.string().nullish(),
    dateOfBirth: z.string().nullish(),
  }),
  address: addressSchema.nullish(),
  contactInformation: z
    .object({
      emailAddress: z.string().nullish(),
      businessEmailAddress: z.string().nullish(),
      phoneNumber: z.string().nullish(),
      mobilePhoneNumber: z.string().nullish(),
    })
    .nullish(),
});
export type LoketEmployee = z.infer<typeof loketEmployeeSchema>;

export const loketEmploymentSchema = z.object({
  id: z.string().min(1),
  employee: z.object({ id: z.string().min(1) }),
  payrollAdministration: z.object({ id: z.string() }).nullish(),
  payrollId: z.number().int().nullish(),
  startDate: z.string().nullish(),
  endDate: z.string().nullish(),
  employmentDurationType: keyValue.nullish(),
  employmentContractType: keyValue.nullish(),
});
export type LoketEmployment = z.infer<typeof loketEmploymentSchema>;

export const loketDepartmentSchema = z.object({ id: z.string().min(1), code: z.number().int().nullish(), description: z.string().nullish() });

/** An employment's actual organizational entity (`actualorganizationalentities`): the department it works in now. */
export const loketOrganizationalEntitySchema = z.object({
  employmentId: z.string().min(1),
  organizationalEntity: z.object({ department: z.object({ key: z.string().min(1), code: z.number().int().nullish() }).nullish() }).nullish(),
});

/**
 * An employment's actual working hours (`actualworkinghours`). `aggregatedHoursPerWeek` is Loket's hours per week
 * "especially useful for third-parties"; `averageHoursPerWeek` the fallback. Both nullable (an on-call contract).
 */
export const loketWorkingHoursSchema = z.object({
  employmentId: z.string().min(1),
  workingHours: z.object({ aggregatedHoursPerWeek: z.number().nullish(), averageHoursPerWeek: z.number().nullish() }).nullish(),
});
export type LoketWorkingHours = z.infer<typeof loketWorkingHoursSchema>;

export const loketAdministrationSchema = z.object({ id: z.string().min(1), name: z.string().nullish(), description: z.string().nullish(), clientNumber: z.number().int().nullish() });

export const loketPeriodSchema = z.object({
  id: z.number().int(),
  year: z.number().int(),
  periodNumber: z.number().int(),
  startDate: z.string(),
  endDate: z.string(),
});
export type LoketPeriod = z.infer<typeof loketPeriodSchema>;

export const loketComponentSchema = z.object({
  key: z.number().int(),
  description: z.string().nullish(),
  category: keyValue.nullish(),
  isCollectiveMutationPossible: z.boolean().nullish(),
});
export type LoketComponent = z.infer<typeof loketComponentSchema>;

export const loketCitizenServiceNumberSchema = z.object({ content: z.object({ citizenServiceNumber: z.string().nullish() }) });

export const loketPeriodDataSchema = z.object({
  id: z.string(),
  payrollPeriod: z.object({ year: z.number().int(), periodNumber: z.number().int(), periodStartDate: z.string().nullish(), periodEndDate: z.string().nullish() }),
  shift: z.object({ shiftNumber: z.number().int() }).nullish(),
  distributionUnit: z.object({ key: z.string() }).nullish(),
  costCenter: z.object({ key: z.number().int() }).nullish(),
  payrollComponents: z.array(z.object({ payrollComponent: z.object({ key: z.number().int() }), value: z.number() })),
});
export type LoketPeriodData = z.infer<typeof loketPeriodDataSchema>;

/** A row of a whole period's data for an administration: no record id, but the employment it belongs to. */
export const loketAdministrationPeriodDataSchema = loketPeriodDataSchema.omit({ id: true }).extend({
  employment: z.object({ id: z.string().min(1) }),
  payrollComponents: z.array(z.object({ payrollComponent: z.object({ key: z.number().int() }), value: z.number().nullish() })),
});
export type LoketAdministrationPeriodData = z.infer<typeof loketAdministrationPeriodDataSchema>;

export const loketTokenAnswerSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.coerce.number().positive().optional(),
});

/** `…/lastmodifiedversionnumbers`: an employer or employment with the sequence number of its latest change of static data. */
export const loketVersionRowSchema = z.object({ id: z.string().min(1), lastModifiedVersionNumber: z.number().int() });
export type LoketVersionRow = z.infer<typeof loketVersionRowSchema>;

/**
 * One field of a `/metadata` answer (Loket's generic metadata shape: `_embedded: [{field, options}]`). Options
 * carry `key` (a number, or a UUID for distribution units), `value` (the description) and, for cost centers and
 * distribution units, their `code`.
 */
export const loketMetadataFieldSchema = z.object({
  field: z.string(),
  options: z.array(z.object({ key: z.union([z.number().int(), z.string().min(1)]), value: z.string().nullish(), description: z.string().nullish(), code: z.union([z.string(), z.number()]).nullish() })),
});
export type LoketMetadataField = z.infer<typeof loketMetadataFieldSchema>;
