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
