import { HttpError } from '../../kit/http-client.ts';
import type { OutboundSink, ReadBackItem, ReadBackQuery, RemoveItem, SinkError, SinkItem, SinkResult } from '../../kit/sink.ts';
import { type LoketClient, loketErrorText, loketMessagesOf } from './loket.client.ts';
import { loketAccept, type LoketPeriod, type LoketPeriodData } from './loket.schemas.ts';

/**
 * Hours and wage components to Loket through `payrollperioddata` (issue 11, F-23 "send straight
 * through the API"). One item = one component value of one employment in one payroll period, shift
 * and distribution unit; its idempotency key is derived from exactly that (`loketPayrollKey`).
 *
 * - Upsert: the sink reads what Loket holds for each employment first; equal values are `unchanged`
 *   and not sent, so a re-send changes only what changed. `remove` sends `value: null` (Loket deletes
 *   the component; 0 would be a value).
 * - Writes go through the collective `PATCH /providers/employers/{employerId}/payrollperioddata`, at most
 *   one record per employment per call, so each `messages[].id` (an employment id) names one record.
 *   Loket answers 200 when at least one record succeeded; a failed record with several components is
 *   retried component by component (per-employment PATCH) so each item gets its own result.
 * - A write whose answer was lost is a retryable `maybe_committed` failure: settled by `readBack`.
 */

export interface LoketPayrollPayload {
  employerId: string;
  employmentId: string;
  year: number;
  periodNumber: number;
  /** Default 1. */
  shiftNumber: number;
  /** The distribution unit's key (UUID); null = the employment's default (read back as "any"). */
  distributionUnitKey: string | null;
  /** The cost center's key (kostenplaats); absent/null = none sent (Loket's default; read back as "any" when no exact record exists). */
  costCenterKey?: number | null;
  /**
   * The employment's payroll administration: when every item of a write names it, what Loket holds is read
   * per administration and period (one paged read) instead of per employment.
   */
  payrollAdministrationId?: string;
  /** The payroll component NUMBER (its key in Loket). */
  component: number;
  value: number;
}

/** The item's key; a cost center is appended only when there is one (keys of items without stay as they were). */
export function loketPayrollKey(p: Pick<LoketPayrollPayload, 'employmentId' | 'year' | 'periodNumber' | 'shiftNumber' | 'distributionUnitKey' | 'component' | 'costCenterKey'>): string {
  const base = `loket-ppd:${p.employmentId.toLowerCase()}:${p.year}:${p.periodNumber}:${p.shiftNumber}:${p.distributionUnitKey?.toLowerCase() ?? '-'}:${p.component}`;
  return p.costCenterKey == null ? base : `${base}:kp${p.costCenterKey}`;
}

function parseKey(key: string): Omit<LoketPayrollPayload, 'employerId' | 'value'> | null {
  const m = /^loket-ppd:([^:]+):(\d+):(\d+):(\d+):([^:]+):(\d+)(?::kp(\d+))?$/.exec(key);
  if (!m) return null;
  return {
    employmentId: m[1]!,
    year: Number(m[2]),
    periodNumber: Number(m[3]),
    shiftNumber: Number(m[4]),
    distributionUnitKey: m[5] === '-' ? null : m[5]!,
    component: Number(m[6]),
    costCenterKey: m[7] === undefined ? null : Number(m[7]),
  };
}

const cents = (v: number) => Math.round(v * 100);
const recordKey = (p: Omit<LoketPayrollPayload, 'employerId' | 'value' | 'component'>) =>
  `${p.employmentId.toLowerCase()}|${p.year}|${p.periodNumber}|${p.shiftNumber}|${p.distributionUnitKey?.toLowerCase() ?? '-'}|${p.costCenterKey ?? '-'}`;

type HeldRecord = Pick<LoketPeriodData, 'payrollPeriod' | 'shift' | 'distributionUnit'> & {
  id?: string;
  costCenter?: { key: number } | null;
  payrollComponents: Array<{ payrollComponent: { key: number }; value?: number | null }>;
};

/**
 * What Loket holds for an item. With a cost center, only a record of that cost center counts; without one, a record
 * without a cost center first, else any (Loket may fill in the employment's default cost center).
 */
function held(records: readonly HeldRecord[], p: Omit<LoketPayrollPayload, 'employerId' | 'value'>): { value: number; recordId: string } | null {
  const candidates = records.filter((r) => {
    if (r.payrollPeriod.year !== p.year || r.payrollPeriod.periodNumber !== p.periodNumber || (r.shift?.shiftNumber ?? 1) !== p.shiftNumber) return false;
    if (p.distributionUnitKey !== null && r.distributionUnit?.key.toLowerCase() !== p.distributionUnitKey.toLowerCase()) return false;
    return p.costCenterKey == null || r.costCenter?.key === p.costCenterKey;
  });
  const ordered = p.costCenterKey == null ? [...candidates.filter((r) => !r.costCenter), ...candidates.filter((r) => r.costCenter)] : candidates;
  for (const r of ordered) {
    const c = r.payrollComponents.find((x) => x.payrollComponent.key === p.component);
    if (c && typeof c.value === 'number') return { value: c.value, recordId: r.id ?? '' };
  }
  return null;
}

function sinkError(err: unknown): SinkError {
  const message = err instanceof Error ? err.message : String(err);
  if ((err as { code?: unknown } | null)?.code === 'reconnect_needed') return { code: 'reconnect_needed', message, retryable: false };
  if (err instanceof HttpError) {
    if (err.transient || err.details.maybeCommitted) return { code: err.details.maybeCommitted ? 'maybe_committed' : err.code === 'rate_limited' ? 'rate_limited' : 'unavailable', message, retryable: true, ...(err.details.maybeCommitted ? { maybeCommitted: true } : {}) };
    if (err.code === 'forbidden') return { code: 'missing_rights', message, retryable: false };
    return { code: 'rejected', message: loketErrorText(err.body) ?? message, retryable: false };
  }
  return { code: 'unavailable', message, retryable: true };
}

export interface LoketPayrollSinkConfig {
  client: LoketClient;
  /** For range read-backs: the employers whose employments are read. */
  employerIds?: readonly string[];
  /** Records per collective PATCH. Default 100. */
  batchSize?: number;
}

export class LoketPayrollSink implements OutboundSink<LoketPayrollPayload> {
  readonly vendor = 'loket';
  private readonly client: LoketClient;

  constructor(private readonly config: LoketPayrollSinkConfig) {
    this.client = config.client;
  }

  samePayload(a: LoketPayrollPayload, b: LoketPayrollPayload): boolean {
    return cents(a.value) === cents(b.value) && a.component === b.component && a.year === b.year && a.periodNumber === b.periodNumber;
  }

  private readonly periods = new Map<string, LoketPeriod[]>();

  /** What Loket holds for one administration and period, by employment (lower-case id). */
  private async heldForPeriod(payrollAdministrationId: string, year: number, periodNumber: number, signal?: AbortSignal): Promise<Map<string, HeldRecord[]>> {
    let periods = this.periods.get(payrollAdministrationId);
    if (!periods) {
      periods = [];
      for await (const p of this.client.payrollPeriods(payrollAdministrationId)) periods.push(p);
      this.periods.set(payrollAdministrationId, periods);
    }
    const period = periods.find((p) => p.year === year && p.periodNumber === periodNumber);
    const by = new Map<string, HeldRecord[]>();
    if (!period) return by;
    for await (const r of this.client.administrationPeriodData(payrollAdministrationId, period.id, signal ? { signal } : {})) {
      const k = r.employment.id.toLowerCase();
      by.set(k, [...(by.get(k) ?? []), r]);
    }
    return by;
  }

  private async heldFor(employmentId: string, signal?: AbortSignal): Promise<LoketPeriodData[]> {
    const out: LoketPeriodData[] = [];
    for await (const r of this.client.payrollPeriodData(employmentId, signal ? { signal } : {})) out.push(r);
    return out;
  }

  async write(items: readonly SinkItem<LoketPayrollPayload>[], opts: { signal?: AbortSignal } = {}): Promise<SinkResult[]> {
    const results = new Array<SinkResult>(items.length);
    const toSend: number[] = [];
    // 1. What Loket holds (per administration and period, else per employment): equal values are not sent again.
    const byEmployment = new Map<string, number[]>();
    items.forEach((it, i) => {
      const p = it.payload;
      if (loketPayrollKey(p) !== it.idempotencyKey) {
        results[i] = { idempotencyKey: it.idempotencyKey, outcome: 'failed', error: { code: 'invalid_key', message: 'the key must be loketPayrollKey(payload)', retryable: false } };
        return;
      }
      if (!Number.isFinite(p.value)) {
        results[i] = { idempotencyKey: it.idempotencyKey, outcome: 'failed', error: { code: 'rejected', message: 'not a number', retryable: false } };
        return;
      }
      const list = byEmployment.get(p.employmentId.toLowerCase()) ?? [];
      list.push(i);
      byEmployment.set(p.employmentId.toLowerCase(), list);
    });
    const outcomeIfSent = new Map<number, 'created' | 'updated'>();
    // Records another item of the same employment books on explicitly (distribution unit + cost center): an item
    // without a cost center never reads its value from them (it would look "unchanged" by someone else's value).
    const claimed = new Map<string, Set<string>>();
    for (const it of items) {
      if (it.payload.costCenterKey == null) continue;
      const k = it.payload.employmentId.toLowerCase();
      claimed.set(k, (claimed.get(k) ?? new Set()).add(`${it.payload.distributionUnitKey?.toLowerCase() ?? '-'}|${it.payload.costCenterKey}`));
    }
    const decide = (i: number, all: readonly HeldRecord[]) => {
      const p = items[i]!.payload;
      const taken = p.costCenterKey == null ? claimed.get(p.employmentId.toLowerCase()) : undefined;
      const records = taken ? all.filter((r) => !r.costCenter || !taken.has(`${r.distributionUnit?.key.toLowerCase() ?? '-'}|${r.costCenter.key}`)) : all;
      const h = held(records, p);
      if (h && cents(h.value) === cents(items[i]!.payload.value)) results[i] = { idempotencyKey: items[i]!.idempotencyKey, outcome: 'unchanged', externalId: items[i]!.idempotencyKey };
      else {
        outcomeIfSent.set(i, h ? 'updated' : 'created');
        toSend.push(i);
      }
    };
    const readFailed = (idx: readonly number[], err: unknown) => {
      const error = sinkError(err);
      for (const i of idx) results[i] = { idempotencyKey: items[i]!.idempotencyKey, outcome: 'failed', error: { ...error, maybeCommitted: false } };
    };
    // Items that name their administration: one paged read per administration and period.
    const byPeriod = new Map<string, number[]>();
    for (const [employmentId, idx] of [...byEmployment]) {
      if (!idx.every((i) => items[i]!.payload.payrollAdministrationId)) continue;
      byEmployment.delete(employmentId);
      for (const i of idx) {
        const p = items[i]!.payload;
        const k = `${p.payrollAdministrationId}|${p.year}|${p.periodNumber}`;
        byPeriod.set(k, [...(byPeriod.get(k) ?? []), i]);
      }
    }
    for (const idx of byPeriod.values()) {
      const p = items[idx[0]!]!.payload;
      let by: Map<string, HeldRecord[]>;
      try {
        by = await this.heldForPeriod(p.payrollAdministrationId!, p.year, p.periodNumber, opts.signal);
      } catch (err) {
        readFailed(idx, err);
        continue;
      }
      for (const i of idx) decide(i, by.get(items[i]!.payload.employmentId.toLowerCase()) ?? []);
    }
    for (const [employmentId, idx] of byEmployment) {
      let records: LoketPeriodData[];
      try {
        records = await this.heldFor(employmentId, opts.signal);
      } catch (err) {
        readFailed(idx, err);
        continue;
      }
      for (const i of idx) decide(i, records);
    }
    // 2. Records (employment + period + shift + distribution unit), one per employment per collective call.
    const records = new Map<string, number[]>();
    for (const i of toSend) {
      const k = recordKey(items[i]!.payload);
      records.set(k, [...(records.get(k) ?? []), i]);
    }
    const queue = [...records.values()];
    while (queue.length > 0) {
      // A cancelled send (shutdown, kill) stops writing here; what was sent is settled by the next run's read.
      opts.signal?.throwIfAborted();
      const call: number[][] = [];
      const employments = new Set<string>();
      const employer = items[queue[0]![0]!]!.payload.employerId;
      for (let q = 0; q < queue.length && call.length < (this.config.batchSize ?? 100); ) {
        const rec = queue[q]!;
        const p = items[rec[0]!]!.payload;
        if (p.employerId !== employer || employments.has(p.employmentId.toLowerCase())) {
          q++;
          continue;
        }
        employments.add(p.employmentId.toLowerCase());
        call.push(rec);
        queue.splice(q, 1);
      }
      await this.sendCollective(employer, call, items, results, outcomeIfSent, opts.signal);
    }
    return [...results];
  }

  private body(idx: number[], items: readonly SinkItem<LoketPayrollPayload>[]) {
    const p = items[idx[0]!]!.payload;
    return {
      payrollPeriod: { year: p.year, periodNumber: p.periodNumber },
      shift: { shiftNumber: p.shiftNumber },
      payslipType: { key: 1 },
      ...(p.distributionUnitKey ? { distributionUnit: { key: p.distributionUnitKey } } : {}),
      ...(p.costCenterKey != null ? { costCenter: { key: p.costCenterKey } } : {}),
      payrollComponents: idx.map((i) => ({ payrollComponent: { key: items[i]!.payload.component }, value: items[i]!.payload.value, isSupplement: false })),
    };
  }

  private async sendCollective(
    employerId: string,
    call: number[][],
    items: readonly SinkItem<LoketPayrollPayload>[],
    results: SinkResult[],
    outcome: Map<number, 'created' | 'updated'>,
    signal?: AbortSignal,
  ): Promise<void> {
    const ok = (i: number) => {
      results[i] = { idempotencyKey: items[i]!.idempotencyKey, outcome: outcome.get(i) ?? 'created', externalId: items[i]!.idempotencyKey };
    };
    let failedEmployments = new Map<string, string>();
    try {
      const res = await this.client.http.request<unknown>({
        method: 'PATCH',
        path: `/providers/employers/${encodeURIComponent(employerId)}/payrollperioddata`,
        accept: loketAccept('payrollPeriodData'),
        json: call.map((rec) => ({ employmentId: items[rec[0]!]!.payload.employmentId, ...this.body(rec, items) })),
        // An upsert, but a lost answer must surface so it is settled by reading back (kit/sink.ts).
        idempotent: false,
        ...(signal ? { signal } : {}),
      });
      for (const m of loketMessagesOf(res.body)) if (m.id && m.type !== 'Warning') failedEmployments.set(m.id.toLowerCase(), m.description ?? m.type ?? 'refused');
    } catch (err) {
      const error = sinkError(err);
      if (error.code !== 'rejected') {
        for (const rec of call) for (const i of rec) results[i] = { idempotencyKey: items[i]!.idempotencyKey, outcome: 'failed', error };
        return;
      }
      // 400: every record failed; the messages say which employment and why.
      failedEmployments = new Map(call.map((rec) => [items[rec[0]!]!.payload.employmentId.toLowerCase(), error.message]));
      for (const m of loketMessagesOf((err as HttpError).body)) if (m.id) failedEmployments.set(m.id.toLowerCase(), m.description ?? 'refused');
    }
    for (const rec of call) {
      const reason = failedEmployments.get(items[rec[0]!]!.payload.employmentId.toLowerCase());
      if (reason === undefined) {
        for (const i of rec) ok(i);
      } else if (rec.length === 1) {
        results[rec[0]!] = { idempotencyKey: items[rec[0]!]!.idempotencyKey, outcome: 'failed', error: { code: 'rejected', message: reason, retryable: false } };
      } else {
        // Which component? One at a time, each answer its own.
        for (const i of rec) {
          try {
            await this.client.http.request<unknown>({
              method: 'PATCH',
              path: `/providers/employers/employees/employments/${encodeURIComponent(items[i]!.payload.employmentId)}/payrollperioddata`,
              accept: loketAccept('payrollPeriodData'),
              json: this.body([i], items),
              idempotent: false,
              ...(signal ? { signal } : {}),
            });
            ok(i);
          } catch (err) {
            results[i] = { idempotencyKey: items[i]!.idempotencyKey, outcome: 'failed', error: sinkError(err) };
          }
        }
      }
    }
  }

  async readBack(query: ReadBackQuery, opts: { signal?: AbortSignal } = {}): Promise<ReadBackItem<LoketPayrollPayload>[]> {
    const out: ReadBackItem<LoketPayrollPayload>[] = [];
    if ('keys' in query) {
      const wanted = query.keys.map((k) => ({ k, p: parseKey(k) })).filter((x): x is { k: string; p: NonNullable<ReturnType<typeof parseKey>> } => x.p !== null);
      const employments = new Set(wanted.map((w) => w.p.employmentId));
      for (const employmentId of employments) {
        const records = await this.heldFor(employmentId, opts.signal);
        for (const w of wanted.filter((x) => x.p.employmentId === employmentId)) {
          const h = held(records, w.p);
          if (h) out.push({ idempotencyKey: w.k, externalId: w.k, payload: { ...w.p, employerId: '', value: h.value } });
        }
      }
      return out;
    }
    const from = query.from.toISOString().slice(0, 10);
    const to = query.to.toISOString().slice(0, 10);
    for (const employerId of this.config.employerIds ?? []) {
      for await (const m of this.client.employments(employerId, opts.signal ? { signal: opts.signal } : {})) {
        for (const r of await this.heldFor(m.id, opts.signal)) {
          const start = r.payrollPeriod.periodStartDate ?? `${r.payrollPeriod.year}-01-01`;
          const end = r.payrollPeriod.periodEndDate ?? `${r.payrollPeriod.year}-12-31`;
          if (start > to || end < from) continue;
          for (const c of r.payrollComponents) {
            const payload: LoketPayrollPayload = {
              employerId,
              employmentId: m.id,
              year: r.payrollPeriod.year,
              periodNumber: r.payrollPeriod.periodNumber,
              shiftNumber: r.shift?.shiftNumber ?? 1,
              distributionUnitKey: r.distributionUnit?.key ?? null,
              costCenterKey: r.costCenter?.key ?? null,
              component: c.payrollComponent.key,
              value: c.value,
            };
            out.push({ idempotencyKey: loketPayrollKey(payload), externalId: loketPayrollKey(payload), payload });
          }
        }
      }
    }
    return out;
  }

  /** `value: null` per component: Loket deletes it (never sent as 0). An object already gone counts as removed. */
  async remove(items: readonly RemoveItem[]): Promise<SinkResult[]> {
    const results: SinkResult[] = [];
    for (const it of items) {
      const p = parseKey(it.externalId);
      if (!p) {
        results.push({ idempotencyKey: it.idempotencyKey, outcome: 'failed', error: { code: 'invalid_key', message: 'not a Loket payroll key', retryable: false } });
        continue;
      }
      try {
        await this.client.patchPayrollPeriodData(p.employmentId, {
          payrollPeriod: { year: p.year, periodNumber: p.periodNumber },
          shift: { shiftNumber: p.shiftNumber },
          payslipType: { key: 1 },
          ...(p.distributionUnitKey ? { distributionUnit: { key: p.distributionUnitKey } } : {}),
          ...(p.costCenterKey != null ? { costCenter: { key: p.costCenterKey } } : {}),
          payrollComponents: [{ payrollComponent: { key: p.component }, value: null, isSupplement: false }],
        });
        results.push({ idempotencyKey: it.idempotencyKey, outcome: 'removed', externalId: it.externalId });
      } catch (err) {
        results.push({ idempotencyKey: it.idempotencyKey, outcome: 'failed', error: sinkError(err) });
      }
    }
    return results;
  }
}
