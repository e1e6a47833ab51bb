import { type Args, UserError } from '@sapphire/framework';
import { Subcommand } from '@sapphire/plugin-subcommands';
import {
  EmbedBuilder,
  PermissionFlagsBits,
  roleMention,
  userMention,
  type AutocompleteInteraction,
  type Guild,
  type Message,
} from 'discord.js';
import { PermissionEffect, PermissionSubject } from '../database/entities/PermissionOverride';
import { ALL_PERMISSIONS, Permission, UserRole } from '../permissions/enums';
import { pickOrUsage } from '../plugin-kit/args';
import { settingsActorOf } from '../plugin-kit/guildConfig';
import { respond, type CommandSource } from '../plugin-kit/respond';

interface Subject {
  type: PermissionSubject;
  id: string;
}

/** `/permissions grant|revoke|reset|show`: per-guild permission overrides for a member or a role (admins only). */
export class PermissionsCommand extends Subcommand {
  public constructor(context: Subcommand.LoaderContext, options: Subcommand.Options) {
    super(context, {
      ...options,
      description: "Grant, revoke or show the bot's permissions for a member or role.",
      detailedDescription:
        '/permissions grant <permission> <member|role> · /permissions revoke <permission> <member|role> · /permissions reset <permission> <member|role> · /permissions show [member|role]',
      runIn: ['GUILD_ANY'],
      preconditions: [{ name: 'RequiresRole', context: { role: UserRole.ADMIN } }],
      subcommands: [
        { name: 'grant', chatInputRun: 'chatInputGrant', messageRun: 'messageGrant' },
        { name: 'revoke', chatInputRun: 'chatInputRevoke', messageRun: 'messageRevoke' },
        { name: 'reset', chatInputRun: 'chatInputReset', messageRun: 'messageReset' },
        { name: 'show', chatInputRun: 'chatInputShow', messageRun: 'messageShow', default: true },
      ],
    });
  }

  public override registerApplicationCommands(registry: Subcommand.Registry) {
    registry.registerChatInputCommand((builder) => {
      builder
        .setName(this.name)
        .setDescription(this.description)
        .setDefaultMemberPermissions(PermissionFlagsBits.Administrator)
        .setDMPermission(false);
      for (const [name, description] of [
        ['grant', 'Give a member or role a permission.'],
        ['revoke', 'Take a permission away from a member or role.'],
        ['reset', 'Remove a grant or revoke, back to the role default.'],
      ] as const) {
        builder.addSubcommand((sub) =>
          sub
            .setName(name)
            .setDescription(description)
            .addStringOption((o) =>
              o.setName('permission').setDescription('Permission').setRequired(true).setAutocomplete(true),
            )
            .addMentionableOption((o) => o.setName('target').setDescription('Member or role').setRequired(true)),
        );
      }
      return builder.addSubcommand((sub) =>
        sub
          .setName('show')
          .setDescription("Show a member's effective permissions or a role's overrides.")
          .addMentionableOption((o) => o.setName('target').setDescription('Member or role (default: you)')),
      );
    });
  }

  public override async autocompleteRun(interaction: AutocompleteInteraction) {
    const typed = interaction.options.getFocused().toUpperCase();
    const matches = ALL_PERMISSIONS.filter((permission) => permission.includes(typed)).slice(0, 25);
    await interaction.respond(matches.map((permission) => ({ name: permission, value: permission })));
  }

  public async chatInputGrant(interaction: Subcommand.ChatInputCommandInteraction) {
    await this.change(interaction, 'grant', ...this.slashArgs(interaction));
  }

  public async chatInputRevoke(interaction: Subcommand.ChatInputCommandInteraction) {
    await this.change(interaction, 'revoke', ...this.slashArgs(interaction));
  }

  public async chatInputReset(interaction: Subcommand.ChatInputCommandInteraction) {
    await this.change(interaction, 'reset', ...this.slashArgs(interaction));
  }

  public async messageGrant(message: Message, args: Args) {
    await this.change(message, 'grant', ...(await this.messageArgs(message, args, 'grant')));
  }

  public async messageRevoke(message: Message, args: Args) {
    await this.change(message, 'revoke', ...(await this.messageArgs(message, args, 'revoke')));
  }

  public async messageReset(message: Message, args: Args) {
    await this.change(message, 'reset', ...(await this.messageArgs(message, args, 'reset')));
  }

  public async chatInputShow(interaction: Subcommand.ChatInputCommandInteraction) {
    const subject = interaction.options.get('target')
      ? mentionableSubject(interaction)
      : { type: PermissionSubject.MEMBER, id: interaction.user.id };
    await this.show(interaction, interaction.guild!, subject);
  }

  public async messageShow(message: Message, args: Args) {
    const subject = args.finished
      ? { type: PermissionSubject.MEMBER, id: message.author.id }
      : parseSubject(await args.pick('string'));
    await this.show(message, message.guild!, subject);
  }

  private slashArgs(interaction: Subcommand.ChatInputCommandInteraction): [Guild, string, Subject] {
    return [interaction.guild!, interaction.options.getString('permission', true), mentionableSubject(interaction)];
  }

  private async messageArgs(message: Message, args: Args, action: string): Promise<[Guild, string, Subject]> {
    const usage = `${await this.container.guildSettings.prefixFor(message.guildId)}permissions ${action} <permission> <@member|@role|id>`;
    const permission = await pickOrUsage(args, 'string', usage);
    const subject = parseSubject(await pickOrUsage(args, 'string', usage));
    return [message.guild!, permission, subject];
  }

  private async change(
    source: CommandSource,
    action: 'grant' | 'revoke' | 'reset',
    guild: Guild,
    permissionText: string,
    subject: Subject,
  ) {
    const permission = permissionText.toUpperCase() as Permission;
    if (!ALL_PERMISSIONS.includes(permission)) {
      throw new UserError({
        identifier: 'UnknownPermission',
        message: `\`${permissionText.slice(0, 40)}\` is not a permission. Try one of: ${ALL_PERMISSIONS.slice(0, 8).join(', ')}… (\`/permissions grant\` autocompletes).`,
      });
    }
    await assertSubjectExists(guild, subject);
    const actor = settingsActorOf(source);
    const who = subject.type === PermissionSubject.ROLE ? roleMention(subject.id) : userMention(subject.id);
    const { permissions } = this.container;
    if (action === 'reset') {
      const removed = await permissions.clearOverride(guild.id, subject.type, subject.id, permission, actor);
      await respond(
        source,
        removed
          ? `${who} is back to the default for **${permission}**.`
          : `${who} had no override for **${permission}**.`,
      );
      return;
    }
    const effect = action === 'grant' ? PermissionEffect.GRANT : PermissionEffect.REVOKE;
    await permissions.setOverride(guild.id, subject.type, subject.id, permission, effect, actor);
    await respond(
      source,
      action === 'grant' ? `${who} now has **${permission}**.` : `${who} no longer has **${permission}**.`,
    );
  }

  private async show(source: CommandSource, guild: Guild, subject: Subject) {
    await assertSubjectExists(guild, subject);
    const { permissions } = this.container;
    const overrides = await permissions.overridesFor(guild.id, subject.type, subject.id);
    const overrideLines = overrides.map((o) => `${o.effect === PermissionEffect.GRANT ? '+' : '−'} ${o.permission}`);
    const embed = new EmbedBuilder();
    if (subject.type === PermissionSubject.MEMBER) {
      const member = await guild.members.fetch(subject.id);
      const access = await permissions.accessOf(member);
      embed
        .setTitle(`Permissions of ${member.displayName}`)
        .addFields(
          { name: 'Role', value: access.role, inline: true },
          { name: 'Effective', value: [...access.permissions].sort().join(', ') || 'none' },
        );
    } else {
      embed.setTitle(`Overrides of the role ${guild.roles.cache.get(subject.id)!.name}`);
    }
    embed.addFields({ name: 'Overrides here', value: overrideLines.join('\n') || 'none' });
    await respond(source, { embeds: [embed] }, { ephemeral: true });
  }
}

/** The `target` mentionable option of a slash command: the option's value is the id, `role` is set for a role. */
function mentionableSubject(interaction: Subcommand.ChatInputCommandInteraction): Subject {
  const option = interaction.options.get('target', true);
  return { type: option.role ? PermissionSubject.ROLE : PermissionSubject.MEMBER, id: String(option.value) };
}

/** A prefix argument naming a member or role: `<@id>`, `<@!id>`, `<@&id>` or a bare id (a role if one has it). */
function parseSubject(text: string): Subject {
  const role = /^<@&(\d{17,20})>$/.exec(text);
  if (role) return { type: PermissionSubject.ROLE, id: role[1]! };
  const member = /^<@!?(\d{17,20})>$/.exec(text) ?? /^(\d{17,20})$/.exec(text);
  if (member) return { type: PermissionSubject.MEMBER, id: member[1]! };
  throw new UserError({
    identifier: 'BadArgument',
    message: `\`${text.slice(0, 40)}\` is not a member or role mention.`,
  });
}

async function assertSubjectExists(guild: Guild, subject: Subject): Promise<void> {
  if (subject.type === PermissionSubject.MEMBER && guild.roles.cache.has(subject.id)) {
    subject.type = PermissionSubject.ROLE; // a bare id that belongs to a role
  }
  if (subject.type === PermissionSubject.ROLE) {
    if (!guild.roles.cache.has(subject.id)) {
      throw new UserError({ identifier: 'NotInGuild', message: `There is no role \`${subject.id}\` in this server.` });
    }
    return;
  }
  const member = await guild.members.fetch(subject.id).catch(() => null);
  if (!member) {
    throw new UserError({ identifier: 'NotInGuild', message: `\`${subject.id}\` is not a member of this server.` });
  }
}
