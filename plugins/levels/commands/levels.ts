import { UserError, type Args } from '@sapphire/framework';
import { Subcommand } from '@sapphire/plugin-subcommands';
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  ChannelType,
  EmbedBuilder,
  channelMention,
  roleMention,
  type Guild,
  type GuildMember,
  type Message,
  type Role,
  type SlashCommandNumberOption,
} from 'discord.js';
import { Permission } from '#core/permissions/enums';
import { pickOrUsage } from '#core/plugin-kit/args';
import { deferIfInteraction, respond, type CommandSource } from '#core/plugin-kit/respond';
import { LEVELS_RESET_ALL_BUTTON } from '../ids';
import levels from '../index';
import { memberArg, memberOf, memberOption } from '../lib/targets';
import type { LevelsSettings, RoleReward } from '../settings';

const MANAGE_MEMBERS = [
  { name: 'RequiresPermission', context: { permission: Permission.MANAGE_USER_PROFILE } },
] as const;
const MANAGE_SETTINGS = [
  { name: 'RequiresPermission', context: { permission: Permission.MANAGE_BOT_SETTINGS } },
] as const;

type Chat = Subcommand.ChatInputCommandInteraction;

/**
 * `/levels …`: the levels rules anyone can read, and the admin side — sync reward roles, reset members, manage the
 * reward roles, no-XP channels and roles, and multipliers. Scalar settings live in `/plugins config levels`.
 */
export class LevelsCommand extends Subcommand {
  public constructor(context: Subcommand.LoaderContext, options: Subcommand.Options) {
    super(context, {
      ...options,
      description: 'Levels: rules, reward roles, resets and XP rules.',
      detailedDescription:
        '/levels rules · /levels sync [member] · /levels reset <member> · /levels reset-all · ' +
        '/levels reward add <level> <role> | remove <role> · /levels noxp channel <channel> | role <role> · ' +
        '/levels multiplier channel <channel> <value> | role <role> <value>',
      runIn: ['GUILD_ANY'],
      subcommands: [
        { name: 'rules', chatInputRun: 'chatInputRules', messageRun: 'messageRules', default: true },
        { name: 'sync', chatInputRun: 'chatInputSync', messageRun: 'messageSync', preconditions: [...MANAGE_MEMBERS] },
        {
          name: 'reset',
          chatInputRun: 'chatInputReset',
          messageRun: 'messageReset',
          preconditions: [...MANAGE_MEMBERS],
        },
        {
          name: 'reset-all',
          chatInputRun: 'chatInputResetAll',
          messageRun: 'messageResetAll',
          preconditions: [...MANAGE_SETTINGS],
        },
        {
          name: 'reward',
          type: 'group',
          entries: [
            {
              name: 'add',
              chatInputRun: 'chatInputRewardAdd',
              messageRun: 'messageRewardAdd',
              preconditions: [...MANAGE_SETTINGS],
            },
            {
              name: 'remove',
              chatInputRun: 'chatInputRewardRemove',
              messageRun: 'messageRewardRemove',
              preconditions: [...MANAGE_SETTINGS],
            },
          ],
        },
        {
          name: 'noxp',
          type: 'group',
          entries: [
            {
              name: 'channel',
              chatInputRun: 'chatInputNoXpChannel',
              messageRun: 'messageNoXpChannel',
              preconditions: [...MANAGE_SETTINGS],
            },
            {
              name: 'role',
              chatInputRun: 'chatInputNoXpRole',
              messageRun: 'messageNoXpRole',
              preconditions: [...MANAGE_SETTINGS],
            },
          ],
        },
        {
          name: 'multiplier',
          type: 'group',
          entries: [
            {
              name: 'channel',
              chatInputRun: 'chatInputMultiplierChannel',
              messageRun: 'messageMultiplierChannel',
              preconditions: [...MANAGE_SETTINGS],
            },
            {
              name: 'role',
              chatInputRun: 'chatInputMultiplierRole',
              messageRun: 'messageMultiplierRole',
              preconditions: [...MANAGE_SETTINGS],
            },
          ],
        },
      ],
    });
  }

  public override registerApplicationCommands(registry: Subcommand.Registry) {
    const multiplier = (name: string) => (option: SlashCommandNumberOption) =>
      option
        .setName(name)
        .setDescription('Multiplier, 0–10 (1 removes it)')
        .setRequired(true)
        .setMinValue(0)
        .setMaxValue(10);
    registry.registerChatInputCommand((builder) =>
      builder
        .setName(this.name)
        .setDescription(this.description)
        .setDMPermission(false)
        .addSubcommand((sub) => sub.setName('rules').setDescription('How XP is earned here, and the reward roles.'))
        .addSubcommand((sub) =>
          sub
            .setName('sync')
            .setDescription("Give and take reward roles so they match members' levels.")
            .addUserOption((o) => o.setName('member').setDescription('Only this member')),
        )
        .addSubcommand((sub) =>
          sub
            .setName('reset')
            .setDescription("Delete a member's XP and levels.")
            .addUserOption((o) => o.setName('member').setDescription('Member').setRequired(true)),
        )
        .addSubcommand((sub) => sub.setName('reset-all').setDescription('Delete everyone’s XP (asks to confirm).'))
        .addSubcommandGroup((group) =>
          group
            .setName('reward')
            .setDescription('Roles given at levels.')
            .addSubcommand((sub) =>
              sub
                .setName('add')
                .setDescription('Give a role at a level.')
                .addIntegerOption((o) =>
                  o.setName('level').setDescription('Level').setRequired(true).setMinValue(1).setMaxValue(1000),
                )
                .addRoleOption((o) => o.setName('role').setDescription('Role').setRequired(true)),
            )
            .addSubcommand((sub) =>
              sub
                .setName('remove')
                .setDescription('Stop giving a role.')
                .addRoleOption((o) => o.setName('role').setDescription('Role').setRequired(true)),
            ),
        )
        .addSubcommandGroup((group) =>
          group
            .setName('noxp')
            .setDescription('Where and for whom no XP is earned.')
            .addSubcommand((sub) =>
              sub
                .setName('channel')
                .setDescription('Switch XP off (or back on) in a channel or category.')
                .addChannelOption((o) =>
                  o
                    .setName('channel')
                    .setDescription('Channel or category')
                    .setRequired(true)
                    .addChannelTypes(
                      ChannelType.GuildText,
                      ChannelType.GuildAnnouncement,
                      ChannelType.GuildVoice,
                      ChannelType.GuildCategory,
                      ChannelType.GuildForum,
                    ),
                ),
            )
            .addSubcommand((sub) =>
              sub
                .setName('role')
                .setDescription('Switch XP off (or back on) for members with a role.')
                .addRoleOption((o) => o.setName('role').setDescription('Role').setRequired(true)),
            ),
        )
        .addSubcommandGroup((group) =>
          group
            .setName('multiplier')
            .setDescription('XP multipliers.')
            .addSubcommand((sub) =>
              sub
                .setName('channel')
                .setDescription('Multiply XP earned in a channel or category.')
                .addChannelOption((o) => o.setName('channel').setDescription('Channel or category').setRequired(true))
                .addNumberOption(multiplier('value')),
            )
            .addSubcommand((sub) =>
              sub
                .setName('role')
                .setDescription('Multiply XP of members with a role (their highest multiplier applies).')
                .addRoleOption((o) => o.setName('role').setDescription('Role').setRequired(true))
                .addNumberOption(multiplier('value')),
            ),
        ),
    );
  }

  // rules ---------------------------------------------------------------------------------------------------------

  public async chatInputRules(interaction: Chat) {
    await this.rules(interaction, interaction.guild!);
  }

  public async messageRules(message: Message) {
    await this.rules(message, message.guild!);
  }

  private async rules(source: CommandSource, guild: Guild) {
    const s = await levels.settings(guild.id);
    const rewards = [...s.roleRewards].sort((a, b) => a.level - b.level);
    const multipliers = [
      ...Object.entries(s.channelMultipliers).map(([id, value]) => `${channelMention(id)} ×${value}`),
      ...Object.entries(s.roleMultipliers).map(([id, value]) => `${roleMention(id)} ×${value}`),
    ];
    const noXp = [...s.noXpChannelIds.map(channelMention), ...s.noXpRoleIds.map(roleMention)];
    const embed = new EmbedBuilder().setTitle(`Levels on ${guild.name}`).addFields(
      {
        name: 'Earning XP',
        value:
          `${s.xpMin}–${s.xpMax} XP a message, at most once every ${s.cooldownSeconds} s` +
          `${s.multiplier !== 1 ? `, ×${s.multiplier} everywhere` : ''}; curve: ${s.curve}.` +
          (s.xpForCommands ? '' : ' Commands earn nothing.'),
      },
      {
        name: `Reward roles (${s.rewardMode})`,
        value: rewards.map((r) => `Level ${r.level}: ${roleMention(r.roleId)}`).join('\n') || 'None.',
      },
      { name: 'No XP', value: noXp.join(' ') || 'Nowhere.' },
      { name: 'Multipliers', value: multipliers.join(' ') || 'None.' },
    );
    await respond(source, { embeds: [embed], allowedMentions: { parse: [] } }, { ephemeral: true });
  }

  // sync and resets -----------------------------------------------------------------------------------------------

  public async chatInputSync(interaction: Chat) {
    const user = interaction.options.getUser('member');
    await this.sync(interaction, interaction.guild!, user ? await memberOf(interaction.guild!, user) : null);
  }

  public async messageSync(message: Message, args: Args) {
    const usage = `${await this.prefix(message)}levels sync [member]`;
    await this.sync(message, message.guild!, args.finished ? null : await memberArg(message.guild!, args, usage));
  }

  private async sync(source: CommandSource, guild: Guild, member: GuildMember | null) {
    await deferIfInteraction(source);
    const service = this.container.levels;
    const settings = await levels.settings(guild.id);
    if (settings.roleRewards.length === 0) throw noRewards();
    const members = member ? [member] : await this.membersToSync(guild, settings);
    let changed = 0;
    const blocked = new Set<string>();
    for (const target of members) {
      const { level } = await service.profile(guild.id, target.id);
      const sync = await service.applyRewards(target, level, settings);
      if (sync.added.length > 0 || sync.removed.length > 0) changed += 1;
      for (const roleId of sync.blocked) blocked.add(roleId);
    }
    const blockedNote = blocked.size
      ? ` I cannot manage ${[...blocked].map(roleMention).join(', ')}: move my role above ${blocked.size === 1 ? 'it' : 'them'}.`
      : '';
    await respond(source, {
      content: `Checked ${members.length} member${members.length === 1 ? '' : 's'}; fixed the roles of ${changed}.${blockedNote}`,
      allowedMentions: { parse: [] },
    });
  }

  /** Members with XP, plus any cached member holding a reward role (who may have lost their XP). */
  private async membersToSync(guild: Guild, settings: LevelsSettings): Promise<GuildMember[]> {
    const { repository } = this.container.levels;
    await repository.flush();
    const ids = new Set(await repository.memberIds(guild.id));
    const rewardRoles = new Set(settings.roleRewards.map((reward) => reward.roleId));
    for (const member of guild.members.cache.values()) {
      if (member.roles.cache.some((role) => rewardRoles.has(role.id))) ids.add(member.id);
    }
    const members: GuildMember[] = [];
    for (const id of ids) {
      const member = guild.members.cache.get(id) ?? (await guild.members.fetch(id).catch(() => null));
      if (member && !member.user.bot) members.push(member);
    }
    return members;
  }

  public async chatInputReset(interaction: Chat) {
    await this.reset(interaction, await memberOption(interaction));
  }

  public async messageReset(message: Message, args: Args) {
    await this.reset(
      message,
      await memberArg(message.guild!, args, `${await this.prefix(message)}levels reset <member>`),
    );
  }

  private async reset(source: CommandSource, member: GuildMember) {
    const service = this.container.levels;
    const existed = await service.repository.resetMember(member.guild.id, member.id);
    if (!existed) {
      throw new UserError({ identifier: 'LevelsNothingToReset', message: `${member} has no XP to reset.` });
    }
    await service.applyRewards(member, 0);
    await respond(source, { content: `Reset ${member}'s XP and level.`, allowedMentions: { parse: [] } });
  }

  public async chatInputResetAll(interaction: Chat) {
    await this.askResetAll(interaction, interaction.guild!, interaction.user.id);
  }

  public async messageResetAll(message: Message) {
    await this.askResetAll(message, message.guild!, message.author.id);
  }

  private async askResetAll(source: CommandSource, guild: Guild, userId: string) {
    const { repository } = this.container.levels;
    await repository.flush();
    const count = await repository.memberCount(guild.id);
    const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder()
        .setCustomId(`${LEVELS_RESET_ALL_BUTTON}:confirm:${userId}`)
        .setLabel('Delete all levels')
        .setStyle(ButtonStyle.Danger),
      new ButtonBuilder()
        .setCustomId(`${LEVELS_RESET_ALL_BUTTON}:cancel:${userId}`)
        .setLabel('Cancel')
        .setStyle(ButtonStyle.Secondary),
    );
    await respond(source, {
      content: `This deletes the XP and levels of **${count.toLocaleString('en-US')}** members on this server. It cannot be undone.`,
      components: [row],
    });
  }

  // reward roles --------------------------------------------------------------------------------------------------

  public async chatInputRewardAdd(interaction: Chat) {
    const role = interaction.options.getRole('role', true);
    await this.rewardAdd(interaction, interaction.options.getInteger('level', true), role.id);
  }

  public async messageRewardAdd(message: Message, args: Args) {
    const usage = `${await this.prefix(message)}levels reward add <level> <role>`;
    const level = await pickOrUsage(args, 'integer', usage);
    await this.rewardAdd(message, level, (await pickOrUsage(args, 'role', usage)).id);
  }

  private async rewardAdd(source: CommandSource, level: number, roleId: string) {
    const guild = source.guild!;
    const role = guild.roles.cache.get(roleId);
    if (!role || role.id === guild.id || role.managed) {
      throw new UserError({
        identifier: 'LevelsBadRewardRole',
        message: 'That role cannot be a reward: pick a normal role (not @everyone or a bot’s role).',
      });
    }
    if (!Number.isInteger(level) || level < 1 || level > 1000) {
      throw new UserError({ identifier: 'LevelsBadLevel', message: 'The level must be between 1 and 1000.' });
    }
    const { roleRewards } = await levels.settings(guild.id);
    if (roleRewards.some((reward) => reward.level === level && reward.roleId === roleId)) {
      throw new UserError({
        identifier: 'LevelsRewardExists',
        message: `${role} is already the level ${level} reward.`,
      });
    }
    await this.saveRewards(source, [...roleRewards, { level, roleId }]);
    await this.container.levels.forgetBlockedRole(guild.id, roleId);
    const warning = role.editable
      ? ''
      : `\nNote: I cannot give ${role} yet: move my role above it and give me Manage Roles.`;
    await respond(
      source,
      {
        content: `Members reaching **level ${level}** now get ${role}. Run \`/levels sync\` to give it to members already there.${warning}`,
        allowedMentions: { parse: [] },
      },
      { ephemeral: true },
    );
  }

  public async chatInputRewardRemove(interaction: Chat) {
    await this.rewardRemove(interaction, interaction.options.getRole('role', true).id);
  }

  public async messageRewardRemove(message: Message, args: Args) {
    const role = await pickOrUsage(args, 'role', `${await this.prefix(message)}levels reward remove <role>`);
    await this.rewardRemove(message, role.id);
  }

  private async rewardRemove(source: CommandSource, roleId: string) {
    const guild = source.guild!;
    const { roleRewards } = await levels.settings(guild.id);
    const kept = roleRewards.filter((reward) => reward.roleId !== roleId);
    if (kept.length === roleRewards.length) {
      throw new UserError({ identifier: 'LevelsNotAReward', message: `${roleMention(roleId)} is not a reward role.` });
    }
    await this.saveRewards(source, kept);
    await this.container.levels.forgetBlockedRole(guild.id, roleId);
    await respond(
      source,
      { content: `${roleMention(roleId)} is no longer a reward role.`, allowedMentions: { parse: [] } },
      { ephemeral: true },
    );
  }

  private async saveRewards(source: CommandSource, rewards: RoleReward[]) {
    await this.saveSetting(source, 'roleRewards', rewards);
  }

  // no-XP lists and multipliers -----------------------------------------------------------------------------------

  public async chatInputNoXpChannel(interaction: Chat) {
    await this.toggleNoXp(interaction, 'noXpChannelIds', interaction.options.getChannel('channel', true).id);
  }

  public async messageNoXpChannel(message: Message, args: Args) {
    const channel = await pickOrUsage(
      args,
      'guildChannel',
      `${await this.prefix(message)}levels noxp channel <channel>`,
    );
    await this.toggleNoXp(message, 'noXpChannelIds', channel.id);
  }

  public async chatInputNoXpRole(interaction: Chat) {
    await this.toggleNoXp(interaction, 'noXpRoleIds', interaction.options.getRole('role', true).id);
  }

  public async messageNoXpRole(message: Message, args: Args) {
    const role = await pickOrUsage(args, 'role', `${await this.prefix(message)}levels noxp role <role>`);
    await this.toggleNoXp(message, 'noXpRoleIds', role.id);
  }

  private async toggleNoXp(source: CommandSource, key: 'noXpChannelIds' | 'noXpRoleIds', id: string) {
    const settings = await levels.settings(source.guild!.id);
    const list = settings[key];
    const adding = !list.includes(id);
    await this.saveSetting(source, key, adding ? [...list, id] : list.filter((entry) => entry !== id));
    const mention = key === 'noXpChannelIds' ? channelMention(id) : `Members with ${roleMention(id)}`;
    const where = key === 'noXpChannelIds' ? `No XP is earned in ${mention} now.` : `${mention} earn no XP now.`;
    const back = key === 'noXpChannelIds' ? `XP is earned in ${mention} again.` : `${mention} earn XP again.`;
    await respond(source, { content: adding ? where : back, allowedMentions: { parse: [] } }, { ephemeral: true });
  }

  public async chatInputMultiplierChannel(interaction: Chat) {
    const channel = interaction.options.getChannel('channel', true);
    await this.setMultiplier(
      interaction,
      'channelMultipliers',
      channel.id,
      interaction.options.getNumber('value', true),
    );
  }

  public async messageMultiplierChannel(message: Message, args: Args) {
    const usage = `${await this.prefix(message)}levels multiplier channel <channel> <value>`;
    const channel = await pickOrUsage(args, 'guildChannel', usage);
    await this.setMultiplier(message, 'channelMultipliers', channel.id, await pickOrUsage(args, 'number', usage));
  }

  public async chatInputMultiplierRole(interaction: Chat) {
    const role = interaction.options.getRole('role', true);
    await this.setMultiplier(interaction, 'roleMultipliers', role.id, interaction.options.getNumber('value', true));
  }

  public async messageMultiplierRole(message: Message, args: Args) {
    const usage = `${await this.prefix(message)}levels multiplier role <role> <value>`;
    const role: Role = await pickOrUsage(args, 'role', usage);
    await this.setMultiplier(message, 'roleMultipliers', role.id, await pickOrUsage(args, 'number', usage));
  }

  private async setMultiplier(
    source: CommandSource,
    key: 'channelMultipliers' | 'roleMultipliers',
    id: string,
    value: number,
  ) {
    if (!(value >= 0 && value <= 10)) {
      throw new UserError({ identifier: 'LevelsBadMultiplier', message: 'A multiplier must be between 0 and 10.' });
    }
    const { [id]: _previous, ...others } = (await levels.settings(source.guild!.id))[key];
    await this.saveSetting(source, key, value === 1 ? others : { ...others, [id]: value });
    const target = key === 'channelMultipliers' ? channelMention(id) : roleMention(id);
    await respond(
      source,
      {
        content:
          value === 1 ? `Removed the multiplier of ${target}.` : `XP in ${target} is now multiplied by ${value}.`,
        allowedMentions: { parse: [] },
      },
      { ephemeral: true },
    );
  }

  private async saveSetting<Key extends keyof LevelsSettings & string>(
    source: CommandSource,
    key: Key,
    value: LevelsSettings[Key],
  ) {
    const actorId = 'author' in source ? source.author.id : source.user.id;
    await levels.setSetting(source.guild!.id, key, value, actorId);
  }

  private prefix(message: Message) {
    return this.container.guildSettings.prefixFor(message.guildId);
  }
}

function noRewards(): UserError {
  return new UserError({
    identifier: 'LevelsNoRewards',
    message: 'There are no reward roles to sync. Add one with `/levels reward add <level> <role>`.',
  });
}
