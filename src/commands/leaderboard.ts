import { Command, UserError, type Args } from '@sapphire/framework';
import { EmbedBuilder, type Message } from 'discord.js';
import type { LeaderboardDefinition } from '../leaderboards/types';
import { replyWithPages, type PagedCommand, type PageRequest, type RenderedPage } from '../plugin-kit/pagination';
import { disabledPluginMessage } from '../plugin-kit/pluginGate';
import type { CommandSource } from '../plugin-kit/respond';

const ENTRIES_PER_PAGE = 10;

interface Board {
  pluginName: string;
  definition: LeaderboardDefinition;
}

/**
 * `/leaderboard <board> [by]`: one subcommand per board that an installed plugin declares in its manifest
 * (`leaderboards`). The board's plugin must be enabled in the guild. Paged, with a jump to the viewer's own page.
 */
export class LeaderboardCommand extends Command implements PagedCommand {
  public constructor(context: Command.LoaderContext, options: Command.Options) {
    super(context, {
      ...options,
      description: 'Show a server leaderboard.',
      detailedDescription: '/leaderboard <board> [by] · !leaderboard <board> [by]',
      runIn: ['GUILD_ANY'],
    });
  }

  private get boards(): Board[] {
    return this.container.plugins.all.flatMap((plugin) =>
      plugin.leaderboards.map((definition) => ({ pluginName: plugin.name, definition })),
    );
  }

  public override registerApplicationCommands(registry: Command.Registry) {
    const { boards } = this;
    if (boards.length === 0) return;
    registry.registerChatInputCommand((builder) => {
      builder.setName(this.name).setDescription(this.description).setDMPermission(false);
      for (const { definition } of boards) {
        builder.addSubcommand((sub) => {
          sub.setName(definition.name).setDescription(definition.description);
          if (definition.sorts?.length) {
            sub.addStringOption((option) =>
              option
                .setName('by')
                .setDescription(`Rank by (default: ${definition.sorts![0]!.name})`)
                .addChoices(...definition.sorts!),
            );
          }
          return sub;
        });
      }
      return builder;
    });
  }

  public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
    await this.show(
      interaction,
      interaction.guildId!,
      interaction.options.getSubcommand(),
      interaction.options.getString('by'),
    );
  }

  public override async messageRun(message: Message, args: Args) {
    const boardName = (await args.pickResult('string')).unwrapOr(null);
    const sort = (await args.pickResult('string')).unwrapOr(null);
    await this.show(message, message.guildId!, boardName, sort);
  }

  public async renderPage({ guildId, viewerId, state, page }: PageRequest): Promise<RenderedPage> {
    const [boardName = '', sortValue = ''] = state.split('|');
    const { definition } = await this.enabledBoard(guildId, boardName);
    const sort = sortValue || undefined;
    const [{ entries, total }, viewerRank] = await Promise.all([
      definition.page({ guildId, sort, offset: page * ENTRIES_PER_PAGE, limit: ENTRIES_PER_PAGE }),
      definition.rankOf({ guildId, sort, userId: viewerId }),
    ]);
    const sortName = definition.sorts?.find((candidate) => candidate.value === sort)?.name;
    const lines = entries.map(
      (entry, index) => `**${page * ENTRIES_PER_PAGE + index + 1}.** <@${entry.userId}> — ${entry.value}`,
    );
    const embed = new EmbedBuilder()
      .setTitle(`Leaderboard · ${definition.name}${sortName ? ` (${sortName})` : ''}`)
      .setDescription(lines.length > 0 ? lines.join('\n') : 'Nobody is on this board yet.');
    if (viewerRank !== null) embed.addFields({ name: 'Your rank', value: `#${viewerRank}`, inline: true });
    return {
      embed,
      pageCount: Math.ceil(total / ENTRIES_PER_PAGE),
      viewerPage: viewerRank === null ? undefined : Math.floor((viewerRank - 1) / ENTRIES_PER_PAGE),
    };
  }

  private async show(source: CommandSource, guildId: string, boardName: string | null, sort: string | null) {
    const { definition } = await this.enabledBoard(guildId, boardName ?? '');
    if (sort && !definition.sorts?.some((candidate) => candidate.value === sort)) {
      const choices = definition.sorts?.map((candidate) => `\`${candidate.value}\``).join(', ');
      throw new UserError({
        identifier: 'UnknownLeaderboardSort',
        message: choices
          ? `The ${definition.name} leaderboard can be ranked by ${choices}, not \`${sort}\`.`
          : `The ${definition.name} leaderboard has only one ranking.`,
      });
    }
    const viewerId = 'author' in source ? source.author.id : source.user.id;
    await replyWithPages(source, this, { guildId, viewerId, state: `${definition.name}|${sort ?? ''}` });
  }

  private async enabledBoard(guildId: string, name: string): Promise<Board> {
    const { boards } = this;
    const board = boards.find((candidate) => candidate.definition.name === name.toLowerCase());
    if (!board) {
      const names = boards.map((candidate) => `\`${candidate.definition.name}\``).join(', ');
      throw new UserError({
        identifier: 'UnknownLeaderboard',
        message: names ? `Pick a leaderboard: ${names}.` : 'No installed plugin has a leaderboard.',
      });
    }
    if (!(await this.container.guildSettings.isEnabled(guildId, board.pluginName))) {
      throw new UserError({ identifier: 'PluginDisabled', message: disabledPluginMessage(board.pluginName) });
    }
    return board;
  }
}
