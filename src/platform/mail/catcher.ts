import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { Database } from '../db/client.ts';
import { TENANT_REF_HEADER, tenantRef } from './mailer.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A local SMTP server that keeps every mail it receives in the caught_mails table, so demo users
 * and tests see real mail flow (nodemailer → SMTP → parse) without an outside service.
 */
export async function startMailCatcher(db: Database, port: number, opts: { host?: string; secret?: string } = {}) {
  const host = opts.host ?? '127.0.0.1';
  // Koppel's own mails carry their tenant sealed with the installation secret (mailer.ts); anything else has none.
  const ref = opts.secret ? tenantRef(opts.secret) : undefined;
  const tenantOf = (v: unknown) => {
    const id = ref?.open(v) ?? null;
    return id && UUID.test(id) ? id : null;
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 10 * 1024 * 1024,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw)
          .then((parsed) =>
            db
              .insertInto('caught_mails')
              .values({
                message_id: parsed.messageId ?? null,
                tenant_id: tenantOf(parsed.headers.get(TENANT_REF_HEADER)),
                mail_from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                rcpt_to: session.envelope.rcptTo.map((r) => r.address),
                subject: parsed.subject ?? '',
                text_body: parsed.text ?? null,
                html_body: typeof parsed.html === 'string' ? parsed.html : null,
                raw,
              })
              .execute(),
          )
          .then(() => callback(), (err: Error) => callback(err));
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const actualPort = (server.server.address() as AddressInfo).port;
  return {
    port: actualPort,
    url: `smtp://${host}:${actualPort}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
