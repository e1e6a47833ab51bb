import type { Args } from '@sapphire/framework';
import { Subcommand } from '@sapphire/plugin-subcommands';
import { time, TimestampStyles, type Message } from 'discord.js';
import { usageOf } from '#core/plugin-kit/args';
import { addOptions, readOptions, type OptionSource } from '#core/plugin-kit/commandOptions';
import { parseDuration } from '#core/plugin-kit/durations';
import { respond, type CommandSource } from '#core/plugin-kit/respond';
import { route } from '#core/plugin-kit/subcommands';

const SET_OPTIONS = [
  { name: 'in', type: 'string', description: 'When, from now: 10m, 2h, 1d…', required: true, maxLength: 20 },
  { name: 'text', type: 'string', description: 'What to remind you of', required: true, maxLength: 500, rest: true },
] as const;
const CANCEL_OPTIONS = [
  { name: 'id', type: 'integer', description: 'The reminder #', required: true, min: 1, max: 2_147_483_647 },
] as const;

/** `/remind set|list|cancel` (`!remind 10m buy milk`): reminders posted back in the channel when due. */
export class RemindCommand extends Subcommand {
  public constructor(context: Subcommand.LoaderContext, options: Subcommand.Options) {
    super(context, {
      ...options,
      description: 'Reminders: the bot pings you later.',
      detailedDescription: '/remind set <in> <text> · /remind list · /remind cancel <id>',
      runIn: ['GUILD_ANY'],
      subcommands: [{ ...route('set'), default: true }, route('list'), route('cancel')],
    });
  }

  public override registerApplicationCommands(registry: Subcommand.Registry) {
    registry.registerChatInputCommand((builder) =>
      builder
        .setName(this.name)
        .setDescription(this.description)
        .setDMPermission(false)
        .addSubcommand((sub) => addOptions(sub.setName('set').setDescription('Set a reminder.'), SET_OPTIONS))
        .addSubcommand((sub) => sub.setName('list').setDescription('Your pending reminders.'))
        .addSubcommand((sub) => addOptions(sub.setName('cancel').setDescription('Cancel a reminder.'), CANCEL_OPTIONS)),
    );
  }

  public async chatInputSet(interaction: Subcommand.ChatInputCommandInteraction) {
    await this.set(interaction, interaction, '/remind set in:<10m> text:<what>');
  }

  public async messageSet(message: Message, args: Args) {
    await this.set(message, { args }, await usageOf(message, 'remind <10m> <what>'));
  }

  public async chatInputList(interaction: Subcommand.ChatInputCommandInteraction) {
    await this.list(interaction);
  }

  public async messageList(message: Message) {
    await this.list(message);
  }

  public async chatInputCancel(interaction: Subcommand.ChatInputCommandInteraction) {
    await this.cancel(interaction, interaction, '/remind cancel id:<#>');
  }

  public async messageCancel(message: Message, args: Args) {
    await this.cancel(message, { args }, await usageOf(message, 'remind cancel <#>'));
  }

  private async set(source: CommandSource, options: OptionSource, usage: string) {
    const { in: when, text } = await readOptions(options, SET_OPTIONS, usage);
    const delayMs = parseDuration(when, { maxMs: Number.MAX_SAFE_INTEGER, what: 'reminder' });
    const reminder = await this.container.reminders.set({
      guildId: source.guildId!,
      userId: authorOf(source),
      channelId: source.channelId!,
      text,
      delayMs,
    });
    await respond(
      source,
      {
        content: `Reminder #${reminder.id} set for ${time(reminder.dueAt, TimestampStyles.RelativeTime)}.`,
        allowedMentions: { parse: [] },
      },
      { ephemeral: true },
    );
  }

  private async list(source: CommandSource) {
    const pending = await this.container.reminders.reminders.pendingOf(source.guildId!, authorOf(source));
    const lines = pending.map(
      (reminder) => `#${reminder.id} · ${time(reminder.dueAt, TimestampStyles.RelativeTime)} · ${reminder.text}`,
    );
    await respond(
      source,
      {
        content: lines.length ? lines.join('\n').slice(0, 2000) : 'You have no pending reminders here.',
        allowedMentions: { parse: [] },
      },
      { ephemeral: true },
    );
  }

  private async cancel(source: CommandSource, options: OptionSource, usage: string) {
    const { id } = await readOptions(options, CANCEL_OPTIONS, usage);
    await this.container.reminders.cancel(source.guildId!, authorOf(source), id);
    await respond(source, `Reminder #${id} cancelled.`, { ephemeral: true });
  }
}

function authorOf(source: CommandSource): string {
  return 'author' in source ? source.author.id : source.user.id;
}
