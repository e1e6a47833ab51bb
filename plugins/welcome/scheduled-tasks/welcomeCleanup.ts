import { RESTJSONErrorCodes, Routes } from 'discord.js';
import type { ScheduledTasksPayload } from '@sapphire/plugin-scheduled-tasks';
import { PluginTask } from '#core/plugin-kit/PluginTask';

/**
 * Deletes a greeting once its time is up; a greeting already deleted by hand is simply done. Through REST, not the
 * gateway cache, so any process may run it.
 */
export class WelcomeCleanupTask extends PluginTask<'welcomeCleanup'> {
  public override async runEnabled({ channelId, messageId }: ScheduledTasksPayload<'welcomeCleanup'>) {
    await this.container.client.rest.delete(Routes.channelMessage(channelId, messageId)).catch((error: unknown) => {
      const code = (error as { code?: unknown }).code;
      if (code !== RESTJSONErrorCodes.UnknownMessage && code !== RESTJSONErrorCodes.UnknownChannel) throw error;
    });
    await this.container.welcomeCleanup.done(messageId);
  }
}
