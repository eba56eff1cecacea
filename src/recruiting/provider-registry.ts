import type { Database } from '../platform/db/client.ts';
import type { SecretBox } from '../platform/crypto.ts';
import type { RecruitingConnectionsTable } from '../platform/db/recruiting-schema.ts';
import type { Selectable } from 'kysely';
import type { TokenStore } from '../connectors/kit/auth/token-store.ts';
import { CALENDAR_PROVIDERS, VIDEO_PROVIDERS } from '../connectors/provider-registry.ts';
import type { CalendarCredentials, CalendarProvider } from '../connectors/calendar/calendar-provider.ts';
import { type CalendarProviderKind, type OAuthProviderCredentials, type OAuthProviderKind, ProviderError, type ProviderDeps, type VideoProviderKind } from '../connectors/kit/provider.ts';
import type { VideoCredentials, VideoProvider } from '../connectors/video/video-provider.ts';

/**
 * Building a provider from a stored connection: the factory comes from the one provider registry
 * (src/connectors/provider-registry.ts); decrypt the credentials, hand OAuth2 providers a TokenStore
 * on the connection row (refreshed tokens stored encrypted, under a row lock, before they are used
 * again), and mark the connection `reconnect_needed` when the provider says so, so a failing refresh
 * is shown instead of silently stopping calendar writes.
 */
export type CalendarFactory = (credentials: CalendarCredentials, deps: ProviderDeps) => CalendarProvider;
export type VideoFactory = (credentials: VideoCredentials, deps: ProviderDeps) => VideoProvider;

export type ConnectionRow = Selectable<RecruitingConnectionsTable>;

export function calendarFactory(kind: CalendarProviderKind): CalendarFactory {
  const entry = Object.hasOwn(CALENDAR_PROVIDERS, kind) ? CALENDAR_PROVIDERS[kind] : undefined;
  if (!entry) throw new ProviderError('unavailable', `no ${kind} calendar provider installed`, kind);
  return entry.create;
}
export function videoFactory(kind: VideoProviderKind): VideoFactory {
  const entry = Object.hasOwn(VIDEO_PROVIDERS, kind) ? VIDEO_PROVIDERS[kind as keyof typeof VIDEO_PROVIDERS] : undefined;
  if (!entry) throw new ProviderError('unavailable', `no ${kind} video provider installed`, kind);
  return entry.create;
}

/** Records a provider failure on the connection; `reconnect_needed` also flips its status. */
export async function recordConnectionError(db: Database, connectionId: string, err: unknown): Promise<void> {
  const code = err instanceof ProviderError ? err.code : 'unavailable';
  await db
    .updateTable('recruiting_connections')
    .set({
      last_error_code: code,
      last_error_at: new Date(),
      updated_at: new Date(),
      ...(code === 'reconnect_needed' ? { status: 'reconnect_needed' as const } : {}),
    })
    .where('id', '=', connectionId)
    .execute();
}

/**
 * The OAuth2 tokens of one connection, as the kit's TokenStore: the refresher locks the row
 * (`SELECT … FOR UPDATE` in a transaction), re-reads the credentials, refreshes only if nobody
 * rotated them meanwhile, and stores the new pair (encrypted) before the lock is released — so two
 * jobs or two processes never spend the same rotating refresh token. On the embedded database the
 * transaction holds its only connection, which serialises the same way within the process.
 */
export function connectionTokenStore(db: Database, box: SecretBox, connectionId: string, kind: OAuthProviderKind): TokenStore<OAuthProviderCredentials> {
  const decode = (row: { credentials_encrypted: string } | undefined): OAuthProviderCredentials => {
    if (!row) throw new ProviderError('not_found', 'the connection was removed', kind);
    return JSON.parse(box.decrypt(row.credentials_encrypted)) as OAuthProviderCredentials;
  };
  return {
    async load() {
      return decode(await db.selectFrom('recruiting_connections').select('credentials_encrypted').where('id', '=', connectionId).executeTakeFirst());
    },
    withLock(fn) {
      return db.transaction().execute(async (trx) => {
        // Inside the transaction only `trx`: on PGlite the outer db would wait for this very transaction.
        const read = () => trx.selectFrom('recruiting_connections').select('credentials_encrypted').where('id', '=', connectionId).forUpdate().executeTakeFirst().then(decode);
        await read();
        return fn({
          load: read,
          async save(tokens) {
            await trx
              .updateTable('recruiting_connections')
              .set({ credentials_encrypted: box.encrypt(JSON.stringify(tokens)), updated_at: new Date() })
              .where('id', '=', connectionId)
              .execute();
          },
          async markReconnectNeeded() {
            await trx
              .updateTable('recruiting_connections')
              .set({ status: 'reconnect_needed', last_error_code: 'reconnect_needed', last_error_at: new Date(), updated_at: new Date() })
              .where('id', '=', connectionId)
              .execute();
          },
        });
      });
    },
  };
}

function depsFor(db: Database, box: SecretBox, conn: ConnectionRow, extra: ProviderDeps): ProviderDeps {
  // OAuth2 providers rotate through the row lock; CalDAV has no tokens to store.
  return conn.kind === 'caldav' ? extra : { tokenStore: connectionTokenStore(db, box, conn.id, conn.kind), ...extra };
}

/** Wraps every call so a ProviderError is recorded on the connection before it propagates. */
function guarded<T extends object>(db: Database, connectionId: string, target: T): T {
  return new Proxy(target, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(obj, args);
        } catch (err) {
          if (err instanceof ProviderError) await recordConnectionError(db, connectionId, err);
          throw err;
        }
      };
    },
  });
}

export function calendarProviderFor(db: Database, box: SecretBox, conn: ConnectionRow, deps: ProviderDeps = {}): CalendarProvider {
  if (conn.category !== 'calendar') throw new ProviderError('bad_response', 'not a calendar connection', conn.kind as CalendarProviderKind);
  const credentials = JSON.parse(box.decrypt(conn.credentials_encrypted)) as CalendarCredentials;
  return guarded(db, conn.id, calendarFactory(conn.kind as CalendarProviderKind)(credentials, depsFor(db, box, conn, deps)));
}

/**
 * The video provider for a host: Zoom/GoToMeeting from their own connection; Meet/Teams are
 * created by the host's Google/Microsoft calendar (createConference on the event) and need no provider here.
 */
export function videoProviderFor(db: Database, box: SecretBox, conn: ConnectionRow, deps: ProviderDeps = {}): VideoProvider {
  if (conn.category !== 'video') throw new ProviderError('bad_response', 'not a video connection', conn.kind as VideoProviderKind);
  const credentials = JSON.parse(box.decrypt(conn.credentials_encrypted)) as VideoCredentials;
  return guarded(db, conn.id, videoFactory(conn.kind as VideoProviderKind)(credentials, depsFor(db, box, conn, deps)));
}

/** Conferences a calendar kind creates itself (used before a provider instance exists, e.g. for the user list). */
export const CALENDAR_CONFERENCES: Readonly<Record<CalendarProviderKind, readonly VideoProviderKind[]>> = {
  caldav: CALENDAR_PROVIDERS.caldav.conferenceKinds,
  google: CALENDAR_PROVIDERS.google.conferenceKinds,
  microsoft: CALENDAR_PROVIDERS.microsoft.conferenceKinds,
};
