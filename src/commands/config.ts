import { type Args, UserError } from '@sapphire/framework';
import { Subcommand } from '@sapphire/plugin-subcommands';
import {
  ChannelType,
  EmbedBuilder,
  PermissionFlagsBits,
  channelMention,
  roleMention,
  type Guild,
  type Message,
} from 'discord.js';
import {
  checkConfigCategory,
  checkConfigChannel,
  checkConfigRole,
  checkPrefix,
  CONFIG_CHANNELS,
  CONFIG_ROLES,
  parseAuditEvents,
} from '../guilds/configRules';
import type { EditableGuildConfig } from '../guilds/GuildSettings';
import { Permission } from '../permissions/enums';
import { pickOrUsage } from '../plugin-kit/args';
import { settingsActorOf } from '../plugin-kit/guildConfig';
import { respond, type CommandSource } from '../plugin-kit/respond';
import { idTargetsOf } from '../plugin-kit/settingIds';

const CHANNEL_SETTINGS = CONFIG_CHANNELS;
const ROLE_SETTINGS = CONFIG_ROLES;
type ChannelSetting = keyof typeof CHANNEL_SETTINGS;
type RoleSetting = keyof typeof ROLE_SETTINGS;

const MANAGE = [{ name: 'RequiresPermission', context: { permission: Permission.MANAGE_BOT_SETTINGS } }] as const;
const CLEAR_WORDS = new Set(['none', 'off', 'clear', 'reset']);

/** `/config`: the guild's core settings — log channels, support category, staff roles, audit events, prefix. */
export class ConfigCommand extends Subcommand {
  public constructor(context: Subcommand.LoaderContext, options: Subcommand.Options) {
    super(context, {
      ...options,
      description: "Show or change this server's bot settings.",
      detailedDescription:
        '/config show · /config channel <log|mod-log|ticket-log|welcome> [channel] · /config support-category [category] · /config role <admin|mod|support> [role] · /config audit-events <all|none|list> · /config prefix <prefix>',
      runIn: ['GUILD_ANY'],
      preconditions: [...MANAGE],
      subcommands: [
        { name: 'show', chatInputRun: 'chatInputShow', messageRun: 'messageShow', default: true },
        { name: 'channel', chatInputRun: 'chatInputChannel', messageRun: 'messageChannel' },
        { name: 'support-category', chatInputRun: 'chatInputCategory', messageRun: 'messageCategory' },
        { name: 'role', chatInputRun: 'chatInputRole', messageRun: 'messageRole' },
        { name: 'audit-events', chatInputRun: 'chatInputAuditEvents', messageRun: 'messageAuditEvents' },
        { name: 'prefix', chatInputRun: 'chatInputPrefix', messageRun: 'messagePrefix' },
      ],
    });
  }

  public override registerApplicationCommands(registry: Subcommand.Registry) {
    const textChannelTypes = [ChannelType.GuildText, ChannelType.GuildAnnouncement] as const;
    registry.registerChatInputCommand((builder) =>
      builder
        .setName(this.name)
        .setDescription(this.description)
        .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
        .setDMPermission(false)
        .addSubcommand((sub) => sub.setName('show').setDescription('Show the current settings.'))
        .addSubcommand((sub) =>
          sub
            .setName('channel')
            .setDescription('Set or clear a log or welcome channel.')
            .addStringOption((o) =>
              o
                .setName('kind')
                .setDescription('Which channel')
                .setRequired(true)
                .addChoices(...Object.keys(CHANNEL_SETTINGS).map((name) => ({ name, value: name }))),
            )
            .addChannelOption((o) =>
              o
                .setName('channel')
                .setDescription('Leave empty to clear')
                .addChannelTypes(...textChannelTypes),
            ),
        )
        .addSubcommand((sub) =>
          sub
            .setName('support-category')
            .setDescription('Set or clear the category where ticket channels are created.')
            .addChannelOption((o) =>
              o.setName('category').setDescription('Leave empty to clear').addChannelTypes(ChannelType.GuildCategory),
            ),
        )
        .addSubcommand((sub) =>
          sub
            .setName('role')
            .setDescription('Set or clear the admin, mod or support role.')
            .addStringOption((o) =>
              o
                .setName('kind')
                .setDescription('Which role')
                .setRequired(true)
                .addChoices(...Object.keys(ROLE_SETTINGS).map((name) => ({ name, value: name }))),
            )
            .addRoleOption((o) => o.setName('role').setDescription('Leave empty to clear')),
        )
        .addSubcommand((sub) =>
          sub
            .setName('audit-events')
            .setDescription('Which event categories the audit log records.')
            .addStringOption((o) =>
              o
                .setName('events')
                .setDescription('all, none, or a comma-separated list such as MESSAGE_EVENTS,MOD_EVENTS')
                .setRequired(true)
                .setMaxLength(200),
            ),
        )
        .addSubcommand((sub) =>
          sub
            .setName('prefix')
            .setDescription('Set the prefix for text commands.')
            .addStringOption((o) => o.setName('prefix').setDescription('1–5 characters, no spaces').setRequired(true)),
        ),
    );
  }

  public async chatInputShow(interaction: Subcommand.ChatInputCommandInteraction) {
    await this.show(interaction, interaction.guild!);
  }

  public async messageShow(message: Message) {
    await this.show(message, message.guild!);
  }

  public async chatInputChannel(interaction: Subcommand.ChatInputCommandInteraction) {
    const kind = interaction.options.getString('kind', true) as ChannelSetting;
    const channel = interaction.options.getChannel('channel');
    await this.setChannel(interaction, interaction.guild!, kind, channel?.id ?? null);
  }

  public async messageChannel(message: Message, args: Args) {
    const usage = `${await this.prefix(message)}config channel <${Object.keys(CHANNEL_SETTINGS).join('|')}> <#channel|none>`;
    const kind = (await pickOrUsage(args, 'string', usage)).toLowerCase();
    if (!Object.hasOwn(CHANNEL_SETTINGS, kind))
      throw new UserError({ identifier: 'BadArgument', message: `Usage: \`${usage}\`` });
    const target = await pickOrUsage(args, 'string', usage);
    await this.setChannel(message, message.guild!, kind as ChannelSetting, parseTarget(target, /^<#(\d+)>$/));
  }

  public async chatInputCategory(interaction: Subcommand.ChatInputCommandInteraction) {
    await this.setCategory(interaction, interaction.guild!, interaction.options.getChannel('category')?.id ?? null);
  }

  public async messageCategory(message: Message, args: Args) {
    const usage = `${await this.prefix(message)}config support-category <category id|none>`;
    const target = await pickOrUsage(args, 'string', usage);
    await this.setCategory(message, message.guild!, parseTarget(target, /^<#(\d+)>$/));
  }

  public async chatInputRole(interaction: Subcommand.ChatInputCommandInteraction) {
    const kind = interaction.options.getString('kind', true) as RoleSetting;
    await this.setRole(interaction, interaction.guild!, kind, interaction.options.getRole('role')?.id ?? null);
  }

  public async messageRole(message: Message, args: Args) {
    const usage = `${await this.prefix(message)}config role <${Object.keys(ROLE_SETTINGS).join('|')}> <@role|none>`;
    const kind = (await pickOrUsage(args, 'string', usage)).toLowerCase();
    if (!Object.hasOwn(ROLE_SETTINGS, kind))
      throw new UserError({ identifier: 'BadArgument', message: `Usage: \`${usage}\`` });
    const target = await pickOrUsage(args, 'string', usage);
    await this.setRole(message, message.guild!, kind as RoleSetting, parseTarget(target, /^<@&(\d+)>$/));
  }

  public async chatInputAuditEvents(interaction: Subcommand.ChatInputCommandInteraction) {
    await this.setAuditEvents(interaction, interaction.guild!, interaction.options.getString('events', true));
  }

  public async messageAuditEvents(message: Message, args: Args) {
    const usage = `${await this.prefix(message)}config audit-events <all|none|MESSAGE_EVENTS,MOD_EVENTS,…>`;
    await this.setAuditEvents(message, message.guild!, await pickOrUsage(args, 'string', usage));
  }

  public async chatInputPrefix(interaction: Subcommand.ChatInputCommandInteraction) {
    await this.setPrefix(interaction, interaction.guild!, interaction.options.getString('prefix', true));
  }

  public async messagePrefix(message: Message, args: Args) {
    const usage = `${await this.prefix(message)}config prefix <prefix>`;
    const prefix = await args.rest('string').catch(() => {
      throw new UserError({ identifier: 'BadArgument', message: `Usage: \`${usage}\`` });
    });
    await this.setPrefix(message, message.guild!, prefix.trim());
  }

  private async show(source: CommandSource, guild: Guild) {
    const { config } = await this.container.guildSettings.get(guild.id);
    const channel = (id: string | null) => (id ? channelMention(id) : 'not set');
    const role = (id: string | null) => (id ? roleMention(id) : 'not set');
    const embed = new EmbedBuilder()
      .setTitle(`Settings of ${guild.name}`)
      .addFields(
        { name: 'Prefix', value: `\`${config.prefix ?? this.container.config.defaultPrefix}\``, inline: true },
        { name: 'Log channel', value: channel(config.logChannelId), inline: true },
        { name: 'Mod-log channel', value: channel(config.modLogChannelId), inline: true },
        { name: 'Ticket-log channel', value: channel(config.ticketLogChannelId), inline: true },
        { name: 'Welcome channel', value: channel(config.welcomeChannelId), inline: true },
        { name: 'Support category', value: channel(config.supportCategoryId), inline: true },
        { name: 'Admin role', value: role(config.adminRoleId), inline: true },
        { name: 'Mod role', value: role(config.modRoleId), inline: true },
        { name: 'Support role', value: role(config.supportRoleId), inline: true },
        { name: 'Audit events', value: config.auditEvents.length ? config.auditEvents.join(', ') : 'none' },
      );
    await respond(source, { embeds: [embed] }, { ephemeral: true });
  }

  private async setChannel(source: CommandSource, guild: Guild, kind: ChannelSetting, channelId: string | null) {
    if (channelId !== null) await checkConfigChannel(idTargetsOf(guild), channelId);
    await this.save(
      source,
      guild,
      { [CHANNEL_SETTINGS[kind]]: channelId },
      `The ${kind} channel`,
      channelId && channelMention(channelId),
    );
  }

  private async setCategory(source: CommandSource, guild: Guild, categoryId: string | null) {
    if (categoryId !== null) await checkConfigCategory(idTargetsOf(guild), categoryId);
    await this.save(
      source,
      guild,
      { supportCategoryId: categoryId },
      'The support category',
      categoryId && `**${guild.channels.cache.get(categoryId)!.name}**`,
    );
  }

  private async setRole(source: CommandSource, guild: Guild, kind: RoleSetting, roleId: string | null) {
    if (roleId !== null) await checkConfigRole(idTargetsOf(guild), roleId);
    await this.save(
      source,
      guild,
      { [ROLE_SETTINGS[kind]]: roleId },
      `The ${kind} role`,
      roleId && roleMention(roleId),
    );
  }

  private async setAuditEvents(source: CommandSource, guild: Guild, input: string) {
    const events = parseAuditEvents(input);
    await this.save(source, guild, { auditEvents: events }, 'Audit events', events.length ? events.join(', ') : 'none');
  }

  private async setPrefix(source: CommandSource, guild: Guild, prefix: string) {
    checkPrefix(prefix);
    await this.save(source, guild, { prefix }, 'The prefix', `\`${prefix}\``);
  }

  private async save(
    source: CommandSource,
    guild: Guild,
    patch: EditableGuildConfig,
    what: string,
    newValue: string | null,
  ) {
    await this.container.guildSettings.updateConfig(guild.id, guild.name, patch, settingsActorOf(source));
    await respond(source, newValue ? `${what} is now ${newValue}.` : `${what} is now cleared.`);
  }

  private prefix(message: Message) {
    return this.container.guildSettings.prefixFor(message.guildId);
  }
}

/** A prefix argument naming a channel or role: its mention or id, or a word that clears the setting (null). */
function parseTarget(text: string, mention: RegExp): string | null {
  if (CLEAR_WORDS.has(text.toLowerCase())) return null;
  const id = mention.exec(text)?.[1] ?? text;
  if (!/^\d{17,20}$/.test(id)) {
    throw new UserError({ identifier: 'BadArgument', message: `\`${text.slice(0, 40)}\` is not a mention or an id.` });
  }
  return id;
}
