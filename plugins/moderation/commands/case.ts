import { type Args, UserError } from '@sapphire/framework';
import { Subcommand } from '@sapphire/plugin-subcommands';
import { PermissionFlagsBits, type Guild, type Message, type SlashCommandIntegerOption } from 'discord.js';
import { Permission, UserRole } from '#core/permissions/enums';
import { pickOrUsage, restOrUsage } from '#core/plugin-kit/args';
import { SQL_INTEGER_MAX } from '#core/plugin-kit/commandOptions';
import { respond, type CommandSource } from '#core/plugin-kit/respond';
import { caseEmbed } from '../services/caseEmbed';
import { cleanReason, requires } from '../lib/commandSupport';

/** `/case show|reason|delete`: one case by its number; `!case 12` shows it. */
export class CaseCommand extends Subcommand {
  public constructor(context: Subcommand.LoaderContext, options: Subcommand.Options) {
    super(context, {
      ...options,
      description: 'Show, re-word or delete a moderation case.',
      detailedDescription: '/case show <number> · /case reason <number> <text> · /case delete <number> (admins)',
      runIn: ['GUILD_ANY'],
      subcommands: [
        {
          name: 'show',
          chatInputRun: 'chatInputShow',
          messageRun: 'messageShow',
          default: true,
          preconditions: requires(Permission.VIEW_AUDIT_LOGS),
        },
        {
          name: 'reason',
          chatInputRun: 'chatInputReason',
          messageRun: 'messageReason',
          preconditions: requires(Permission.WARN_USER),
        },
        {
          name: 'delete',
          chatInputRun: 'chatInputDelete',
          messageRun: 'messageDelete',
          preconditions: [{ name: 'RequiresRole', context: { role: UserRole.ADMIN } }],
        },
      ],
    });
  }

  public override registerApplicationCommands(registry: Subcommand.Registry) {
    registry.registerChatInputCommand((builder) =>
      builder
        .setName(this.name)
        .setDescription(this.description)
        .setDefaultMemberPermissions(PermissionFlagsBits.ModerateMembers)
        .setDMPermission(false)
        .addSubcommand((sub) => sub.setName('show').setDescription('Show a case.').addIntegerOption(caseNumberOption))
        .addSubcommand((sub) =>
          sub
            .setName('reason')
            .setDescription("Change a case's reason (the mod-log entry is updated too).")
            .addIntegerOption(caseNumberOption)
            .addStringOption((o) =>
              o.setName('text').setDescription('The new reason').setRequired(true).setMaxLength(500),
            ),
        )
        .addSubcommand((sub) =>
          sub.setName('delete').setDescription('Delete a case (admins).').addIntegerOption(caseNumberOption),
        ),
    );
  }

  public async chatInputShow(interaction: Subcommand.ChatInputCommandInteraction) {
    await this.show(interaction, interaction.guild!, interaction.options.getInteger('number', true));
  }

  public async messageShow(message: Message, args: Args) {
    await this.show(message, message.guild!, await pickOrUsage(args, 'integer', 'case <number>'));
  }

  public async chatInputReason(interaction: Subcommand.ChatInputCommandInteraction) {
    const { options } = interaction;
    await this.reason(
      interaction,
      interaction.guild!,
      options.getInteger('number', true),
      options.getString('text', true),
    );
  }

  public async messageReason(message: Message, args: Args) {
    const usage = 'case reason <number> <text>';
    const number = await pickOrUsage(args, 'integer', usage);
    await this.reason(message, message.guild!, number, await restOrUsage(args, usage));
  }

  public async chatInputDelete(interaction: Subcommand.ChatInputCommandInteraction) {
    await this.delete(interaction, interaction.guild!, interaction.options.getInteger('number', true));
  }

  public async messageDelete(message: Message, args: Args) {
    await this.delete(message, message.guild!, await pickOrUsage(args, 'integer', 'case delete <number>'));
  }

  private async show(source: CommandSource, guild: Guild, caseNumber: number) {
    if (!isCaseNumber(caseNumber)) throw noSuchCase(caseNumber);
    const row = await this.container.moderation.cases.find(guild.id, caseNumber);
    if (!row) throw noSuchCase(caseNumber);
    await respond(source, { embeds: [caseEmbed(row)], allowedMentions: { parse: [] } }, { ephemeral: true });
  }

  private async reason(source: CommandSource, guild: Guild, caseNumber: number, text: string) {
    if (!isCaseNumber(caseNumber)) throw noSuchCase(caseNumber);
    const { moderation } = this.container;
    const row = await moderation.cases.setReason(guild.id, caseNumber, cleanReason(text));
    if (!row) throw noSuchCase(caseNumber);
    await moderation.refreshModLog(row);
    await respond(source, { content: `Updated the reason of case #${caseNumber}.` }, { ephemeral: true });
  }

  private async delete(source: CommandSource, guild: Guild, caseNumber: number) {
    if (!isCaseNumber(caseNumber)) throw noSuchCase(caseNumber);
    const { moderation } = this.container;
    const row = await moderation.cases.delete(guild.id, caseNumber);
    if (!row) throw noSuchCase(caseNumber);
    await moderation.deleteModLog(row);
    await respond(source, { content: `Deleted case #${caseNumber}.` }, { ephemeral: true });
  }
}

/** Case numbers live in an `integer` column: anything outside it is no case, not a query PostgreSQL refuses. */
function isCaseNumber(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= SQL_INTEGER_MAX;
}

function caseNumberOption(option: SlashCommandIntegerOption) {
  return option
    .setName('number')
    .setDescription('Case number')
    .setRequired(true)
    .setMinValue(1)
    .setMaxValue(SQL_INTEGER_MAX);
}

function noSuchCase(caseNumber: number): UserError {
  return new UserError({ identifier: 'UnknownCase', message: `There is no case #${caseNumber} in this server.` });
}
