import { api } from './client';
import { useApiMutation } from './hooks';
import type { BodyOf, ResponseOf } from './openapi-helpers';

/**
 * F-10 through a vendor's own authorization page — Nmbrs' consent page, Loket's login page — one flow for both
 * (src/app/http/routes/integration-authorization.routes.ts, decision 0028).
 */
export type AuthorizationStart = ResponseOf<'/integrations/oauth/start', 'post'>;
export type AuthorizationResult = ResponseOf<'/integrations/oauth/callback', 'post'>;
export type AuthorizationStartInput = Omit<BodyOf<'/integrations/oauth/start', 'post'>, 'redirectUri'>;

/** Where the vendor sends the browser back: the callback page of this app (register this address at the vendor). */
export const authorizationRedirectUri = () => `${window.location.origin}/settings/integrations/oauth/callback`;

/** Starts the authorization and sends the browser to the vendor's page. */
export const useStartAuthorization = () =>
  useApiMutation(async (input: AuthorizationStartInput) => {
    const r = await api.post<AuthorizationStart>('/integrations/oauth/start', { ...input, redirectUri: authorizationRedirectUri() });
    window.location.assign(r.authorizeUrl);
    return r;
  }, []);

export const useFinishAuthorization = () =>
  useApiMutation((input: { state: string; code?: string; error?: string }) => api.post<AuthorizationResult>('/integrations/oauth/callback', input), [['integrations']]);
