import { Command, type Args } from '@sapphire/framework';
import { EmbedBuilder, type Guild, type Message } from 'discord.js';
import { respond, type CommandSource } from '../plugin-kit/respond';

/** `/help [command]`: the commands of the core and of the plugins enabled in this guild, with their usage. */
export class HelpCommand extends Command {
  public constructor(context: Command.LoaderContext, options: Command.Options) {
    super(context, {
      ...options,
      description: 'List the commands you can use here, or show how to use one.',
      detailedDescription: '/help [command]',
    });
  }

  public override registerApplicationCommands(registry: Command.Registry) {
    registry.registerChatInputCommand((builder) =>
      builder
        .setName(this.name)
        .setDescription(this.description)
        .addStringOption((o) => o.setName('command').setDescription('A command to explain').setMaxLength(32)),
    );
  }

  public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
    await this.help(interaction, interaction.guild, interaction.options.getString('command'));
  }

  public override async messageRun(message: Message, args: Args) {
    const name = args.finished ? null : await args.pick('string');
    await this.help(message, message.guild, name);
  }

  private async help(source: CommandSource, guild: Guild | null, name: string | null) {
    const available = await this.availableCommands(guild);
    const prefix = await this.container.guildSettings.prefixFor(guild?.id ?? null);
    if (name) {
      const command = available.find((entry) => entry.command.name === name.replace(/^\//, '').toLowerCase());
      if (!command) {
        await respond(source, `There is no command \`${name.slice(0, 32)}\` here. Try \`/help\` for the list.`, {
          ephemeral: true,
        });
        return;
      }
      const embed = new EmbedBuilder()
        .setTitle(`/${command.command.name}`)
        .setDescription(command.command.description)
        .addFields(
          { name: 'Usage', value: usageOf(command.command) },
          { name: 'Plugin', value: command.plugin ?? 'core', inline: true },
          { name: 'Prefix form', value: `\`${prefix}${command.command.name} …\``, inline: true },
        );
      await respond(source, { embeds: [embed] }, { ephemeral: true });
      return;
    }
    const groups = new Map<string, string[]>();
    for (const { command, plugin } of available) {
      const group = plugin ?? 'core';
      groups.set(group, [...(groups.get(group) ?? []), `\`/${command.name}\` — ${command.description}`]);
    }
    const embed = new EmbedBuilder()
      .setTitle('Commands')
      .setDescription(`Slash commands also work as text with the prefix \`${prefix}\`. \`/help <command>\` for usage.`)
      .addFields(
        [...groups].map(([group, lines]) => ({ name: group, value: lines.join('\n').slice(0, 1024) })).slice(0, 25),
      );
    await respond(source, { embeds: [embed] }, { ephemeral: true });
  }

  /** Core commands everywhere; a plugin's commands only where it is enabled. */
  private async availableCommands(guild: Guild | null) {
    const { plugins, guildSettings, stores } = this.container;
    const entries: { command: Command; plugin: string | undefined }[] = [];
    for (const command of stores.get('commands').values()) {
      const plugin = plugins.ofPiece(command)?.name;
      if (plugin && (!guild || !(await guildSettings.isEnabled(guild.id, plugin)))) continue;
      entries.push({ command, plugin });
    }
    return entries.sort((a, b) => a.command.name.localeCompare(b.command.name));
  }
}

function usageOf(command: Command): string {
  return command.detailedDescription
    ? String(command.detailedDescription)
        .split(' · ')
        .map((line) => `\`${line}\``)
        .join('\n')
    : `\`/${command.name}\``;
}
