import { type Args, Command, UserError } from '@sapphire/framework';
import { PermissionFlagsBits, TimestampStyles, time, type Message, type User } from 'discord.js';
import { Permission } from '#core/permissions/enums';
import { invokerOf, respond, type CommandSource } from '#core/plugin-kit/respond';
import { ModerationAction } from '../entities/ModerationLog';
import {
  cleanReason,
  discordAction,
  isBanned,
  pickTargetUser,
  requireBotPermission,
  requires,
  restOrNull,
} from '../lib/commandSupport';
import { MAX_TEMPBAN_MS, parseDuration } from '#core/plugin-kit/durations';

const USAGE = 'ban <member|user id> [duration] [reason]';
const DELETE_CHOICES = { none: 0, '1h': 3600, '1d': 86_400, '7d': 604_800 } as const;

/**
 * `/ban <user> [duration] [delete_messages] [reason]`: bans a member, or a user by id who already left; a duration
 * makes it a tempban that a scheduled task lifts.
 */
export class BanCommand extends Command {
  public constructor(context: Command.LoaderContext, options: Command.Options) {
    super(context, {
      ...options,
      description: 'Ban a member or a user id; with a duration it is a tempban.',
      detailedDescription: `/${USAGE} · durations like 10m, 2h, 7d, 1w2d`,
      runIn: ['GUILD_ANY'],
      preconditions: requires(Permission.BAN_USER),
    });
  }

  public override registerApplicationCommands(registry: Command.Registry) {
    registry.registerChatInputCommand((builder) =>
      builder
        .setName(this.name)
        .setDescription(this.description)
        .setDefaultMemberPermissions(PermissionFlagsBits.BanMembers)
        .setDMPermission(false)
        .addUserOption((o) =>
          o.setName('user').setDescription('A member, or the id of someone who left').setRequired(true),
        )
        .addStringOption((o) =>
          o.setName('duration').setDescription('Makes it a tempban, e.g. 2h, 7d, 1w2d').setMaxLength(40),
        )
        .addStringOption((o) =>
          o
            .setName('delete_messages')
            .setDescription('Delete their recent messages')
            .addChoices(...Object.keys(DELETE_CHOICES).map((name) => ({ name, value: name }))),
        )
        .addStringOption((o) => o.setName('reason').setDescription('Why').setMaxLength(500)),
    );
  }

  public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
    const { options } = interaction;
    const deleteChoice = (options.getString('delete_messages') ?? 'none') as keyof typeof DELETE_CHOICES;
    const duration = options.getString('duration');
    await this.ban(interaction, {
      user: options.getUser('user', true),
      durationMs: duration === null ? null : parseDuration(duration, { maxMs: MAX_TEMPBAN_MS, what: 'tempban' }),
      deleteMessageSeconds: DELETE_CHOICES[deleteChoice] ?? 0,
      reasonText: options.getString('reason'),
    });
  }

  public override async messageRun(message: Message, args: Args) {
    const user = await pickTargetUser(args, USAGE);
    // A second word that reads as a duration makes it a tempban; otherwise it starts the reason.
    const next = await args.peekResult('string');
    let ms: number | null = null;
    if (next.isOk() && /^-?\d/.test(next.unwrap())) {
      ms = parseDuration(next.unwrap(), { maxMs: MAX_TEMPBAN_MS, what: 'tempban' });
      await args.pick('string');
    }
    await this.ban(message, { user, durationMs: ms, deleteMessageSeconds: 0, reasonText: await restOrNull(args) });
  }

  private async ban(
    source: CommandSource,
    input: { user: User; durationMs: number | null; deleteMessageSeconds: number; reasonText: string | null },
  ) {
    const { moderation } = this.container;
    const { user } = input;
    const moderator = await invokerOf(source);
    const { guild } = moderator;
    const reason = cleanReason(input.reasonText);
    await requireBotPermission(guild, PermissionFlagsBits.BanMembers, 'Ban Members', 'ban');
    const member = await moderation.assertCanActOn(moderator, user.id, 'ban');
    if (await isBanned(guild, user.id)) {
      throw new UserError({ identifier: 'AlreadyBanned', message: `**${user.username}** is already banned.` });
    }
    const expiresAt = input.durationMs ? new Date(Date.now() + input.durationMs) : null;
    const row = await moderation.recordAction(
      {
        guildId: guild.id,
        action: expiresAt ? ModerationAction.TEMPBAN : ModerationAction.BAN,
        userId: user.id,
        performedBy: moderator.id,
        reason,
        expiresAt,
      },
      'command',
      async () => {
        const delivered = member
          ? await moderation.notify(guild, user, { action: 'banned', reason, durationMs: input.durationMs })
          : true;
        await moderation.expectEvent(guild.id, user.id, 'ban');
        await discordAction('ban them', () =>
          guild.bans.create(user.id, { reason, deleteMessageSeconds: input.deleteMessageSeconds }),
        );
        return { dmFailed: !delivered };
      },
    );
    await moderation.cases.syncUserBan(user, { until: expiresAt, reason });
    const until = expiresAt ? ` until ${time(expiresAt, TimestampStyles.LongDateTime)}` : '';
    await respond(source, {
      content: `Banned **${user.username}**${until} (case #${row.caseNumber}).${row.dmFailed ? ' They could not be told by DM.' : ''}`,
      allowedMentions: { parse: [] },
    });
  }
}
