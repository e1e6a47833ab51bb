import { Command, UserError, type Args } from '@sapphire/framework';
import type { Message } from 'discord.js';
import type { CommandSource } from '#core/plugin-kit/respond';
import { replyInTime } from '../lib/replyInTime';
import { ItemType } from '../entities/Item';

const SLOTS: Record<string, ItemType> = { badge: ItemType.BADGE, background: ItemType.BACKGROUND };

/** `/unequip [slot]`: takes off the badge, the background, or both. */
export class UnequipCommand extends Command {
  public constructor(context: Command.LoaderContext, options: Command.Options) {
    super(context, {
      ...options,
      description: 'Unequip your badge and/or background.',
      detailedDescription: '/unequip [badge|background]',
      runIn: ['GUILD_ANY'],
    });
  }

  public override registerApplicationCommands(registry: Command.Registry) {
    registry.registerChatInputCommand((builder) =>
      builder
        .setName(this.name)
        .setDescription(this.description)
        .setDMPermission(false)
        .addStringOption((option) =>
          option
            .setName('slot')
            .setDescription('Which one (default: both)')
            .addChoices({ name: 'Badge', value: 'badge' }, { name: 'Background', value: 'background' }),
        ),
    );
  }

  public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
    await this.unequip(interaction, interaction.guildId!, interaction.user.id, interaction.options.getString('slot'));
  }

  public override async messageRun(message: Message, args: Args) {
    const slot = (await args.pickResult('string')).unwrapOr(null);
    await this.unequip(message, message.guildId!, message.author.id, slot?.toLowerCase() ?? null);
  }

  private async unequip(source: CommandSource, guildId: string, userId: string, slot: string | null) {
    await replyInTime(source, async () => {
      if (slot !== null && !Object.hasOwn(SLOTS, slot)) {
        throw new UserError({
          identifier: 'BadArgument',
          message: 'The slot is `badge` or `background` (or nothing for both).',
        });
      }
      const names = await this.container.economy.shop.unequip(guildId, userId, slot === null ? undefined : SLOTS[slot]);
      const text = names.length
        ? `You unequipped ${names.map((name) => `**${name}**`).join(' and ')}.`
        : 'You had nothing equipped there.';
      return { content: text, allowedMentions: { parse: [] } };
    });
  }
}
