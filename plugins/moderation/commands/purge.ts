import { type Args, Command, UserError } from '@sapphire/framework';
import { PermissionFlagsBits, type Collection, type GuildTextBasedChannel, type Message, type User } from 'discord.js';
import { Permission } from '#core/permissions/enums';
import { pickOptional, pickOrUsage, usageOf } from '#core/plugin-kit/args';
import { deferIfInteraction, invokerOf, respond, type CommandSource } from '#core/plugin-kit/respond';
import { ModerationAction } from '../entities/ModerationLog';
import { discordAction, requires } from '../lib/commandSupport';

const USAGE = 'purge <count 1–100> [member] [contains:<text>] [bots]';
const MAX_COUNT = 100;
/** Discord refuses to bulk-delete messages older than 14 days; keep a minute's margin for clock drift. */
const BULK_DELETE_MAX_AGE_MS = 14 * 24 * 3600_000 - 60_000;

interface PurgeFilters {
  count: number;
  member: User | null;
  contains: string | null;
  botsOnly: boolean;
}

/**
 * `/purge <count> [member] [contains] [bots]`: looks at the channel's last `count` messages and deletes those that
 * match, in one bulk delete; messages older than 14 days are skipped and counted, as Discord cannot bulk-delete them.
 */
export class PurgeCommand extends Command {
  public constructor(context: Command.LoaderContext, options: Command.Options) {
    super(context, {
      ...options,
      description: 'Delete recent messages in this channel, optionally only from one member, with a text, or bots.',
      detailedDescription: `/${USAGE}`,
      runIn: ['GUILD_TEXT', 'GUILD_NEWS', 'GUILD_PUBLIC_THREAD', 'GUILD_PRIVATE_THREAD'],
      preconditions: requires(Permission.DELETE_MESSAGES),
    });
  }

  public override registerApplicationCommands(registry: Command.Registry) {
    registry.registerChatInputCommand((builder) =>
      builder
        .setName(this.name)
        .setDescription(this.description)
        .setDefaultMemberPermissions(PermissionFlagsBits.ManageMessages)
        .setDMPermission(false)
        .addIntegerOption((o) =>
          o
            .setName('count')
            .setDescription('How many recent messages to look at (1–100)')
            .setRequired(true)
            .setMinValue(1)
            .setMaxValue(MAX_COUNT),
        )
        .addUserOption((o) => o.setName('member').setDescription('Only messages by this member'))
        .addStringOption((o) => o.setName('contains').setDescription('Only messages with this text').setMaxLength(100))
        .addBooleanOption((o) => o.setName('bots').setDescription('Only messages by bots')),
    );
  }

  public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
    const { options } = interaction;
    await this.purge(interaction, {
      count: options.getInteger('count', true),
      member: options.getUser('member'),
      contains: options.getString('contains'),
      botsOnly: options.getBoolean('bots') ?? false,
    });
  }

  public override async messageRun(message: Message, args: Args) {
    const usage = await usageOf(message, USAGE);
    const count = await pickOrUsage(args, 'integer', usage);
    // A member named who is not one (left, another server's, a typo) is refused: purging everyone's is not the same.
    const member = await pickOptional(args, 'user', usage);
    let contains: string | null = null;
    let botsOnly = false;
    for (const word of (await args.restResult('string')).unwrapOr('').split(/\s+/).filter(Boolean)) {
      if (word.toLowerCase() === 'bots') botsOnly = true;
      else if (word.toLowerCase().startsWith('contains:')) contains = word.slice('contains:'.length);
      else throw new UserError({ identifier: 'BadArgument', message: `Usage: \`${usage}\`` });
    }
    await this.purge(message, { count, member, contains, botsOnly });
  }

  private async purge(source: CommandSource, filters: PurgeFilters) {
    if (!Number.isInteger(filters.count) || filters.count < 1 || filters.count > MAX_COUNT) {
      throw new UserError({
        identifier: 'BadPurgeCount',
        message: `I can purge 1 to ${MAX_COUNT} messages at a time (Discord's bulk-delete limit); you asked for ${filters.count}.`,
      });
    }
    // runIn limits the command to text channels and threads.
    const channel = source.channel as GuildTextBasedChannel;
    const moderator = await invokerOf(source);
    await deferIfInteraction(source, { ephemeral: true });
    // A prefix command's own message stays out of the count.
    const before = 'author' in source ? source.id : undefined;
    const recent = await channel.messages.fetch({ limit: filters.count, before, cache: false });
    const matching = recent.filter((message) => matches(message, filters));
    const cutoff = Date.now() - BULK_DELETE_MAX_AGE_MS;
    const deletable = matching.filter((message) => message.createdTimestamp > cutoff);
    const tooOld = matching.size - deletable.size;
    await deleteAll(channel, deletable);
    const what = [
      filters.member ? `by ${filters.member.username}` : '',
      filters.contains ? `containing "${filters.contains}"` : '',
      filters.botsOnly ? 'by bots' : '',
    ]
      .filter(Boolean)
      .join(', ');
    const row = await this.container.moderation.record(
      {
        guildId: moderator.guild.id,
        action: ModerationAction.PURGE,
        userId: filters.member?.id ?? null,
        performedBy: moderator.id,
        reason: `Purged ${deletable.size} message(s)${what ? ` ${what}` : ''}`,
        channelId: channel.id,
      },
      'command',
    );
    this.container.client.emit('messagesPurged', {
      guildId: moderator.guild.id,
      channelId: channel.id,
      moderatorId: moderator.id,
      caseNumber: row.caseNumber,
      deleted: deletable.size,
      deletedOfOthers: deletable.filter((message) => message.author.id !== moderator.id).size,
    });
    const skipped = tooOld ? ` Skipped ${tooOld} older than 14 days: Discord does not allow bulk-deleting those.` : '';
    await respond(
      source,
      {
        content: `Deleted ${deletable.size} message(s) (case #${row.caseNumber}).${skipped}`,
        allowedMentions: { parse: [] },
      },
      { ephemeral: true },
    );
  }
}

function matches(message: Message, filters: PurgeFilters): boolean {
  if (filters.member && message.author.id !== filters.member.id) return false;
  if (filters.botsOnly && !message.author.bot) return false;
  if (filters.contains && !message.content.toLowerCase().includes(filters.contains.toLowerCase())) return false;
  return true;
}

/** Bulk delete takes 2–100 messages; a single one is deleted on its own. */
async function deleteAll(channel: GuildTextBasedChannel, messages: Collection<string, Message>): Promise<void> {
  if (messages.size === 0) return;
  if (messages.size === 1) {
    await discordAction('delete that message', () => messages.first()!.delete());
    return;
  }
  await discordAction('delete those messages', () => channel.bulkDelete([...messages.keys()], false));
}
