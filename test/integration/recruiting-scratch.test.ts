import { it } from 'vitest';
import { startDavical } from '../helpers/caldav-servers.ts';
import { createTenant, startTestKoppel } from '../helpers/harness.ts';
it('x', async () => {
  const dav = await startDavical({ users: [{ username: 'anna', password: 'pw-anna', email: 'anna@example.test', name: 'Anna' }] });
  const k = await startTestKoppel();
  const { client, owner } = await createTenant(k);
  const actor = { tenantId: owner.tenant_id, type: 'user' as const, id: owner.id, name: 'o', role: 'owner' as const, userId: owner.id };
  const { kind: _k, ...creds } = dav.credentials('anna');
  console.log((await client.post('/recruiting/connections/caldav', creds)).status);
  try {
    console.log(await k.services.recruiting.interviews.availabilityView(actor, { userIds: [owner.id], from: new Date('2026-12-24T23:00:00Z'), to: new Date('2026-12-25T23:00:00Z'), durationMinutes: 30 }));
  } catch (e) { console.log('ERR', e); }
  await k.stop();
  await dav.stop();
}, 120000);
