import { api } from './client';
import { useApiMutation } from './hooks';
import type { ResponseOf } from './openapi-helpers';

/** F-10 for vendors connected through their consent page (Nmbrs); src/app/http/routes/integration-consent.routes.ts. */
export type ConsentStart = ResponseOf<'/integrations/consent/start', 'post'>;
export type ConsentResult = ResponseOf<'/integrations/consent/callback', 'post'>;
export type ConsentStartInput = { vendor: 'nmbrs'; name?: string; baseUrl?: string | null; credentials?: Record<string, string>; integrationId?: string };

/** Where the vendor sends the browser back: the callback page of this app. */
export const consentRedirectUri = () => `${window.location.origin}/settings/integrations/consent`;

/** Starts the consent and sends the browser to the vendor's consent page. */
export const useStartConsent = () =>
  useApiMutation(async (input: ConsentStartInput) => {
    const r = await api.post<ConsentStart>('/integrations/consent/start', { ...input, redirectUri: consentRedirectUri() });
    window.location.assign(r.authorizeUrl);
    return r;
  }, []);

export const useFinishConsent = () => useApiMutation((input: { state: string; code?: string; error?: string }) => api.post<ConsentResult>('/integrations/consent/callback', input), [['integrations']]);
