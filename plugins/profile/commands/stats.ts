import type { Args } from '@sapphire/framework';
import { Subcommand } from '@sapphire/plugin-subcommands';
import { AttachmentBuilder, PermissionFlagsBits, time, TimestampStyles, type Message } from 'discord.js';
import { usageOf } from '#core/plugin-kit/args';
import { addOptions, readOptions, type OptionSource } from '#core/plugin-kit/commandOptions';
import { deferIfInteraction, respond, type CommandSource } from '#core/plugin-kit/respond';
import { route } from '#core/plugin-kit/subcommands';
import { renderActivityChart } from '../lib/activityChart';
import { medianFirstResponseOf } from '../lib/partners';
import { botPermissionsIn, memberOf } from '../lib/showProfile';
import { formatDuration } from '#core/plugin-kit/durations';

const MEMBER_OPTIONS = [{ name: 'member', type: 'user', description: 'Whose statistics (default: yours)' }] as const;

const fmt = (value: number) => value.toLocaleString('en-US');
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

/** `/stats member [member]` and `/stats server` (with a chart of the last 30 days). */
export class StatsCommand extends Subcommand {
  public constructor(context: Subcommand.LoaderContext, options: Subcommand.Options) {
    super(context, {
      ...options,
      description: 'Activity statistics of a member or of the server.',
      detailedDescription: '/stats member [member] · /stats server',
      runIn: ['GUILD_ANY'],
      subcommands: [{ ...route('member'), default: true }, route('server')],
    });
  }

  public override registerApplicationCommands(registry: Subcommand.Registry) {
    registry.registerChatInputCommand((builder) =>
      builder
        .setName(this.name)
        .setDescription(this.description)
        .setDMPermission(false)
        .addSubcommand((sub) =>
          addOptions(sub.setName('member').setDescription("A member's statistics."), MEMBER_OPTIONS),
        )
        .addSubcommand((sub) => sub.setName('server').setDescription("The server's activity, with a 30-day chart.")),
    );
  }

  public async chatInputMember(interaction: Subcommand.ChatInputCommandInteraction) {
    await this.member(interaction, interaction, '/stats member [member]');
  }

  public async messageMember(message: Message, args: Args) {
    await this.member(message, { args }, await usageOf(message, 'stats [member]'));
  }

  public async chatInputServer(interaction: Subcommand.ChatInputCommandInteraction) {
    await this.server(interaction);
  }

  public async messageServer(message: Message) {
    await this.server(message);
  }

  private async member(source: CommandSource, options: OptionSource, usage: string) {
    const { member: user } = await readOptions(options, MEMBER_OPTIONS, usage);
    const member = await memberOf(source.guild!, user ?? ('author' in source ? source.author : source.user));
    const stats = await this.container.statistics.ofMember(member.guild.id, member.id);
    await respond(source, {
      content: [
        `**${member.displayName}**`,
        `Commands used: ${fmt(stats.commandsUsed)}${stats.commandsRank ? ` (#${stats.commandsRank} here)` : ''}`,
        `Tickets closed: ${fmt(stats.ticketsClosed)}`,
        `Bans: ${fmt(stats.usersBanned)} · Unbans: ${fmt(stats.usersUnbanned)} · Warnings given: ${fmt(stats.warningsGiven)}`,
        `Messages of others deleted: ${fmt(stats.messagesDeleted)}`,
        `Last active: ${stats.lastActive ? time(stats.lastActive, TimestampStyles.RelativeTime) : 'never seen'}`,
      ].join('\n'),
      allowedMentions: { parse: [] },
    });
  }

  private async server(source: CommandSource) {
    await deferIfInteraction(source);
    const guild = source.guild!;
    const { statistics } = this.container;
    const series = await statistics.series(guild.id, 30);
    const week = series.slice(-7);
    const allTime = await statistics.allTimeCommands(guild.id);
    const firstResponse = await medianFirstResponseOf(this.container.guildSettings, guild.id);
    const of = (counter: keyof (typeof series)[number]) => series.map((day) => Number(day[counter]));
    const content = [
      `**${guild.name}**`,
      `Members: ${fmt(guild.memberCount)}`,
      `Messages today: ${fmt(series.at(-1)!.messages)} · this week: ${fmt(sum(week.map((day) => day.messages)))}`,
      `Commands (30 days): ${fmt(sum(of('commands')))} · all time: ${fmt(allTime)}`,
      `Tickets (30 days): ${fmt(sum(of('ticketsOpened')))} opened · ${fmt(sum(of('ticketsClosed')))} closed` +
        (firstResponse === undefined
          ? ''
          : ` · median first response ${firstResponse === null ? '—' : formatDuration(Math.round(firstResponse) * 1000)}`),
      `Moderation actions (30 days): ${fmt(sum(of('moderationActions')))}`,
    ].join('\n');
    const permissions = await botPermissionsIn(source);
    if (!permissions?.has(PermissionFlagsBits.AttachFiles)) {
      await respond(source, { content, allowedMentions: { parse: [] } });
      return;
    }
    const png = await renderActivityChart(
      'Last 30 days',
      series.map((day) => day.day),
      { label: 'Messages', colour: '#5865f2', values: of('messages') },
      { label: 'Commands', colour: '#57f287', values: of('commands') },
    );
    await respond(source, {
      content,
      files: [new AttachmentBuilder(png, { name: 'activity.png', description: 'Activity of the last 30 days' })],
      allowedMentions: { parse: [] },
    });
  }
}
