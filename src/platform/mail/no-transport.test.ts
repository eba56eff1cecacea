import { describe, expect, it } from 'vitest';
import { isPermanentFailure } from '../jobs/job.ts';
import { noTransportMailer } from './no-transport.ts';

describe('a process without a mail transport', () => {
  it('warns once at start and refuses every mail, as a failure retrying cannot fix', async () => {
    const warnings: Array<[unknown, string | undefined]> = [];
    const mailer = noTransportMailer({ warn: ((obj: unknown, msg?: string) => warnings.push([obj, msg])) as never });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]![1]).toMatch(/no mail transport configured.*NOT sent.*SMTP_URL/);
    const err = await mailer.send({ to: 'a@example.test', subject: 's', text: 't' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(isPermanentFailure(err)).toBe(true);
    expect(isPermanentFailure(new Error('ECONNREFUSED'))).toBe(false);
    expect(warnings).toHaveLength(1);
  });
});
