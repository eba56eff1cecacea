import { DEMO_PASSWORD, DEMO_USERS } from './seed.ts';
import { RECRUITING_DEMO_DOMAIN, RECRUITING_DEMO_PASSWORD, RECRUITING_DEMO_USERS } from './recruiting-demo.ts';

/** Every login the demo has, with its role and password (the README's table says the same). */
export function demoLogins(): Array<{ email: string; name: string; role: string; password: string }> {
  return [
    ...DEMO_USERS.map((u) => ({ email: u.email, name: u.name, role: u.role, password: DEMO_PASSWORD })),
    ...RECRUITING_DEMO_USERS.map((u) => ({ email: `${u.local}@${RECRUITING_DEMO_DOMAIN}`, name: u.name, role: u.role, password: RECRUITING_DEMO_PASSWORD })),
  ];
}

export type DemoAddresses = {
  app: string;
  database: string;
  mailCatcher: string | undefined;
  personio: { url: string; clientId: string; clientSecret: string };
  loket?: { url: string; username: string; password: string };
  nmbrs?: { url: string; subscriptionKey: string };
  calendars: { google: string; microsoft: string; zoom: string; gotomeeting: string };
};

/** What `koppel demo` prints once everything listens: every address it started and every login. */
export function demoBanner(a: DemoAddresses): string[] {
  const logins = demoLogins();
  const width = Math.max(...logins.map((l) => l.email.length)) + 2;
  return [
    '',
    `  Koppel demo is running at ${a.app}`,
    `    API description ${a.app}/api/docs (browsable at ${a.app}/api/docs/ui)`,
    `  Database: ${a.database}`,
    '',
    '  Started alongside (stand-ins, all on 127.0.0.1):',
    `    Mail catcher (SMTP)    ${a.mailCatcher ?? '—'}   caught mails: Settings → Mail in the app`,
    `    Personio emulator      ${a.personio.url}   client id ${a.personio.clientId}, secret ${a.personio.clientSecret}; connected as "Personio (demo)" in the App center`,
    ...(a.loket ? [`    Loket.nl emulator      ${a.loket.url}   user ${a.loket.username}, password ${a.loket.password}; connected as "Loket.nl (demo)" (report: Loket report)`] : []),
    ...(a.nmbrs ? [`    Nmbrs emulator         ${a.nmbrs.url}   subscription key ${a.nmbrs.subscriptionKey}; connected as "Nmbrs (demo)" through its consent page`] : []),
    `    Google Calendar        ${a.calendars.google}`,
    `    Microsoft 365 (Graph)  ${a.calendars.microsoft}`,
    `    Zoom                   ${a.calendars.zoom}`,
    `    GoToMeeting            ${a.calendars.gotomeeting}`,
    '    (interviewers connect these under Recruiting → My calendar connections; the consent page lists the demo accounts)',
    '',
    '  Logins:',
    ...logins.map((l) => `    ${l.email.padEnd(width)} ${l.password.padEnd(18)} ${l.role.padEnd(12)} ${l.name}`),
    '',
    '  Stop with Ctrl+C; data stays for the next start.',
    '',
  ];
}
