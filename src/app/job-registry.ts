import type { SystemSchedule } from '../platform/jobs/worker.ts';
import type { JobDefinition } from '../platform/jobs/job.ts';
import { cleanupJob } from '../platform/jobs/cleanup.job.ts';
import { integrationSyncJob } from '../integrations/engine/integration-sync.job.ts';
import { absenceImportJob } from '../integrations/absence-import/absence-import.job.ts';
import { sendMailJob } from '../platform/mail/send-mail.job.ts';
import { accountMailJob } from '../platform/identity/account-mail.job.ts';
import { recruitingJobs, recruitingPollJob } from '../recruiting/recruiting.job.ts';
import { CONTINUOUS_JOB, outboundJobs, RETRY_DUE_JOB } from '../integrations/outbound/outbound.jobs.ts';

/** Every job the worker knows. A new job is one file in definitions/ and one line here. */
export const jobDefinitions: JobDefinition[] = [sendMailJob, accountMailJob, cleanupJob, integrationSyncJob, absenceImportJob, ...recruitingJobs, ...outboundJobs] as JobDefinition[];

/** Daily schedules installed at boot: key → job and local time. */
export const systemSchedules: SystemSchedule[] = [
  { key: 'system:cleanup', name: cleanupJob.name, dailyAtMinute: 3 * 60 + 15 },
  // Restarts recruiting's self-arming response poll after a restart or a quiet period.
  { key: 'recruiting:poll', name: recruitingPollJob.name, dailyAtMinute: 6 * 60 },
  // Restart the self-arming outbound chains (retry sweep every 10 minutes, continuous hours export every hour).
  { key: 'outbound:retry-due', name: RETRY_DUE_JOB, dailyAtMinute: 5 },
  { key: 'outbound:attendance-continuous', name: CONTINUOUS_JOB, dailyAtMinute: 10 },
];
