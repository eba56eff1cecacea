import type { OAuthTokens, TokenStore } from '../connectors/kit/auth/token-store.ts';
import { notFound } from '../domain/errors.ts';
import type { SecretBox } from '../platform/crypto.ts';
import type { Database } from '../platform/db/client.ts';

/**
 * The OAuth2 tokens of one HR integration (Nmbrs, Loket), as the kit's TokenStore, on the
 * `integrations` row: the credentials JSON (encrypted with the SecretBox, like every integration's
 * credentials) holds the vendor's fields plus accessToken / refreshToken / expiresAt. A refresher
 * locks the row (`SELECT … FOR UPDATE` in a transaction), re-reads, refreshes only if nobody rotated
 * the pair meanwhile, and stores the new pair before the lock is released — so a sync run and an App
 * center live read never spend the same rotating refresh token. A refused grant sets the
 * integration's health to `reconnect_needed`. The calendar version is connectionTokenStore in
 * src/recruiting/provider-registry.ts.
 */
export type IntegrationOAuthCredentials = OAuthTokens & Record<string, unknown>;

export function integrationTokenStore(db: Database, box: SecretBox, tenantId: string, integrationId: string): TokenStore<IntegrationOAuthCredentials> {
  const decode = (row: { credentials_encrypted: string } | undefined): IntegrationOAuthCredentials => {
    if (!row) throw notFound('integration');
    return JSON.parse(box.decrypt(row.credentials_encrypted)) as IntegrationOAuthCredentials;
  };
  return {
    async load() {
      return decode(await db.selectFrom('integrations').select('credentials_encrypted').where('tenant_id', '=', tenantId).where('id', '=', integrationId).executeTakeFirst());
    },
    withLock(fn) {
      return db.transaction().execute(async (trx) => {
        // Inside the transaction only `trx`: on PGlite the outer db would wait for this very transaction.
        const read = () =>
          trx.selectFrom('integrations').select('credentials_encrypted').where('tenant_id', '=', tenantId).where('id', '=', integrationId).forUpdate().executeTakeFirst().then(decode);
        await read();
        return fn({
          load: read,
          async save(tokens) {
            await trx
              .updateTable('integrations')
              .set({ credentials_encrypted: box.encrypt(JSON.stringify(tokens)), updated_at: new Date() })
              .where('tenant_id', '=', tenantId)
              .where('id', '=', integrationId)
              .execute();
          },
          async markReconnectNeeded() {
            await trx
              .updateTable('integrations')
              .set({ health: 'reconnect_needed', health_detail: 'reconnect_needed', updated_at: new Date() })
              .where('tenant_id', '=', tenantId)
              .where('id', '=', integrationId)
              .execute();
          },
        });
      });
    },
  };
}
