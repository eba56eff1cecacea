import type { Logger } from '../log/logger.ts';
import type { Mailer } from './mailer.ts';

/** Raised for every mail when no transport is configured: nothing was sent, and retrying will not change that. */
export class MailNotConfiguredError extends Error {
  readonly code = 'ENOTRANSPORT';
  /** The worker marks the job dead at once (no retries): it waits for an admin's retry once SMTP_URL is set. */
  readonly permanent = true;
  constructor() {
    super('No mail transport is configured (SMTP_URL): the mail was not sent');
    this.name = 'MailNotConfiguredError';
  }
}

/**
 * The mailer of a process without SMTP_URL (and without the built-in catcher). It says so once at start, as a
 * warning, and refuses every mail, so a mail job never claims success for a mail that went nowhere; the failed
 * jobs show under Settings → Background jobs, where an admin retries them once mail is set up.
 */
export function noTransportMailer(log: Pick<Logger, 'warn'>): Mailer {
  log.warn({ setting: 'SMTP_URL' }, 'no mail transport configured: mails (invitations, password resets, notifications) are NOT sent until SMTP_URL is set');
  return {
    async send() {
      throw new MailNotConfiguredError();
    },
    close() {},
  };
}
