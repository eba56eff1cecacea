import type { Notifier, OutgoingMail } from '../ports.ts';
import type { RunContext } from '../run-context.ts';

/** Notify: the mail after a run, composed here and queued by the RunStore together with the run's outcome. */

/** After an apply that changed Koppel, to the integration's notification addresses (F-15). */
export async function mailAfterRun(ctx: Pick<RunContext, 'integration' | 'settings' | 'mailAdded' | 'mailUpdated'>, notifier: Notifier, at: Date, applied: boolean): Promise<OutgoingMail | null> {
  const to = ctx.settings.notificationEmails;
  if (!applied || ctx.mailAdded.length + ctx.mailUpdated.length === 0 || !to.length) return null;
  return notifier.afterApply(ctx.integration, to, at, { added: ctx.mailAdded, updated: ctx.mailUpdated });
}

/** Once per transition into "reconnect needed" (F-10): the vendor refused the credentials. */
export async function mailAfterFailure(ctx: Pick<RunContext, 'integration' | 'settings'>, notifier: Notifier, at: Date, failure: { reconnect: boolean; message: string }): Promise<OutgoingMail | null> {
  if (!failure.reconnect || ctx.integration.health === 'reconnect_needed') return null;
  return notifier.reconnectNeeded(ctx.integration, ctx.settings.notificationEmails, at, failure.message);
}
