import type { OAuthProviderKind } from './kit/provider.ts';
import { oauthConfig } from './provider-registry.ts';

/**
 * The OAuth endpoints of a vendor for the real service or for its emulator. The configuration
 * itself is part of each provider's line in ./provider-registry.ts.
 */

export type OAuthVendor = OAuthProviderKind;

/** The authorize/token/API URLs for a vendor: the real ones, or the emulator's when its URL is given. */
export function oauthEndpoints(kind: OAuthVendor, emulatorUrl?: string): { authorizeUrl: string; tokenUrl: string; apiBase: string } {
  const v = oauthConfig(kind);
  if (!emulatorUrl) return { authorizeUrl: v.authorizeUrl, tokenUrl: v.tokenUrl, apiBase: v.apiBase };
  const base = emulatorUrl.replace(/\/+$/, '');
  return { authorizeUrl: `${base}${v.emulator.authorizePath}`, tokenUrl: `${base}${v.emulator.tokenPath}`, apiBase: base };
}
