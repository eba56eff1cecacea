import type { Browser, Page } from 'playwright-core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../../src/app/demo/seed.ts';
import { eventually, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';
import { launchBrowser, shot } from './browser.ts';

/**
 * Issue 12 in the browser: changing your password asks for the current one, and the mail viewer hides
 * another user's sign-in link. Screenshots: test-artifacts/e2e/security-*.png.
 */
let k: TestKoppel;
let browser: Browser;
let base: string;

beforeAll(async () => {
  k = await startTestKoppel({ worker: true, listen: true });
  await seedDemo(k.db, k.services.box, { employees: 3 });
  base = k.address!;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await k?.stop();
});

async function loggedIn(locale: string, email = 'owner@demo.koppel.test'): Promise<Page> {
  const page = await (await browser.newContext({ locale, viewport: { width: 1366, height: 900 } })).newPage();
  page.on('pageerror', (e) => {
    throw new Error(`page error: ${e.message}`);
  });
  await page.goto(`${base}/login`);
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('nav-employees').waitFor();
  return page;
}

describe('account security in the UI', () => {
  it('asks for the current password before changing it (nl)', async () => {
    const page = await loggedIn('nl-NL');
    await page.getByTestId('user-menu').click();
    await page.getByTestId('menu-change-password').click();
    await page.getByTestId('change-password-current').fill('niet-mijn-wachtwoord');
    await page.getByTestId('change-password-new').fill('een nieuw wachtwoord');
    await page.getByTestId('change-password-repeat').fill('een nieuw wachtwoord');
    await page.getByTestId('change-password-submit').click();
    await page.getByText('Dit is niet je huidige wachtwoord').waitFor();
    await shot(page, 'security-01-change-password-wrong-current');
    await page.getByTestId('change-password-current').fill(DEMO_PASSWORD);
    await page.getByTestId('change-password-submit').click();
    await page.getByText('Overal elders ben je uitgelogd').waitFor();
    await shot(page, 'security-02-change-password-done');
    const again = await k.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'owner@demo.koppel.test', password: 'een nieuw wachtwoord' } });
    expect(again.statusCode).toBe(200);
  });

  it('hides another user\'s reset link in the mail viewer (en)', async () => {
    const hr = 'hr@demo.koppel.test';
    await k.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email: hr } });
    const mail = await eventually(() => k.db.selectFrom('caught_mails').select('id').where(sql<boolean>`${hr} = ANY(rcpt_to)`).executeTakeFirst());
    // The owner changed their password in the test before; log in with the new one.
    const page = await (await browser.newContext({ locale: 'en-GB', viewport: { width: 1366, height: 900 } })).newPage();
    await page.goto(`${base}/login`);
    await page.getByTestId('login-email').fill('owner@demo.koppel.test');
    await page.getByTestId('login-password').fill('een nieuw wachtwoord');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('nav-employees').waitFor();
    await page.goto(`${base}/settings/mails/${mail.id}`);
    await page.getByTestId('mail-links-hidden').waitFor();
    const text = await page.getByTestId('mail-text').innerText();
    expect(text).toContain('reset-password?token=hidden');
    // Shown as text, not as a link that leads nowhere.
    expect(await page.getByTestId('mail-text').locator('a').count()).toBe(0);
    await shot(page, 'security-03-mail-link-hidden');

    // So in the demo an invited user is given a first password instead of a link only they could read.
    await page.goto(`${base}/settings/users`);
    await page.getByTestId('user-invite').click();
    await page.getByTestId('user-name').fill('Nora Nieuw');
    await page.getByTestId('user-email').fill('nora@demo.koppel.test');
    await page.getByTestId('user-password').fill('nora-first-password');
    await shot(page, 'security-04-invite-with-password');
    await page.getByTestId('user-submit').click();
    await page.getByText('nora@demo.koppel.test').first().waitFor();
    const nora = await k.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'nora@demo.koppel.test', password: 'nora-first-password' } });
    expect(nora.statusCode).toBe(200);
  });
});
