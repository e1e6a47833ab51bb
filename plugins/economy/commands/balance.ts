import type { Command } from '@sapphire/framework';
import type { APIEmbed, User } from 'discord.js';
import type { CommandSource } from '#core/plugin-kit/respond';
import economy from '../index';
import { refuseBot } from '../lib/commandSupport';
import { MemberViewCommand } from '../lib/MemberViewCommand';
import { replyInTime } from '../lib/replyInTime';
import { formatMoney } from '../services/format';

/** `/balance [member]`: wallet, bank, total, leaderboard position and daily streak. */
export class BalanceCommand extends MemberViewCommand {
  protected readonly memberDescription = 'Whose balance (default: yours)';

  public constructor(context: Command.LoaderContext, options: Command.Options) {
    super(context, {
      ...options,
      aliases: ['bal'],
      description: "Show your (or a member's) wallet, bank, rank and streak.",
      detailedDescription: '/balance [member]',
      runIn: ['GUILD_ANY'],
    });
  }

  protected async show(source: CommandSource, guildId: string, user: User) {
    await replyInTime(source, async () => {
      refuseBot(user, 'look up the balance of');
      const accounts = this.container.economy;
      // One round trip: the account (opened with the starting balance on first use) and its place by total.
      const [settings, { account, rank }] = await Promise.all([
        economy.settings(guildId),
        accounts.accountWithRank(guildId, user.id, 'total'),
      ]);
      const streak = accounts.dailyStreakNow(account, settings);
      const embed: APIEmbed = {
        title: `${user.username}'s balance`,
        fields: [
          { name: 'Wallet', value: formatMoney(account.balance, settings), inline: true },
          { name: 'Bank', value: formatMoney(account.bank, settings), inline: true },
          { name: 'Total', value: formatMoney(account.balance + account.bank, settings), inline: true },
          { name: 'Rank', value: rank === null ? 'not ranked' : `#${rank}`, inline: true },
          { name: 'Daily streak', value: `${streak} day${streak === 1 ? '' : 's'}`, inline: true },
        ],
        footer: { text: `Amounts in ${settings.currencyName}` },
      };
      return { embeds: [embed], allowedMentions: { parse: [] } };
    });
  }
}
