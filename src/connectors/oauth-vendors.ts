import { GOOGLE_API_BASE, GOOGLE_AUTHORIZE_PARAMS, GOOGLE_AUTHORIZE_URL, GOOGLE_SCOPES, GOOGLE_TOKEN_URL } from './calendar/google/google.provider.ts';
import { GOTO_API_BASE, GOTO_AUTHORIZE_URL, GOTO_SCOPES, GOTO_TOKEN_URL } from './video/gotomeeting/gotomeeting.provider.ts';
import { GRAPH_API_BASE, MICROSOFT_AUTHORIZE_URL, MICROSOFT_SCOPES, MICROSOFT_TOKEN_URL } from './calendar/microsoft/microsoft.provider.ts';
import { ZOOM_API_BASE, ZOOM_AUTHORIZE_URL, ZOOM_SCOPES, ZOOM_TOKEN_URL } from './video/zoom/zoom.provider.ts';
import type { ClientAuthMethod } from './kit/oauth/oauth.ts';

/**
 * Everything the OAuth connect flow needs per vendor, for the real service and for its emulator
 * (whose endpoints sit at fixed paths under one base URL). `endpoints(kind, emulatorUrl?)` gives
 * the three URLs to use: pass the emulator's URL in tests/demo, nothing in production.
 */

export type OAuthVendor = 'google' | 'microsoft' | 'zoom' | 'gotomeeting';

export interface OAuthVendorConfig {
  authorizeUrl: string;
  tokenUrl: string;
  /** Stored as credentials.baseUrl. */
  apiBase: string;
  scopes: readonly string[];
  authMethod: ClientAuthMethod;
  extraParams: Record<string, string>;
  /** The same endpoints on the emulator, relative to its URL. */
  emulator: { authorizePath: string; tokenPath: string };
}

export const OAUTH_VENDORS: Record<OAuthVendor, OAuthVendorConfig> = {
  google: {
    authorizeUrl: GOOGLE_AUTHORIZE_URL,
    tokenUrl: GOOGLE_TOKEN_URL,
    apiBase: GOOGLE_API_BASE,
    scopes: GOOGLE_SCOPES,
    authMethod: 'client_secret_post',
    extraParams: { ...GOOGLE_AUTHORIZE_PARAMS },
    emulator: { authorizePath: '/o/oauth2/v2/auth', tokenPath: '/token' },
  },
  microsoft: {
    authorizeUrl: MICROSOFT_AUTHORIZE_URL,
    tokenUrl: MICROSOFT_TOKEN_URL,
    apiBase: GRAPH_API_BASE,
    scopes: MICROSOFT_SCOPES,
    authMethod: 'client_secret_post',
    extraParams: {},
    emulator: { authorizePath: '/common/oauth2/v2.0/authorize', tokenPath: '/common/oauth2/v2.0/token' },
  },
  zoom: {
    authorizeUrl: ZOOM_AUTHORIZE_URL,
    tokenUrl: ZOOM_TOKEN_URL,
    apiBase: ZOOM_API_BASE,
    scopes: ZOOM_SCOPES,
    authMethod: 'client_secret_basic',
    extraParams: {},
    emulator: { authorizePath: '/oauth/authorize', tokenPath: '/oauth/token' },
  },
  gotomeeting: {
    authorizeUrl: GOTO_AUTHORIZE_URL,
    tokenUrl: GOTO_TOKEN_URL,
    apiBase: GOTO_API_BASE,
    scopes: GOTO_SCOPES,
    authMethod: 'client_secret_basic',
    extraParams: {},
    emulator: { authorizePath: '/oauth/v2/authorize', tokenPath: '/oauth/v2/token' },
  },
};

/** The authorize/token/API URLs for a vendor: the real ones, or the emulator's when its URL is given. */
export function oauthEndpoints(kind: OAuthVendor, emulatorUrl?: string): { authorizeUrl: string; tokenUrl: string; apiBase: string } {
  const v = OAUTH_VENDORS[kind];
  if (!emulatorUrl) return { authorizeUrl: v.authorizeUrl, tokenUrl: v.tokenUrl, apiBase: v.apiBase };
  const base = emulatorUrl.replace(/\/+$/, '');
  return { authorizeUrl: `${base}${v.emulator.authorizePath}`, tokenUrl: `${base}${v.emulator.tokenPath}`, apiBase: base };
}
