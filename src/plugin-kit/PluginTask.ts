import { once } from 'node:events';
import { ScheduledTask, type ScheduledTasksKeys, type ScheduledTasksPayload } from '@sapphire/plugin-scheduled-tasks';
import { Events } from 'discord.js';
import { isPieceEnabledIn } from './pluginGate';

/** Every plugin job names its guild (declare the payload in `ScheduledTasks`), so the task can re-check enabling. */
export interface GuildTaskPayload {
  guildId: string;
}

/**
 * Base of every plugin scheduled task: waits until the client is ready (the worker starts before login), skips
 * guilds where the plugin has been disabled since the job was queued, and otherwise calls `runEnabled`. Tasks must
 * re-check that their action is still due: a job may run twice or after the state changed.
 */
export abstract class PluginTask<Task extends ScheduledTasksKeys = ScheduledTasksKeys> extends ScheduledTask<Task> {
  public override async run(payload: ScheduledTasksPayload<Task>): Promise<unknown> {
    const { client } = this.container;
    if (!client.isReady()) await once(client, Events.ClientReady);
    const guildId = (payload as GuildTaskPayload | undefined)?.guildId;
    if (!(await isPieceEnabledIn(this, guildId))) return undefined;
    return this.runEnabled(payload);
  }

  public abstract runEnabled(payload: ScheduledTasksPayload<Task>): Promise<unknown>;
}
