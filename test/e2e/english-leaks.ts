import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import en from '../../web/src/i18n/en.json' with { type: 'json' };

/**
 * Issue 15 item 15: strings that only ever appear in English. Any of them on a page shown in Dutch or German is a
 * missing translation (user data such as the demo's job "Backend developer" holds none of them). Each is matched as
 * a whole word, case-sensitively: "Status", "Type", "Filter", "Week", "Open" and "Export" are Dutch or German too and
 * are not listed.
 */
export const ENGLISH_ONLY = [
  // server messages the issue names
  'Required',
  'Some fields are not valid',
  'Already exists',
  'already exists',
  'No calendar connected',
  'No employee with personnel number',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'ENOTFOUND',
  'fetch failed',
  'is not reachable',
  'refused these credentials',
  'Internal error',
  'Something went wrong',
  'Not found',
  'Not a date',
  'Unknown',
  'Service Unavailable',
  // the browser's own inputs and the web UI's English
  'mm/dd/yyyy',
  'AM',
  'PM',
  'Choose…',
  'Save',
  'Cancel',
  'Delete',
  'Edit',
  'Close',
  'Loading',
  'Search',
  'Retry',
  'Dismiss',
  'Actions',
  'Employees',
  'Employee',
  'Absences',
  'Shifts',
  'Settings',
  'Created',
  'Changed',
  'Deleted',
  'Approved',
  'Rejected',
  'Pending',
  'Succeeded',
  'failed',
  'Date of birth',
  'First name',
  'Last name',
  'Personnel number',
  'Start date',
  'End date',
  'Department',
  'Contract type',
  'Weekly hours',
  'Manual',
  'Source',
  'Sync now',
  'Preview',
  'Technical detail',
  'Last error',
  'Next attempt',
  'Attempts',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
  'January',
  'December',
  'Today',
  'the',
  'and',
  'with',
  'must',
  'cannot',
  'undefined',
  'null',
  'NaN',
  '[object Object]',
  'Invalid Date',
];

/** Column and field names that must never reach the screen. */
export const RAW_KEYS =
  /\b(job_id|candidate_id|birth_date|first_name|last_name|personnel_number_conflict|department_id|contract_type_id|hour_component_id|start_time|end_time|break_minutes|absence_type_id|reconnect_needed|not_connected|maybe_committed|rate_limited|invalid_state|validation_failed|costCenters|externalId|personnelNumber|birthDate|firstName|lastName|weeklyHours|hourlyWage|startDate|endDate|bsn_hash|bsn_encrypted|cost_centers|percentage)\b/;

/** An i18n key shown instead of its text ("integrations.history.finishedAt"): a top-level section of the catalogue, then a dot. */
const I18N_KEY = new RegExp(`\\b(${Object.keys(en).join('|')})\\.[a-z][a-zA-Z_]*(\\.[a-zA-Z_]+)*\\b`);

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The English-only strings found in a text, each as a whole word. Text in typographic quotes („Employees“,
 * ‘Attendances’) is a vendor's own term named as such, and is skipped.
 */
export function englishIn(text: string): string[] {
  const unquoted = text.replace(/„[^“\n]*“|‘[^’\n]*’/g, '');
  return ENGLISH_ONLY.filter((s) => new RegExp(`(^|[^\\p{L}])${escape(s)}([^\\p{L}]|$)`, 'u').test(unquoted));
}

/**
 * What is wrong with the page in nl/de: English-only strings, raw column names, i18n keys, and native date or time
 * inputs (they show mm/dd/yyyy and AM/PM in an English browser). Empty when nothing is.
 */
export async function problemsOn(page: Page, opts: { fileFormat?: boolean } = {}): Promise<string[]> {
  await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => {});
  const text = await page.locator('body').innerText();
  const problems = englishIn(text).map((s) => `English "${s}"`);
  // The CSV import explains its file format, whose column names (personnel_number, start_time, …) are literal.
  const raw = opts.fileFormat ? null : RAW_KEYS.exec(text);
  if (raw) problems.push(`raw field name "${raw[0]}"`);
  const key = I18N_KEY.exec(text.replace(/\S+@\S+/g, '').replace(/https?:\/\/\S+/g, ''));
  if (key) problems.push(`i18n key "${key[0]}"`);
  if (await page.locator('input[type="date"]:visible, input[type="time"]:visible').count()) problems.push('native date/time input');
  return problems;
}

/** The page (or its open dialog) shows nothing problemsOn finds. */
export async function expectNoEnglish(page: Page, where: string, opts: { fileFormat?: boolean } = {}) {
  expect(await problemsOn(page, opts), where).toEqual([]);
}
