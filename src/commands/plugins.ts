import type { Args } from '@sapphire/framework';
import type { z } from 'zod';
import { Subcommand } from '@sapphire/plugin-subcommands';
import { EmbedBuilder, PermissionFlagsBits, type Guild, type Message, type SlashCommandStringOption } from 'discord.js';
import { Permission } from '../permissions/enums';
import { pickOrUsage } from '../plugin-kit/args';
import { settingsActorOf } from '../plugin-kit/guildConfig';
import { respond, type CommandSource } from '../plugin-kit/respond';
import { checkGuildIds, discordIdKindOf, idTargetsOf } from '../plugin-kit/settingIds';

const MANAGE = [{ name: 'RequiresPermission', context: { permission: Permission.MANAGE_BOT_SETTINGS } }] as const;

/** `/plugins list|enable|disable|config`: which plugins this guild uses, and their settings. */
export class PluginsCommand extends Subcommand {
  public constructor(context: Subcommand.LoaderContext, options: Subcommand.Options) {
    super(context, {
      ...options,
      description: 'List, enable, disable and configure plugins on this server.',
      detailedDescription:
        '/plugins list · /plugins enable <plugin> · /plugins disable <plugin> · /plugins config <plugin> [setting] [value]',
      runIn: ['GUILD_ANY'],
      subcommands: [
        { name: 'list', chatInputRun: 'chatInputList', messageRun: 'messageList', default: true },
        { name: 'enable', chatInputRun: 'chatInputEnable', messageRun: 'messageEnable', preconditions: [...MANAGE] },
        { name: 'disable', chatInputRun: 'chatInputDisable', messageRun: 'messageDisable', preconditions: [...MANAGE] },
        { name: 'config', chatInputRun: 'chatInputConfig', messageRun: 'messageConfig', preconditions: [...MANAGE] },
      ],
    });
  }

  public override registerApplicationCommands(registry: Subcommand.Registry) {
    const pluginChoices = this.container.plugins.names.slice(0, 25).map((name) => ({ name, value: name }));
    const pluginOption = (option: SlashCommandStringOption) =>
      option
        .setName('plugin')
        .setDescription('Plugin')
        .setRequired(true)
        .addChoices(...pluginChoices);
    registry.registerChatInputCommand((builder) =>
      builder
        .setName(this.name)
        .setDescription(this.description)
        .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
        .setDMPermission(false)
        .addSubcommand((sub) => sub.setName('list').setDescription('Show every plugin and whether it is on here.'))
        .addSubcommand((sub) =>
          sub.setName('enable').setDescription('Turn a plugin on for this server.').addStringOption(pluginOption),
        )
        .addSubcommand((sub) =>
          sub.setName('disable').setDescription('Turn a plugin off for this server.').addStringOption(pluginOption),
        )
        .addSubcommand((sub) =>
          sub
            .setName('config')
            .setDescription("Show or change a plugin's settings.")
            .addStringOption(pluginOption)
            .addStringOption((o) => o.setName('setting').setDescription('Setting to change').setMaxLength(64))
            .addStringOption((o) => o.setName('value').setDescription('New value (JSON for lists)').setMaxLength(1000)),
        ),
    );
  }

  public async chatInputList(interaction: Subcommand.ChatInputCommandInteraction) {
    await this.list(interaction, interaction.guild!);
  }

  public async messageList(message: Message) {
    await this.list(message, message.guild!);
  }

  public async chatInputEnable(interaction: Subcommand.ChatInputCommandInteraction) {
    await this.setEnabled(interaction, interaction.guild!, interaction.options.getString('plugin', true), true);
  }

  public async messageEnable(message: Message, args: Args) {
    const plugin = await pickOrUsage(args, 'string', `${await this.prefix(message)}plugins enable <plugin>`);
    await this.setEnabled(message, message.guild!, plugin.toLowerCase(), true);
  }

  public async chatInputDisable(interaction: Subcommand.ChatInputCommandInteraction) {
    await this.setEnabled(interaction, interaction.guild!, interaction.options.getString('plugin', true), false);
  }

  public async messageDisable(message: Message, args: Args) {
    const plugin = await pickOrUsage(args, 'string', `${await this.prefix(message)}plugins disable <plugin>`);
    await this.setEnabled(message, message.guild!, plugin.toLowerCase(), false);
  }

  public async chatInputConfig(interaction: Subcommand.ChatInputCommandInteraction) {
    const { options } = interaction;
    await this.config(
      interaction,
      interaction.guild!,
      options.getString('plugin', true),
      options.getString('setting'),
      options.getString('value'),
    );
  }

  public async messageConfig(message: Message, args: Args) {
    const usage = `${await this.prefix(message)}plugins config <plugin> [setting] [value]`;
    const plugin = await pickOrUsage(args, 'string', usage);
    const setting = args.finished ? null : await pickOrUsage(args, 'string', usage);
    const value = args.finished ? null : (await args.rest('string')).trim();
    await this.config(message, message.guild!, plugin.toLowerCase(), setting, value);
  }

  private async list(source: CommandSource, guild: Guild) {
    const lines = await Promise.all(
      this.container.plugins.all.map(async (plugin) => {
        const on = await this.container.guildSettings.isEnabled(guild.id, plugin.name);
        const needs = plugin.dependencies.length ? ` (needs ${plugin.dependencies.join(', ')})` : '';
        return `${on ? '🟢' : '⚫'} **${plugin.name}** — ${plugin.description}${needs}`;
      }),
    );
    const embed = new EmbedBuilder()
      .setTitle(`Plugins on ${guild.name}`)
      .setDescription(lines.join('\n') || 'No plugins are installed.')
      .setFooter({ text: 'Admins: /plugins enable <plugin> · /plugins disable <plugin>' });
    await respond(source, { embeds: [embed] }, { ephemeral: true });
  }

  private async setEnabled(source: CommandSource, guild: Guild, plugin: string, enabled: boolean) {
    const { guildSettings } = this.container;
    if ((await guildSettings.isEnabled(guild.id, plugin)) === enabled && this.container.plugins.get(plugin)) {
      await respond(source, `**${plugin}** is already ${enabled ? 'enabled' : 'disabled'}.`, { ephemeral: true });
      return;
    }
    if (enabled) await guildSettings.enablePlugin(guild.id, plugin, settingsActorOf(source));
    else await guildSettings.disablePlugin(guild.id, plugin, settingsActorOf(source));
    await respond(source, `**${plugin}** is now ${enabled ? 'enabled' : 'disabled'} on this server.`);
  }

  private async config(
    source: CommandSource,
    guild: Guild,
    plugin: string,
    setting: string | null,
    value: string | null,
  ) {
    const { guildSettings } = this.container;
    if (setting !== null && value !== null) {
      const schema = guildSettings.settingsSchemaWithKey(plugin, setting);
      const ids = discordIdKindOf(schema.shape[setting] as z.ZodType);
      const checked = ids ? await checkGuildIds(idTargetsOf(guild), ids, value) : value;
      const stored = await guildSettings.setPluginSetting(guild.id, plugin, setting, checked, settingsActorOf(source));
      await respond(source, `**${plugin}** · \`${setting}\` is now \`${JSON.stringify(stored)}\`.`, {
        ephemeral: true,
      });
      return;
    }
    const manifest = guildSettings.requirePlugin(plugin);
    if (setting !== null) guildSettings.settingsSchemaWithKey(plugin, setting);
    const current = await guildSettings.pluginSettingsOf(guild.id, plugin);
    const shape = manifest.settings?.shape ?? {};
    const keys = Object.keys(shape).filter((key) => setting === null || key === setting);
    const lines = keys.map((key) => {
      const description = (shape[key] as { description?: string }).description;
      return `\`${key}\` = \`${JSON.stringify(current[key])}\`${description ? ` — ${description}` : ''}`;
    });
    const embed = new EmbedBuilder()
      .setTitle(`${plugin} settings`)
      .setDescription(lines.join('\n').slice(0, 4000) || 'This plugin has no settings.')
      .setFooter({ text: `Change one with /plugins config ${plugin} <setting> <value>` });
    await respond(source, { embeds: [embed] }, { ephemeral: true });
  }

  private prefix(message: Message) {
    return this.container.guildSettings.prefixFor(message.guildId);
  }
}
