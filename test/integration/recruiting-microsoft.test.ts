import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOTO_DEFAULT_CLIENT, type GoToMeetingEmulator, startGoToMeetingEmulator } from '../../emulators/gotomeeting/gotomeeting-emulator.ts';
import { GRAPH_DEFAULT_CLIENT, type GraphEmulator, startGraphEmulator } from '../../emulators/microsoft/graph-emulator.ts';
import { type Client, createTenant, eventually, login, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';

/**
 * Recruiting on Microsoft 365 (Graph emulator, Teams from the calendar) and GoToMeeting (its
 * emulator): OAuth through the API, a Teams interview, a GoToMeeting interview whose link survives
 * a reschedule and whose meeting is deleted on cancel; the public smart-link routes are rate-limited.
 */

let k: TestKoppel;
let graph: GraphEmulator;
let goto: GoToMeetingEmulator;
let owner: Client;
let rita: Client;
let mia: Client;
const ids: Record<string, string> = {};
const PW = 'correct horse battery';
const at = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+01:00`).toISOString();

async function connect(client: Client, kind: 'microsoft' | 'gotomeeting') {
  const start = await client.post('/recruiting/connections/oauth/start', { kind, redirectUri: 'http://localhost:3000/cb' });
  expect(start.status, JSON.stringify(start.body)).toBe(200);
  const res = await fetch(start.body.authorizeUrl, { redirect: 'manual' });
  const back = new URL(res.headers.get('location')!);
  const done = await client.post('/recruiting/connections/oauth/callback', { state: back.searchParams.get('state'), code: back.searchParams.get('code') });
  expect(done.status, JSON.stringify(done.body)).toBe(201);
  return done.body;
}
const delivered = async (id: string) =>
  eventually(async () => {
    const x = await rita.get(`/recruiting/interviews/${id}`);
    if (x.body.delivery === 'failed') throw new Error(JSON.stringify(x.body));
    return x.body.delivery === 'done' ? x.body : undefined;
  }, 30_000);

beforeAll(async () => {
  [graph, goto] = await Promise.all([
    startGraphEmulator({ autoApprove: true, users: [{ email: 'mia@example.com', name: 'Mia Microsoft' }] }),
    startGoToMeetingEmulator({ autoApprove: true, users: [{ email: 'mia@example.com', name: 'Mia Microsoft' }] }),
  ]);
  k = await startTestKoppel({ worker: true });
  ({ client: owner } = await createTenant(k, 'Graph BV'));
  for (const [email, name, role] of [
    ['rita@graph.test', 'Rita Recruiter', 'recruiter'],
    ['mia@example.com', 'Mia Microsoft', 'interviewer'],
  ] as const) {
    const r = await owner.post('/users', { email, name, role, password: PW, locale: 'en', timeZone: 'Europe/Amsterdam' });
    ids[name.split(' ')[0]!.toLowerCase()] = r.body.id;
  }
  rita = await login(k, 'rita@graph.test', PW);
  mia = await login(k, 'mia@example.com', PW);
  await owner.put('/recruiting/oauth-apps', { kind: 'microsoft', clientId: GRAPH_DEFAULT_CLIENT.clientId, clientSecret: GRAPH_DEFAULT_CLIENT.clientSecret, authorizeUrl: graph.authorizeUrl, tokenUrl: graph.tokenUrl, apiBaseUrl: graph.url });
  await owner.put('/recruiting/oauth-apps', { kind: 'gotomeeting', clientId: GOTO_DEFAULT_CLIENT.clientId, clientSecret: GOTO_DEFAULT_CLIENT.clientSecret, authorizeUrl: goto.authorizeUrl, tokenUrl: goto.tokenUrl, apiBaseUrl: goto.url });
  const job = await rita.post('/recruiting/jobs', { title: 'Support lead', responsibleUserId: ids.rita });
  const cand = await rita.post('/recruiting/candidates', { name: 'Nora Nederlands', email: 'nora@candidate.test', language: 'nl', timeZone: 'Europe/Amsterdam' });
  const app = await rita.post('/recruiting/applications', { candidateId: cand.body.id, jobId: job.body.id });
  const type = await rita.post('/recruiting/interview-types', { name: 'Video call', defaultDurationMinutes: 30 });
  Object.assign(ids, { application: app.body.id, type: type.body.id });
}, 120_000);

afterAll(async () => {
  await k?.stop();
  await Promise.all([graph?.close(), goto?.close()]);
});

describe('Microsoft 365 and GoToMeeting', () => {
  it('connects both through OAuth and offers Teams and GoToMeeting for the host', async () => {
    expect(await connect(mia, 'microsoft')).toMatchObject({ kind: 'microsoft', category: 'calendar', status: 'connected' });
    expect(await connect(mia, 'gotomeeting')).toMatchObject({ kind: 'gotomeeting', category: 'video' });
    const users = (await rita.get('/recruiting/users')).body as Array<{ id: string; videoProviders: string[] }>;
    expect(users.find((u) => u.id === ids.mia)?.videoProviders.sort()).toEqual(['gotomeeting', 'teams']);
  });

  it('a Teams interview gets its link from the calendar event', async () => {
    const r = await rita.post('/recruiting/interviews', { applicationId: ids.application, interviewTypeId: ids.type, organizerId: ids.rita, interviewers: [{ userId: ids.mia }], start: at('2026-12-09', '09:00'), end: at('2026-12-09', '09:30'), method: 'video', videoProvider: 'teams' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const iv = await delivered(r.body.id);
    expect(iv.videoJoinUrl).toMatch(/teams/i);
    expect(iv.participants.find((p: { userId: string }) => p.userId === ids.mia).delivery).toBe('done');
  });

  it('a GoToMeeting interview keeps its link over a reschedule; cancel deletes the meeting', async () => {
    const r = await rita.post('/recruiting/interviews', { applicationId: ids.application, interviewTypeId: ids.type, organizerId: ids.rita, interviewers: [{ userId: ids.mia }], start: at('2026-12-09', '11:00'), end: at('2026-12-09', '11:30'), method: 'video', videoProvider: 'gotomeeting' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const first = await delivered(r.body.id);
    expect(first.videoJoinUrl).toBeTruthy();
    expect(goto.meetings().filter((m) => !m.deleted)).toHaveLength(1);
    await rita.patch(`/recruiting/interviews/${r.body.id}`, { start: at('2026-12-09', '14:00'), end: at('2026-12-09', '14:30') });
    const moved = await eventually(async () => {
      const x = await delivered(r.body.id);
      return x.sequence === 1 ? x : undefined;
    }, 30_000);
    expect(moved.videoJoinUrl).toBe(first.videoJoinUrl);
    const meetings = goto.meetings().filter((m) => !m.deleted);
    expect(meetings).toHaveLength(1);
    expect(meetings[0]!.start).toBe(Date.parse(at('2026-12-09', '14:00')));
    await rita.post(`/recruiting/interviews/${r.body.id}/cancel`, {});
    await delivered(r.body.id);
    expect(goto.meetings().filter((m) => !m.deleted)).toHaveLength(0);
  });
});

describe('public smart-link routes', () => {
  it('are rate-limited per client', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const r = await k.app.inject({ method: 'POST', url: `/api/v1/recruiting/public/scheduling/${'y'.repeat(43)}/book`, payload: { start: '2026-12-09T10:00:00.000Z' }, remoteAddress: '10.9.8.7' });
      statuses.push(r.statusCode);
    }
    expect(statuses.slice(0, 10).every((s) => s === 404)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});
