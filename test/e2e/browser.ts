import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

export const ARTIFACTS = path.resolve('test-artifacts/e2e');

/** Debian's Chromium, headless, with the flags this network-less machine needs. */
export async function launchBrowser(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * A full-page screenshot. Scrolled to the top first: a page scrolled down (an input filled low on it) otherwise shows
 * the fixed header and navigation painted halfway down the image.
 */
export async function shot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** A text of the web app's catalogue (`web/src/i18n/<lang>.json`) by its dotted key, as a user of that language reads it. */
export function webText(lang: string, key: string): string {
  let catalog = catalogs.get(lang);
  if (catalog === undefined) catalogs.set(lang, (catalog = JSON.parse(readFileSync(new URL(`../../web/src/i18n/${lang}.json`, import.meta.url), 'utf8')) as unknown));
  return key.split('.').reduce<unknown>((o, part) => (o as Record<string, unknown>)[part], catalog) as string;
}
/** Each language's catalogue, read once per test file. */
const catalogs = new Map<string, unknown>();
