import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../../src/app/demo/seed.ts';
import { startTestKoppel, type TestKoppel } from '../helpers/harness.ts';
import { launchBrowser, shot } from './browser.ts';

/**
 * The employee list pages forward by keyset (issue 13): "next page" asks the server with the previous page's
 * cursor (`after`), a jump to a page number asks by number; the rows and the "x–y of total" line stay right.
 */
let k: TestKoppel;
let browser: Browser;
let base: string;

beforeAll(async () => {
  k = await startTestKoppel({ listen: true });
  await seedDemo(k.db, k.services.box, { employees: 60 });
  base = k.address!;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await k?.stop();
});

describe('employee list paging', () => {
  it('goes to the next page by cursor and to a numbered page by number (en)', async () => {
    const page = await (await browser.newContext({ locale: 'en-GB', viewport: { width: 1366, height: 900 } })).newPage();
    page.on('pageerror', (e) => {
      throw new Error(`page error: ${e.message}`);
    });
    const lists: URL[] = [];
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.pathname === '/api/v1/employees') lists.push(u);
    });
    await page.goto(`${base}/login`);
    await page.getByTestId('login-email').fill('owner@demo.koppel.test');
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('nav-employees').waitFor();
    await page.goto(`${base}/employees?pageSize=25`);
    await page.getByTestId('employee-row').first().waitFor();
    const total = await k.db.selectFrom('employees').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const n = Number(total.n);
    expect(n).toBeGreaterThan(50);
    await expect.poll(() => page.getByTestId('paging-summary').textContent()).toBe(`1–25 of ${n}`);
    const first = await page.getByTestId('employee-row').allTextContents();

    const last = Math.ceil(n / 25);
    const settled = () => page.waitForFunction(() => document.querySelector('[data-testid="employees-table"]')?.getAttribute('aria-busy') !== 'true');

    // A page never reached from the one before it: asked by number, the total counted.
    await page.getByRole('button', { name: `Page ${last}` }).click();
    await expect.poll(() => page.getByTestId('paging-summary').textContent()).toBe(`${(last - 1) * 25 + 1}–${n} of ${n}`);
    await settled();
    expect(lists.at(-1)!.searchParams.get('after')).toBeNull();
    expect(lists.at(-1)!.searchParams.get('page')).toBe(String(last));
    const lastRows = await page.getByTestId('employee-row').allTextContents();

    // Page 2 follows page 1, whose cursor is known: asked by cursor; the total stays the first page's.
    await page.getByRole('button', { name: 'Page 2' }).click();
    await expect.poll(() => page.getByTestId('paging-summary').textContent()).toBe(`26–50 of ${n}`);
    await settled();
    expect(lists.at(-1)!.searchParams.get('after')).toBeTruthy();
    const second = await page.getByTestId('employee-row').allTextContents();
    expect(second).toHaveLength(25);
    expect(second.some((r) => first.includes(r))).toBe(false);
    await shot(page, 'en-employees-page-2-by-cursor');

    // "Next page" from there: by cursor again, the same rows as asked by number.
    await page.getByRole('button', { name: 'Next page' }).click();
    await expect.poll(() => page.getByTestId('paging-summary').textContent()).toBe(`${(last - 1) * 25 + 1}–${n} of ${n}`);
    await settled();
    expect(lists.at(-1)!.searchParams.get('after')).toBeTruthy();
    expect(await page.getByTestId('employee-row').allTextContents()).toEqual(lastRows);
    await shot(page, 'en-employees-last-page-by-cursor');
  });
});
