import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { isIanaZone } from '../domain/tenant-zone.ts';

/**
 * The only place that reads process.env. Parsed once at boot; a bad value fails fast with a clear message.
 */
const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: z.string().url().optional(),
  DATABASE_URL: z.string().optional(),
  KOPPEL_DATA_DIR: z.string().default('.koppel'),
  /** 32+ chars; encrypts secrets at rest and keys the BSN blind index. Generated into the data dir when absent. */
  KOPPEL_SECRET: z.string().min(32).optional(),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Koppel <no-reply@koppel.local>'),
  MAIL_CATCHER_PORT: z.coerce.number().int().min(0).max(65535).default(1025),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  LOGIN_RATE_LIMIT: z.coerce.number().int().positive().default(10),
  /**
   * Which proxies may tell the caller's address in X-Forwarded-For: `false` (default: none, the socket's
   * address counts), `true` (every hop: only behind a proxy that overwrites the header), or a comma-separated
   * list of proxy addresses or CIDR ranges (`127.0.0.1,10.0.0.0/8`).
   */
  KOPPEL_TRUST_PROXY: z
    .string()
    .trim()
    .refine((v) => /^(true|false|)$/i.test(v) || v.split(',').every((p) => isProxyAddress(p.trim())), 'true, false, or a comma-separated list of IP addresses / CIDR ranges')
    .optional(),
  WORKER_POLL_MS: z.coerce.number().int().positive().default(1000),
  /** The installation's zone: when the tenant-less housekeeping runs. Tenants have their own zone. */
  KOPPEL_TIME_ZONE: z.string().refine(isIanaZone, 'not an IANA time zone').default('Europe/Amsterdam'),
  /**
   * The outbound guard (src/connectors/kit/outbound-guard.ts) on every URL a user sets or a remote
   * server hands back (CalDAV, HR base URLs, OAuth app endpoints, redirects): on in production, off
   * otherwise unless switched on here.
   */
  KOPPEL_OUTBOUND_GUARD: z.enum(['on', 'off']).optional(),
  /**
   * Hosts the guard lets through although they are private or local: a comma-separated list of
   * `host` or `host:port` (`dav.intern.example, 10.0.0.5:8443`). The older values `allow` (guard off)
   * and `deny` (guard on, no exceptions) are still read.
   */
  KOPPEL_PRIVATE_HOSTS: z.string().optional(),
  /** Koppel's own OAuth2 client at Loket.nl (issued by Loket to the software supplier); not the user's login. */
  KOPPEL_LOKET_CLIENT_ID: z.string().optional(),
  KOPPEL_LOKET_CLIENT_SECRET: z.string().optional(),
  /** Koppel's own OAuth2 client at Nmbrs (the app registered with Nmbrs' identity service); not typed by users. */
  KOPPEL_NMBRS_CLIENT_ID: z.string().optional(),
  KOPPEL_NMBRS_CLIENT_SECRET: z.string().optional(),
  /** The earlier, calendar-only name of KOPPEL_PRIVATE_HOSTS (`allow` / `deny`); still read. */
  KOPPEL_PRIVATE_CALENDAR_HOSTS: z.enum(['allow', 'deny']).optional(),
});

export type Config = {
  env: 'development' | 'test' | 'production';
  host: string;
  port: number;
  publicUrl: string;
  databaseUrl?: string;
  dataDir: string;
  secret: string;
  smtpUrl?: string;
  mailFrom: string;
  mailCatcherPort: number;
  logLevel: string;
  cookieSecure: boolean;
  loginRateLimit: number;
  /** Fastify's trustProxy: false, true, or the proxy addresses / CIDR ranges whose X-Forwarded-For is believed. */
  trustProxy: boolean | string[];
  workerPollMs: number;
  timeZone: string;
  /** Whether the outbound guard refuses private and local addresses (KOPPEL_OUTBOUND_GUARD; default: production only). */
  outboundGuard: boolean;
  /** Hosts (`host` or `host:port`, lower case) the guard allows anyway (KOPPEL_PRIVATE_HOSTS). */
  privateHosts: string[];
  /**
   * Koppel's OAuth2 client at Loket.nl (KOPPEL_LOKET_CLIENT_ID / _SECRET). Outside production it defaults
   * to the Loket emulator's client, so development, the demo and tests connect to the emulator; in
   * production unset = connecting Loket is refused with a reason.
   */
  loketClient?: { clientId: string; clientSecret: string };
  /**
   * Koppel's OAuth2 client at Nmbrs (KOPPEL_NMBRS_CLIENT_ID / _SECRET), like the calendar OAuth apps: configured by
   * the operator, never typed into the connect form. Outside production it defaults to the Nmbrs emulator's client;
   * in production unset = connecting Nmbrs is refused with a reason.
   */
  nmbrsClient?: { clientId: string; clientSecret: string };
};

export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${lines}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(overrides.dataDir ?? e.KOPPEL_DATA_DIR);
  const port = overrides.port ?? e.PORT;
  const publicUrl = overrides.publicUrl ?? e.PUBLIC_URL ?? `http://localhost:${port}`;
  const secret = overrides.secret ?? e.KOPPEL_SECRET ?? readOrCreateSecret(dataDir);
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port,
    publicUrl,
    databaseUrl: e.DATABASE_URL || undefined,
    dataDir,
    secret,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    mailCatcherPort: e.MAIL_CATCHER_PORT,
    logLevel: e.LOG_LEVEL,
    cookieSecure: e.COOKIE_SECURE === 'auto' ? publicUrl.startsWith('https:') : e.COOKIE_SECURE === 'true',
    loginRateLimit: e.LOGIN_RATE_LIMIT,
    trustProxy: parseTrustProxy(e.KOPPEL_TRUST_PROXY),
    workerPollMs: e.WORKER_POLL_MS,
    timeZone: e.KOPPEL_TIME_ZONE,
    ...outboundPolicy(e),
    ...loketClient(e),
    ...nmbrsClient(e),
    ...overrides,
  };
}

function outboundPolicy(e: z.infer<typeof schema>): Pick<Config, 'outboundGuard' | 'privateHosts'> {
  const listed = (e.KOPPEL_PRIVATE_HOSTS ?? e.KOPPEL_PRIVATE_CALENDAR_HOSTS ?? '').trim();
  const legacy = listed === 'allow' || listed === 'deny' ? listed : undefined;
  const privateHosts = legacy ? [] : listed.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);
  const outboundGuard = e.KOPPEL_OUTBOUND_GUARD ? e.KOPPEL_OUTBOUND_GUARD === 'on' : legacy ? legacy === 'deny' : e.NODE_ENV === 'production';
  return { outboundGuard, privateHosts };
}

function loketClient(e: z.infer<typeof schema>): Pick<Config, 'loketClient'> {
  if (e.KOPPEL_LOKET_CLIENT_ID && e.KOPPEL_LOKET_CLIENT_SECRET) return { loketClient: { clientId: e.KOPPEL_LOKET_CLIENT_ID, clientSecret: e.KOPPEL_LOKET_CLIENT_SECRET } };
  return e.NODE_ENV === 'production' ? {} : { loketClient: { clientId: 'loket-emulator-client', clientSecret: 'loket-emulator-secret' } };
}

function nmbrsClient(e: z.infer<typeof schema>): Pick<Config, 'nmbrsClient'> {
  if (e.KOPPEL_NMBRS_CLIENT_ID && e.KOPPEL_NMBRS_CLIENT_SECRET) return { nmbrsClient: { clientId: e.KOPPEL_NMBRS_CLIENT_ID, clientSecret: e.KOPPEL_NMBRS_CLIENT_SECRET } };
  return e.NODE_ENV === 'production' ? {} : { nmbrsClient: { clientId: 'koppel-nmbrs-emulator', clientSecret: 'nmbrs-emulator-secret' } };
}

function parseTrustProxy(v: string | undefined): boolean | string[] {
  if (!v || /^false$/i.test(v)) return false;
  if (/^true$/i.test(v)) return true;
  return v.split(',').map((p) => p.trim()).filter(Boolean);
}

function isProxyAddress(v: string): boolean {
  const [addr, bits, ...rest] = v.split('/');
  if (rest.length || !addr) return false;
  const family = isIP(addr);
  if (!family) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/** A per-installation secret kept next to the embedded database, so a restart can still decrypt what it stored. */
function readOrCreateSecret(dataDir: string): string {
  const file = path.join(dataDir, 'secret.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
