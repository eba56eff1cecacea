import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from '../log/logger.ts';
import { SecretBox } from '../crypto.ts';

export type OutgoingMail = {
  to: string | string[];
  subject: string;
  text: string;
  html?: string;
  /**
   * Tenant the mail belongs to. Never sent as such: with the installation secret the mailer adds it sealed
   * (X-Koppel-Ref, a fresh ciphertext per mail) so the built-in catcher can scope it and nobody else can read it.
   */
  tenantId?: string | null;
  attachments?: { filename: string; content: string; contentType?: string }[];
  /** An iTIP message (iMIP, RFC 6047): nodemailer adds the `text/calendar; method=…` alternative. */
  icalEvent?: { method: 'REQUEST' | 'CANCEL' | 'REPLY'; filename?: string; content: string };
};
export type Mailer = { send(mail: OutgoingMail): Promise<{ messageId: string }>; close(): void };

export const TENANT_REF_HEADER = 'x-koppel-ref';
const TENANT_REF_PREFIX = 'tenant:';

/** Seals a tenant id for the X-Koppel-Ref header, and opens one (null when it is not ours). */
export function tenantRef(secret: string) {
  const box = new SecretBox(secret);
  return {
    seal: (tenantId: string) => box.encrypt(`${TENANT_REF_PREFIX}${tenantId}`),
    open(ref: unknown): string | null {
      if (typeof ref !== 'string') return null;
      try {
        const plain = box.decrypt(ref.trim());
        return plain.startsWith(TENANT_REF_PREFIX) ? plain.slice(TENANT_REF_PREFIX.length) : null;
      } catch {
        return null;
      }
    },
  };
}

/**
 * SMTP through nodemailer. In demo and tests the URL points at the built-in catcher. With `secret` the mail
 * carries its tenant sealed (see OutgoingMail.tenantId); the tenant id itself never leaves in a header.
 */
export function createMailer(smtpUrl: string | undefined, from: string, secret?: string): Mailer {
  const transport: Transporter = smtpUrl
    ? nodemailer.createTransport(smtpUrl)
    : nodemailer.createTransport({ jsonTransport: true });
  const ref = secret ? tenantRef(secret) : undefined;
  return {
    async send(mail) {
      const { tenantId, ...rest } = mail;
      const info = await transport.sendMail({ from, ...rest, headers: tenantId && ref ? { 'X-Koppel-Ref': ref.seal(tenantId) } : undefined });
      return { messageId: String(info.messageId) };
    },
    close() {
      transport.close();
    },
  };
}

/** The domains a mail goes to (`example.test`), never the addresses: what a log may say about recipients. */
export function recipientDomains(to: string | string[]): string[] {
  const list = (Array.isArray(to) ? to : to.split(',')).map((a) => a.trim()).filter(Boolean);
  return [...new Set(list.map((a) => /@([^@\s>]+)>?$/.exec(a)?.[1]?.toLowerCase() ?? '?'))];
}

/** What a mail failure may log: the transport's error code and SMTP status, not its text (which can quote addresses). */
export function mailFailure(err: unknown): { reason: string; responseCode?: number } {
  const e = err as { code?: unknown; responseCode?: unknown };
  return { reason: typeof e?.code === 'string' ? e.code : err instanceof Error ? err.name : 'unknown', ...(typeof e?.responseCode === 'number' ? { responseCode: e.responseCode } : {}) };
}

/**
 * Sends through `mailer` and logs the outcome on `log` (a job's ctx.log or a child of it): recipient domains,
 * attachment count, iMIP method and message id. Never the subject, body, attachments or addresses.
 */
export async function sendLogged(mailer: Mailer, mail: OutgoingMail, log: Logger, bindings: Record<string, unknown> = {}): Promise<{ messageId: string }> {
  const fields = {
    ...bindings,
    recipientDomains: recipientDomains(mail.to),
    recipients: Array.isArray(mail.to) ? mail.to.length : mail.to.split(',').filter((a) => a.trim()).length,
    ...(mail.attachments?.length ? { attachments: mail.attachments.length } : {}),
    ...(mail.icalEvent ? { ical: mail.icalEvent.method } : {}),
  };
  try {
    const r = await mailer.send(mail);
    log.info({ ...fields, messageId: r.messageId }, 'mail sent');
    return r;
  } catch (err) {
    log.warn({ ...fields, ...mailFailure(err) }, 'mail failed');
    throw err;
  }
}
