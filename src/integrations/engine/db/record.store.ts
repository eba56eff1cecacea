import { setImmediate as setImmediatePromise } from 'node:timers/promises';
import { sql } from 'kysely';
import type { Database } from '../../../platform/db/client.ts';
import { uuidIn } from '../../../platform/db/json-rows.ts';
import type { ExternalRecordWrite, IntegrationRow, RecordLinks, RecordStore, StoredHash, StoredRecordRow } from '../ports.ts';
import { sortName } from '../sync-records.ts';
import { IDENTITY_DATA_KEYS } from '../sync.types.ts';
import { parseJson, sameJson } from '../sync-values.ts';

const VERDICT_BATCH = 500;
/** Rows of one upsert statement (about 18 ms on the embedded database). */
const UPSERT_PART = 100;

/** external_records in the database. */
export function dbRecordStore(db: Database): RecordStore {
  async function upsertPart(integration: IntegrationRow, runId: string, records: ExternalRecordWrite[]) {
    const rows = records.map((v) => ({
      tenant_id: integration.tenant_id,
      integration_id: integration.id,
      vendor: integration.vendor,
      external_id: v.data.externalId,
      data: v.json,
      bsn_encrypted: v.bsnEncrypted,
      bsn_hash: v.bsnHash,
      bsn_last3: v.bsnLast3,
      personnel_number: v.data.personnelNumber,
      data_hash: v.hash,
      former: v.data.status === 'former',
      sort_name: sortName(v.data),
      last_seen_run: runId,
      missing_since: null,
    }));
    await db
      .insertInto('external_records')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['integration_id', 'external_id']).doUpdateSet((eb) => ({
          data: eb.ref('excluded.data'),
          bsn_encrypted: eb.ref('excluded.bsn_encrypted'),
          bsn_hash: eb.ref('excluded.bsn_hash'),
          bsn_last3: eb.ref('excluded.bsn_last3'),
          personnel_number: eb.ref('excluded.personnel_number'),
          data_hash: eb.ref('excluded.data_hash'),
          former: eb.ref('excluded.former'),
          sort_name: eb.ref('excluded.sort_name'),
          last_seen_run: eb.ref('excluded.last_seen_run'),
          missing_since: null,
          updated_at: new Date(),
        })),
      )
      .execute();
  }

  return {
    async hashes(integration) {
      const stored = new Map<string, StoredHash>();
      for (const r of await db
        .selectFrom('external_records')
        .select(['external_id', 'data_hash', 'bsn_hash', 'bsn_encrypted', 'missing_since'])
        .where('tenant_id', '=', integration.tenant_id)
        .where('integration_id', '=', integration.id)
        .execute()) {
        stored.set(r.external_id, { hash: r.data_hash, bsnHash: r.bsn_hash, bsnEncrypted: r.bsn_encrypted, missing: r.missing_since !== null });
      }
      return stored;
    },

    async upsert(integration, runId, records) {
      // In parts of UPSERT_PART rows with a turn of the event loop between them: on the embedded database a
      // statement runs on this thread, and 500 rows at once held it for 50–160 ms (a 10 000-employee listing: event
      // loop delay p99 61 ms, max 152 ms; in parts of 100: p99 32–38 ms, max 78–105 ms).
      for (let i = 0; i < records.length; i += UPSERT_PART) {
        if (i > 0) await setImmediatePromise();
        await upsertPart(integration, runId, records.slice(i, i + UPSERT_PART));
      }
    },

    async analyze() {
      await sql`ANALYZE external_records`.execute(db);
    },

    async markMissing(integration, externalIds) {
      if (!externalIds.length) return;
      await sql`UPDATE external_records SET missing_since = now(), former = true, updated_at = now()
        WHERE tenant_id = ${integration.tenant_id} AND integration_id = ${integration.id}
          AND external_id = ANY(ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(externalIds)}::jsonb)))`.execute(db);
    },

    async resetSkipped(integration) {
      const res = await db
        .updateTable('external_records')
        .set({ link_state: 'unlinked', needs_action: true })
        .where('tenant_id', '=', integration.tenant_id)
        .where('integration_id', '=', integration.id)
        .where('link_state', '=', 'skipped')
        .executeTakeFirst();
      return Number(res.numUpdatedRows);
    },

    listForPlan(integration, opts = {}) {
      const withData = opts.data !== false;
      let q = db
        .selectFrom('external_records')
        // Without data, also without what only changes with it (external id, BSN columns): the caller holds those.
        .select([...(withData ? (['external_id', 'bsn_encrypted', 'bsn_hash', 'bsn_last3'] as const) : []), 'id', 'data_hash', 'link_state', 'decision', 'employee_id', 'contract_id', 'proposal', 'needs_action', 'issues', 'rule_excluded', 'former', 'missing_since'])
        // `identity`: only the data keys the verdict pass reads, cut down by the database (less to send and to parse).
        .$if(withData, (qb) => qb.select(opts.identity ? sql<unknown>`jsonb_build_object(${sql.join(IDENTITY_DATA_KEYS.flatMap((k) => [sql.lit(k), sql`data->${sql.lit(k)}`]))})`.as('data') : 'data'))
        .where('tenant_id', '=', integration.tenant_id)
        .where('integration_id', '=', integration.id);
      if (opts.ids) {
        if (!opts.ids.length) return Promise.resolve([]);
        q = q.where(uuidIn('id', opts.ids));
      }
      if (opts.afterId) q = q.where('id', '>', opts.afterId);
      if (opts.limit !== undefined) q = q.orderBy('id').limit(opts.limit);
      return q.execute() as Promise<StoredRecordRow[]>;
    },

    async claimedContractIds(tenantId) {
      const rows = await db.selectFrom('external_records').select('contract_id').where('tenant_id', '=', tenantId).where('contract_id', 'is not', null).execute();
      return rows.map((r) => r.contract_id!);
    },

    async otherConnectionNumbers(integration) {
      // Only connections that still sync (a deactivated one keeps its rows but no longer claims numbers).
      const rows = await db
        .selectFrom('external_records')
        .select('personnel_number')
        .distinct()
        .where('tenant_id', '=', integration.tenant_id)
        .where('vendor', '=', integration.vendor)
        .where('integration_id', '!=', integration.id)
        .where('integration_id', 'in', (eb) => eb.selectFrom('integrations').select('id').where('tenant_id', '=', integration.tenant_id).where('active', '=', true))
        .where('personnel_number', 'is not', null)
        .execute();
      return rows.map((r) => r.personnel_number!);
    },

    /** Only rows whose verdict moved are written. */
    async writeVerdicts(tenantId, rows, verdicts) {
      const byId = new Map(rows.map((r) => [r.id, r]));
      const changed: { id: string; proposal: unknown; needs_action: boolean; issues: unknown; rule_excluded: boolean }[] = [];
      for (const v of verdicts) {
        const r = byId.get(v.recordId)!;
        // A linked record keeps the proposal it was linked on ("linked by email"); the planner only proposes for unlinked ones.
        const proposal = v.proposal ?? (r.link_state === 'linked' ? (parseJson(r.proposal) ?? null) : null);
        if (!sameJson(r.proposal ?? null, proposal) || r.needs_action !== v.needsAction || !sameJson(r.issues ?? [], v.issues) || r.rule_excluded !== v.ruleExcluded) {
          changed.push({ id: v.recordId, proposal, needs_action: v.needsAction, issues: v.issues, rule_excluded: v.ruleExcluded });
        }
      }
      for (let i = 0; i < changed.length; i += VERDICT_BATCH) {
        const json = JSON.stringify(changed.slice(i, i + VERDICT_BATCH));
        // The ANY(...) gives the planner an index condition: joined to the record set alone, a big, freshly
        // written table (no statistics yet) is scanned whole for every batch.
        await sql`UPDATE external_records r SET proposal = x.proposal, needs_action = x.needs_action, issues = x.issues, rule_excluded = x.rule_excluded
          FROM jsonb_to_recordset(${json}::jsonb) AS x(id uuid, proposal jsonb, needs_action boolean, issues jsonb, rule_excluded boolean)
          WHERE r.id = x.id AND r.id = ANY(ARRAY(SELECT (e->>'id')::uuid FROM jsonb_array_elements(${json}::jsonb) e)) AND r.tenant_id = ${tenantId}`.execute(db);
      }
      return changed.length;
    },

    needsAction(integration, limit) {
      return db
        .selectFrom('external_records')
        .select(['data', 'issues'])
        .where('tenant_id', '=', integration.tenant_id)
        .where('integration_id', '=', integration.id)
        .where('needs_action', '=', true)
        .orderBy('sort_name')
        .limit(limit)
        .execute();
    },
  };
}

/** The link-state writes of an apply or undo, on its transaction (`trx`). */
export function dbRecordLinks(trx: Database, tenantId: string): RecordLinks {
  const records = () => trx.updateTable('external_records').where('tenant_id', '=', tenantId);
  return {
    async link(recordId, employeeId) {
      const linked = await records()
        .set({ link_state: 'linked', employee_id: employeeId, decision: null, needs_action: false, issues: '[]', updated_at: new Date() })
        .where('id', '=', recordId)
        // Only what is still unlinked (or whose employee was deleted): a link someone made meanwhile wins.
        .where('employee_id', 'is', null)
        .where('link_state', 'in', ['unlinked', 'linked'])
        .executeTakeFirst();
      return Number(linked.numUpdatedRows) > 0;
    },

    async linkMany(links) {
      if (!links.length) return 0;
      const json = JSON.stringify(links);
      const linked = await sql<{ id: string }>`
        UPDATE external_records r SET link_state = 'linked', employee_id = x.employee_id, contract_id = x.contract_id, decision = NULL,
               needs_action = false, issues = '[]', updated_at = now()
        FROM jsonb_to_recordset(${json}::jsonb) AS x(id uuid, employee_id uuid, contract_id uuid)
        WHERE r.id = x.id AND r.id = ANY(ARRAY(SELECT (e->>'id')::uuid FROM jsonb_array_elements(${json}::jsonb) e))
          AND r.tenant_id = ${tenantId} AND r.employee_id IS NULL AND r.link_state IN ('unlinked', 'linked')
        RETURNING r.id`.execute(trx);
      return linked.rows.length;
    },

    async setContract(recordId, contractId) {
      await records().set({ contract_id: contractId }).where('id', '=', recordId).execute();
    },

    async unlinkEmployee(employeeId) {
      await records().set({ link_state: 'unlinked', employee_id: null, contract_id: null, decision: null, updated_at: new Date() }).where('employee_id', '=', employeeId).execute();
    },

    async clearContract(contractId) {
      await records().set({ contract_id: null }).where('contract_id', '=', contractId).execute();
    },

    async unlink(recordId, what) {
      const q = what.field === 'contract'
        ? records().set({ contract_id: null, updated_at: new Date() }).where('id', '=', recordId).where('contract_id', '=', what.contractId)
        : records().set({ link_state: 'unlinked', employee_id: null, contract_id: null, decision: null, updated_at: new Date() }).where('id', '=', recordId).where('employee_id', '=', what.employeeId);
      const r = await q.executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    async linkedElsewhere(employeeId, integrationId) {
      const other = await trx
        .selectFrom('external_records')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('employee_id', '=', employeeId)
        .where('integration_id', '!=', integrationId)
        .limit(1)
        .executeTakeFirst();
      return other !== undefined;
    },
  };
}
