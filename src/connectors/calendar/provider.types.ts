/**
 * Transitional: the shared provider types moved to src/connectors/kit/provider.ts and the calendar
 * interface to ./calendar-provider.ts. Only src/connectors/kit/auth/oauth2.test.ts (owned by another
 * branch while this one was written) still imports this file; switch its import to
 * ../provider.ts, then delete this file and the exception in .dependency-cruiser.cjs.
 */
export type { OAuthProviderCredentials } from '../kit/provider.ts';
