import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { whenWritten } from './socket-write.ts';

describe('whenWritten', () => {
  let url = '';
  let arrivals: number[] = [];
  const server = createServer((_req, res) => {
    arrivals.push(performance.now());
    // Answer late: the write must be reported when the request left, not when the answer came.
    setTimeout(() => res.end('ok'), 60);
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('reports when a fetch wrote its request and when the answer came, once each, and only for fetches made inside it', async () => {
    arrivals = [];
    const written: number[] = [];
    const answers: number[] = [];
    let read = 0;
    await whenWritten({ left: () => written.push(performance.now()), answered: () => answers.push(performance.now()) }, async () => {
      const res = await fetch(url);
      await res.text();
      read = performance.now();
    });
    // Outside: nobody is told.
    await (await fetch(url)).text();
    // Concurrent calls each hear of their own request only.
    const each = [0, 0, 0].map(() => ({ left: 0, answered: 0 }));
    await Promise.all(each.map((n) => whenWritten({ left: () => n.left++, answered: () => n.answered++ }, async () => (await fetch(url)).text())));

    expect(written).toHaveLength(1);
    expect(answers).toHaveLength(1);
    expect(written[0]!).toBeLessThanOrEqual(arrivals[0]!);
    // The server answers 60 ms after the request arrived.
    expect(answers[0]! - written[0]!).toBeGreaterThanOrEqual(55);
    expect(answers[0]!).toBeLessThanOrEqual(read);
    expect(each).toEqual([0, 0, 0].map(() => ({ left: 1, answered: 1 })));
  });
});
