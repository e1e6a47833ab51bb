import { UserError, type Command } from '@sapphire/framework';
import { EmbedBuilder, time, TimestampStyles, userMention, type User } from 'discord.js';
import { Permission } from '#core/permissions/enums';
import { replyWithPages, type PagedCommand, type PageRequest, type RenderedPage } from '#core/plugin-kit/pagination';
import type { CommandSource } from '#core/plugin-kit/respond';
import economy from '../index';
import { TransactionType } from '../entities/Transaction';
import { refuseBot } from '../lib/commandSupport';
import { MemberViewCommand } from '../lib/MemberViewCommand';
import type { LedgerEntry } from '../services/EconomyService';
import { formatMoney } from '../services/format';

const ENTRIES_PER_PAGE = 10;

/** `/transactions [member]`: the ledger, newest first, ten a page. Others' ledgers need VIEW_USER_INFO. */
export class TransactionsCommand extends MemberViewCommand implements PagedCommand {
  protected readonly memberDescription = 'Whose ledger (default: yours)';

  public constructor(context: Command.LoaderContext, options: Command.Options) {
    super(context, {
      ...options,
      aliases: ['ledger'],
      description: 'Show your (or a member’s) transactions, newest first.',
      detailedDescription: '/transactions [member]',
      runIn: ['GUILD_ANY'],
    });
  }

  protected async show(source: CommandSource, guildId: string, target: User, viewerId: string) {
    refuseBot(target, 'look up the ledger of');
    await this.assertMayView(guildId, viewerId, target.id);
    await replyWithPages(source, this, { guildId, viewerId, state: target.id }, { ephemeral: true });
  }

  /** Another member's ledger needs VIEW_USER_INFO; checked again on every page, whoever clicks. */
  private async assertMayView(guildId: string, viewerId: string, userId: string) {
    if (userId === viewerId) return;
    const member = await this.container.client.guilds.cache.get(guildId)!.members.fetch(viewerId);
    if (!(await this.container.permissions.has(member, Permission.VIEW_USER_INFO))) {
      throw new UserError({
        identifier: 'MissingPermission',
        message: `You need the **${Permission.VIEW_USER_INFO}** permission to see another member's transactions.`,
      });
    }
  }

  public async renderPage({ guildId, viewerId, state: userId, page }: PageRequest): Promise<RenderedPage> {
    await this.assertMayView(guildId, viewerId, userId);
    const [settings, { entries, total }] = await Promise.all([
      economy.settings(guildId),
      this.container.economy.transactions(guildId, userId, page * ENTRIES_PER_PAGE, ENTRIES_PER_PAGE),
    ]);
    const lines = entries.map(
      (entry) =>
        `${time(entry.createdAt, TimestampStyles.ShortDateTime)} ${describe(entry, formatMoney(Math.abs(entry.amount), settings))}`,
    );
    const embed = new EmbedBuilder()
      .setTitle('Transactions')
      .setDescription(`${userMention(userId)}\n${lines.join('\n') || 'No transactions yet.'}`);
    return { embed, pageCount: Math.max(1, Math.ceil(total / ENTRIES_PER_PAGE)) };
  }
}

/** One ledger line: `+ 🪙 100 · DAILY · Daily reward`, with who paid whom and which admin acted. */
function describe(entry: LedgerEntry, money: string): string {
  const sign = entry.amount >= 0 ? '+' : '−';
  const parts = [`**${sign} ${money}**`, entry.type];
  if (entry.type === TransactionType.TRANSFER && entry.counterpartyId) {
    parts.push(
      entry.amount >= 0 ? `from ${userMention(entry.counterpartyId)}` : `to ${userMention(entry.counterpartyId)}`,
    );
  }
  if (entry.actorId) parts.push(`by ${userMention(entry.actorId)}`);
  if (entry.description) parts.push(entry.description.replaceAll('\n', ' '));
  return parts.join(' · ');
}
