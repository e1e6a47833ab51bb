import type { Args } from '@sapphire/framework';
import { Subcommand } from '@sapphire/plugin-subcommands';
import type { Message } from 'discord.js';
import { usageOf } from '#core/plugin-kit/args';
import { addOptions, readOptions, type OptionSource } from '#core/plugin-kit/commandOptions';
import { respond, type CommandSource } from '#core/plugin-kit/respond';
import { route } from '#core/plugin-kit/subcommands';

const SET_OPTIONS = [
  { name: 'date', type: 'string', description: 'MM-DD or YYYY-MM-DD', required: true, maxLength: 10 },
  { name: 'timezone', type: 'string', description: 'IANA zone, e.g. Europe/Paris (default: UTC)', maxLength: 64 },
] as const;
const LIST_OPTIONS = [
  { name: 'month', type: 'integer', description: 'Month 1–12 (default: this one)', min: 1, max: 12 },
] as const;

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** `/birthday set|list|remove`: birthdays announced in this server on the member's local date. */
export class BirthdayCommand extends Subcommand {
  public constructor(context: Subcommand.LoaderContext, options: Subcommand.Options) {
    super(context, {
      ...options,
      description: 'Birthdays: set yours, see this month’s.',
      detailedDescription: '/birthday set <date> [timezone] · /birthday list [month] · /birthday remove',
      runIn: ['GUILD_ANY'],
      subcommands: [route('set'), { ...route('list'), default: true }, route('remove')],
    });
  }

  public override registerApplicationCommands(registry: Subcommand.Registry) {
    registry.registerChatInputCommand((builder) =>
      builder
        .setName(this.name)
        .setDescription(this.description)
        .setDMPermission(false)
        .addSubcommand((sub) =>
          addOptions(sub.setName('set').setDescription('Set your birthday (announced in this server).'), SET_OPTIONS),
        )
        .addSubcommand((sub) =>
          addOptions(sub.setName('list').setDescription("A month's birthdays here."), LIST_OPTIONS),
        )
        .addSubcommand((sub) => sub.setName('remove').setDescription('Stop announcing your birthday here.')),
    );
  }

  public async chatInputSet(interaction: Subcommand.ChatInputCommandInteraction) {
    await this.set(interaction, interaction, '/birthday set date:<MM-DD> [timezone]');
  }

  public async messageSet(message: Message, args: Args) {
    await this.set(message, { args }, await usageOf(message, 'birthday set <MM-DD> [timezone]'));
  }

  public async chatInputList(interaction: Subcommand.ChatInputCommandInteraction) {
    await this.list(interaction, interaction, '/birthday list [month]');
  }

  public async messageList(message: Message, args: Args) {
    await this.list(message, { args }, await usageOf(message, 'birthday list [month]'));
  }

  public async chatInputRemove(interaction: Subcommand.ChatInputCommandInteraction) {
    await this.remove(interaction);
  }

  public async messageRemove(message: Message) {
    await this.remove(message);
  }

  private async set(source: CommandSource, options: OptionSource, usage: string) {
    const { date, timezone } = await readOptions(options, SET_OPTIONS, usage);
    const profile = await this.container.birthdays.set(source.guildId!, userIdOf(source), date, timezone);
    const [, month, day] = profile.birthday!.split('-').map(Number) as [number, number, number];
    await respond(
      source,
      `Saved: your birthday is ${MONTHS[month - 1]} ${day} (${profile.timezone ?? 'UTC'}). It will be celebrated here.`,
      { ephemeral: true },
    );
  }

  private async list(source: CommandSource, options: OptionSource, usage: string) {
    const { month } = await readOptions(options, LIST_OPTIONS, usage);
    const chosen = month ?? new Date().getUTCMonth() + 1;
    const rows = await this.container.birthdays.ofMonth(source.guildId!, chosen);
    const lines = rows.map((row) => `${MONTHS[chosen - 1]} ${row.day} · <@${row.userId}>`);
    await respond(source, {
      content: lines.length
        ? `**Birthdays in ${MONTHS[chosen - 1]}**\n${lines.join('\n')}`.slice(0, 2000)
        : `No birthdays in ${MONTHS[chosen - 1]} here.`,
      allowedMentions: { parse: [] },
    });
  }

  private async remove(source: CommandSource) {
    const removed = await this.container.birthdays.remove(source.guildId!, userIdOf(source));
    await respond(
      source,
      removed ? 'Your birthday will no longer be announced here.' : 'Your birthday is not announced here.',
      { ephemeral: true },
    );
  }
}

function userIdOf(source: CommandSource): string {
  return 'author' in source ? source.author.id : source.user.id;
}
