import nodemailer, { type Transporter } from 'nodemailer';

export type OutgoingMail = { to: string | string[]; subject: string; text: string; html?: string };
export type Mailer = { send(mail: OutgoingMail): Promise<{ messageId: string }>; close(): void };

/** SMTP through nodemailer. In demo and tests the URL points at the built-in catcher. */
export function createMailer(smtpUrl: string | undefined, from: string): Mailer {
  const transport: Transporter = smtpUrl
    ? nodemailer.createTransport(smtpUrl)
    : nodemailer.createTransport({ jsonTransport: true });
  return {
    async send(mail) {
      const info = await transport.sendMail({ from, ...mail });
      return { messageId: String(info.messageId) };
    },
    close() {
      transport.close();
    },
  };
}
