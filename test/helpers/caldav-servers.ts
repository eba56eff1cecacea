/**
 * Real CalDAV servers for tests (issue 4): a private DAViCal and a private Radicale per test file.
 *
 *   const dav = await startDavical({ users: [
 *     { username: 'olga', password: 'pw-olga', email: 'olga@example.test', name: 'Olga' },
 *     { username: 'room1', password: 'pw-room', email: 'room1@example.test', room: true },
 *   ] });
 *   dav.credentials('olga')         → { kind: 'caldav', url, username, password } for createCaldavProvider
 *   dav.calendarUrl('olga')         → absolute URL of the user's calendar (created with MKCALENDAR)
 *   dav.principalUrl('olga')        → absolute URL of the user's principal
 *   await dav.putEvent('olga', ics) → { href, etag }   (one VEVENT resource, named after its UID)
 *   await dav.importCalendar('olga', ics)              (a whole VCALENDAR, split by UID; fast bulk load)
 *   await dav.getEvent('olga', uid) → { href, etag, ics } | undefined   (searches the user's calendar)
 *   await dav.setPartstat('bob', uid, 'bob@example.test', 'ACCEPTED')   (the attendee answers in their own
 *                                                                         calendar; DAViCal relays it to the organizer)
 *   await dav.addUser({...}); await dav.addUsers([...]); dav.log(); await dav.stop();
 *   startRadicale({ users }) → the same API (no scheduling: Radicale has no RFC 6638).
 *   sampleCalendar() → a March 2026 calendar (recurrences, EXDATE, RECURRENCE-ID, TRANSP, CANCELLED,
 *     private, tentative) with its busy time written out by hand, for comparing servers.
 *
 * With DAViCal, write the interview in the ORGANIZER's calendar first: the server then delivers it to the
 * attendees on the same server (SCHEDULE-STATUS 1.2) and relays their PARTSTAT answers back.
 *
 * DAViCal runs on `php -S` (several workers) against its own PostgreSQL cluster made with initdb in a
 * temp dir, listening on a unix socket only: it never touches the app's database (DATABASE_URL).
 * Several test files may start servers at once: ports, dirs and DAViCal's per-host config file
 * (/etc/davical/<name>-conf.php, picked by SERVER_NAME which a router script sets) are unique.
 * The Debian packages are installed by scripts/caldav/install.sh when missing (as root), else a
 * clear error says what to install. Bootstrap takes ~3 s for DAViCal, <1 s for Radicale.
 */
import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DAVICAL_HTDOCS = '/usr/share/davical/htdocs';
const DAVICAL_DBA = '/usr/share/davical/dba/create-database.sh';
const RADICALE = '/usr/bin/radicale';

export interface CaldavTestUser {
  username: string;
  password: string;
  email: string;
  name?: string;
  /** A room (DAViCal principal type "Resource"). */
  room?: boolean;
}

export type Partstat = 'NEEDS-ACTION' | 'ACCEPTED' | 'DECLINED' | 'TENTATIVE';

export interface StoredEvent {
  href: string;
  etag: string | undefined;
  ics: string;
}

export interface CaldavTestServer {
  readonly kind: 'davical' | 'radicale';
  /** http://127.0.0.1:<port> */
  readonly origin: string;
  /** The CalDAV root a user types into Koppel (credentials.url). */
  readonly url: string;
  calendarUrl(username: string): string;
  principalUrl(username: string): string;
  credentials(username: string): { kind: 'caldav'; url: string; username: string; password: string };
  addUser(user: CaldavTestUser): Promise<void>;
  addUsers(users: CaldavTestUser[]): Promise<void>;
  /** A raw request as `username` (absolute URL or a path on the server). */
  request(username: string, method: string, target: string, init?: { body?: string; headers?: Record<string, string> }): Promise<Response>;
  putEvent(username: string, ics: string, name?: string): Promise<{ href: string; etag: string | undefined }>;
  /** Replaces the user's calendar with the events of a whole VCALENDAR (one resource per UID). */
  importCalendar(username: string, ics: string): Promise<void>;
  listEvents(username: string): Promise<StoredEvent[]>;
  getEvent(username: string, uid: string): Promise<StoredEvent | undefined>;
  deleteEvent(username: string, uid: string): Promise<boolean>;
  setPartstat(username: string, uid: string, email: string, partstat: Partstat): Promise<void>;
  /** The server process's recent output, for failing tests. */
  log(): string;
  stop(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------
// Packages, ports, processes

function packagesPresent(): boolean {
  const phpPgsql = existsSync('/etc/php') && readdirSync('/etc/php').some((v) => existsSync(`/etc/php/${v}/mods-available/pdo_pgsql.ini`));
  return existsSync(`${DAVICAL_HTDOCS}/caldav.php`) && existsSync(RADICALE) && existsSync('/usr/bin/php') && phpPgsql && existsSync('/usr/lib/postgresql');
}

let installed: Promise<void> | undefined;
function ensurePackages(): Promise<void> {
  if (packagesPresent()) return Promise.resolve();
  installed ??= run('bash', [path.join(ROOT, 'scripts/caldav/install.sh')], { timeout: 900_000 }).then(
    () => undefined,
    (err: { stderr?: string; message: string }) => {
      installed = undefined;
      throw new Error(`CalDAV test servers unavailable: ${(err.stderr || err.message).trim()}`);
    },
  );
  return installed;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function initdbPath(): string {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).filter((v) => existsSync(`${base}/${v}/bin/initdb`)) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  if (!versions[0]) throw new Error('CalDAV test servers unavailable: no PostgreSQL server binaries (apt-get install postgresql)');
  return `${base}/${versions[0]}/bin`;
}

const isRoot = () => process.getuid?.() === 0;

/** PostgreSQL refuses to run as root: as root, run its tools as the `postgres` user. */
function asPostgres(cmd: string, args: string[], env: Record<string, string> = {}) {
  const envArgs = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  if (isRoot()) return run('runuser', ['-u', 'postgres', '--', 'env', ...envArgs, cmd, ...args], { cwd: '/tmp', timeout: 60_000 });
  return run(cmd, args, { cwd: '/tmp', env: { ...process.env, ...env }, timeout: 60_000 });
}

async function waitForHttp(url: string, proc: ChildProcess, log: () => string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`server exited (${proc.exitCode}): ${log()}`);
    try {
      await fetch(url, { method: 'OPTIONS', signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(`server did not answer on ${url}: ${log()}`);
}

/** Servers are spawned detached (own process group) so the group signal also reaches php's worker children. */
function stopProcess(proc: ChildProcess): Promise<void> {
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      if (proc.pid) process.kill(-proc.pid, signal);
    } catch {
      // already gone
    }
  };
  if (proc.exitCode !== null || proc.signalCode !== null) {
    signalGroup('SIGKILL');
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => signalGroup('SIGKILL'), 3000);
    proc.once('exit', () => {
      clearTimeout(timer);
      signalGroup('SIGKILL'); // stray workers
      proc.stdout?.destroy();
      proc.stderr?.destroy();
      resolve();
    });
    signalGroup('SIGTERM');
  });
}

/**
 * Last-resort teardown when a test process exits without its afterAll (a crash, process.exit): kill the
 * servers and the DAViCal cluster synchronously so no php/postgres is left behind.
 */
const exitCleanups = new Set<() => void>();
function cleanupOnExit(fn: () => void): () => void {
  if (exitCleanups.size === 0) process.once('exit', runExitCleanups);
  exitCleanups.add(fn);
  return () => {
    exitCleanups.delete(fn);
    if (exitCleanups.size === 0) process.removeListener('exit', runExitCleanups);
  };
}
function runExitCleanups() {
  for (const fn of exitCleanups) {
    try {
      fn();
    } catch {
      // best effort while exiting
    }
  }
}
const killGroup = (proc: ChildProcess | undefined) => {
  try {
    if (proc?.pid) process.kill(-proc.pid, 'SIGKILL');
  } catch {
    // already gone
  }
};

const sqlText = (s: string) => `'${s.replace(/'/g, "''")}'`;
const phpText = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

// ---------------------------------------------------------------------------------------------------
// iCalendar helpers for the test API (deliberately independent of the provider under test)

const unfold = (ics: string) => ics.replace(/\r?\n[ \t]/g, '');
const fold = (line: string) => {
  const out: string[] = [];
  let rest = line;
  while (Buffer.byteLength(rest) > 74) {
    let cut = 74;
    while (Buffer.byteLength(rest.slice(0, cut)) > 74) cut--;
    out.push(rest.slice(0, cut));
    rest = ` ${rest.slice(cut)}`;
  }
  out.push(rest);
  return out.join('\r\n');
};
export function icsUid(ics: string): string | undefined {
  return /^UID:(.*)$/m.exec(unfold(ics).replace(/\r/g, ''))?.[1]?.trim();
}

/** Sets PARTSTAT on the ATTENDEE line of `email` (and drops RSVP), as a calendar client does. */
export function withPartstat(ics: string, email: string, partstat: Partstat): string {
  const target = `mailto:${email.toLowerCase()}`;
  let found = false;
  const lines = unfold(ics)
    .split(/\r?\n/)
    .map((line) => {
      if (!/^ATTENDEE[;:]/i.test(line)) return line;
      const colon = indexOfValueColon(line);
      if (line.slice(colon + 1).trim().toLowerCase() !== target) return line;
      found = true;
      const params = line
        .slice('ATTENDEE'.length, colon)
        .split(';')
        .filter((p) => p && !/^(PARTSTAT|RSVP|SCHEDULE-STATUS)=/i.test(p));
      return fold(['ATTENDEE', ...params, `PARTSTAT=${partstat}`].join(';') + line.slice(colon));
    });
  if (!found) throw new Error(`no ATTENDEE ${email} in the event`);
  return lines.join('\r\n');
}

/** The colon that starts the value, skipping colons inside quoted parameter values. */
function indexOfValueColon(line: string): number {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '"') quoted = !quoted;
    else if (line[i] === ':' && !quoted) return i;
  }
  return -1;
}

// ---------------------------------------------------------------------------------------------------
// The shared CalDAV test API over a running server

interface ServerShape {
  kind: 'davical' | 'radicale';
  origin: string;
  url: string;
  collectionPath(username: string): string;
  principalPath(username: string): string;
  createUsers(users: CaldavTestUser[]): Promise<void>;
  log(): string;
  shutdown(): Promise<void>;
}

function testServer(shape: ServerShape): CaldavTestServer {
  const users = new Map<string, CaldavTestUser>();
  const abs = (target: string) => (/^https?:/.test(target) ? target : `${shape.origin}${target}`);
  const request: CaldavTestServer['request'] = async (username, method, target, init = {}) => {
    const user = users.get(username);
    if (!user) throw new Error(`unknown test user ${username}`);
    const auth = Buffer.from(`${user.username}:${user.password}`).toString('base64');
    return fetch(abs(target), { method, body: init.body, headers: { authorization: `Basic ${auth}`, ...init.headers } });
  };
  const expect = async (res: Response, what: string, ok: number[]) => {
    if (!ok.includes(res.status)) throw new Error(`${shape.kind} ${what}: HTTP ${res.status} ${(await res.text()).slice(0, 500)}\n${shape.log().slice(-1500)}`);
  };
  const listEvents = async (username: string): Promise<StoredEvent[]> => {
    const body =
      '<?xml version="1.0" encoding="utf-8"?><C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">' +
      '<D:prop><D:getetag/><C:calendar-data/></D:prop><C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"/></C:comp-filter></C:filter></C:calendar-query>';
    const res = await request(username, 'REPORT', shape.collectionPath(username), { body, headers: { depth: '1', 'content-type': 'application/xml; charset=utf-8' } });
    await expect(res, 'calendar-query', [207]);
    const xml = await res.text();
    const out: StoredEvent[] = [];
    for (const m of xml.matchAll(/<(?:\w+:)?response\b[\s\S]*?<\/(?:\w+:)?response>/g)) {
      const block = m[0];
      const href = /<(?:\w+:)?href>([^<]*)<\//.exec(block)?.[1];
      const data = /<(?:\w+:)?calendar-data[^>]*>([\s\S]*?)<\/(?:\w+:)?calendar-data>/.exec(block)?.[1];
      const etag = /<(?:\w+:)?getetag>([^<]*)<\//.exec(block)?.[1];
      if (href && data) out.push({ href: decodeXml(href), etag: etag ? decodeXml(etag) : undefined, ics: decodeXml(data) });
    }
    return out;
  };
  const getEvent = async (username: string, uid: string) => (await listEvents(username)).find((e) => icsUid(e.ics) === uid);
  const api: CaldavTestServer = {
    kind: shape.kind,
    origin: shape.origin,
    url: shape.url,
    calendarUrl: (u) => abs(shape.collectionPath(u)),
    principalUrl: (u) => abs(shape.principalPath(u)),
    credentials(username) {
      const user = users.get(username);
      if (!user) throw new Error(`unknown test user ${username}`);
      return { kind: 'caldav', url: shape.url, username: user.username, password: user.password };
    },
    addUser: (user) => api.addUsers([user]),
    async addUsers(list) {
      if (list.length === 0) return;
      await shape.createUsers(list);
      for (const user of list) users.set(user.username, user);
      await Promise.all(
        list.map(async (user) => {
          const res = await request(user.username, 'MKCALENDAR', shape.collectionPath(user.username));
          await expect(res, `MKCALENDAR for ${user.username}`, [201]);
        }),
      );
    },
    request,
    async putEvent(username, ics, name) {
      const uid = icsUid(ics);
      const href = `${shape.collectionPath(username)}${encodeURIComponent(name ?? `${uid ?? randomBytes(8).toString('hex')}.ics`)}`;
      const res = await request(username, 'PUT', href, { body: ics, headers: { 'content-type': 'text/calendar; charset=utf-8' } });
      await expect(res, `PUT ${href}`, [200, 201, 204]);
      return { href, etag: res.headers.get('etag') ?? undefined };
    },
    async importCalendar(username, ics) {
      // Both servers accept a whole VCALENDAR PUT on the collection, replace its content and split it into resources by UID.
      const res = await request(username, 'PUT', shape.collectionPath(username), { body: ics, headers: { 'content-type': 'text/calendar; charset=utf-8' } });
      await expect(res, 'PUT calendar collection', [200, 201, 204]);
    },
    listEvents,
    getEvent,
    async deleteEvent(username, uid) {
      const event = await getEvent(username, uid);
      if (!event) return false;
      const res = await request(username, 'DELETE', event.href);
      await expect(res, `DELETE ${event.href}`, [200, 204]);
      return true;
    },
    async setPartstat(username, uid, email, partstat) {
      const event = await getEvent(username, uid);
      if (!event) throw new Error(`${username} has no event ${uid}`);
      const headers: Record<string, string> = { 'content-type': 'text/calendar; charset=utf-8' };
      if (event.etag) headers['if-match'] = event.etag;
      const res = await request(username, 'PUT', event.href, { body: withPartstat(event.ics, email, partstat), headers });
      await expect(res, `PUT ${event.href} (PARTSTAT)`, [200, 201, 204]);
    },
    log: () => shape.log(),
    stop: () => shape.shutdown(),
  };
  return api;
}

function decodeXml(s: string): string {
  return s
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#13;/g, '\r')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&amp;/g, '&');
}

// ---------------------------------------------------------------------------------------------------
// DAViCal

const PG_FLAGS = '-c listen_addresses= -c fsync=off -c synchronous_commit=off -c full_page_writes=off';
const pgStart = (bin: string, data: string, sock: string, log: string) => asPostgres(`${bin}/pg_ctl`, ['-D', data, '-w', '-l', log, '-o', `-k ${sock} -p 5432 ${PG_FLAGS}`, 'start']);

/**
 * A stopped cluster holding a freshly created DAViCal database, built once per machine (per PostgreSQL and
 * DAViCal version) and copied for every server: create-database.sh alone takes 2–6 s.
 * Built in a temp dir and renamed into place, so two test files racing both end up with a complete one.
 */
async function davicalTemplate(bin: string): Promise<string> {
  const version = `${path.basename(path.dirname(bin))}-${Math.round(statSync('/usr/share/davical/dba/davical.sql').mtimeMs)}`;
  const final = path.join(os.tmpdir(), `koppel-davical-template-${version}`);
  if (existsSync(path.join(final, 'READY'))) return final;
  const work = mkdtempSync(path.join(os.tmpdir(), 'koppel-davical-build-'));
  try {
    const data = path.join(work, 'pg');
    const sock = path.join(work, 'sock');
    mkdirSync(data);
    mkdirSync(sock);
    if (isRoot()) await run('chown', ['-R', 'postgres:postgres', work]);
    await asPostgres(`${bin}/initdb`, ['-D', data, '--auth=trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C']);
    await pgStart(bin, data, sock, path.join(work, 'pg.log'));
    try {
      // PGHOST/PGPORT matter: DAViCal's Perl updater ignores PSQLOPTS and would otherwise reach the default cluster.
      await asPostgres(DAVICAL_DBA, ['davical', randomBytes(12).toString('hex')], { PGHOST: sock, PGPORT: '5432', PSQLOPTS: `-h ${sock} -p 5432` });
    } finally {
      await asPostgres(`${bin}/pg_ctl`, ['-D', data, '-m', 'fast', '-w', 'stop']);
    }
    writeFileSync(path.join(work, 'READY'), '');
    try {
      renameSync(work, final);
    } catch {
      rmSync(work, { recursive: true, force: true }); // another process won the race
    }
    return final;
  } catch (err) {
    rmSync(work, { recursive: true, force: true });
    throw err;
  }
}

export async function startDavical(opts: { users?: CaldavTestUser[]; workers?: number } = {}): Promise<CaldavTestServer> {
  await ensurePackages();
  const bin = initdbPath();
  const mark = timer('davical');
  const template = await davicalTemplate(bin);
  mark('template');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'koppel-davical-'));
  const name = `koppel-test-${path.basename(dir).slice('koppel-davical-'.length).toLowerCase()}`;
  const confFile = `/etc/davical/${name}-conf.php`;
  const pgData = path.join(dir, 'pg');
  const sock = path.join(dir, 'sock');
  const pgPort = '5432'; // names the socket file only: the cluster listens on no TCP address
  let php: ChildProcess | undefined;
  let pgStarted = false;
  const pgCtlStop = [`${bin}/pg_ctl`, '-D', pgData, '-m', 'immediate', '-w', 'stop'];
  const forget = cleanupOnExit(() => {
    killGroup(php);
    if (pgStarted) spawnSync(isRoot() ? 'runuser' : pgCtlStop[0]!, isRoot() ? ['-u', 'postgres', '--', ...pgCtlStop] : pgCtlStop.slice(1), { cwd: '/tmp', timeout: 10_000 });
    rmSync(confFile, { force: true });
    rmSync(dir, { recursive: true, force: true });
  });
  const cleanup = async () => {
    forget();
    if (php) await stopProcess(php);
    if (pgStarted) await asPostgres(`${bin}/pg_ctl`, ['-D', pgData, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
    rmSync(confFile, { force: true });
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    mkdirSync(sock);
    await run('cp', ['-a', path.join(template, 'pg'), pgData]);
    if (isRoot()) await run('chown', ['-R', 'postgres:postgres', dir]);
    await pgStart(bin, pgData, sock, path.join(dir, 'pg.log'));
    pgStarted = true;
    mark('copy+start');
    try {
      writeFileSync(
        confFile,
        [
          '<?php',
          `$c->pg_connect[] = ${phpText(`host=${sock} port=${pgPort} dbname=davical user=davical_app`)};`,
          `$c->domain_name = ${phpText(name)};`,
          "$c->system_name = 'Koppel test DAViCal';",
          "$c->admin_email = 'admin@example.test';",
          '$c->enable_auto_schedule = true;',
          // Lets importCalendar PUT a whole VCALENDAR on a collection (DAViCal treats it as an import).
          '$c->readonly_webdav_collections = false;',
          '',
        ].join('\n'),
      );
    } catch (err) {
      throw new Error(`DAViCal needs a per-instance config in /etc/davical (run the tests as root): ${(err as Error).message}`);
    }
    const router = path.join(dir, 'router.php');
    writeFileSync(
      router,
      [
        '<?php',
        // DAViCal picks /etc/davical/<SERVER_NAME>-conf.php: a unique name isolates parallel instances.
        `$_SERVER['SERVER_NAME'] = ${phpText(name)};`,
        "$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);",
        "if (preg_match('#^/(caldav|freebusy)\\.php(/.*)?$#', $path, $m) || $path === '/.well-known/caldav') {",
        "  $script = isset($m[1]) ? $m[1] : 'caldav';",
        "  $_SERVER['SCRIPT_NAME'] = '/' . $script . '.php';",
        "  $_SERVER['PATH_INFO'] = isset($m[2]) && $m[2] !== '' ? $m[2] : '/';",
        "  $_SERVER['SCRIPT_FILENAME'] = '/usr/share/davical/htdocs/' . $script . '.php';",
        "  chdir('/usr/share/davical/htdocs');",
        "  require '/usr/share/davical/htdocs/' . $script . '.php';",
        '  return true;',
        '}',
        'return false;',
        '',
      ].join('\n'),
    );
    const port = await freePort();
    const logChunks: string[] = [];
    // PHP warnings (DAViCal 1.1.12's RRule.php emits some on DURATION events) go to the log, not into XML bodies.
    php = spawn('php', ['-d', 'display_errors=0', '-d', 'log_errors=1', '-d', 'error_log=/dev/stderr', '-S', `127.0.0.1:${port}`, '-t', DAVICAL_HTDOCS, router], {
      cwd: DAVICAL_HTDOCS,
      env: { ...process.env, PHP_CLI_SERVER_WORKERS: String(opts.workers ?? 4) },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const keep = (b: Buffer) => {
      logChunks.push(b.toString());
      if (logChunks.length > 50) logChunks.shift();
    };
    php.stdout?.on('data', keep);
    php.stderr?.on('data', keep);
    const origin = `http://127.0.0.1:${port}`;
    await waitForHttp(`${origin}/caldav.php/`, php, () => logChunks.join('').slice(-2000));

    mark('php');
    const psql = (sqlCommands: string) => asPostgres('psql', ['-h', sock, '-p', pgPort, '-U', 'postgres', '-qX', '-v', 'ON_ERROR_STOP=1', '-d', 'davical', '-c', sqlCommands]);
    const server = testServer({
      kind: 'davical',
      origin,
      url: `${origin}/caldav.php/`,
      collectionPath: (u) => `/caldav.php/${encodeURIComponent(u)}/calendar/`,
      principalPath: (u) => `/caldav.php/${encodeURIComponent(u)}/`,
      async createUsers(list) {
        // "**" marks a plain-text password in DAViCal; 7680 = read-free-busy + schedule-deliver (else 3.8 No authority).
        await psql(
          list
            .map(
              (user) =>
                `INSERT INTO usr(username,password,fullname,email) VALUES (${sqlText(user.username)},${sqlText(`**${user.password}`)},${sqlText(user.name ?? user.username)},${sqlText(user.email)});` +
                `INSERT INTO principal(type_id,user_no,displayname,default_privileges) SELECT ${user.room ? 2 : 1},user_no,fullname,7680::bit(24) FROM usr WHERE username=${sqlText(user.username)};`,
            )
            .join(''),
        );
      },
      log: () => logChunks.join(''),
      shutdown: cleanup,
    });
    await server.addUsers(opts.users ?? []);
    mark('users');
    return server;
  } catch (err) {
    await cleanup();
    throw err;
  }
}

/** KOPPEL_CALDAV_TIMING=1 prints where bootstrap time goes. */
function timer(label: string) {
  let last = performance.now();
  return (step: string) => {
    const now = performance.now();
    if (process.env.KOPPEL_CALDAV_TIMING) console.error(`[${label}] ${step}: ${Math.round(now - last)} ms`);
    last = now;
  };
}

// ---------------------------------------------------------------------------------------------------
// Radicale

export async function startRadicale(opts: { users?: CaldavTestUser[] } = {}): Promise<CaldavTestServer> {
  await ensurePackages();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'koppel-radicale-'));
  const htpasswd = path.join(dir, 'users');
  const userLines = new Map<string, string>();
  const writeUsers = () => writeFileSync(htpasswd, [...userLines.values()].join('\n') + '\n');
  writeUsers();
  let proc: ChildProcess | undefined;
  const forget = cleanupOnExit(() => {
    killGroup(proc);
    rmSync(dir, { recursive: true, force: true });
  });
  const cleanup = async () => {
    forget();
    if (proc) await stopProcess(proc);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const port = await freePort();
    const config = path.join(dir, 'config');
    writeFileSync(
      config,
      [
        '[server]',
        `hosts = 127.0.0.1:${port}`,
        '[auth]',
        'type = htpasswd',
        `htpasswd_filename = ${htpasswd}`,
        'htpasswd_encryption = plain',
        'delay = 0',
        '[rights]',
        'type = owner_only',
        '[storage]',
        `filesystem_folder = ${path.join(dir, 'collections')}`,
        '[logging]',
        'level = warning',
        '',
      ].join('\n'),
    );
    if (isRoot()) chownSync(dir, 0, 0);
    const logChunks: string[] = [];
    proc = spawn(RADICALE, ['--config', config], { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
    const keep = (b: Buffer) => {
      logChunks.push(b.toString());
      if (logChunks.length > 50) logChunks.shift();
    };
    proc.stdout?.on('data', keep);
    proc.stderr?.on('data', keep);
    const origin = `http://127.0.0.1:${port}`;
    await waitForHttp(`${origin}/`, proc, () => logChunks.join('').slice(-2000));
    const server = testServer({
      kind: 'radicale',
      origin,
      url: `${origin}/`,
      collectionPath: (u) => `/${encodeURIComponent(u)}/calendar/`,
      principalPath: (u) => `/${encodeURIComponent(u)}/`,
      async createUsers(list) {
        for (const user of list) userLines.set(user.username, `${user.username}:${user.password}`);
        writeUsers();
      },
      log: () => logChunks.join(''),
      shutdown: cleanup,
    });
    await server.addUsers(opts.users ?? []);
    return server;
  } catch (err) {
    await cleanup();
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------------
// Shared sample data: the same calendar loaded into DAViCal and Radicale must give the same busy time.

const AMSTERDAM_VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/Amsterdam',
  'BEGIN:DAYLIGHT',
  'DTSTART:19810329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'DTSTART:19961027T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'END:STANDARD',
  'END:VTIMEZONE',
];

function vcalendar(events: string[][]): string {
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Koppel tests//EN', ...AMSTERDAM_VTIMEZONE, ...events.flat(), 'END:VCALENDAR', ''].join('\r\n');
}
const vevent = (uid: string, props: string[]) => ['BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20260201T000000Z', ...props, 'END:VEVENT'];
const TZ = 'TZID=Europe/Amsterdam';

/**
 * One user's calendar for March 2026 (Europe/Amsterdam, over the DST change of 29 March), as separate
 * resources (one per UID, as CalDAV stores them):
 * - weekly Monday 10:00–11:00 from 2 March, 6 times, EXDATE 9 March, 16 March moved to 14:00–15:00;
 * - daily 08:30–09:00 on 23–27 March (RRULE UNTIL);
 * - a TRANSPARENT event (free), a CANCELLED one (free), a CLASS:PRIVATE one (busy, no title),
 *   a TENTATIVE one (busy, tentative).
 * `expectedBusy` is written by hand in UTC, so the tests do not only compare the provider with expandIcs.
 */
export function sampleCalendar(): { resources: Array<{ uid: string; ics: string }>; window: { from: number; to: number }; timeZone: string; expectedBusy: Array<{ start: number; end: number; tentative?: boolean }> } {
  const resources = [
    {
      uid: 'weekly-1',
      ics: vcalendar([
        vevent('weekly-1', [`DTSTART;${TZ}:20260302T100000`, `DTEND;${TZ}:20260302T110000`, 'RRULE:FREQ=WEEKLY;COUNT=6', `EXDATE;${TZ}:20260309T100000`, 'SUMMARY:Team sync']),
        vevent('weekly-1', [`RECURRENCE-ID;${TZ}:20260316T100000`, `DTSTART;${TZ}:20260316T140000`, `DTEND;${TZ}:20260316T150000`, 'SEQUENCE:1', 'SUMMARY:Team sync (moved)']),
      ]),
    },
    { uid: 'daily-1', ics: vcalendar([vevent('daily-1', [`DTSTART;${TZ}:20260323T083000`, `DTEND;${TZ}:20260323T090000`, 'RRULE:FREQ=DAILY;UNTIL=20260327T235959Z', 'SUMMARY:Standup'])]) },
    { uid: 'free-1', ics: vcalendar([vevent('free-1', [`DTSTART;${TZ}:20260303T090000`, `DTEND;${TZ}:20260303T100000`, 'TRANSP:TRANSPARENT', 'SUMMARY:Focus time'])]) },
    { uid: 'cancelled-1', ics: vcalendar([vevent('cancelled-1', [`DTSTART;${TZ}:20260304T090000`, `DTEND;${TZ}:20260304T100000`, 'STATUS:CANCELLED', 'SUMMARY:Call off'])]) },
    { uid: 'private-1', ics: vcalendar([vevent('private-1', [`DTSTART;${TZ}:20260305T140000`, `DTEND;${TZ}:20260305T150000`, 'CLASS:PRIVATE', 'SUMMARY:Doctor'])]) },
    { uid: 'tentative-1', ics: vcalendar([vevent('tentative-1', [`DTSTART;${TZ}:20260306T110000`, `DTEND;${TZ}:20260306T113000`, 'STATUS:TENTATIVE', 'SUMMARY:Maybe lunch'])]) },
  ];
  const h = (d: number, hh: number, mm = 0) => Date.UTC(2026, 2, d, hh, mm);
  const expectedBusy = [
    { start: h(2, 9), end: h(2, 10) }, // 10:00 CET
    { start: h(5, 13), end: h(5, 14) }, // private
    { start: h(6, 10), end: h(6, 10, 30), tentative: true },
    { start: h(16, 13), end: h(16, 14) }, // the moved occurrence, 14:00 CET
    { start: h(23, 7, 30), end: h(23, 8) },
    { start: h(23, 9), end: h(23, 10) },
    { start: h(24, 7, 30), end: h(24, 8) },
    { start: h(25, 7, 30), end: h(25, 8) },
    { start: h(26, 7, 30), end: h(26, 8) },
    { start: h(27, 7, 30), end: h(27, 8) },
    { start: h(30, 8), end: h(30, 9) }, // after the DST change: 10:00 CEST
  ];
  // weekly COUNT=6 from 2 March: 2, 9 (EXDATE), 16 (moved), 23, 30 March, 6 April (outside the window).
  return { resources, window: { from: Date.UTC(2026, 2, 1), to: Date.UTC(2026, 3, 1) }, timeZone: 'Europe/Amsterdam', expectedBusy };
}
