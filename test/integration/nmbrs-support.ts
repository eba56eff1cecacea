import { answerConsentPage } from '../../emulators/nmbrs/nmbrs-emulator.consent-page.ts';
import { NMBRS_USERS, type NmbrsEmulator } from '../../emulators/nmbrs/nmbrs-emulator.server.ts';
import type { Client } from '../helpers/harness.ts';

/** Shared by the nmbrs-*.test.ts files (not a test file itself): the consent round trip over HTTP, as a browser would. */

export const NMBRS_REDIRECT = 'http://localhost:3000/settings/integrations/oauth/callback';

/** The connect form: the subscription key only (Koppel's OAuth client at Nmbrs is the operator's configuration). */
export const nmbrsForm = (em: NmbrsEmulator, over: Record<string, string> = {}) => ({ subscriptionKey: em.subscriptionKey, ...over });

/** Plays the browser on Nmbrs' consent page: picks the account, presses Allow (or Cancel); returns where Nmbrs sends it back. */
export const consentPage = answerConsentPage;

/** Connects Nmbrs through the consent page and chooses the companies (default: every company). */
export async function connectNmbrs(client: Pick<Client, 'post' | 'put' | 'patch'>, em: NmbrsEmulator, opts: { name?: string; companies?: string[]; settings?: Record<string, unknown> } = {}) {
  const start = await client.post('/integrations/oauth/start', { vendor: 'nmbrs', name: opts.name ?? 'Nmbrs', baseUrl: em.url, credentials: nmbrsForm(em), redirectUri: NMBRS_REDIRECT });
  if (start.status !== 200) throw new Error(`consent start failed: ${start.status} ${JSON.stringify(start.body)}`);
  const back = await consentPage(start.body.authorizeUrl, NMBRS_USERS[0]!.email);
  const cb = await client.post('/integrations/oauth/callback', { state: back.searchParams.get('state'), code: back.searchParams.get('code') });
  if (cb.status !== 201) throw new Error(`consent callback failed: ${cb.status} ${JSON.stringify(cb.body)}`);
  const id = cb.body.integration.id as string;
  const companies = opts.companies ?? (cb.body.accounts as { id: string; kind: string }[]).filter((a) => a.kind === 'company').map((a) => a.id);
  const scope = await client.put(`/integrations/${id}/scope`, { accountIds: companies });
  if (scope.status !== 200) throw new Error(`scope failed: ${scope.status} ${JSON.stringify(scope.body)}`);
  if (opts.settings) {
    const s = await client.patch(`/integrations/${id}`, { settings: opts.settings });
    if (s.status !== 200) throw new Error(`settings failed: ${s.status} ${JSON.stringify(s.body)}`);
  }
  return { id };
}
