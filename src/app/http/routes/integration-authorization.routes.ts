import { z } from 'zod';
import type { ZodApp } from '../../../platform/http/zod-app.ts';
import { actorOf } from '../../../platform/http/auth.ts';
import type { Services } from '../../container.ts';
import { authorizingVendors } from '../../../integrations/authorization-code.service.ts';
import { accountDto, integrationDto } from './integrations.routes.ts';

/**
 * F-10 through a vendor's own authorization-code page (decision 0028), one pair for every vendor that has one:
 * Nmbrs' consent page (form, then consent) and Loket's login page (instead of the form). start: the vendor page
 * to open (state + PKCE); callback: code + state → encrypted tokens, the accounts to choose from. The same two
 * calls with `integrationId` reconnect an integration that needs it.
 */

const tags = ['integrations'];
const url = z.string().trim().url().max(2000);
const [first, ...rest] = authorizingVendors();

export function integrationAuthorizationRoutes(app: ZodApp, s: Services) {
  app.post(
    '/integrations/oauth/start',
    {
      config: { access: 'hr' },
      schema: {
        tags,
        summary: "Connect (or reconnect) a vendor through its own authorization page (Nmbrs' consent, Loket's login): the form, if the vendor takes one, is kept encrypted for 15 minutes and the answer is the page to open (state + PKCE)",
        body: z.object({
          vendor: z.enum([first!, ...rest]),
          name: z.string().trim().min(1).max(200).optional(),
          baseUrl: url.nullish(),
          credentials: z.record(z.string(), z.string().max(500)).optional().describe('The connect form, for a vendor whose form goes with the authorization (Nmbrs: the subscription key)'),
          redirectUri: url.optional().describe('Where the vendor sends the browser back (registered with the vendor); default <PUBLIC_URL>/settings/integrations/oauth/callback'),
          integrationId: z.string().uuid().optional(),
        }),
        response: { 200: z.object({ authorizeUrl: z.string(), state: z.string() }) },
      },
    },
    async (req) => s.integrationAuthorization.start(actorOf(req), req.body),
  );
  app.post(
    '/integrations/oauth/callback',
    {
      config: { access: 'hr' },
      schema: {
        tags,
        summary: 'The vendor page sent the browser back: exchange the code (once, with the PKCE verifier), check the tokens live, store them encrypted; the accounts (employers, debtors, companies) are for the scope choice',
        body: z.object({ state: z.string().min(1).max(200), code: z.string().min(1).max(2000).optional(), error: z.string().max(200).optional() }),
        response: { 201: z.object({ integration: integrationDto, reconnected: z.boolean(), accounts: z.array(accountDto.extend({ parentId: z.string().nullable() })) }) },
      },
    },
    async (req, reply) => reply.status(201).send(await s.integrationAuthorization.callback(actorOf(req), req.body)),
  );
}
