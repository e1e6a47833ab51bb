import type { Listener } from '@sapphire/framework';
import type { ClientEvents } from 'discord.js';
import { AchievementType } from '../entities/Achievement';
import { PluginListener } from '#core/plugin-kit/PluginListener';

/**
 * MODERATION: a case a moderator made (by command, or by hand in Discord's interface), once per case. Automatic
 * cases (warn thresholds, expiries) and cases with no known moderator count for nobody.
 */
export class AchievementsModerationActionListener extends PluginListener<'moderationAction'> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: 'moderationAction', partnerEvent: true });
  }

  public override async runEnabled({ guildId, caseNumber, moderatorId, source }: ClientEvents['moderationAction'][0]) {
    if (!moderatorId || moderatorId === this.container.client.user?.id) return;
    if (source !== 'command' && source !== 'manual') return;
    await this.container.achievements.count(guildId, moderatorId, AchievementType.MODERATION, {
      onceKey: `case-${caseNumber}`,
    });
  }
}
