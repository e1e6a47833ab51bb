import type { Command } from '@sapphire/framework';
import { EmbedBuilder, type User } from 'discord.js';
import type { CommandSource } from '#core/plugin-kit/respond';
import { refuseBot } from '../lib/commandSupport';
import { MemberViewCommand } from '../lib/MemberViewCommand';
import { replyInTime } from '../lib/replyInTime';

const SHOWN_ITEMS = 40;

/** `/inventory [member]`: what a member owns, and what they have equipped. */
export class InventoryCommand extends MemberViewCommand {
  protected readonly memberDescription = 'Whose items (default: yours)';

  public constructor(context: Command.LoaderContext, options: Command.Options) {
    super(context, {
      ...options,
      aliases: ['inv'],
      description: "Show your (or a member's) items.",
      detailedDescription: '/inventory [member]',
      runIn: ['GUILD_ANY'],
    });
  }

  protected async show(source: CommandSource, guildId: string, user: User) {
    await replyInTime(source, async () => {
      refuseBot(user, 'look at the items of');
      const items = await this.container.economy.shop.inventory(guildId, user.id);
      const lines = items
        .slice(0, SHOWN_ITEMS)
        .map((item) => `**${item.name}** × ${item.owned} · ${item.type}${item.equipped ? ' · ✅ equipped' : ''}`);
      if (items.length > SHOWN_ITEMS) lines.push(`…and ${items.length - SHOWN_ITEMS} more`);
      const embed = new EmbedBuilder()
        .setTitle(`${user.username}'s inventory`)
        .setDescription(lines.join('\n') || 'No items yet. Browse the shop with `/shop view`.');
      return { embeds: [embed], allowedMentions: { parse: [] } };
    });
  }
}
