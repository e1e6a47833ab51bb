import { UserError, type Args } from '@sapphire/framework';
import { Subcommand } from '@sapphire/plugin-subcommands';
import { PermissionFlagsBits, userMention, type Message, type User } from 'discord.js';
import { Permission } from '#core/permissions/enums';
import { pickOrUsage, restOrUsage, usageOf } from '#core/plugin-kit/args';
import type { CommandSource } from '#core/plugin-kit/respond';
import economy from '../index';
import { refuseBot, refuseNonMember } from '../lib/commandSupport';
import { replyInTime } from '../lib/replyInTime';
import { parseAmount } from '../services/amount';
import { formatMoney } from '../services/format';

const MANAGE = [{ name: 'RequiresPermission', context: { permission: Permission.MANAGE_BOT_SETTINGS } }] as const;
type AdminAction = 'give' | 'take' | 'reset';

/** `/economy give|take|reset <member> <amount> <reason>`: admin adjustments, each an ADMIN ledger row. */
export class EconomyCommand extends Subcommand {
  public constructor(context: Subcommand.LoaderContext, options: Subcommand.Options) {
    super(context, {
      ...options,
      description: "Admins: give, take or reset a member's money.",
      detailedDescription: '/economy give|take <member> <amount> <reason> · /economy reset <member> <amount> <reason>',
      runIn: ['GUILD_ANY'],
      preconditions: [...MANAGE],
      subcommands: (['give', 'take', 'reset'] as const).map((name) => ({
        name,
        chatInputRun: (interaction: Subcommand.ChatInputCommandInteraction) => this.chatInputAdjust(interaction, name),
        messageRun: (message: Message, args: Args) => this.messageAdjust(message, args, name),
      })),
    });
  }

  public override registerApplicationCommands(registry: Subcommand.Registry) {
    const descriptions: Record<AdminAction, [string, string]> = {
      give: ['Add money to a wallet.', 'How much to give'],
      take: ['Take money from a wallet.', 'How much to take'],
      reset: ['Set the wallet to an amount, empty the bank and clear streaks.', 'New wallet amount (0 allowed)'],
    };
    registry.registerChatInputCommand((builder) => {
      builder
        .setName(this.name)
        .setDescription(this.description)
        .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
        .setDMPermission(false);
      for (const [name, [description, amountDescription]] of Object.entries(descriptions)) {
        builder.addSubcommand((sub) =>
          sub
            .setName(name)
            .setDescription(description)
            .addUserOption((o) => o.setName('member').setDescription('Whose money').setRequired(true))
            .addStringOption((o) =>
              o.setName('amount').setDescription(amountDescription).setRequired(true).setMaxLength(40),
            )
            .addStringOption((o) =>
              o.setName('reason').setDescription('Why (kept in the ledger)').setRequired(true).setMaxLength(150),
            ),
        );
      }
      return builder;
    });
  }

  private async chatInputAdjust(interaction: Subcommand.ChatInputCommandInteraction, action: AdminAction) {
    const { options } = interaction;
    await this.adjust(
      interaction,
      interaction.guildId!,
      interaction.user.id,
      action,
      options.getUser('member', true),
      options.getString('amount', true),
      options.getString('reason', true),
    );
  }

  private async messageAdjust(message: Message, args: Args, action: AdminAction) {
    const usage = await usageOf(message, `economy ${action} <@member> <amount> <reason>`);
    const target = await pickOrUsage(args, 'user', usage);
    const amount = await pickOrUsage(args, 'string', usage);
    const reason = (await restOrUsage(args, usage)).trim().slice(0, 150);
    await this.adjust(message, message.guildId!, message.author.id, action, target, amount, reason);
  }

  private async adjust(
    source: CommandSource,
    guildId: string,
    actorId: string,
    action: AdminAction,
    target: User,
    rawAmount: string,
    reason: string,
  ) {
    await replyInTime(source, async () => {
      refuseBot(target, `${action} money of`);
      // Money only to members: giving to a user who left (or resetting them to more than nothing) is refused.
      if (action === 'give' || (action === 'reset' && rawAmount.trim() !== '0')) {
        await refuseNonMember(source.guild!, target, `${action} money of`);
      }
      const accounts = this.container.economy;
      const settings = await economy.settings(guildId);
      const who = userMention(target.id);
      if (action === 'reset') {
        const amount = rawAmount.trim() === '0' ? 0 : exactAmount(rawAmount);
        const { account } = await accounts.adminReset(guildId, target.id, amount, actorId, reason);
        return {
          content: `Reset ${who}: wallet ${formatMoney(account.balance, settings)}, bank emptied, streaks cleared. Reason: ${reason}`,
          allowedMentions: { parse: [] },
        };
      }
      const amount = exactAmount(rawAmount);
      const delta = action === 'give' ? amount : -amount;
      const account = await accounts.adminAdjust(guildId, target.id, delta, actorId, reason);
      const did = action === 'give' ? `Gave ${who}` : `Took from ${who}`;
      return {
        content: `${did} ${formatMoney(amount, settings)}. Their wallet: ${formatMoney(account.balance, settings)}. Reason: ${reason}`,
        allowedMentions: { parse: [] },
      };
    });
  }
}

/** Admin amounts are exact: `all` and `half` would depend on a wallet the admin may not have looked at. */
function exactAmount(raw: string): number {
  const input = parseAmount(raw);
  if (input.kind !== 'exact') {
    throw new UserError({ identifier: 'InvalidAmount', message: 'Give an exact amount here, like `500` or `2k`.' });
  }
  return input.value;
}
