import type { FaultProfile } from './faults.ts';
import { HttpFault, asObject, faultFromJson, json, type EmuRequest, type EmuResponse, type RunningKit } from './http-kit.ts';
import type { EmulatorUser, OAuthServer } from './oauth-server.ts';

/**
 * The `/_emulator/*` hooks every emulator has: accounts, direct token issue (tests that skip the
 * consent page), revoking a user's grant, expiring access tokens, and scripted faults.
 *
 *   GET  /_emulator/users                 → { users }
 *   POST /_emulator/users {email,name?,timeZone?}
 *   POST /_emulator/tokens {user}         → provider credentials for that user
 *   POST /_emulator/revoke {user}         → refresh now answers invalid_grant, API calls 401
 *   POST /_emulator/expire-tokens {user}  → access tokens expire (refresh still works)
 *   POST /_emulator/faults {kind?,status?,method?,path?,times?,retryAfterSeconds?,afterCommit?,timeoutMs?}  (one scripted fault; kinds in faults.ts)
 *   DELETE /_emulator/faults               → drops the scripted faults
 *   PUT  /_emulator/profile {rate429?,rate5xx?,rateTimeout?,rateExpiredToken?,rateDropAfterCommit?,seed?,routes?…}  (random fault profile; {} = off)
 *   GET  /_emulator/requests               → { requests: [{method,path,status}] } (status 0 = no answer sent)
 */
export function commonHooks(
  req: EmuRequest,
  ctx: { oauth: OAuthServer; kit: () => RunningKit; addUser: (u: EmulatorUser) => EmulatorUser; credentials: (user: string) => unknown },
): EmuResponse | null {
  const { oauth } = ctx;
  const p = req.path;
  const userOf = () => String(asObject(req.body).user ?? '');
  if (p === '/_emulator/users' && req.method === 'GET') return json(200, { users: [...oauth.users.values()] });
  if (p === '/_emulator/users' && req.method === 'POST') return json(201, ctx.addUser(asObject(req.body) as unknown as EmulatorUser));
  if (p === '/_emulator/tokens' && req.method === 'POST') return json(200, ctx.credentials(userOf()));
  if (p === '/_emulator/revoke' && req.method === 'POST') return json(200, { revoked: oauth.revokeUser(userOf()) });
  if (p === '/_emulator/expire-tokens' && req.method === 'POST') return json(200, { expired: oauth.expireAccessTokens(userOf()) });
  if (p === '/_emulator/faults' && req.method === 'POST') {
    ctx.kit().faults.add(faultFromJson(req.body));
    return json(201, { pending: ctx.kit().faults.pending() });
  }
  if (p === '/_emulator/profile' && req.method === 'PUT') {
    const profile = asObject(req.body) as FaultProfile;
    try {
      ctx.kit().setFaultProfile(profile);
    } catch (err) {
      throw new HttpFault(400, (err as Error).message);
    }
    return json(200, { profile });
  }
  if (p === '/_emulator/requests' && req.method === 'GET') return json(200, { requests: ctx.kit().requestLog });
  if (p === '/_emulator/faults' && req.method === 'DELETE') {
    ctx.kit().faults.clear();
    return json(204);
  }
  return null;
}
