import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTenant, login, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';

/**
 * Issue 15, what a new recruiter stumbles on, through the API: no slot in the past (item 10), the duplicate
 * application names candidate and job in every language (item 12), and no English in nl/de answers (item 15).
 */
let k: TestKoppel;
let owner: Client;
let rita: Client;
const ids: Record<string, string> = {};
const PW = 'correct horse battery';

beforeAll(async () => {
  k = await startTestKoppel({});
  ({ client: owner } = await createTenant(k, 'Werving BV'));
  for (const [email, name, role] of [
    ['rita@example.com', 'Rita Recruiter', 'recruiter'],
    ['ivo@example.com', 'Ivo Interviewer', 'interviewer'],
  ] as const) {
    const r = await owner.post('/users', { email, name, role, password: PW, locale: 'en', timeZone: 'Europe/Amsterdam' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    ids[name.split(' ')[0]!.toLowerCase()] = r.body.id;
  }
  rita = await login(k, 'rita@example.com', PW);
}, 120_000);
afterAll(async () => {
  await k?.stop();
});

describe('slot search (item 10)', () => {
  it('never offers time that has passed, in a window reaching back a week', async () => {
    const now = Date.now();
    const body = { userIds: [ids.rita, ids.ivo], from: new Date(now - 7 * 86_400_000).toISOString(), to: new Date(now + 7 * 86_400_000).toISOString(), durationMinutes: 30 };
    const r = await rita.post('/recruiting/availability', body);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const starts = (r.body.slots as Array<{ start: string }>).map((s) => Date.parse(s.start));
    expect(starts.length).toBeGreaterThan(0);
    expect(starts.filter((s) => s < now)).toEqual([]);
    // A window wholly in the past offers nothing (and is no error).
    const past = await rita.post('/recruiting/availability', { ...body, to: new Date(now - 86_400_000).toISOString() });
    expect(past.status).toBe(200);
    expect(past.body.slots).toEqual([]);
  });
});

describe('duplicate application (item 12)', () => {
  it('names the candidate and the job, grammatically, in en, nl and de', async () => {
    const cand = await rita.post('/recruiting/candidates', { name: 'Sanne de Boer', email: 'sanne@kandidaat.test', language: 'nl', timeZone: 'Europe/Amsterdam' });
    const job = await rita.post('/recruiting/jobs', { title: 'HR-adviseur', responsibleUserId: ids.rita });
    const body = { candidateId: cand.body.id, jobId: job.body.id };
    expect((await rita.post('/recruiting/applications', body)).status).toBe(201);
    const expected = {
      en: ['Sanne de Boer has already applied for HR-adviseur.', 'Already applied for this job'],
      nl: ['Sanne de Boer heeft al gesolliciteerd op HR-adviseur.', 'Heeft al gesolliciteerd op deze vacature.'],
      de: ['Sanne de Boer hat sich bereits auf HR-adviseur beworben.', 'Hat sich bereits auf diese Stelle beworben.'],
    };
    for (const [lang, [message, detail]] of Object.entries(expected)) {
      const dup = await rita.post('/recruiting/applications', body, { 'x-koppel-language': lang });
      expect(dup.status).toBe(409);
      expect(dup.body.error).toMatchObject({ code: 'duplicate', message, details: [{ field: 'jobId', message: detail }] });
    }
  });

  it('a generic duplicate needs no article ("A application", "A interview type" are gone)', async () => {
    expect((await rita.post('/recruiting/interview-types', { name: 'Panel', defaultDurationMinutes: 60 })).status).toBe(201);
    // Interview type names are unique per company.
    const dup = await rita.post('/recruiting/interview-types', { name: 'Panel', defaultDurationMinutes: 60 });
    expect(dup.status).toBe(409);
    expect(dup.body.error.message).toBe('This name is already used by another interview type.');
  });
});

describe('the language on screen wins (item 15)', () => {
  it('a user whose profile says English reads the nl/de UI language in errors, "Required" and the CalDAV refusal', async () => {
    const expected = { nl: ['Sommige velden zijn niet geldig.', 'Verplicht.'], de: ['Einige Felder sind ungültig.', 'Pflichtfeld.'] };
    for (const [lang, [message, required]] of Object.entries(expected)) {
      const r = await rita.post('/recruiting/candidates', { email: 'x@kandidaat.test' }, { 'x-koppel-language': lang });
      expect(r.status).toBe(400);
      expect(r.body.error.message).toBe(message);
      expect(r.body.error.details.find((d: { field: string }) => d.field === 'name')?.message).toBe(required);
      // Nothing listens on port 9 of the loopback address: the refusal is explained in the UI's language.
      const cal = await rita.post('/recruiting/connections/caldav', { url: 'http://127.0.0.1:9/dav/', username: 'rita', password: 'secret-secret' }, { 'x-koppel-language': lang });
      expect(cal.status).toBeGreaterThanOrEqual(400);
      expect(JSON.stringify(cal.body.error)).not.toMatch(/\b(the|not|reach|connection|refused|ECONNREFUSED)\b/i);
    }
  });
});
