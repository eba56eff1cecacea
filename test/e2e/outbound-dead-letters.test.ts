import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboundSink, ReadBackItem, SinkItem, SinkResult } from '../../src/connectors/kit/sink.ts';
import type { Actor } from '../../src/domain/actor.ts';
import { DEMO_PASSWORD, seedDemo } from '../../src/app/demo/seed.ts';
import { createOutboundService } from '../../src/integrations/outbound/outbound.service.ts';
import { type Client, login as apiLogin, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';
import { launchBrowser, shot } from './browser.ts';

/**
 * F-26 and F-25 in Chromium: the health page lists an integration's dead letters (one that gave up after an
 * outage, one the vendor refused) with their attempts; "Retry" puts one back (it leaves the list and the retry
 * job is queued), "Dismiss" sets the other aside (empty state). Then a shift on a day that was already sent:
 * the list marks the day, editing it asks for confirmation, and saving records a correction shown on the health page.
 * Screenshots: test-artifacts/e2e/outbound-*.png.
 */
type Payload = { n: number };

/** A vendor that refuses n < 0 for good, is down for n >= 1000, and takes the rest. */
class Vendor implements OutboundSink<Payload> {
  readonly vendor = 'stand-in';
  held = new Map<string, Payload>();
  async write(items: readonly SinkItem<Payload>[]): Promise<SinkResult[]> {
    return items.map((i) => {
      if (i.payload.n < 0) return { idempotencyKey: i.idempotencyKey, outcome: 'failed', error: { code: 'overlap', message: 'The attendance period overlaps an existing one', retryable: false } };
      if (i.payload.n >= 1000) return { idempotencyKey: i.idempotencyKey, outcome: 'failed', error: { code: 'unavailable', message: '503 Service Unavailable', retryable: true } };
      this.held.set(i.idempotencyKey, i.payload);
      return { idempotencyKey: i.idempotencyKey, outcome: 'created', externalId: `ext-${i.idempotencyKey}` };
    });
  }
  async readBack(q: { keys: readonly string[] } | { from: Date; to: Date }): Promise<ReadBackItem<Payload>[]> {
    const keys = 'keys' in q ? q.keys : [...this.held.keys()];
    return keys.flatMap((k) => (this.held.has(k) ? [{ idempotencyKey: k, externalId: `ext-${k}`, payload: this.held.get(k)! }] : []));
  }
  samePayload(a: Payload, b: Payload) {
    return a.n === b.n;
  }
}

let k: TestKoppel;
let browser: Browser;
let base: string;
let owner: Client;
let integrationId: string;
let deadId: string;
let refusedId: string;
let shiftId: string;
let employeeId: string;
const DAY = '2026-11-04';

beforeAll(async () => {
  k = await startTestKoppel({ worker: true, listen: true });
  base = k.address!;
  const [b, seeded] = await Promise.all([launchBrowser(), seedDemo(k.db, k.services.box, { employees: 6 })]);
  browser = b;
  const tenantId = seeded.tenantId;
  owner = await apiLogin(k, 'owner@demo.koppel.test', DEMO_PASSWORD);
  const user = await k.db.selectFrom('users').select(['id', 'name']).where('email', '=', 'owner@demo.koppel.test').executeTakeFirstOrThrow();
  const actor: Actor = { tenantId, type: 'user', id: user.id, userId: user.id, name: user.name, role: 'owner', timeZone: 'Europe/Amsterdam' };
  integrationId = (
    await k.db
      .insertInto('integrations')
      .values({ tenant_id: tenantId, vendor: 'personio', name: 'Personio', base_url: 'http://127.0.0.1:9', credentials_encrypted: k.services.box.encrypt('{}'), settings: '{}' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;

  // A shift on a day that is then sent (the send locks 2–8 November).
  employeeId = (await owner.get('/employees?pageSize=1')).body.items[0].id as string;
  // A day that was not sent, to show the difference in the list.
  expect((await owner.post('/shifts', { employeeId, date: '2026-11-10', startTime: '09:00', endTime: '13:00' })).status).toBe(201);
  const shift = await owner.post('/shifts', { employeeId, date: DAY, startTime: '09:00', endTime: '17:00', breakMinutes: 30 });
  expect(shift.status).toBe(201);
  shiftId = shift.body.id;

  // One item gives up after an outage (one attempt allowed), one is refused by the vendor, one goes through.
  const run = await createOutboundService(k.db, { policy: { maxAttempts: 1 } }).send(
    actor,
    { integrationId, kind: 'personio.attendance', from: '2026-11-02', to: '2026-11-08' },
    [
      { idempotencyKey: `shift:${shiftId}:0`, subjectId: shiftId, periodDate: DAY, payload: { n: 1000 } },
      { idempotencyKey: 'shift:refused:0', subjectId: null, periodDate: '2026-11-05', payload: { n: -1 } },
      { idempotencyKey: 'shift:fine:0', subjectId: null, periodDate: '2026-11-06', payload: { n: 1 } },
    ],
    new Vendor(),
  );
  expect(run.counts).toMatchObject({ created: 1, dead: 1, refused: 1 });
  const items = await k.db.selectFrom('outbound_items').select(['id', 'idempotency_key']).where('integration_id', '=', integrationId).execute();
  deadId = items.find((i) => i.idempotency_key === `shift:${shiftId}:0`)!.id;
  refusedId = items.find((i) => i.idempotency_key === 'shift:refused:0')!.id;
});
afterAll(async () => {
  await browser?.close();
  await k?.stop();
});

async function newPage(locale: string): Promise<Page> {
  const page = await (await browser.newContext({ locale, viewport: { width: 1366, height: 900 } })).newPage();
  page.on('pageerror', (e) => {
    throw new Error(`page error: ${e.message}`);
  });
  return page;
}

async function login(page: Page, language: 'en' | 'nl' | 'de') {
  await page.goto(`${base}/login`);
  await page.getByTestId('login-email').fill('owner@demo.koppel.test');
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('nav-employees').waitFor();
  await page.getByTestId('language-switcher').selectOption(language);
}

describe('dead letters and corrections in the browser', () => {
  it('shows the dead letters with their attempts, retries one from the health page and dismisses the other', async () => {
    const page = await newPage('en-GB');
    await login(page, 'en');
    await page.goto(`${base}/settings/integration-health`);
    const rows = page.getByTestId('dead-letter-row');
    await expect.poll(() => rows.count()).toBe(2);
    const dead = page.locator(`[data-testid="dead-letter-row"][data-item-id="${deadId}"]`);
    // The reason in the user's language; the vendor's own words folded under "Technical detail".
    await expect.poll(() => dead.getByTestId('dead-letter-error').innerText()).toContain('The system was not reachable or answered with a server error.');
    expect(await dead.getByTestId('dead-letter-error').getAttribute('data-code')).toBe('unavailable');
    await dead.locator('details summary').click();
    expect(await dead.locator('details').innerText()).toContain('503 Service Unavailable');
    expect(await page.locator(`[data-testid="dead-letter-row"][data-item-id="${refusedId}"]`).getAttribute('data-status')).toBe('refused');
    await page.getByTestId('dead-letters').scrollIntoViewIfNeeded();
    await shot(page, 'outbound-dead-letters');

    // The attempts with the vendor's answer.
    await dead.getByTestId('dead-letter-attempts').click();
    const attempt = page.getByTestId('attempt-row');
    await expect.poll(() => attempt.count()).toBe(1);
    expect(await attempt.innerText()).toContain('The system was not reachable');
    await attempt.locator('details summary').click();
    expect(await attempt.innerText()).toContain('unavailable: 503 Service Unavailable');
    await page.waitForTimeout(400); // the modal's opening transition
    await shot(page, 'outbound-attempts');
    await page.keyboard.press('Escape');
    await page.getByTestId('attempts-table').waitFor({ state: 'detached' });

    // Retry: it leaves the list, the item is due again and the retry job is queued.
    await dead.getByTestId('dead-letter-retry').click();
    await expect.poll(() => rows.count()).toBe(1);
    const item = await k.db.selectFrom('outbound_items').select(['status', 'attempts']).where('id', '=', deadId).executeTakeFirstOrThrow();
    expect(item).toMatchObject({ status: 'retrying', attempts: 0 });
    const jobs = await k.db.selectFrom('jobs').select(['payload']).where('name', '=', 'outbound.retry-due').execute();
    expect(jobs.map((j) => j.payload)).toContainEqual(expect.objectContaining({ integrationId, kind: 'personio.attendance' }));

    // Dismiss the refused one: the empty state.
    await page.locator(`[data-testid="dead-letter-row"][data-item-id="${refusedId}"]`).getByTestId('dead-letter-dismiss').click();
    await expect.poll(() => rows.count()).toBe(0);
    await expect.poll(() => page.getByTestId('dead-letters-table').innerText()).toContain('No dead letters');
    expect((await k.db.selectFrom('outbound_items').select('status').where('id', '=', refusedId).executeTakeFirstOrThrow()).status).toBe('dismissed');
    await shot(page, 'outbound-dead-letters-empty');
    await page.context().close();
  });

  it('marks the sent day in the shift list, asks before saving an edit on it and records a correction (nl)', async () => {
    const page = await newPage('nl-NL');
    await login(page, 'nl');
    await page.goto(`${base}/shifts?from=2026-11-01&to=2026-11-12&employeeId=${employeeId}`);
    const row = page.locator(`[data-testid="shift-row"][data-shift-id="${shiftId}"]`);
    await row.getByTestId('sent-day-mark').waitFor();
    expect(await row.getByTestId('sent-day-mark').innerText()).toMatch(/verstuurd/i);
    // The day nobody sent has no mark.
    const unsent = page.locator('[data-testid="shift-row"]').filter({ hasNot: page.getByTestId('sent-day-mark') });
    expect(await unsent.count()).toBeGreaterThanOrEqual(1);
    await shot(page, 'outbound-shift-list-sent-day');

    await row.getByTestId('shift-edit').click();
    await page.getByTestId('shift-start').fill('08:00');
    await page.getByTestId('shift-submit').click();
    const text = page.getByTestId('sent-day-text');
    await text.waitFor();
    await page.waitForTimeout(400); // the dialog's opening transition
    expect(await text.innerText()).toContain('Personio');
    expect(await text.innerText()).toContain('correctie');
    await shot(page, 'outbound-shift-confirm');
    // Nothing saved yet.
    expect((await owner.get(`/shifts/${shiftId}`)).body.startTime).toBe('09:00');

    await page.getByTestId('sent-day-confirm-button').click();
    await page.getByTestId('shift-submit').waitFor({ state: 'detached' });
    expect((await owner.get(`/shifts/${shiftId}`)).body.startTime).toBe('08:00');
    const corrections = (await owner.get(`/integrations/${integrationId}/outbound/corrections`)).body;
    expect(corrections).toEqual([expect.objectContaining({ subjectId: shiftId, day: DAY, action: 'update', carriedAt: null })]);
    // Nothing carried yet, and nothing changed that was not confirmed.
    expect((await owner.get(`/shifts/${shiftId}`)).body.endTime).toBe('17:00');

    // A CSV import with a row on a sent day: the check asks first, then the row is imported as a correction.
    const number = (await owner.get(`/employees/${employeeId}`)).body.personnelNumber as string;
    await page.getByTestId('shift-import').click();
    await page.getByTestId('shift-import-csv').fill(`personnel_number;date;start;end;break_minutes\n${number};2026-11-07;10:00;14:00;0`);
    await page.getByTestId('shift-import-dryrun').click();
    await page.getByTestId('sent-day-text').waitFor();
    await page.waitForTimeout(400);
    await shot(page, 'outbound-import-confirm');
    await page.getByTestId('sent-day-confirm-button').click();
    await page.getByTestId('shift-import-dryrun-ok').waitFor();
    expect(await page.getByTestId('shift-import-dryrun-ok').innerText()).toContain('correcties');
    await page.getByTestId('shift-import-submit').click();
    await page.getByTestId('shift-import-submit').waitFor({ state: 'detached' });
    // The demo may hold its own shifts that day; the import added exactly the one CSV row.
    const onDay = (await owner.get(`/shifts?employeeId=${employeeId}&from=2026-11-07&to=2026-11-07`)).body.items as { id: string; source: string; startTime: string }[];
    const imported = onDay.filter((x) => x.source === 'csv');
    expect(imported).toEqual([expect.objectContaining({ startTime: '10:00' })]);
    expect((await owner.get(`/integrations/${integrationId}/outbound/corrections`)).body).toContainEqual(
      expect.objectContaining({ subjectId: imported[0].id, day: '2026-11-07', action: 'import' }),
    );

    // The correction on the health page, open until a send carries it.
    await page.goto(`${base}/settings/integration-health`);
    const correction = page.locator(`[data-testid="correction-row"][data-subject-id="${shiftId}"]`);
    await correction.waitFor();
    expect(await correction.getByTestId('correction-state').innerText()).toMatch(/open/i);
    await page.getByTestId('corrections').scrollIntoViewIfNeeded();
    await shot(page, 'outbound-corrections');
    await page.context().close();
  });
  it('corrects an approved shift on a sent day: the reason first, then the confirmation; the correction shows the reason (de)', async () => {
    const approved = await owner.post('/shifts', { employeeId, date: '2026-11-06', startTime: '12:00', endTime: '16:00', confirmCorrection: true });
    expect(approved.status).toBe(201);
    expect((await owner.post(`/shifts/${approved.body.id}/approve`)).status).toBe(200);
    const page = await newPage('de-DE');
    await login(page, 'de');
    await page.goto(`${base}/shifts?from=2026-11-01&to=2026-11-12&employeeId=${employeeId}`);
    const row = page.locator(`[data-testid="shift-row"][data-shift-id="${approved.body.id}"][data-status="approved"]`);
    await row.getByTestId('sent-day-mark').waitFor();
    await row.getByTestId('shift-edit').click();
    await page.getByTestId('shift-end').fill('15:00');
    await page.getByTestId('shift-submit').click();
    await page.getByText('Eine genehmigte Schicht wird nur mit einer Begründung korrigiert.').waitFor();
    await page.getByTestId('shift-reason').fill('Früher gegangen');
    await page.getByTestId('shift-submit').click();
    await page.getByTestId('sent-day-text').waitFor();
    expect((await owner.get(`/shifts/${approved.body.id}`)).body).toMatchObject({ endTime: '16:00', status: 'approved' });
    await page.getByTestId('sent-day-confirm-button').click();
    await page.getByTestId('shift-submit').waitFor({ state: 'detached' });
    expect((await owner.get(`/shifts/${approved.body.id}`)).body).toMatchObject({ endTime: '15:00', status: 'pending' });

    await page.goto(`${base}/settings/integration-health`);
    const correction = page.locator(`[data-testid="correction-row"][data-subject-id="${approved.body.id}"]`).filter({ has: page.getByTestId('correction-reason') });
    await correction.waitFor();
    expect(await correction.getByTestId('correction-reason').innerText()).toBe('Begründung: Früher gegangen');
    await correction.scrollIntoViewIfNeeded();
    await shot(page, 'outbound-de-correction-reason');
    await page.context().close();
  });
});
