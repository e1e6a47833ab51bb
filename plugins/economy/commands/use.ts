import { Command, type Args } from '@sapphire/framework';
import type { AutocompleteInteraction, Message } from 'discord.js';
import { restOrUsage } from '../../../src/pieces/args';
import type { CommandSource } from '../../../src/pieces/respond';
import { ItemType } from '../entities/Item';
import { answerItemAutocomplete, usageOf } from '../lib/commandSupport';
import { replyInTime } from '../lib/replyInTime';

/** `/use <item>`: uses up one consumable and announces `economyItemUsed` for the plugins that give it an effect. */
export class UseCommand extends Command {
  public constructor(context: Command.LoaderContext, options: Command.Options) {
    super(context, {
      ...options,
      description: 'Use one of your consumable items.',
      detailedDescription: '/use <item>',
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
            .setDescription('Consumable to use')
            .setRequired(true)
            .setMaxLength(64)
            .setAutocomplete(true),
        ),
    );
  }

  public override async autocompleteRun(interaction: AutocompleteInteraction) {
    await answerItemAutocomplete(this, interaction, (guildId, typed) =>
      this.container.economy.shop.ownedItemNames(guildId, interaction.user.id, typed, [ItemType.CONSUMABLE]),
    );
  }

  public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
    await this.use(interaction, interaction.guildId!, interaction.user.id, interaction.options.getString('item', true));
  }

  public override async messageRun(message: Message, args: Args) {
    const name = await restOrUsage(args, await usageOf(message, 'use <item>'));
    await this.use(message, message.guildId!, message.author.id, name);
  }

  private async use(source: CommandSource, guildId: string, userId: string, itemName: string) {
    await replyInTime(source, async () => {
      const { item, remaining } = await this.container.economy.shop.use(guildId, userId, itemName);
      this.container.client.emit('economyItemUsed', {
        guildId,
        userId,
        itemId: item.id,
        itemName: item.name,
        remaining,
      });
      return {
        content: `You used **${item.name}**. ${remaining} left.`,
        allowedMentions: { parse: [] },
      };
    });
  }
}
