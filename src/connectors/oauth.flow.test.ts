import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGoogleCalendarProvider, GOOGLE_AUTHORIZE_PARAMS, GOOGLE_SCOPES } from './calendar/google/google.provider.ts';
import { startGoogleCalendarEmulator, type GoogleEmulator } from '../../emulators/google/google-emulator.ts';
import { createGoToMeetingProvider, GOTO_SCOPES } from './video/gotomeeting/gotomeeting.provider.ts';
import { startGoToMeetingEmulator, type GoToMeetingEmulator } from '../../emulators/gotomeeting/gotomeeting-emulator.ts';
import { createMicrosoftCalendarProvider, MICROSOFT_SCOPES } from './calendar/microsoft/microsoft.provider.ts';
import { startGraphEmulator, type GraphEmulator } from '../../emulators/microsoft/graph-emulator.ts';
import { ProviderError } from './kit/provider.ts';
import { createZoomProvider, ZOOM_SCOPES } from './video/zoom/zoom.provider.ts';
import { startZoomEmulator, type ZoomEmulator } from '../../emulators/zoom/zoom-emulator.ts';
import { buildAuthorizeUrl, exchangeCode, refreshTokens, type ClientAuthMethod } from './kit/oauth/oauth.ts';
import { oauthEndpoints } from './oauth-vendors.ts';
import { oauthConfig } from './provider-registry.ts';

/**
 * The OAuth authorization-code flow end to end over HTTP, for each vendor emulator: the consent
 * page, the redirect with code + state, the code exchange, a provider call with the tokens, and the
 * failure answers (denied consent, a code used twice, a wrong redirect URI, a wrong secret).
 */

const REDIRECT = 'http://koppel.test/api/recruiting/oauth/callback';
let google: GoogleEmulator;
let graph: GraphEmulator;
let zoom: ZoomEmulator;
let goto: GoToMeetingEmulator;

beforeAll(async () => {
  [google, graph, zoom, goto] = await Promise.all([startGoogleCalendarEmulator(), startGraphEmulator(), startZoomEmulator(), startGoToMeetingEmulator()]);
});
afterAll(async () => {
  await Promise.all([google?.close(), graph?.close(), zoom?.close(), goto?.close()]);
});

const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Plays the person in the browser: opens the consent page, picks `account`, presses Allow (or Cancel). */
async function consent(authorizeUrl: string, account: string, decision: 'allow' | 'deny' = 'allow'): Promise<URL> {
  const page = await fetch(authorizeUrl, { redirect: 'manual' });
  expect(page.status).toBe(200);
  const html = await page.text();
  const action = /<form method="post" action="([^"]+)"/.exec(html)![1]!;
  const form = new URLSearchParams();
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) form.set(m[1]!, unescape(m[2]!));
  const accounts = [...html.matchAll(/name="account" value="([^"]+)"/g)].map((m) => unescape(m[1]!));
  expect(accounts).toContain(account);
  form.set('account', account);
  form.set('decision', decision);
  const res = await fetch(new URL(unescape(action), authorizeUrl), { method: 'POST', body: form, headers: { 'content-type': 'application/x-www-form-urlencoded' }, redirect: 'manual' });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location')!);
}

interface Case {
  name: string;
  em: () => GoogleEmulator | GraphEmulator | ZoomEmulator | GoToMeetingEmulator;
  scopes: readonly string[];
  extra?: Record<string, string>;
  authMethod: ClientAuthMethod;
  kind: 'google' | 'microsoft' | 'zoom' | 'gotomeeting';
  /** Whether the token answer itself names the account (id_token / principal). */
  accountInTokens: boolean;
  verify: (creds: never) => Promise<{ account: string }>;
}

const cases: Case[] = [
  { name: 'Google', em: () => google, scopes: GOOGLE_SCOPES, extra: GOOGLE_AUTHORIZE_PARAMS, authMethod: 'client_secret_post', kind: 'google', accountInTokens: true, verify: (c) => createGoogleCalendarProvider(c).verify() },
  { name: 'Microsoft', em: () => graph, scopes: MICROSOFT_SCOPES, authMethod: 'client_secret_post', kind: 'microsoft', accountInTokens: true, verify: (c) => createMicrosoftCalendarProvider(c).verify() },
  { name: 'Zoom', em: () => zoom, scopes: ZOOM_SCOPES, authMethod: 'client_secret_basic', kind: 'zoom', accountInTokens: false, verify: (c) => createZoomProvider(c).verify() },
  { name: 'GoToMeeting', em: () => goto, scopes: GOTO_SCOPES, authMethod: 'client_secret_basic', kind: 'gotomeeting', accountInTokens: true, verify: (c) => createGoToMeetingProvider(c).verify() },
];

describe.each(cases)('OAuth code flow: $name', (c) => {
  it('consent page → code + state → tokens → a working provider; refresh works', async () => {
    const em = c.em();
    // The vendor table points at the same emulator endpoints the emulator itself reports.
    expect(oauthEndpoints(c.kind, em.url)).toEqual({ authorizeUrl: em.authorizeUrl, tokenUrl: em.tokenUrl, apiBase: em.url });
    expect(oauthConfig(c.kind).authMethod).toBe(c.authMethod);
    const account = em.users()[1]!.email;
    const url = buildAuthorizeUrl({ authorizeUrl: em.authorizeUrl, clientId: em.client.clientId, redirectUri: REDIRECT, state: 'st-ä&1', scopes: c.scopes, ...(c.extra ? { extraParams: c.extra } : {}) });
    const back = await consent(url, account);
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT);
    expect(back.searchParams.get('state')).toBe('st-ä&1');
    const code = back.searchParams.get('code')!;
    expect(code).toBeTruthy();
    const tokens = await exchangeCode({ tokenUrl: em.tokenUrl, clientId: em.client.clientId, clientSecret: em.client.clientSecret, code, redirectUri: REDIRECT, authMethod: c.authMethod, provider: c.kind });
    expect(tokens.accessToken).toBeTruthy();
    expect(tokens.refreshToken).toBeTruthy();
    expect(tokens.expiresAt).toBeGreaterThan(Date.now() + 30 * 60_000);
    expect(tokens.account).toBe(c.accountInTokens ? account : '');
    const creds = { kind: c.kind, baseUrl: em.url, tokenUrl: em.tokenUrl, clientId: em.client.clientId, clientSecret: em.client.clientSecret, ...tokens, account: tokens.account || account };
    expect(await c.verify(creds as never)).toEqual({ account });

    const refreshed = await refreshTokens({ tokenUrl: em.tokenUrl, clientId: em.client.clientId, clientSecret: em.client.clientSecret, refreshToken: tokens.refreshToken, authMethod: c.authMethod, provider: c.kind });
    expect(refreshed.accessToken).not.toBe(tokens.accessToken);

    // The same code a second time is refused (and revokes what it issued, RFC 6749 §4.1.2).
    const reuse = await exchangeCode({ tokenUrl: em.tokenUrl, clientId: em.client.clientId, clientSecret: em.client.clientSecret, code, redirectUri: REDIRECT, authMethod: c.authMethod, provider: c.kind }).catch((e: unknown) => e);
    expect(reuse).toBeInstanceOf(ProviderError);
    expect(reuse).toMatchObject({ code: 'reconnect_needed', provider: c.kind, status: 400 });
  });

  it('login_hint preselects the account; Cancel redirects with access_denied; wrong redirect URI and wrong secret are refused', async () => {
    const em = c.em();
    const hinted = em.users()[0]!.email;
    const page = await (await fetch(buildAuthorizeUrl({ authorizeUrl: em.authorizeUrl, clientId: em.client.clientId, redirectUri: REDIRECT, state: 's', scopes: c.scopes, loginHint: hinted }))).text();
    expect(page).toContain(`value="${hinted}" checked`);
    const denied = await consent(buildAuthorizeUrl({ authorizeUrl: em.authorizeUrl, clientId: em.client.clientId, redirectUri: REDIRECT, state: 's2', scopes: c.scopes }), hinted, 'deny');
    expect(denied.searchParams.get('error')).toBe('access_denied');
    expect(denied.searchParams.get('state')).toBe('s2');
    const unknownClient = await fetch(buildAuthorizeUrl({ authorizeUrl: em.authorizeUrl, clientId: 'nope', redirectUri: REDIRECT, state: 's', scopes: [] }), { redirect: 'manual' });
    expect(unknownClient.status).toBe(400);

    const back = await consent(buildAuthorizeUrl({ authorizeUrl: em.authorizeUrl, clientId: em.client.clientId, redirectUri: REDIRECT, state: 's3', scopes: c.scopes }), hinted);
    const code = back.searchParams.get('code')!;
    const wrongSecret = await exchangeCode({ tokenUrl: em.tokenUrl, clientId: em.client.clientId, clientSecret: 'wrong', code, redirectUri: REDIRECT, authMethod: c.authMethod, provider: c.kind }).catch((e: unknown) => e);
    expect(wrongSecret).toMatchObject({ code: 'invalid_credentials' });
    const wrongRedirect = await exchangeCode({ tokenUrl: em.tokenUrl, clientId: em.client.clientId, clientSecret: em.client.clientSecret, code, redirectUri: 'http://evil.test/cb', authMethod: c.authMethod, provider: c.kind }).catch((e: unknown) => e);
    expect(wrongRedirect).toMatchObject({ code: 'bad_response', status: 400 });
  });
});

describe('token endpoint client authentication', () => {
  it('Zoom and GoTo insist on HTTP Basic; a secret in the body is refused', async () => {
    for (const em of [zoom, goto]) {
      const t = em.credentials(em.users()[0]!.email);
      const err = await refreshTokens({ tokenUrl: em.tokenUrl, clientId: t.clientId, clientSecret: t.clientSecret, refreshToken: t.refreshToken, authMethod: 'client_secret_post', provider: 'zoom' }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'invalid_credentials' });
    }
  });
});
