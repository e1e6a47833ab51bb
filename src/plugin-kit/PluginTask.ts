import { container } from '@sapphire/framework';
import { ScheduledTask, type ScheduledTasksKeys, type ScheduledTasksPayload } from '@sapphire/plugin-scheduled-tasks';
import { isPieceEnabledIn } from './pluginGate';

/** Every plugin job names its guild (declare the payload in `ScheduledTasks`), so the task can re-check enabling. */
export interface GuildTaskPayload {
  guildId: string;
}

export interface PluginTaskOptions<Task extends ScheduledTasksKeys = ScheduledTasksKeys> extends ScheduledTask.Options {
  /**
   * Jobs whose payloads give the same key never run at once, in any process (`serialiseBy: ({ guildId }) =>
   * \`moderation-expiry:${guildId}\``); jobs of other keys, and of tasks without this option, run beside them. A job
   * whose key is taken does not wait in a worker slot: it goes back to the queue and runs shortly after the key is
   * free. Keys are shared by every task, so two tasks giving one key exclude each other too.
   */
  serialiseBy?: (payload: ScheduledTasksPayload<Task>) => string;
}

/**
 * Base of every plugin scheduled task: skips guilds where the plugin has been disabled since the job was queued,
 * and otherwise calls `runEnabled`. Tasks must re-check that their action is still due: a job may run twice or after
 * the state changed. Any process may run a job (a shard of another guild, a `ROLE=worker` process with no gateway):
 * a task acts through REST and the database only, never through this process's gateway cache. The worker starts
 * once the process is logged in (see `startTaskWorker`), so `client.user` and REST are there.
 */
export abstract class PluginTask<Task extends ScheduledTasksKeys = ScheduledTasksKeys> extends ScheduledTask<Task> {
  private readonly serialiseBy: ((payload: ScheduledTasksPayload<Task>) => string) | undefined;

  public constructor(context: ScheduledTask.LoaderContext, options: PluginTaskOptions<Task> = {}) {
    super(context, options);
    this.serialiseBy = options.serialiseBy;
  }

  public override async run(payload: ScheduledTasksPayload<Task>): Promise<unknown> {
    const guildId = (payload as GuildTaskPayload | undefined)?.guildId;
    if (!(await isPieceEnabledIn(this, guildId))) return undefined;
    return this.runEnabled(payload);
  }

  public abstract runEnabled(payload: ScheduledTasksPayload<Task>): Promise<unknown>;

  /** The key a job with this payload must hold while it runs (see `serialiseBy`); undefined when it runs freely. */
  public serialisationKey(payload: ScheduledTasksPayload<Task>): string | undefined {
    return this.serialiseBy?.(payload);
  }
}

/** The key a queued job of the task `name` must hold while it runs, if that task declares `serialiseBy`. */
export function serialisationKeyOf(name: string, payload: unknown): string | undefined {
  const task = container.stores.get('scheduled-tasks').get(name);
  // The job was queued under this task's name, so its data is this task's payload (`scheduleTask`'s signature).
  return task instanceof PluginTask ? task.serialisationKey(payload as never) : undefined;
}
