import { UserError } from '@sapphire/framework';
import { Subcommand } from '@sapphire/plugin-subcommands';
import {
  ChannelType,
  EmbedBuilder,
  PermissionFlagsBits,
  TimestampStyles,
  channelMention,
  roleMention,
  time,
  userMention,
  type Guild,
} from 'discord.js';
import { AuditEvent, settingsActorOf } from '#core/plugin-kit/guildConfig';
import { Permission } from '#core/permissions/enums';
import { replyWithPages, type PagedCommand, type PageRequest, type RenderedPage } from '#core/plugin-kit/pagination';
import { respond } from '#core/plugin-kit/respond';
import { checkGuildId, idTargetsOf } from '#core/plugin-kit/settingIds';
import audit from '../index';
import { packSearch, unpackSearch } from '../lib/searchState';
import { CATEGORY_CHANNEL_SETTING, IGNORE_LIST_SETTING, type AuditSettings, type IgnoreKind } from '../settings';

const requires = (permission: Permission) => [{ name: 'RequiresPermission' as const, context: { permission } }];
const DEFAULT_ROUTE = 'default';
const PAGE_SIZE = 8;
const CATEGORIES = Object.values(AuditEvent);

/** `/audit channel|ignore|unignore|show|search`: where each category is posted, what is ignored, and the search. */
export class AuditCommand extends Subcommand implements PagedCommand {
  public readonly pagedSubcommand = 'search';

  public constructor(context: Subcommand.LoaderContext, options: Subcommand.Options) {
    super(context, {
      ...options,
      description: "The server's event log: routing, ignore lists and search.",
      detailedDescription:
        '/audit show · /audit channel <category|default> [channel] · /audit ignore <kind> [target] · /audit unignore <kind> [target] · /audit search [member] [category] [action] [from] [to]',
      runIn: ['GUILD_ANY'],
      subcommands: [
        { name: 'show', chatInputRun: 'chatInputShow', preconditions: requires(Permission.VIEW_AUDIT_LOGS) },
        { name: 'channel', chatInputRun: 'chatInputChannel', preconditions: requires(Permission.MANAGE_BOT_SETTINGS) },
        { name: 'ignore', chatInputRun: 'chatInputIgnore', preconditions: requires(Permission.MANAGE_BOT_SETTINGS) },
        {
          name: 'unignore',
          chatInputRun: 'chatInputUnignore',
          preconditions: requires(Permission.MANAGE_BOT_SETTINGS),
        },
        { name: 'search', chatInputRun: 'chatInputSearch', preconditions: requires(Permission.VIEW_AUDIT_LOGS) },
      ],
    });
  }

  public override registerApplicationCommands(registry: Subcommand.Registry) {
    const categoryChoices = CATEGORIES.map((category) => ({ name: category, value: category }));
    const kindOption = (o: import('discord.js').SlashCommandStringOption) =>
      o
        .setName('kind')
        .setDescription('What to ignore')
        .setRequired(true)
        .addChoices(
          ...(['channel', 'category', 'role', 'user', 'bots'] as const).map((kind) => ({ name: kind, value: kind })),
        );
    const targetOption = (o: import('discord.js').SlashCommandStringOption) =>
      o.setName('target').setDescription('Its mention or id (not needed for bots)').setMaxLength(40);
    registry.registerChatInputCommand((builder) =>
      builder
        .setName(this.name)
        .setDescription(this.description)
        .setDefaultMemberPermissions(PermissionFlagsBits.ViewAuditLog)
        .setDMPermission(false)
        .addSubcommand((sub) => sub.setName('show').setDescription('Show what is logged, where, and what is ignored.'))
        .addSubcommand((sub) =>
          sub
            .setName('channel')
            .setDescription("Set or clear where a category is posted ('default' is the core log channel).")
            .addStringOption((o) =>
              o
                .setName('category')
                .setDescription('Which events')
                .setRequired(true)
                .addChoices({ name: DEFAULT_ROUTE, value: DEFAULT_ROUTE }, ...categoryChoices),
            )
            .addChannelOption((o) =>
              o
                .setName('channel')
                .setDescription('Leave empty to clear')
                .addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement),
            ),
        )
        .addSubcommand((sub) =>
          sub
            .setName('ignore')
            .setDescription('Stop logging a channel, category, role, user, or bots.')
            .addStringOption(kindOption)
            .addStringOption(targetOption),
        )
        .addSubcommand((sub) =>
          sub
            .setName('unignore')
            .setDescription('Log a channel, category, role, user, or bots again.')
            .addStringOption(kindOption)
            .addStringOption(targetOption),
        )
        .addSubcommand((sub) =>
          sub
            .setName('search')
            .setDescription('Search stored events, newest first.')
            .addUserOption((o) => o.setName('member').setDescription('Who did it or whom it was about'))
            .addStringOption((o) =>
              o
                .setName('category')
                .setDescription('Which events')
                .addChoices(...categoryChoices),
            )
            .addStringOption((o) =>
              o.setName('action').setDescription('e.g. message_delete, role_update, ban').setMaxLength(24),
            )
            .addStringOption((o) => o.setName('from').setDescription('From this day, YYYY-MM-DD').setMaxLength(10))
            .addStringOption((o) =>
              o.setName('to').setDescription('To this day (included), YYYY-MM-DD').setMaxLength(10),
            ),
        ),
    );
  }

  public async chatInputShow(interaction: Subcommand.ChatInputCommandInteraction) {
    const guild = interaction.guild!;
    const { config } = await this.container.guildSettings.get(guild.id);
    const settings = await audit.settings(guild.id);
    const routes = CATEGORIES.map((category) => {
      const on = config.auditEvents.includes(category);
      const own = settings[CATEGORY_CHANNEL_SETTING[category]];
      const where = own ?? config.logChannelId;
      return `${on ? '✅' : '⛔'} **${category}** → ${where ? channelMention(where) : 'stored only (no channel)'}${own ? '' : on && where ? ' (default)' : ''}`;
    });
    const list = (ids: readonly string[], show: (id: string) => string) =>
      ids.length ? ids.map(show).join(', ') : 'none';
    const embed = new EmbedBuilder()
      .setTitle('Audit log')
      .setDescription(
        `${routes.join('\n')}\n\nCategories are switched with \`/config audit-events\`; the default channel is the core log channel.`,
      )
      .addFields(
        { name: 'Ignored channels', value: list(settings.ignoredChannels, channelMention) },
        { name: 'Ignored categories', value: list(settings.ignoredCategories, channelMention) },
        { name: 'Ignored roles', value: list(settings.ignoredRoles, roleMention) },
        { name: 'Ignored users', value: list(settings.ignoredUsers, userMention) },
        { name: 'Bots', value: settings.ignoreBots ? 'ignored' : 'logged', inline: true },
        { name: 'Retention', value: `${settings.retentionDays} days`, inline: true },
      );
    await respond(interaction, { embeds: [embed], allowedMentions: { parse: [] } }, { ephemeral: true });
  }

  public async chatInputChannel(interaction: Subcommand.ChatInputCommandInteraction) {
    const guild = interaction.guild!;
    const category = interaction.options.getString('category', true);
    const channel = interaction.options.getChannel('channel');
    // Same checks as `/plugins config`: a text channel of this server where the bot can post embeds.
    const channelId = channel
      ? (JSON.parse(await checkGuildId(idTargetsOf(guild), 'channel', channel.id)) as string)
      : null;
    if (category === DEFAULT_ROUTE) {
      await this.container.guildSettings.updateConfig(
        guild.id,
        guild.name,
        { logChannelId: channelId },
        settingsActorOf(interaction),
      );
    } else if (CATEGORIES.includes(category as AuditEvent)) {
      const key = CATEGORY_CHANNEL_SETTING[category as AuditEvent];
      await audit.setSetting(guild.id, key, channelId, settingsActorOf(interaction));
    } else {
      throw new UserError({
        identifier: 'UnknownCategory',
        message: `\`${category.slice(0, 30)}\` is not a category.`,
      });
    }
    const what = category === DEFAULT_ROUTE ? 'The default log channel' : `**${category}**`;
    await respond(
      interaction,
      channelId
        ? `${what} now ${category === DEFAULT_ROUTE ? 'is' : 'go to'} ${channelMention(channelId)}.`
        : `${what} ${category === DEFAULT_ROUTE ? 'is cleared' : 'now go to the default log channel'}.`,
    );
  }

  public async chatInputIgnore(interaction: Subcommand.ChatInputCommandInteraction) {
    await this.changeIgnore(interaction, true);
  }

  public async chatInputUnignore(interaction: Subcommand.ChatInputCommandInteraction) {
    await this.changeIgnore(interaction, false);
  }

  private async changeIgnore(interaction: Subcommand.ChatInputCommandInteraction, ignore: boolean) {
    const guild = interaction.guild!;
    const kind = interaction.options.getString('kind', true) as IgnoreKind | 'bots';
    const actor = settingsActorOf(interaction);
    if (kind === 'bots') {
      await audit.setSetting(guild.id, 'ignoreBots', ignore, actor);
      await respond(interaction, ignore ? 'Bots are now ignored by the audit log.' : 'Bots are logged again.');
      return;
    }
    const typed = interaction.options.getString('target');
    if (!typed) {
      throw new UserError({
        identifier: 'MissingTarget',
        message: `Name the ${kind} to ${ignore ? 'ignore' : 'log again'}: its mention or id in **target**.`,
      });
    }
    const id = await this.resolveTarget(guild, kind, typed);
    const key = IGNORE_LIST_SETTING[kind];
    const current = (await audit.settings(guild.id))[key] as AuditSettings['ignoredChannels'];
    const label = kind === 'role' ? roleMention(id) : kind === 'user' ? userMention(id) : channelMention(id);
    if (ignore === current.includes(id)) {
      await respond(
        interaction,
        { content: `${label} is ${ignore ? 'already' : 'not'} ignored.`, allowedMentions: { parse: [] } },
        { ephemeral: true },
      );
      return;
    }
    if (ignore && current.length >= 100) {
      throw new UserError({ identifier: 'IgnoreListFull', message: `The ${kind} ignore list is full (100).` });
    }
    const next = ignore ? [...current, id] : current.filter((existing) => existing !== id);
    await audit.setSetting(guild.id, key, next, actor);
    await respond(interaction, {
      content: ignore ? `${label} is now ignored by the audit log.` : `${label} is logged again.`,
      allowedMentions: { parse: [] },
    });
  }

  /** The id of a channel, category or role of this server, or of a user; refuses what is not. */
  private async resolveTarget(guild: Guild, kind: IgnoreKind, typed: string): Promise<string> {
    const id = /^<(?:#|@&|@!?)?(\d{17,20})>$|^(\d{17,20})$/.exec(typed.trim())?.slice(1).find(Boolean);
    const refuse = (message: string): never => {
      throw new UserError({ identifier: 'BadIgnoreTarget', message });
    };
    if (!id) return refuse(`\`${typed.slice(0, 40)}\` is not a ${kind}: give its mention or id.`);
    if (kind === 'user') {
      const user = await this.container.client.users.fetch(id).catch(() => null);
      return user ? id : refuse(`There is no user with the id \`${id}\`.`);
    }
    if (kind === 'role') {
      if (id === guild.id)
        return refuse(
          '@everyone cannot be ignored: that would ignore everyone. Switch categories off with `/config audit-events` instead.',
        );
      return guild.roles.cache.has(id) ? id : refuse(`There is no role with the id \`${id}\` on this server.`);
    }
    const channel = guild.channels.cache.get(id);
    if (!channel) return refuse(`There is no ${kind} with the id \`${id}\` on this server.`);
    if (kind === 'category' && channel.type !== ChannelType.GuildCategory) {
      return refuse(`${channelMention(id)} is not a category: use kind **channel** for it.`);
    }
    if (kind === 'channel' && channel.type === ChannelType.GuildCategory) {
      return refuse(`${channel.name} is a category: use kind **category** for it.`);
    }
    return id;
  }

  public async chatInputSearch(interaction: Subcommand.ChatInputCommandInteraction) {
    const { options } = interaction;
    const state = packSearch({
      memberId: options.getUser('member')?.id ?? null,
      category: (options.getString('category') as AuditEvent | null) ?? null,
      action: options.getString('action'),
      from: options.getString('from'),
      to: options.getString('to'),
    });
    await replyWithPages(
      interaction,
      this,
      { guildId: interaction.guildId!, viewerId: interaction.user.id, state },
      { ephemeral: true },
    );
  }

  public async renderPage({ guildId, viewerId, state, page }: PageRequest): Promise<RenderedPage> {
    // Anyone may click a page button: the viewer needs the permission too.
    const guild = this.container.client.guilds.cache.get(guildId);
    const viewer = guild ? await guild.members.fetch(viewerId).catch(() => null) : null;
    if (!viewer || !(await this.container.permissions.has(viewer, Permission.VIEW_AUDIT_LOGS))) {
      throw new UserError({
        identifier: 'MissingPermission',
        message: `You need the **${Permission.VIEW_AUDIT_LOGS}** permission for that.`,
      });
    }
    const { store } = this.container.audit;
    await store.flush();
    const query = unpackSearch(guildId, state);
    const { rows, total } = await store.search(query, page, PAGE_SIZE);
    const filters = [
      query.memberId ? `member ${userMention(query.memberId)}` : '',
      query.category ? `category ${query.category}` : '',
      query.action ? `action \`${query.action}\`` : '',
      query.from ? `from ${time(query.from, TimestampStyles.ShortDate)}` : '',
      query.to ? `before ${time(query.to, TimestampStyles.ShortDate)}` : '',
    ].filter(Boolean);
    const embed = new EmbedBuilder()
      .setTitle(`Audit search · ${total} event${total === 1 ? '' : 's'}`)
      .setDescription(
        `${filters.length ? `Filters: ${filters.join(', ')}.` : 'All stored events.'}${total === 0 ? '\nNothing matches.' : ''}`,
      )
      .addFields(
        rows.map((row) => ({
          name: `${row.actionType} · ${time(row.createdAt, TimestampStyles.ShortDateTime)}`.slice(0, 256),
          value:
            `${(row.details ?? '').slice(0, 900)}${row.performedBy ? ` — by ${userMention(row.performedBy)}` : ''}` ||
            '—',
        })),
      );
    return { embed, pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
  }
}
