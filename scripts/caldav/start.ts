/**
 * Starts a private DAViCal or Radicale for manual testing and demos (the same servers the tests use):
 *
 *   node --import tsx scripts/caldav/start.ts [davical|radicale] [user:password:email[:room] ...]
 *
 * Prints one JSON line with the CalDAV URL and each user's calendar URL, then runs until Ctrl+C
 * (which removes the server's temp dir and, for DAViCal, its PostgreSQL cluster and config file).
 * Installs the Debian packages first when missing (root only; see install.sh).
 */
import { type CaldavTestUser, startDavical, startRadicale } from '../../test/helpers/caldav-servers.ts';

const [kindArg, ...userArgs] = process.argv.slice(2);
const kind = kindArg === 'radicale' ? 'radicale' : 'davical';
const users: CaldavTestUser[] = (userArgs.length ? userArgs : ['olga:olga-pw:olga@example.test', 'bob:bob-pw:bob@example.test', 'room1:room1-pw:room1@example.test:room']).map((spec) => {
  const [username, password, email, room] = spec.split(':');
  if (!username || !password || !email) throw new Error(`user "${spec}" must be user:password:email[:room]`);
  return { username, password, email, name: username, room: room === 'room' };
});

const server = kind === 'radicale' ? await startRadicale({ users }) : await startDavical({ users });
console.log(JSON.stringify({ kind, url: server.url, users: users.map((u) => ({ username: u.username, email: u.email, calendarUrl: server.calendarUrl(u.username) })) }));
const stop = async () => {
  await server.stop();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
