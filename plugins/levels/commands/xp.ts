import { UserError, type Args } from '@sapphire/framework';
import { Subcommand } from '@sapphire/plugin-subcommands';
import { PermissionFlagsBits, type GuildMember, type Message } from 'discord.js';
import { Permission } from '#core/permissions/enums';
import { pickOrUsage } from '#core/plugin-kit/args';
import { respond, type CommandSource } from '#core/plugin-kit/respond';
import { checkedAmount, MAX_XP_CHANGE, memberArg, memberOption } from '../lib/targets';

const MANAGE_XP = [{ name: 'RequiresPermission', context: { permission: Permission.MANAGE_USER_PROFILE } }] as const;
type XpAction = 'add' | 'remove' | 'set';

/** `/xp add|remove|set <member> <amount>`: admins correct a member's XP; role rewards follow the new level. */
export class XpCommand extends Subcommand {
  public constructor(context: Subcommand.LoaderContext, options: Subcommand.Options) {
    super(context, {
      ...options,
      description: "Change a member's XP.",
      detailedDescription: '/xp add <member> <amount> · /xp remove <member> <amount> · /xp set <member> <amount>',
      runIn: ['GUILD_ANY'],
      subcommands: (['add', 'remove', 'set'] as const).map((name) => ({
        name,
        chatInputRun: (interaction: Subcommand.ChatInputCommandInteraction) => this.chatInput(interaction, name),
        messageRun: (message: Message, args: Args) => this.message(message, args, name),
        preconditions: [...MANAGE_XP],
      })),
    });
  }

  public override registerApplicationCommands(registry: Subcommand.Registry) {
    const descriptions: Record<XpAction, string> = {
      add: 'Give a member XP.',
      remove: 'Take XP from a member (never below 0).',
      set: "Set a member's total XP.",
    };
    registry.registerChatInputCommand((builder) => {
      builder
        .setName(this.name)
        .setDescription(this.description)
        .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
        .setDMPermission(false);
      for (const action of ['add', 'remove', 'set'] as const) {
        builder.addSubcommand((sub) =>
          sub
            .setName(action)
            .setDescription(descriptions[action])
            .addUserOption((option) => option.setName('member').setDescription('Member').setRequired(true))
            .addIntegerOption((option) =>
              option.setName('amount').setDescription('XP').setRequired(true).setMinValue(0).setMaxValue(MAX_XP_CHANGE),
            ),
        );
      }
      return builder;
    });
  }

  private async chatInput(interaction: Subcommand.ChatInputCommandInteraction, action: XpAction) {
    const amount = interaction.options.getInteger('amount', true);
    await this.change(interaction, action, await memberOption(interaction), amount);
  }

  private async message(message: Message, args: Args, action: XpAction) {
    const usage = `${await this.container.guildSettings.prefixFor(message.guildId)}xp ${action} <member> <amount>`;
    const member = await memberArg(message.guild!, args, usage);
    await this.change(message, action, member, await pickOrUsage(args, 'integer', usage));
  }

  private async change(source: CommandSource, action: XpAction, member: GuildMember, rawAmount: number) {
    if (member.user.bot && action !== 'remove') {
      throw new UserError({ identifier: 'LevelsBotTarget', message: 'Bots do not earn XP.' });
    }
    const amount = checkedAmount(rawAmount, action === 'set' ? 0 : 1);
    const change = action === 'set' ? { set: amount } : { add: action === 'add' ? amount : -amount };
    const result = await this.container.levels.changeXp(member, change);
    const done = { add: `Gave **${fmt(amount)} XP** to`, remove: `Took **${fmt(amount)} XP** from`, set: 'Set' }[
      action
    ];
    const target = action === 'set' ? `${member}'s XP to **${fmt(amount)}**` : `${member}`;
    const roles = [
      ...result.sync.added.map((id) => `+<@&${id}>`),
      ...result.sync.removed.map((id) => `−<@&${id}>`),
    ].join(' ');
    await respond(source, {
      content:
        `${done} ${target}: now **level ${result.newLevel}** with ${fmt(result.totalXp)} XP.` +
        (roles ? ` Roles: ${roles}` : ''),
      allowedMentions: { parse: [] },
    });
  }
}

function fmt(value: number): string {
  return value.toLocaleString('en-US');
}
