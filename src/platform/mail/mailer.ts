import nodemailer, { type Transporter } from 'nodemailer';

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
