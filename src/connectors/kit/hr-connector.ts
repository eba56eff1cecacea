import { z } from 'zod';
import type { Capability } from './capabilities.ts';
import type { OutboundSink } from './sink.ts';

/**
 * The one interface every HR connector implements (Personio now; Nmbrs and Loket later). The sync
 * engine only ever sees these vendor-neutral shapes; vendor payloads stop at each connector's
 * mappers. The zod schemas double as the contract: the shared contract suite parses every
 * employee a connector yields with `externalEmployeeSchema`, so a connector that leaks a vendor
 * quirk (a number as a string, a date with an offset) fails there, not in the sync engine.
 */

/** `YYYY-MM-DD` that is a real calendar date (2019-02-31 is not). */
export function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  // The proleptic Gregorian calendar, as Date and ISO 8601 count (a date check runs for every date of every row read).
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31);
}

export const localDateSchema = z.string().refine(isCalendarDate, { message: 'not a date (YYYY-MM-DD)' });

/** A department, cost center or contract type as the vendor names it. `externalId` is stable across syncs; `name` may change. */
export const externalRefSchema = z.object({
  externalId: z.string().min(1),
  name: z.string(),
});
export type ExternalRef = z.infer<typeof externalRefSchema>;

/** A cost center with the share of the person it carries (a split: 60 here, 40 there), as the vendor gives it. */
export const externalCostShareSchema = externalRefSchema.extend({ percentage: z.number().min(0).max(100).nullable() });
export type ExternalCostShare = z.infer<typeof externalCostShareSchema>;

export const employeeStatusSchema = z.enum(['active', 'former']);
export type ExternalEmployeeStatus = z.infer<typeof employeeStatusSchema>;

const text = z.string().nullable();

export const externalEmployeeSchema = z.object({
  /** The vendor's own id of this record (one person may have several records — linking joins them). */
  externalId: z.string().min(1),
  firstName: z.string(),
  /** Dutch tussenvoegsel ("van der"), only when the vendor keeps it apart; otherwise it stays inside lastName. */
  prefix: text,
  lastName: z.string(),
  email: text,
  personnelNumber: text,
  /** Normalised to 9 digits and 11-proof valid, else null with a warning. Never logged. */
  bsn: text,
  birthDate: localDateSchema.nullable(),
  street: text,
  houseNumber: text,
  postalCode: text,
  city: text,
  /** ISO 3166-1 alpha-2 where the vendor says so; otherwise as given. */
  country: text,
  phone: text,
  status: employeeStatusSchema,
  department: externalRefSchema.nullable(),
  /** The primary cost center (the largest share): what mappings and exclusion rules look at. */
  costCenter: externalRefSchema.nullable(),
  /** Every cost center with its share, in the vendor's order; absent when the vendor has no cost centers. */
  costCenters: z.array(externalCostShareSchema).optional(),
  contractType: externalRefSchema.nullable(),
  /** The job function's name as the vendor shows it (matched to Koppel's functions by name when `jobFunction` is absent). */
  position: text,
  /**
   * The job function with the vendor's own id, from a vendor that keeps a catalogue of them (Nmbrs): then the
   * integration's function mapping (F-12, kind `function`) decides Koppel's function, not the name. Absent: the
   * vendor has no function ids (Personio's position is free text).
   */
  jobFunction: externalRefSchema.nullable().optional(),
  /**
   * The company ("werkmaatschappij", employer) this record is with, from a vendor that keeps records per company (Nmbrs);
   * stored on the record's Koppel contract and overwritten by every sync. Absent: the vendor does not say.
   */
  company: externalRefSchema.nullable().optional(),
  weeklyHours: z.number().nonnegative().nullable(),
  hourlyWage: z.number().nonnegative().nullable(),
  hireDate: localDateSchema.nullable(),
  terminationDate: localDateSchema.nullable(),
  /** End of the current (fixed-term) contract; the product syncs end dates (F-11, Loket "always taken over"). */
  contractEndDate: localDateSchema.nullable(),
  /**
   * Fields that were present but malformed and therefore dropped (set to null), as `field:code`,
   * e.g. `birthDate:not_a_date`. Codes are stable and translated by the UI (`integrations.messages.*`):
   * no_value, not_a_date, not_a_number, not_an_email, not_an_id, negative, not_11_proof,
   * unknown_value, invalid. Never contains the offending value (it may be a BSN).
   */
  warnings: z.array(z.string()),
});
export type ExternalEmployee = z.infer<typeof externalEmployeeSchema>;

/**
 * A row the connector could not turn into an employee at all (no usable id). It is reported through
 * `ListEmployeesOptions.onInvalidRow` rather than yielded, so consumers of the iterator only ever
 * see well-formed employees and the sync run log still gets one entry per broken row.
 */
export interface InvalidExternalRow {
  externalId?: string;
  /** What is wrong as `field:code` (e.g. `id:missing`, `row:not_an_employee`), without the payload (it may carry a BSN). */
  error: string;
}

export interface ListEmployeesOptions {
  /**
   * Only records changed after this instant. A connector may return MORE than changed (a superset is
   * safe, the sync engine diffs), never fewer: vendors are vague about time zones and which fields count.
   */
  updatedSince?: Date;
  /**
   * The vendor's own change position from the last clean listing (opaque; what `onChangeCursor` reported then).
   * A connector whose vendor has a change feed (Loket's last-modified version numbers) lists only what changed
   * since it — a superset is fine, fewer never. Ignored by connectors without one; the engine passes it only to
   * incremental listings.
   */
  changeCursor?: string;
  /**
   * The change position this listing covers, reported once it has listed everything (the engine keeps it only when
   * the listing ended clean and hands it back as `changeCursor` next time).
   */
  onChangeCursor?: (cursor: string) => void;
  /** After every page: records yielded so far, and the vendor's total if it reports one. */
  onProgress?: (read: number, total?: number) => void;
  /** Rows without a usable id (see InvalidExternalRow). When absent such rows are dropped silently. */
  onInvalidRow?: (row: InvalidExternalRow) => void;
  /** Cancels the listing between (and during) requests. */
  signal?: AbortSignal;
  /**
   * Continue a listing that stopped (the vendor kept refusing, the run failed) from the position a
   * `onCheckpoint` of it reported, instead of from the start. Opaque to the caller.
   */
  resumeFrom?: string;
  /** After every page whose records were all yielded: where a listing stopped after it would resume. */
  onCheckpoint?: (position: string) => void;
}

export interface ExternalOrganisation {
  departments: ExternalRef[];
  costCenters: ExternalRef[];
  contractTypes: ExternalRef[];
  /** The vendor's job functions, when it keeps a catalogue of them (Nmbrs); absent otherwise (no function mapping tab). */
  functions?: ExternalRef[];
}

export const externalOrganisationSchema = z.object({
  departments: z.array(externalRefSchema),
  costCenters: z.array(externalRefSchema),
  contractTypes: z.array(externalRefSchema),
  functions: z.array(externalRefSchema).optional(),
});

export type VerifyCredentialsResult =
  | { ok: true }
  | {
      ok: false;
      /**
       * `endpoint_unavailable`: the host answers (the credentials were accepted) but an endpoint an
       * enabled feature needs is not offered there (404 from a list, a retired API version).
       * `rate_limited`: the vendor refused the check for its rate limit (e.g. an auth cool-down): nothing is wrong with the settings, try later.
       */
      reason: 'invalid_credentials' | 'missing_rights' | 'unreachable' | 'endpoint_unavailable' | 'rate_limited';
      /** Vendor rights that are missing (reason `missing_rights`), in the vendor's own words, e.g. `attendances:write`. */
      missing?: string[];
      /** The endpoint that is not offered (reason `endpoint_unavailable`), e.g. `GET /v2/attendance-periods`, and the status it answered with. */
      endpoint?: string;
      status?: number;
      /** A short technical explanation for logs and the health page; BSN-free. */
      detail?: string;
    };

/** HTTP requests sent to the vendor (retries included), retries, and 429 answers received. */
export interface ConnectorMetrics {
  apiCalls: number;
  retries: number;
  rateLimited: number;
}

/**
 * One administration a credential can see: a Personio company, an Nmbrs debtor and its companies, a
 * Loket employer. An integration covers the accounts the user picked (its scope); `id` is the
 * vendor's own, stable across syncs; `parentId` ties a company to its debtor.
 */
export const externalAccountSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  kind: z.enum(['company', 'employer', 'debtor']),
  parentId: z.string().min(1).optional(),
});
export type ExternalAccount = z.infer<typeof externalAccountSchema>;

export interface HrConnector {
  /** `personio`, `nmbrs`, `loket`. */
  readonly vendor: string;
  /** What this connector really does (tested code, not what the vendor's API could do). */
  readonly capabilities: readonly Capability[];
  /** The administrations the credentials can see; the integration's scope is a subset of their ids. */
  listAccounts(): Promise<ExternalAccount[]>;
  /** Expected failures come back as values; only bugs throw. */
  verifyCredentials(): Promise<VerifyCredentialsResult>;
  /**
   * Every record exactly once (former employees included), paged underneath. Transient vendor
   * failures are retried inside; a failure that outlasts the retries throws from the iterator.
   */
  listEmployees(opts?: ListEmployeesOptions): AsyncIterable<ExternalEmployee>;
  listOrganisation(): Promise<ExternalOrganisation>;
  /** Counters since the connector was created. */
  metrics(): ConnectorMetrics;
  /** The write side, per capability, for connectors that have one (e.g. `attendances:write`). */
  sink?(capability: Capability): OutboundSink<unknown> | undefined;
}
