import { z } from 'zod';
import type { ZodApp } from '../../../platform/http/zod-app.ts';
import { actorOf } from '../../../platform/http/auth.ts';
import type { Services } from '../../container.ts';
import { accountDto, integrationDto } from './integrations.routes.ts';

/**
 * F-10 for vendors connected through their consent page (Nmbrs): start (form → consent page URL with
 * state and PKCE challenge) and callback (code + state → encrypted tokens, accounts to choose from).
 * The same two calls with `integrationId` reconnect an integration that needs it.
 */

const tags = ['integrations'];
const url = z.string().trim().url().max(2000);

export function integrationConsentRoutes(app: ZodApp, s: Services) {
  app.post(
    '/integrations/consent/start',
    {
      config: { access: 'hr' },
      schema: {
        tags,
        summary: "Connect (or reconnect) a vendor through its consent page: the form is kept encrypted for 15 minutes and the answer is the consent page to open (state + PKCE)",
        body: z.object({
          vendor: z.enum(['nmbrs']),
          name: z.string().trim().min(1).max(200).optional(),
          baseUrl: url.nullish(),
          credentials: z.record(z.string(), z.string().max(500)).optional(),
          redirectUri: url,
          integrationId: z.string().uuid().optional(),
        }),
        response: { 200: z.object({ authorizeUrl: z.string(), state: z.string() }) },
      },
    },
    async (req) => s.integrationConsent.start(actorOf(req), req.body),
  );
  app.post(
    '/integrations/consent/callback',
    {
      config: { access: 'hr' },
      schema: {
        tags,
        summary: 'The consent page sent the browser back: exchange the code, check the tokens live, store them encrypted; the accounts (debtors, companies) are for the scope choice',
        body: z.object({ state: z.string().min(1).max(200), code: z.string().min(1).max(2000).optional(), error: z.string().max(200).optional() }),
        response: { 201: z.object({ integration: integrationDto, reconnected: z.boolean(), accounts: z.array(accountDto.extend({ parentId: z.string().nullable() })) }) },
      },
    },
    async (req, reply) => reply.status(201).send(await s.integrationConsent.callback(actorOf(req), req.body)),
  );
}
