import { AsyncLocalStorage } from 'node:async_hooks';
import diagnostics from 'node:diagnostics_channel';

/**
 * When a request really reached the socket, and when its answer came. fetch (undici) publishes every request it
 * creates, the moment its headers are written and the moment the answer's headers arrive (`undici:request:create`,
 * `undici:client:sendHeaders`, `undici:request:headers`: Node's documented diagnostics channels). The first request
 * created inside `whenWritten(track, …)` tells `track.left()` and `track.answered()` once each, at those moments. The
 * rate limiter uses them: the slot it hands out and the write can lie tens of milliseconds apart on a busy event loop,
 * and the vendor counts the request when it arrives. A fetch that is not undici's (a test's stand-in) tells nothing.
 */

/** One request's way out and back; either moment may never be told (a fetch that is not undici's). */
export interface SendTrack {
  /** It reached the socket now. */
  left(): void;
  /** Its answer's headers arrived now. */
  answered(): void;
}

type Pending = { track: SendTrack; request: object | null };

const context = new AsyncLocalStorage<Pending>();
const byRequest = new WeakMap<object, Pending>();

diagnostics.subscribe('undici:request:create', (message) => {
  const pending = context.getStore();
  const request = (message as { request?: object }).request;
  // Only the first request: a redirect followed inside the same call is another request to the vendor, not this one.
  if (!pending || !request || pending.request) return;
  pending.request = request;
  byRequest.set(request, pending);
});

diagnostics.subscribe('undici:client:sendHeaders', (message) => {
  const request = (message as { request?: object }).request;
  if (request) byRequest.get(request)?.track.left();
});

diagnostics.subscribe('undici:request:headers', (message) => {
  const request = (message as { request?: object }).request;
  if (request) byRequest.get(request)?.track.answered();
});

export function whenWritten<T>(track: SendTrack, send: () => Promise<T>): Promise<T> {
  return context.run({ track, request: null }, send);
}
