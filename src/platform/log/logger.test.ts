import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { recipientDomains, sendLogged } from '../mail/mailer.ts';
import { createLogger } from './logger.ts';

/** A logger that writes JSON lines into an array. */
function capture() {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      raw.push(String(chunk));
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { log: createLogger('debug', stream), lines, raw: () => raw.join('') };
}

const BSN = '111222333'; // passes the 11-test

describe('logger redaction', () => {
  it('masks a BSN in the message string, also when formatted in with %s', () => {
    const { log, lines, raw } = capture();
    log.warn(`vendor said: employee ${BSN} is unknown`);
    log.warn('vendor said: %s', `bsn=${BSN}`);
    expect(raw()).not.toContain(BSN);
    expect(lines[0]!.msg).toBe('vendor said: employee ********* is unknown');
    expect(lines[1]!.msg).toBe('vendor said: bsn=*********');
  });

  it('masks a BSN inside an Error (message, stack and cause), logged as err or nested', () => {
    const { log, lines, raw } = capture();
    const err = new Error(`vendor refused employee ${BSN}`, { cause: new Error(`row ${BSN} invalid`) });
    log.error({ err }, 'sync failed');
    log.error({ run: { failure: err } }, 'nested');
    expect(raw()).not.toContain(BSN);
    expect((lines[0]!.err as { message: string }).message).toContain('vendor refused employee *********');
    expect(String((lines[0]!.err as { stack: string }).stack)).toContain('vendor refused employee *********');
  });

  it('masks a BSN in object fields, nested too, and keeps other numbers', () => {
    const { log, lines, raw } = capture();
    log.info({ note: `row with ${BSN}`, nested: { deeper: [`x ${BSN}`] }, count: 123456789, personnelNumber: '123456789' }, 'row');
    expect(raw()).not.toContain(BSN);
    expect(lines[0]).toMatchObject({ note: 'row with *********', nested: { deeper: ['x *********'] }, count: 123456789, personnelNumber: '123456789' });
  });

  it('censors secrets by key: password, refreshToken, authorization (top level, nested, request headers), bsn', () => {
    const { log, lines, raw } = capture();
    log.info(
      {
        password: 'hunter2-secret',
        refreshToken: 'rt-very-secret',
        authorization: 'Bearer abc-secret',
        creds: { password: 'p2-secret', refreshToken: 'rt2-secret' },
        req: { headers: { authorization: 'Bearer hdr-secret' } },
        bsn: '123',
        userId: 'u1',
      },
      'login',
    );
    expect(raw()).not.toMatch(/secret/);
    expect(lines[0]).toMatchObject({
      password: '[redacted]',
      refreshToken: '[redacted]',
      authorization: '[redacted]',
      creds: { password: '[redacted]', refreshToken: '[redacted]' },
      req: { headers: { authorization: '[redacted]' } },
      bsn: '[redacted]',
      userId: 'u1',
    });
  });
});

describe('mail logging', () => {
  it('logs recipient domains, never addresses, subject or body', async () => {
    const { log, lines, raw } = capture();
    const mailer = { send: async () => ({ messageId: '<m1@koppel>' }), close() {} };
    await sendLogged(mailer, { to: ['Jan <jan@example.test>', 'piet@Other.test'], subject: 'Reset your password', text: 'token=abc123' }, log, { attempt: 2 });
    expect(lines[0]).toMatchObject({ msg: 'mail sent', recipientDomains: ['example.test', 'other.test'], recipients: 2, attempt: 2, messageId: '<m1@koppel>' });
    expect(raw()).not.toMatch(/jan@|piet@|Reset your|abc123/);
  });

  it('logs a failure with the transport code, not its text, and rethrows', async () => {
    const { log, lines, raw } = capture();
    const err = Object.assign(new Error('550 mailbox jan@example.test unknown'), { code: 'EENVELOPE', responseCode: 550 });
    const mailer = { send: async () => Promise.reject(err), close() {} };
    await expect(sendLogged(mailer, { to: 'jan@example.test', subject: 's', text: 't' }, log)).rejects.toBe(err);
    expect(lines[0]).toMatchObject({ msg: 'mail failed', reason: 'EENVELOPE', responseCode: 550, recipientDomains: ['example.test'] });
    expect(raw()).not.toContain('jan@');
  });

  it('reads domains from plain, named and comma-separated recipients', () => {
    expect(recipientDomains('a@x.test, B <b@Y.test>')).toEqual(['x.test', 'y.test']);
    expect(recipientDomains('no-address')).toEqual(['?']);
  });
});
