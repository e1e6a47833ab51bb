import { Command, container, type Args, type PreconditionEntryResolvable } from '@sapphire/framework';
import type { SubcommandMapping } from '@sapphire/plugin-subcommands';
import {
  ActionRowBuilder,
  EmbedBuilder,
  StringSelectMenuBuilder,
  type Guild,
  type GuildMember,
  type JSONEncodable,
  type Message,
} from 'discord.js';
import type { APIActionRowComponent, APIComponentInMessageActionRow, APIEmbed } from 'discord-api-types/v10';
import type { GuildState } from '../guilds/GuildSettings';
import { USER_ROLE_RANK, type Permission, type UserRole } from '../permissions/enums';
import { asApiJson } from '../plugin-kit/discordLimits';
import { invokerOf, respond, type CommandSource } from '../plugin-kit/respond';

/** The custom id of the list's menu that explains the commands of one plugin (or the core). */
export const HELP_PLUGIN_MENU = 'help:plugin';

/** What the RequiresPermission and RequiresRole preconditions of a command or subcommand ask of the member. */
type Guard = { permission: Permission } | { role: UserRole };

interface HelpEntry {
  command: Command;
  plugin: string | undefined;
  /** Empty when the member can use the command here; otherwise what they lack, as shown to them. */
  lacks: string[];
}

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
    const member = guild ? await invokerOf(source) : null;
    if (!name && guild && member) {
      // The list depends only on the guild's state (plugins, prefix, overrides) and the member's access: built once
      // per pair, and dropped with the state when any process changes the guild's settings.
      const [state, access] = await Promise.all([
        this.container.guildSettings.get(guild.id),
        this.container.permissions.accessOf(member),
      ]);
      let lists = listCache.get(state);
      if (!lists) listCache.set(state, (lists = new Map()));
      const key = `${access.role}:${[...access.permissions].sort().join(',')}`;
      let payload = lists.get(key);
      if (!payload) {
        const prefix = state.config.prefix ?? this.container.guildSettings.defaultPrefix;
        payload = listPayload(await helpEntries(guild, member), prefix);
        lists.set(key, payload);
      }
      await respond(source, payload, { ephemeral: true });
      return;
    }
    const available = await helpEntries(guild, member);
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
      if (command.lacks.length) embed.addFields({ name: '🔒 Not for you here', value: lacking(command.lacks) });
      await respond(source, { embeds: [embed] }, { ephemeral: true });
      return;
    }
    await respond(source, listPayload(available, prefix), { ephemeral: true });
  }
}

/** Built once per member access (the builders validate as they build); handed to discord.js as API JSON. */
type ListPayload = {
  embeds: APIEmbed[];
  components: JSONEncodable<APIActionRowComponent<APIComponentInMessageActionRow>>[];
};

/** The lists already built: per guild state (so a settings change drops them), per member access. */
const listCache = new WeakMap<GuildState, Map<string, ListPayload>>();

/** The list of commands the member can use here, grouped by plugin, with a menu to explain a group. */
function listPayload(available: HelpEntry[], prefix: string): ListPayload {
  const groups = new Map<string, string[]>();
  for (const { command, plugin } of available.filter((entry) => !entry.lacks.length)) {
    const group = plugin ?? 'core';
    groups.set(group, [...(groups.get(group) ?? []), `\`/${command.name}\` — ${command.description}`]);
  }
  const locked = available.filter((entry) => entry.lacks.length).map((entry) => `\`/${entry.command.name}\``);
  const fields = [...groups]
    .map(([group, lines]) => ({ name: group, value: lines.join('\n').slice(0, 1024) }))
    .slice(0, 24);
  // Listed apart, so members learn they exist without being told they can run them.
  if (locked.length) fields.push({ name: '🔒 Staff only (not for you here)', value: locked.join(' ').slice(0, 1024) });
  const embed = new EmbedBuilder()
    .setTitle('Commands you can use')
    .setDescription(`Slash commands also work as text with the prefix \`${prefix}\`. \`/help <command>\` for usage.`)
    .addFields(fields);
  const menu = new StringSelectMenuBuilder()
    .setCustomId(HELP_PLUGIN_MENU)
    .setPlaceholder('Show how to use the commands of…')
    .addOptions([...groups.keys()].slice(0, 25).map((group) => ({ label: group, value: group })));
  const components = groups.size
    ? [asApiJson(new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(menu).toJSON())]
    : [];
  return { embeds: [embed.toJSON()], components };
}

/** The usage of every command of `group` (a plugin's name, or `core`) that the member can use here. */
export async function groupUsage(guild: Guild | null, member: GuildMember | null, group: string) {
  const entries = (await helpEntries(guild, member)).filter(
    (entry) => (entry.plugin ?? 'core') === group && !entry.lacks.length,
  );
  const lines = entries.map(
    (entry) => `**/${entry.command.name}** — ${entry.command.description}\n${usageOf(entry.command)}`,
  );
  return new EmbedBuilder()
    .setTitle(`How to use ${group}`)
    .setDescription((lines.join('\n\n') || 'None of its commands are for you here.').slice(0, 4096));
}

/**
 * Core commands everywhere; a plugin's commands only where it is enabled. Each says what the member lacks to use
 * it: a command's own guards must all pass, and of a command with subcommands at least one subcommand's.
 */
async function helpEntries(guild: Guild | null, member: GuildMember | null): Promise<HelpEntry[]> {
  const { plugins, guildSettings, stores } = container;
  const entries: HelpEntry[] = [];
  for (const command of stores.get('commands').values()) {
    const plugin = plugins.ofPiece(command)?.name;
    if (plugin && (!guild || !(await guildSettings.isEnabled(guild.id, plugin)))) continue;
    const lacks = await failing(guardsOf(command.options.preconditions), member);
    const subcommands = subcommandGuards((command.options as { subcommands?: SubcommandMapping[] }).subcommands);
    if (!lacks.length && subcommands.length) {
      const failures = await Promise.all(subcommands.map((guards) => failing(guards, member)));
      if (failures.every((failure) => failure.length)) lacks.push(...new Set(failures.flat()));
    }
    entries.push({ command, plugin, lacks });
  }
  return entries.sort((a, b) => a.command.name.localeCompare(b.command.name));
}

/** The guards the member does not pass, described; outside a server (no member) every guard fails. */
async function failing(guards: readonly Guard[], member: GuildMember | null): Promise<string[]> {
  if (!guards.length) return [];
  const access = member ? await container.permissions.accessOf(member) : null;
  return guards
    .filter((guard) => {
      if (!access) return true;
      if ('permission' in guard) return !access.permissions.has(guard.permission);
      return USER_ROLE_RANK[access.role] < USER_ROLE_RANK[guard.role];
    })
    .map((guard) => ('permission' in guard ? `the **${guard.permission}** permission` : `the **${guard.role}** role`));
}

/** The RequiresPermission and RequiresRole entries of a precondition list (nested lists included). */
function guardsOf(entries: readonly PreconditionEntryResolvable[] | undefined): Guard[] {
  const guards: Guard[] = [];
  for (const entry of entries ?? []) {
    if (Array.isArray(entry)) guards.push(...guardsOf(entry));
    else if (typeof entry !== 'object' || !('name' in entry)) continue;
    else if (entry.name === 'RequiresPermission') guards.push(entry.context as { permission: Permission });
    else if (entry.name === 'RequiresRole') guards.push(entry.context as { role: UserRole });
  }
  return guards;
}

/** The guards of each subcommand of a command (groups' entries included); empty without subcommands. */
function subcommandGuards(mappings: readonly SubcommandMapping[] | undefined): Guard[][] {
  return (mappings ?? []).flatMap((mapping) =>
    mapping.type === 'group'
      ? mapping.entries.map((entry) => guardsOf(entry.preconditions))
      : [guardsOf(mapping.preconditions)],
  );
}

function lacking(lacks: readonly string[]): string {
  return `Needs ${lacks.join(', ')}. A server admin can grant permissions with \`/permissions grant\`.`;
}

function usageOf(command: Command): string {
  return command.detailedDescription
    ? String(command.detailedDescription)
        .split(' · ')
        .map((line) => `\`${line}\``)
        .join('\n')
    : `\`/${command.name}\``;
}
