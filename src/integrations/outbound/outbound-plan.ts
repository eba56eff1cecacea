import { createHash } from 'node:crypto';
import type { LocalDate } from '../../domain/dates.ts';
import type { OutboundItemStatus } from '../../platform/db/schema.ts';

/**
 * What one export send has to do, decided before anything is written: compare what Koppel wants the
 * vendor to hold for a period (desired items) with what the journal says the vendor holds (entries).
 * Pure; the service carries it out.
 *
 * - `create`: Koppel never got a confirmed external id for this key (new, or an earlier write failed).
 * - `update`: the vendor holds the key, with another payload than wanted now.
 * - `unchanged`: the vendor holds exactly what is wanted. Nothing is written.
 * - `remove`: the vendor holds the key but Koppel no longer wants it (shift deleted, moved out, unapproved).
 * - `forget`: a key Koppel no longer wants that the vendor never confirmed; only the journal changes.
 *
 * A dead letter the user dismissed is not sent again until its payload changes.
 */
export type OutboundAction = 'create' | 'update' | 'unchanged' | 'remove' | 'forget';

export interface DesiredItem<Payload> {
  idempotencyKey: string;
  /** The Koppel object it comes from (shift id, absence id), for the report and the journal. */
  subjectId: string | null;
  periodDate: LocalDate;
  payload: Payload;
}

export interface JournalEntry {
  idempotencyKey: string;
  status: OutboundItemStatus;
  payloadHash: string;
  /** Hash of the payload the vendor confirmed holding; null when it never confirmed one. */
  sentHash: string | null;
  externalId: string | null;
}

export interface PlannedItem<Payload> {
  idempotencyKey: string;
  action: OutboundAction;
  desired?: DesiredItem<Payload>;
  entry?: JournalEntry;
  payloadHash?: string;
}

/** JSON with sorted keys, so equal payloads hash equal whatever order their fields were built in. */
export function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
}

export const payloadHash = (payload: unknown) => createHash('sha256').update(stableJson(payload)).digest('base64url');

export function planOutbound<Payload>(desired: readonly DesiredItem<Payload>[], journal: readonly JournalEntry[]): PlannedItem<Payload>[] {
  const byKey = new Map(journal.map((e) => [e.idempotencyKey, e]));
  const wanted = new Set<string>();
  const plan: PlannedItem<Payload>[] = [];
  for (const item of desired) {
    if (wanted.has(item.idempotencyKey)) throw new Error(`outbound plan: key ${item.idempotencyKey} listed twice`);
    wanted.add(item.idempotencyKey);
    const hash = payloadHash(item.payload);
    const entry = byKey.get(item.idempotencyKey);
    const held = entry?.externalId != null && entry.status !== 'removed';
    let action: OutboundAction;
    if (!entry || !held) action = entry?.status === 'dismissed' && entry.payloadHash === hash ? 'unchanged' : 'create';
    else if (entry.sentHash === hash) action = 'unchanged';
    else if (entry.status === 'dismissed' && entry.payloadHash === hash) action = 'unchanged';
    else action = 'update';
    plan.push({ idempotencyKey: item.idempotencyKey, action, desired: item, ...(entry ? { entry } : {}), payloadHash: hash });
  }
  for (const entry of journal) {
    if (wanted.has(entry.idempotencyKey) || entry.status === 'removed') continue;
    plan.push({ idempotencyKey: entry.idempotencyKey, action: entry.externalId != null ? 'remove' : 'forget', entry });
  }
  return plan;
}

/** Back-off before the next attempt of a transient failure: 1, 2, 4 … minutes, at most 6 hours. */
export function retryDelayMs(attempts: number, baseMs = 60_000, maxMs = 6 * 3600_000): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
}
