/**
 * Plays the browser on the Nmbrs emulator's consent page (the demo, tests and benchmarks connect through it):
 * fetches the page, picks the account, presses Allow (or Cancel) and returns where Nmbrs sends the browser back.
 * Throws when the page or its answer is not what the emulator serves.
 */
const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

export async function answerConsentPage(authorizeUrl: string, account: string, decision: 'allow' | 'deny' = 'allow'): Promise<URL> {
  const page = await fetch(authorizeUrl, { redirect: 'manual' });
  if (page.status !== 200) throw new Error(`the Nmbrs consent page answered ${page.status}`);
  const html = await page.text();
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error('the Nmbrs emulator served no consent page');
  const body = new URLSearchParams();
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) body.set(m[1]!, unescape(m[2]!));
  body.set('account', account);
  body.set('decision', decision);
  const res = await fetch(new URL(unescape(action), authorizeUrl), { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' }, redirect: 'manual' });
  const location = res.headers.get('location');
  if (res.status !== 302 || !location) throw new Error(`the Nmbrs consent page's answer was ${res.status} without a redirect`);
  return new URL(location, authorizeUrl);
}
