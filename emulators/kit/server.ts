import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Server start-up every emulator shares: node:http (no framework, so emulators stay independent of
 * Koppel's own Fastify app and keep full control over the socket, which the timeout and
 * dropped-response faults need), 127.0.0.1 and port 0 (any free port) by default, an adjustable
 * latency, timers that die with the server, and a close that cuts open connections.
 */

export interface ServerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Added before every answer (see `EmulatorServer.delay`). */
  latencyMs?: number;
}

export interface EmulatorServer {
  /** Base URL, e.g. `http://127.0.0.1:4010` (0.0.0.0 is reported as 127.0.0.1, IPv6 in brackets). */
  url: string;
  port: number;
  host: string;
  server: Server;
  latencyMs: number;
  /** True once close() was called; a handler still waiting should give up. */
  readonly closed: boolean;
  /** Waits the configured latency (no-op at 0). */
  delay(): Promise<void>;
  sleep(ms: number): Promise<void>;
  /** A timer that close() cancels. */
  later(ms: number, fn: () => void): void;
  /** Writes nothing and cuts the connection after `ms`, as a stuck upstream looks to a client. */
  hang(req: IncomingMessage, ms: number): void;
  /** Cuts the connection now without answering (the "maybe committed" case). */
  drop(req: IncomingMessage): void;
  close(): Promise<void>;
}

export type RequestListener = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

/** Starts listening; `onRequest` gets every request (errors it throws end in a plain 500). */
export async function startServer(opts: ServerOptions, onRequest: (srv: EmulatorServer) => RequestListener): Promise<EmulatorServer> {
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;
  let listener: RequestListener = () => {};
  const server: Server = createServer((req, res) => {
    Promise.resolve()
      .then(() => listener(req, res))
      .catch((err: unknown) => {
        if (res.headersSent || res.destroyed) return;
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`Emulator error: ${String(err)}`);
      });
  });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;

  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };
  const sleep = (ms: number) => new Promise<void>((resolve) => later(ms, resolve));
  const srv: EmulatorServer = {
    url: `http://${urlHost}:${port}`,
    port,
    host,
    server,
    latencyMs: opts.latencyMs ?? 0,
    get closed() {
      return closed;
    },
    delay: () => (srv.latencyMs > 0 ? sleep(srv.latencyMs) : Promise.resolve()),
    sleep,
    later,
    hang: (req, ms) => later(ms, () => req.socket.destroy()),
    drop: (req) => req.socket.destroy(),
    close() {
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
  listener = onRequest(srv);
  return srv;
}
