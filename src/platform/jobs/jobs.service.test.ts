import { describe, expect, it } from 'vitest';
import { failureReason } from './jobs.service.ts';

describe('failureReason', () => {
  it('reads transport errors as reasons an admin can act on', () => {
    expect(failureReason('No mail transport is configured (SMTP_URL): the mail was not sent')).toBe('mail_not_configured');
    expect(failureReason('connect ECONNREFUSED 127.0.0.1:1')).toBe('unreachable');
    expect(failureReason('Connection timeout')).toBe('unreachable');
    expect(failureReason("Invalid login: 535 5.7.8 Authentication credentials invalid")).toBe('auth_failed');
    expect(failureReason("Can't send mail - all recipients were rejected: 550 5.1.1 <x@example.test>: Recipient address rejected")).toBe('refused');
    expect(failureReason('Personio answered 500')).toBe('other');
    expect(failureReason('something else')).toBe('other');
    expect(failureReason(null)).toBe('other');
  });
});
