import type { Actor } from '../../domain/actor.ts';
import type { HrConnector } from '../../connectors/kit/hr-connector.ts';
import type { Logger } from '../../platform/log/logger.ts';
import type { IntegrationRow, MailPerson, RunMessage, SyncRunRow } from './ports.ts';
import type { IntegrationSettings, SyncCounts } from './sync.types.ts';

export type SyncPhase = 'queued' | 'read' | 'plan' | 'apply' | 'undo' | 'done';

export type SyncHooks = {
  /** Progress of the run; also where tests throw SyncKilled to "kill" a run mid-way. */
  onProgress?: (phase: SyncPhase, done: number, total: number) => void | Promise<void>;
  /** Connector override for this run (tests). */
  connector?: HrConnector;
};

/** How many diff items, warnings and errors a run keeps (the change log keeps every change). */
export const PLAN_ITEMS_KEPT = 2000;

/** What one run collects while its phases work; the orchestrator turns it into the run's outcome. */
export type RunContext = {
  run: SyncRunRow;
  integration: IntegrationRow;
  settings: IntegrationSettings;
  actor: Actor;
  log: Logger;
  counts: SyncCounts;
  warnings: RunMessage[];
  errors: RunMessage[];
  items: unknown[];
  /** Diff items left out of the stored run (beyond PLAN_ITEMS_KEPT); the change log keeps them all. */
  itemsDropped: number;
  mailAdded: MailPerson[];
  mailUpdated: MailPerson[];
  /** The hook alone, for every step (tests kill runs here): cheap enough inside a transaction. */
  step(phase: SyncPhase, done: number, total: number): Promise<void>;
  /** The hook, plus the run's stored progress and the job's (throttled unless forced). */
  progress(phase: SyncPhase, done: number, total: number, force?: boolean): Promise<void>;
};
