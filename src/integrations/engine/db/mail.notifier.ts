import type { Database } from '../../../platform/db/client.ts';
import type { Locale } from '../../../platform/db/schema.ts';
import { registrationFor } from '../../registry.ts';
import type { Notifier, RecordStore } from '../ports.ts';
import { failedRunMail, reconnectMail, syncNotificationMail } from '../sync-mail.ts';
import { parseJson } from '../sync-values.ts';
import type { StoredExternalData } from '../sync.types.ts';

/** The engine's mails (sync-mail.ts) in the tenant's language, with the records still needing action. */
export function dbMailNotifier(db: Database, records: RecordStore): Notifier {
  async function tenantInfo(tenantId: string) {
    const t = await db.selectFrom('tenants').select(['locale', 'time_zone']).where('id', '=', tenantId).executeTakeFirstOrThrow();
    return { locale: t.locale as Locale, timeZone: t.time_zone };
  }
  const vendorLabel = (vendor: string) => registrationFor(vendor)?.label ?? vendor;

  return {
    async afterApply(integration, to, at, people) {
      const t = await tenantInfo(integration.tenant_id);
      const needsAction = await records.needsAction(integration, 201);
      const mail = syncNotificationMail({
        locale: t.locale,
        timeZone: t.timeZone,
        vendor: vendorLabel(integration.vendor),
        integration: integration.name,
        at,
        added: people.added,
        updated: people.updated,
        needsAction: needsAction.map((r) => {
          const d = parseJson<StoredExternalData>(r.data);
          return { name: [d.firstName, d.prefix, d.lastName].filter(Boolean).join(' '), issues: parseJson<string[]>(r.issues) ?? [] };
        }),
      });
      return { to, ...mail };
    },

    async reconnectNeeded(integration, to, at, detail) {
      const t = await tenantInfo(integration.tenant_id);
      // Without notification addresses the tenant's owners and admins hear of it.
      const recipients = to.length
        ? to
        : (
            await db.selectFrom('users').select('email').where('tenant_id', '=', integration.tenant_id).where('active', '=', true).where('role', 'in', ['owner', 'admin', 'hr_admin']).execute()
          ).map((u) => u.email);
      if (!recipients.length) return null;
      const m = reconnectMail({ locale: t.locale, timeZone: t.timeZone, vendor: vendorLabel(integration.vendor), integration: integration.name, at, detail });
      return { to: recipients, subject: m.subject, text: m.text };
    },

    async runFailed(integration, to, at, failure) {
      if (!to.length) return null;
      const t = await tenantInfo(integration.tenant_id);
      const m = failedRunMail({ locale: t.locale, timeZone: t.timeZone, vendor: vendorLabel(integration.vendor), integration: integration.name, at, ...failure });
      return { to, subject: m.subject, text: m.text };
    },
  };
}
