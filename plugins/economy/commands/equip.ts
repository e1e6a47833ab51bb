import { Command, type Args } from '@sapphire/framework';
import type { AutocompleteInteraction, Message } from 'discord.js';
import { restOrUsage } from '../../../src/pieces/args';
import type { CommandSource } from '../../../src/pieces/respond';
import { ItemType } from '../entities/Item';
import { answerItemAutocomplete, usageOf } from '../lib/commandSupport';
import { replyInTime } from '../lib/replyInTime';

/** `/equip <item>`: wears a badge or background (one of each at a time). */
export class EquipCommand extends Command {
  public constructor(context: Command.LoaderContext, options: Command.Options) {
    super(context, {
      ...options,
      description: 'Equip a badge or background you own.',
      detailedDescription: '/equip <item>',
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
            .setName('item')
            .setDescription('Badge or background')
            .setRequired(true)
            .setMaxLength(64)
            .setAutocomplete(true),
        ),
    );
  }

  public override async autocompleteRun(interaction: AutocompleteInteraction) {
    await answerItemAutocomplete(this, interaction, (guildId, typed) =>
      this.container.economy.shop.ownedItemNames(guildId, interaction.user.id, typed, [
        ItemType.BADGE,
        ItemType.BACKGROUND,
      ]),
    );
  }

  public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
    await this.equip(
      interaction,
      interaction.guildId!,
      interaction.user.id,
      interaction.options.getString('item', true),
    );
  }

  public override async messageRun(message: Message, args: Args) {
    const name = await restOrUsage(args, await usageOf(message, 'equip <item>'));
    await this.equip(message, message.guildId!, message.author.id, name);
  }

  private async equip(source: CommandSource, guildId: string, userId: string, itemName: string) {
    await replyInTime(source, async () => {
      const item = await this.container.economy.shop.equip(guildId, userId, itemName);
      return {
        content: `You equipped **${item.name}** as your ${item.type.toLowerCase()}.`,
        allowedMentions: { parse: [] },
      };
    });
  }
}
