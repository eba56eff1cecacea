import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from '../log/logger.ts';

export type OutgoingMail = {
  to: string | string[];
  subject: string;
  text: string;
  html?: string;
  /** Tenant the mail belongs to; sent as X-Koppel-Tenant so the catcher can scope it. */
  tenantId?: string | null;
  attachments?: { filename: string; content: string; contentType?: string }[];
  /** An iTIP message (iMIP, RFC 6047): nodemailer adds the `text/calendar; method=…` alternative. */
  icalEvent?: { method: 'REQUEST' | 'CANCEL' | 'REPLY'; filename?: string; content: string };
};
export type Mailer = { send(mail: OutgoingMail): Promise<{ messageId: string }>; close(): void };

/** SMTP through nodemailer. In demo and tests the URL points at the built-in catcher. */
export function createMailer(smtpUrl: string | undefined, from: string): Mailer {
  const transport: Transporter = smtpUrl
    ? nodemailer.createTransport(smtpUrl)
    : nodemailer.createTransport({ jsonTransport: true });
  return {
    async send(mail) {
      const { tenantId, ...rest } = mail;
      const info = await transport.sendMail({ from, ...rest, headers: tenantId ? { 'X-Koppel-Tenant': tenantId } : undefined });
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
