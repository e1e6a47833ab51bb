import type { Listener } from '@sapphire/framework';
import type { ClientEvents } from 'discord.js';
import { PluginListener } from '#core/plugin-kit/PluginListener';

/** A member's first badge in a server (from the achievements plugin) becomes their highlighted one there. */
export class ProfileBadgeAwardedListener extends PluginListener<'badgeAwarded'> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: 'badgeAwarded', partnerEvent: true });
  }

  public override async runEnabled(event: ClientEvents['badgeAwarded'][0], guildId: string | null) {
    if (guildId) await this.container.profile.selectFirstBadge(guildId, event.userId, event.badgeId);
  }
}
