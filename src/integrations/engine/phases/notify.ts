import type { Notifier, OutgoingMail } from '../ports.ts';
import type { RunContext } from '../run-context.ts';

/** Notify: the mail after a run, composed here and queued by the RunStore together with the run's outcome. */

/** After an apply that changed Koppel, to the integration's notification addresses (F-15). */
export async function mailAfterRun(ctx: Pick<RunContext, 'integration' | 'settings' | 'mailAdded' | 'mailUpdated'>, notifier: Notifier, at: Date, applied: boolean): Promise<OutgoingMail | null> {
  const to = ctx.settings.notificationEmails;
  if (!applied || ctx.mailAdded.length + ctx.mailUpdated.length === 0 || !to.length) return null;
  return notifier.afterApply(ctx.integration, to, at, { added: ctx.mailAdded, updated: ctx.mailUpdated });
}

/**
 * Once per transition into "reconnect needed" (F-10): the vendor refused the credentials. Any other
 * failure mails the notification addresses once per transition into "failing" (issue 15): the first
 * failed run after a good one, not every retry of a long outage. A run refused because the integration
 * was deactivated meanwhile mails nobody.
 */
export async function mailAfterFailure(
  ctx: Pick<RunContext, 'integration' | 'settings'>,
  notifier: Notifier,
  at: Date,
  failure: { reconnect: boolean; message: string; code: string; keepHealth?: boolean },
): Promise<OutgoingMail | null> {
  if (failure.reconnect) {
    if (ctx.integration.health === 'reconnect_needed') return null;
    return notifier.reconnectNeeded(ctx.integration, ctx.settings.notificationEmails, at, failure.message);
  }
  if (failure.keepHealth || ctx.integration.health === 'failing') return null;
  return notifier.runFailed(ctx.integration, ctx.settings.notificationEmails, at, { code: failure.code, detail: failure.message });
}
