import { z } from 'zod';
import { defineEmulator } from '../kit/emulator-entry.ts';

/**
 * Nmbrs in the emulator registry: `koppel emulator nmbrs --port P --employees N --companies C
 * --seed S [--latency-ms L] [--faults F] [--debtors D] …`. The server module (and its data
 * generator) is loaded only when this emulator is started.
 */
export const nmbrsEmulator = defineEmulator({
  name: 'nmbrs',
  defaultPort: 4030,
  defaultSeed: 1,
  faultsHelp: 'share 0..1 of API calls answered 429 (Retry-After 1) or 503, or a JSON fault profile (timeouts, expired tokens, lost answers); identity endpoints spared',
  cliOptions: {
    employees: { type: 'string', short: 'n', value: 'N', help: 'employee records to generate over all companies (default 250)' },
    companies: { type: 'string', short: 'c', value: 'C', help: 'companies ("werkmaatschappijen"; default 3: monthly, 4-weekly, weekly)' },
    debtors: { type: 'string', value: 'D', help: 'debtors the companies are spread over (default 1; more → ForbiddenMultiDebtor on GET /api/companies)' },
    'reference-date': { type: 'string', value: 'D', help: 'the "today" the data and current periods are arranged around (default: today)' },
    'subscription-key': { type: 'string', value: 'K', help: 'accepted X-Subscription-Key (default nmbrs-emulator-subscription-key)' },
    'client-id': { type: 'string', value: 'ID', help: 'OAuth client id (default koppel-nmbrs-emulator)' },
    'client-secret': { type: 'string', value: 'S', help: 'OAuth client secret (default nmbrs-emulator-secret)' },
    'token-ttl-seconds': { type: 'string', value: 'T', help: 'access-token lifetime (default 3600)' },
    'rate-limit': { type: 'string', value: 'N', help: 'API requests a second per client before 429 + Retry-After (default 20; 0 = off)' },
    'max-page-size': { type: 'string', value: 'N', help: 'largest page served (default 100)' },
    'last-page-marker': { type: 'string', value: 'null|empty', help: 'nextPage on the last page (default null)' },
    'bsn-key': { type: 'string', value: 'K', help: 'key of the BSN in employees/privateInfos rows (default BSN)' },
    'period-nesting': { type: 'string', value: 'any|nested|flat', help: 'period block a variable-hours write must use (default any)' },
    'protect-future-periods': { type: 'boolean', help: 'periods after the current one need unprotectedMode too' },
    'no-period-type': { type: 'boolean', help: 'GET companies/{id}/period answers {year, period} without periodType (its shape is UNCONFIRMED)' },
    'no-function-catalogue': { type: 'boolean', help: 'GET debtors/{id}/functions answers 404 (the catalogue and its fields are UNCONFIRMED)' },
    'auto-approve': { type: 'boolean', help: 'skip the consent page when login_hint names an account' },
  },
  cliSchema: z.object({
    employees: z.coerce.number().int().min(0).max(1_000_000).default(250),
    companies: z.coerce.number().int().min(1).max(100).default(3),
    debtors: z.coerce.number().int().min(1).max(20).default(1),
    referenceDate: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
    subscriptionKey: z.string().min(1).optional(),
    clientId: z.string().min(1).optional(),
    clientSecret: z.string().min(1).optional(),
    tokenTtlSeconds: z.coerce.number().int().min(1).optional(),
    rateLimit: z.coerce.number().min(0).optional(),
    maxPageSize: z.coerce.number().int().min(1).optional(),
    lastPageMarker: z.enum(['null', 'empty']).optional(),
    bsnKey: z.string().min(1).optional(),
    periodNesting: z.enum(['any', 'nested', 'flat']).optional(),
    protectFuturePeriods: z.boolean().default(false),
    noPeriodType: z.boolean().default(false),
    noFunctionCatalogue: z.boolean().default(false),
    autoApprove: z.boolean().default(false),
  }),
  usageNotes: `Identity: GET /.well-known/openid-configuration, /connect/authorize (consent page), POST /connect/token, /connect/revocation.
Test hooks: GET/POST /_emulator/users, POST /_emulator/tokens|revoke|expire-tokens {user}, POST/DELETE /_emulator/faults {…},
PUT /_emulator/profile {rate429?,…}, GET /_emulator/requests, GET /_emulator/hours[?employeeId=], POST /_emulator/change-employees {employeeIds},
GET /_emulator/stats, GET /_emulator/data. \`kill -USR2 <pid>\` prints one \`stats {…}\` line.`,
  async start(o) {
    const { startNmbrsEmulator } = await import('./nmbrs-emulator.server.ts');
    const seed = o.seed ?? 1;
    const em = await startNmbrsEmulator({
      port: o.port,
      host: o.host,
      latencyMs: o.latencyMs,
      faults: o.faults,
      seed,
      employees: o.employees ?? 250,
      companies: o.companies ?? 3,
      debtors: o.debtors ?? 1,
      ...(o.referenceDate ? { referenceDate: o.referenceDate } : {}),
      ...(o.subscriptionKey ? { subscriptionKeys: [o.subscriptionKey] } : {}),
      ...(o.clientId || o.clientSecret ? { clients: [{ clientId: o.clientId ?? 'koppel-nmbrs-emulator', clientSecret: o.clientSecret ?? 'nmbrs-emulator-secret' }] } : {}),
      ...(o.tokenTtlSeconds ? { accessTokenTtlSeconds: o.tokenTtlSeconds } : {}),
      ...(o.rateLimit !== undefined ? { rateLimitPerSecond: o.rateLimit } : {}),
      ...(o.maxPageSize ? { maxPageSize: o.maxPageSize } : {}),
      ...(o.lastPageMarker ? { lastPageMarker: o.lastPageMarker } : {}),
      ...(o.bsnKey ? { bsnKey: o.bsnKey } : {}),
      ...(o.periodNesting ? { periodNesting: o.periodNesting } : {}),
      protectFuturePeriods: o.protectFuturePeriods ?? false,
      periodTypeField: !(o.noPeriodType ?? false),
      functionCatalogue: !(o.noFunctionCatalogue ?? false),
      autoApprove: o.autoApprove ?? false,
    });
    const faults = typeof o.faults === 'number' ? `${Math.round(o.faults * 100)} %` : `profile ${JSON.stringify(o.faults)}`;
    const former = em.data.employees.filter((e) => e.employments.at(-1)!.endDate !== null).length;
    return {
      name: 'nmbrs',
      url: em.url,
      credentials: { clientId: em.client.clientId, clientSecret: em.client.clientSecret },
      banner: [
        `Nmbrs emulator listening on ${em.url}`,
        `  API:        ${em.url}/api/   (Koppel base URL and identity URL: ${em.url})`,
        `  authorize:  ${em.authorizeUrl}`,
        `  token:      ${em.tokenUrl}`,
        `  client id:  ${em.client.clientId}   client secret: ${em.client.clientSecret}`,
        `  subscription key (X-Subscription-Key): ${em.subscriptionKey}`,
        `  ${em.data.debtors.length} debtor(s), ${em.data.companies.length} companies: ${em.data.companies.map((c) => `${c.name} (${c.periodType}, period ${em.currentPeriod(c.companyId).period}/${em.currentPeriod(c.companyId).year})`).join('; ')}`,
        `  ${em.data.employees.length} employee records (${former} former); seed ${seed}, reference date ${em.referenceDate}`,
        '  accounts (pick one on the consent page): salarisadministratie@example.nl (every debtor), hr@example.nl (first debtor only)',
        `  latency ${o.latencyMs} ms, faults ${faults}; test hooks under ${em.url}/_emulator/ (see --help)`,
      ],
      stats: () => em.stats,
      native: em,
      close: () => em.close(),
    };
  },
});
