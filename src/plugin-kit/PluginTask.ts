import { ScheduledTask, type ScheduledTasksKeys, type ScheduledTasksPayload } from '@sapphire/plugin-scheduled-tasks';
import { isPieceEnabledIn } from './pluginGate';

/** Every plugin job names its guild (declare the payload in `ScheduledTasks`), so the task can re-check enabling. */
export interface GuildTaskPayload {
  guildId: string;
}

/**
 * Base of every plugin scheduled task: skips guilds where the plugin has been disabled since the job was queued,
 * and otherwise calls `runEnabled`. Tasks must re-check that their action is still due: a job may run twice or after
 * the state changed. Any process may run a job (a shard of another guild, a `ROLE=worker` process with no gateway):
 * a task acts through REST and the database only, never through this process's gateway cache. The worker starts
 * once the process is logged in (see `startTaskWorker`), so `client.user` and REST are there.
 */
export abstract class PluginTask<Task extends ScheduledTasksKeys = ScheduledTasksKeys> extends ScheduledTask<Task> {
  public override async run(payload: ScheduledTasksPayload<Task>): Promise<unknown> {
    const guildId = (payload as GuildTaskPayload | undefined)?.guildId;
    if (!(await isPieceEnabledIn(this, guildId))) return undefined;
    return this.runEnabled(payload);
  }

  public abstract runEnabled(payload: ScheduledTasksPayload<Task>): Promise<unknown>;
}
