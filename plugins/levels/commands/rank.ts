import { Command, type Args } from '@sapphire/framework';
import {
  AttachmentBuilder,
  PermissionFlagsBits,
  type GuildMember,
  type Message,
  type PermissionsBitField,
} from 'discord.js';
import { pickOrUsage } from '#core/plugin-kit/args';
import { avatarOf } from '#core/plugin-kit/canvas';
import { cardBackgroundOf } from '#core/plugin-kit/cardBackgrounds';
import { deferIfInteraction, respond, type CommandSource } from '#core/plugin-kit/respond';
import { equippedBackgroundOf } from '../lib/partners';
import { renderRankCard } from '../lib/rankCard';
import { memberOf } from '../lib/targets';

/** `/rank [member]`: a member's rank card (PNG), or the same facts as text where the bot may not attach files. */
export class RankCommand extends Command {
  public constructor(context: Command.LoaderContext, options: Command.Options) {
    super(context, {
      ...options,
      description: "Show your (or a member's) level, rank and XP.",
      detailedDescription: '/rank [member] · !rank [member]',
      runIn: ['GUILD_ANY'],
    });
  }

  public override registerApplicationCommands(registry: Command.Registry) {
    registry.registerChatInputCommand((builder) =>
      builder
        .setName(this.name)
        .setDescription(this.description)
        .setDMPermission(false)
        .addUserOption((option) => option.setName('member').setDescription('Whose rank (default: yours)')),
    );
  }

  public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
    const user = interaction.options.getUser('member') ?? interaction.user;
    const member = await memberOf(interaction.guild!, user);
    await this.show(interaction, member, interaction.appPermissions);
  }

  public override async messageRun(message: Message, args: Args) {
    const usage = `${await this.container.guildSettings.prefixFor(message.guildId)}rank [member]`;
    const user = args.finished ? message.author : await pickOrUsage(args, 'user', usage);
    const guild = message.guild!;
    const member = await memberOf(guild, user);
    const me = guild.members.me ?? (await guild.members.fetchMe());
    await this.show(message, member, message.channel.isDMBased() ? null : message.channel.permissionsFor(me));
  }

  private async show(source: CommandSource, member: GuildMember, botPermissions: Readonly<PermissionsBitField> | null) {
    await deferIfInteraction(source);
    const { levels } = this.container;
    const profile = await levels.profile(member.guild.id, member.id);
    const rank = await levels.rankOf(member.guild.id, member.id);
    const name = member.displayName;
    if (!botPermissions?.has(PermissionFlagsBits.AttachFiles)) {
      const filled = Math.round((profile.xpIntoLevel / profile.xpForNextLevel) * 10);
      await respond(source, {
        content: [
          `**${name}** — Level ${profile.level} · Rank ${rank === null ? 'unranked' : `#${rank}`}`,
          `${'▰'.repeat(filled)}${'▱'.repeat(10 - filled)} ${fmt(profile.xpIntoLevel)} / ${fmt(profile.xpForNextLevel)} XP`,
          `Total ${fmt(profile.totalXp)} XP · ${fmt(profile.messageCount)} messages`,
        ].join('\n'),
        allowedMentions: { parse: [] },
      });
      return;
    }
    const [avatar, background] = await Promise.all([
      avatarOf(member),
      equippedBackgroundOf(member.guild.id, member.id).then(cardBackgroundOf),
    ]);
    const png = await renderRankCard({
      displayName: name,
      avatar,
      background,
      userId: member.id,
      level: profile.level,
      rank,
      totalXp: profile.totalXp,
      xpIntoLevel: profile.xpIntoLevel,
      xpForNextLevel: profile.xpForNextLevel,
    });
    await respond(source, {
      files: [new AttachmentBuilder(png, { name: 'rank.png', description: `${name}: level ${profile.level}` })],
      allowedMentions: { parse: [] },
    });
  }
}

function fmt(value: number): string {
  return value.toLocaleString('en-US');
}
