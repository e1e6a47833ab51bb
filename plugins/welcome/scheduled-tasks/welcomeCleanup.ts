import { RESTJSONErrorCodes } from 'discord.js';
import type { ScheduledTasksPayload } from '@sapphire/plugin-scheduled-tasks';
import { PluginTask } from '../../../src/pieces/PluginTask';

/** Deletes a greeting once its time is up; a greeting already deleted by hand is simply done. */
export class WelcomeCleanupTask extends PluginTask<'welcomeCleanup'> {
  public override async runEnabled({ channelId, messageId }: ScheduledTasksPayload<'welcomeCleanup'>) {
    const channel = this.container.client.channels.cache.get(channelId);
    if (!channel?.isTextBased()) return;
    await channel.messages.delete(messageId).catch((error: { code?: number }) => {
      if (error.code !== RESTJSONErrorCodes.UnknownMessage) throw error;
    });
  }
}
