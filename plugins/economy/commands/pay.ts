import { Command, type Args } from '@sapphire/framework';
import { userMention, type Message, type User } from 'discord.js';
import { pickOrUsage, usageOf } from '#core/plugin-kit/args';
import type { CommandSource } from '#core/plugin-kit/respond';
import economy from '../index';
import { refuseNonMember } from '../lib/commandSupport';
import { replyInTime } from '../lib/replyInTime';
import { parseAmount } from '../services/amount';
import { formatMoney } from '../services/format';

/** `/pay <member> <amount> [note]`: wallet to wallet, with a TRANSFER row on both sides. */
export class PayCommand extends Command {
  public constructor(context: Command.LoaderContext, options: Command.Options) {
    super(context, {
      ...options,
      description: 'Pay another member from your wallet.',
      detailedDescription: '/pay <member> <amount|all|half> [note]',
      runIn: ['GUILD_ANY'],
    });
  }

  public override registerApplicationCommands(registry: Command.Registry) {
    registry.registerChatInputCommand((builder) =>
      builder
        .setName(this.name)
        .setDescription(this.description)
        .setDMPermission(false)
        .addUserOption((option) => option.setName('member').setDescription('Who to pay').setRequired(true))
        .addStringOption((option) =>
          option.setName('amount').setDescription('How much: 250, 1k, all, half').setRequired(true).setMaxLength(40),
        )
        .addStringOption((option) => option.setName('note').setDescription('What it is for').setMaxLength(200)),
    );
  }

  public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
    const { options } = interaction;
    await this.pay(
      interaction,
      interaction.guildId!,
      interaction.user,
      options.getUser('member', true),
      options.getString('amount', true),
      options.getString('note'),
    );
  }

  public override async messageRun(message: Message, args: Args) {
    const usage = await usageOf(message, 'pay <@member> <amount|all|half> [note]');
    const payee = await pickOrUsage(args, 'user', usage);
    const amount = await pickOrUsage(args, 'string', usage);
    const note = (await args.restResult('string')).unwrapOr('').trim().slice(0, 200) || null;
    await this.pay(message, message.guildId!, message.author, payee, amount, note);
  }

  private async pay(
    source: CommandSource,
    guildId: string,
    payer: User,
    payee: User,
    rawAmount: string,
    note: string | null,
  ) {
    await replyInTime(source, async () => {
      await refuseNonMember(source.guild!, payee, 'pay');
      const input = parseAmount(rawAmount);
      const { amount, fromBalance } = await this.container.economy.transfer(guildId, payer.id, payee.id, input, note);
      const settings = await economy.settings(guildId);
      const noteLine = note ? `\n> ${note.replaceAll('\n', ' ')}` : '';
      return {
        content: `${userMention(payer.id)} paid ${userMention(payee.id)} ${formatMoney(amount, settings)}. Your wallet: ${formatMoney(fromBalance, settings)}.${noteLine}`,
        // The payee is notified; the note is member text and pings nobody.
        allowedMentions: { users: [payee.id] },
      };
    });
  }
}
