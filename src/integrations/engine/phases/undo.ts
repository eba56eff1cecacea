import type { MailPerson, SyncChangeRow, SyncRunRow, WorkforceTx, WorkforceWriter } from '../ports.ts';
import type { RunContext } from '../run-context.ts';
import { rowFailureMessages } from '../sync-failures.ts';
import { displayName, maskColumns, parseJson, sameJson } from '../sync-values.ts';

/**
 * Undo (F-18): replays an applied run's sync_changes backwards, one employee per transaction.
 * A field goes back only while it still holds the value the run wrote; links the run made are
 * removed if they still point where it put them; an employee it added is deleted only when nobody
 * worked with it since (no edits, shifts, absences, leave corrections, other contracts or links).
 */

type UndoCtx = Pick<RunContext, 'integration' | 'counts' | 'warnings' | 'errors' | 'mailUpdated' | 'items' | 'progress'>;

/** Why an added employee must stay (someone worked with it since) as a code, or null when it may go. */
export async function touchedSince(tx: WorkforceTx, integrationId: string, employeeId: string, since: Date, ownContracts: Set<string | null>, emp: { updated_at: Date }) {
  if (emp.updated_at > since) return 'edited';
  if (await tx.auditedSince('employee', employeeId, since)) return 'edited';
  const worked = await tx.workedWith(employeeId);
  if (worked) return worked;
  const contracts = await tx.contractStamps(employeeId);
  if (contracts.some((c) => !ownContracts.has(c.id) || c.updated_at > since)) return 'contracts';
  if (await tx.records.linkedElsewhere(employeeId, integrationId)) return 'other_integration';
  return null;
}

async function undoEmployee(tx: WorkforceTx, ctx: UndoCtx, target: SyncRunRow, finishedAt: Date, employeeId: string | null, list: SyncChangeRow[]) {
  const emp = employeeId ? await tx.lockEmployee(employeeId) : undefined;
  const name = emp ? displayName(emp) : '—';
  const added = list.find((c) => c.entity === 'employee' && c.action === 'add');
  if (added && employeeId) {
    if (!emp) return;
    const ownContracts = new Set<string | null>([
      ...list.filter((c) => c.entity === 'contract' && c.action === 'add').map((c) => c.entity_id),
      ...(parseJson<{ contractIds?: string[] } | null>(added.new_value)?.contractIds ?? []),
    ]);
    const touched = await touchedSince(tx, ctx.integration.id, employeeId, finishedAt, ownContracts, emp);
    if (touched) {
      ctx.warnings.push({ name, messages: [`employee:kept_${touched}`] });
      return;
    }
    await tx.records.unlinkEmployee(employeeId);
    await tx.deleteEmployee(employeeId);
    await tx.changes([{ employee_id: employeeId, entity: 'employee', entity_id: employeeId, action: 'add', old: { name }, new: null }]);
    await tx.audit([{ action: 'delete', entityType: 'employee', entityId: employeeId, changes: { undo_of_run: target.id } }]);
    ctx.counts.removed++;
    ctx.mailUpdated.push({ name, changes: [] });
    return;
  }
  const reverted: MailPerson = { name, changes: [] };
  for (const c of list) {
    if (c.action === 'update' && c.entity_id) {
      const newCols = parseJson<Record<string, unknown>>(c.new_columns) ?? {};
      const oldCols = parseJson<Record<string, unknown>>(c.old_columns) ?? {};
      const row = (c.entity === 'employee' ? await tx.lockEmployee(c.entity_id) : await tx.lockContract(c.entity_id)) as Record<string, unknown> | undefined;
      if (!row) continue;
      const current = Object.fromEntries(Object.keys(newCols).map((k) => [k, row[k] ?? null]));
      if (!sameJson(current, newCols)) {
        ctx.warnings.push({ name, messages: [`${c.field}:changed_since_kept`] });
        continue;
      }
      if (c.entity === 'employee') await tx.updateEmployee(row as never, oldCols);
      else await tx.updateContract(c.entity_id, oldCols);
      await tx.changes([{ record_id: c.record_id, employee_id: c.employee_id, entity: c.entity, entity_id: c.entity_id, action: 'update', field: c.field, old: parseJson(c.new_value), new: parseJson(c.old_value), oldColumns: newCols, newColumns: oldCols }]);
      await tx.audit([{ action: 'update', entityType: c.entity, entityId: c.entity_id, changes: maskColumns(Object.fromEntries(Object.keys(oldCols).map((k) => [k, { old: newCols[k], new: oldCols[k] }]))) }]);
      reverted.changes.push({ field: c.field ?? '', old: parseJson(c.new_value), new: parseJson(c.old_value) });
    } else if (c.action === 'add' && c.entity === 'contract' && c.entity_id) {
      const contract = await tx.contractStamp(c.entity_id);
      if (!contract) continue;
      if (contract.updated_at > finishedAt) {
        ctx.warnings.push({ name, messages: ['contract:changed_since_kept'] });
        continue;
      }
      await tx.records.clearContract(c.entity_id);
      await tx.deleteContract(c.entity_id);
      await tx.changes([{ record_id: c.record_id, employee_id: c.employee_id, entity: 'contract', entity_id: c.entity_id, action: 'add', old: parseJson(c.new_value), new: null }]);
      await tx.audit([{ action: 'delete', entityType: 'contract', entityId: c.entity_id, changes: { undo_of_run: target.id } }]);
    } else if (c.action === 'link' && c.record_id) {
      const undone = await tx.records.unlink(
        c.record_id,
        c.field === 'contract' ? { field: 'contract', contractId: parseJson<string>(c.new_value) } : { field: null, employeeId: parseJson<string>(c.new_value) },
      );
      if (!undone) continue;
      await tx.changes([{ record_id: c.record_id, employee_id: c.employee_id, entity: 'record', entity_id: c.record_id, action: 'link', field: c.field, old: parseJson(c.new_value), new: null }]);
      await tx.audit([{ action: 'unlink', entityType: 'external_record', entityId: c.record_id, changes: { undo_of_run: target.id } }]);
    }
  }
  if (reverted.changes.length) {
    ctx.counts.reverted++;
    ctx.mailUpdated.push(reverted);
  }
}

/** Undoes `target` (an applied run) given its changes newest first; per-employee failures are counted, not thrown. */
export async function undoRun(ctx: UndoCtx & Pick<RunContext, 'run' | 'actor'>, writer: WorkforceWriter, target: SyncRunRow, changes: SyncChangeRow[]) {
  const finishedAt = target.finished_at ?? new Date();
  const byEmployee = new Map<string, SyncChangeRow[]>();
  for (const c of changes) {
    const key = c.employee_id ?? `record:${c.record_id}`;
    const list = byEmployee.get(key);
    if (list) list.push(c);
    else byEmployee.set(key, [c]);
  }
  const scope = { tenantId: ctx.integration.tenant_id, runId: ctx.run.id, actor: ctx.actor };
  let done = 0;
  for (const [key, list] of byEmployee) {
    const employeeId = key.startsWith('record:') ? null : key;
    try {
      await writer.transaction(scope, (tx) => undoEmployee(tx, ctx, target, finishedAt, employeeId, list));
    } catch (err) {
      ctx.counts.failed++;
      ctx.errors.push({ name: employeeId ?? key, messages: rowFailureMessages(err) });
    }
    done++;
    await ctx.progress('undo', done, byEmployee.size);
  }
  ctx.items = ctx.mailUpdated.map((m) => ({ name: m.name, action: m.changes.length ? 'reverted' : 'removed', changes: m.changes }));
}
