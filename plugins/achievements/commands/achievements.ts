import { UserError, type Args } from '@sapphire/framework';
import { Subcommand } from '@sapphire/plugin-subcommands';
import {
  EmbedBuilder,
  userMention,
  type AutocompleteInteraction,
  type Guild,
  type GuildMember,
  type Message,
  type SlashCommandSubcommandBuilder,
  type User,
} from 'discord.js';
import { Permission } from '#core/permissions/enums';
import { pickOrUsage, restOrUsage, usageOf } from '#core/plugin-kit/args';
import { replyWithPages, type PagedCommand, type PageRequest, type RenderedPage } from '#core/plugin-kit/pagination';
import { isPieceEnabledIn } from '#core/plugin-kit/pluginGate';
import { invokerOf, respond, type CommandSource } from '#core/plugin-kit/respond';
import { AchievementType } from '../entities/Achievement';
import type { AchievementDefinition } from '../services/types';
import type { CreateInput, EditInput, ProgressItem } from '../services/AchievementsService';
import { countOf, progressBar } from '../services/render';

const MANAGE_ACHIEVEMENTS = [
  { name: 'RequiresPermission', context: { permission: Permission.MANAGE_BOT_SETTINGS } },
] as const;
const AWARD_ACHIEVEMENTS = [
  { name: 'RequiresPermission', context: { permission: Permission.MANAGE_USER_PROFILE } },
] as const;

const PER_PAGE = 5;
const TYPE_CHOICES = Object.values(AchievementType).map((type) => ({ name: type, value: type }));

type Chat = Subcommand.ChatInputCommandInteraction;

/** A one-line summary of a definition: type, requirement, reward, hidden. */
function describe(definition: AchievementDefinition): string {
  const needs =
    definition.type === AchievementType.SPECIAL
      ? 'given by hand'
      : `${definition.type}, ${countOf(definition.type, definition.requirement)}`;
  const reward = definition.reward > 0 ? `, reward ${definition.reward.toLocaleString('en-US')}` : '';
  return `${definition.icon} **${definition.name}** (${needs}${reward}${definition.hidden ? ', hidden' : ''})`;
}

/** One achievement as the member reads it in the progress view. */
function progressLine({ definition, state, earnedAt, value }: ProgressItem): string {
  if (state !== 'earned' && definition.hidden) return '❔ **???** — a hidden achievement.';
  const head = `${definition.icon} **${definition.name}** — ${definition.description}`;
  switch (state) {
    case 'earned':
      return `${head}\n✅ Earned <t:${Math.floor(earnedAt!.getTime() / 1000)}:D>`;
    case 'unavailable':
      return `${head}\n⛔ Unavailable: the levels plugin is off on this server.`;
    case 'progress': {
      const left = definition.requirement - value;
      return `${head}\n${progressBar(value, definition.requirement)} ${value.toLocaleString('en-US')}/${definition.requirement.toLocaleString('en-US')} · ${countOf(definition.type, left)} to go`;
    }
    case 'locked':
      return definition.type === AchievementType.SPECIAL
        ? `🔒 ${head}\nGiven by the staff.`
        : `🔒 ${head}\nLocked · ${countOf(definition.type, definition.requirement)} needed`;
  }
}

/**
 * `/achievements view [member]` (anyone), `create|edit|delete` (MANAGE_BOT_SETTINGS) and `grant|revoke` of SPECIAL
 * achievements (MANAGE_USER_PROFILE). Prefix: `!achievements [member]`, `!achievements grant|revoke <member> <name>`,
 * `!achievements delete <name>`; creating and editing take many options, so they are slash only.
 */
export class AchievementsCommand extends Subcommand implements PagedCommand {
  public readonly pagedSubcommand = 'view';

  public constructor(context: Subcommand.LoaderContext, options: Subcommand.Options) {
    super(context, {
      ...options,
      description: 'Achievements: progress, and managing them.',
      detailedDescription:
        '/achievements view [member] · /achievements create|edit|delete · /achievements grant|revoke <member> <achievement>',
      runIn: ['GUILD_ANY'],
      subcommands: [
        { name: 'view', chatInputRun: 'chatInputView', messageRun: 'messageView', default: true },
        {
          name: 'create',
          chatInputRun: 'chatInputCreate',
          messageRun: 'slashOnly',
          preconditions: [...MANAGE_ACHIEVEMENTS],
        },
        {
          name: 'edit',
          chatInputRun: 'chatInputEdit',
          messageRun: 'slashOnly',
          preconditions: [...MANAGE_ACHIEVEMENTS],
        },
        {
          name: 'delete',
          chatInputRun: 'chatInputDelete',
          messageRun: 'messageDelete',
          preconditions: [...MANAGE_ACHIEVEMENTS],
        },
        {
          name: 'grant',
          chatInputRun: 'chatInputGrant',
          messageRun: 'messageGrant',
          preconditions: [...AWARD_ACHIEVEMENTS],
        },
        {
          name: 'revoke',
          chatInputRun: 'chatInputRevoke',
          messageRun: 'messageRevoke',
          preconditions: [...AWARD_ACHIEVEMENTS],
        },
      ],
    });
  }

  public override registerApplicationCommands(registry: Subcommand.Registry) {
    const achievement = (sub: SlashCommandSubcommandBuilder) =>
      sub.addStringOption((o) =>
        o
          .setName('achievement')
          .setDescription('The achievement')
          .setRequired(true)
          .setMaxLength(64)
          .setAutocomplete(true),
      );
    const definitionOptions = (sub: SlashCommandSubcommandBuilder, required: boolean) =>
      sub
        .addStringOption((o) =>
          o.setName('name').setDescription('Name (1–64 characters)').setRequired(required).setMaxLength(64),
        )
        .addStringOption((o) =>
          o.setName('description').setDescription('What it takes').setRequired(required).setMaxLength(300),
        )
        .addStringOption((o) =>
          o
            .setName('type')
            .setDescription('What it counts')
            .setRequired(required)
            .addChoices(...TYPE_CHOICES),
        )
        .addIntegerOption((o) => o.setName('requirement').setDescription('How many are needed (not for SPECIAL)'))
        .addIntegerOption((o) => o.setName('reward').setDescription('Money paid on unlock when the economy is on'))
        .addStringOption((o) => o.setName('icon').setDescription('An emoji').setMaxLength(64))
        .addBooleanOption((o) => o.setName('hidden').setDescription('Shown as ??? until earned'));
    registry.registerChatInputCommand((builder) =>
      builder
        .setName(this.name)
        .setDescription(this.description)
        .setDMPermission(false)
        .addSubcommand((sub) =>
          sub
            .setName('view')
            .setDescription("Your achievements, or a member's: earned, in progress and locked.")
            .addUserOption((o) => o.setName('member').setDescription('Whose achievements')),
        )
        .addSubcommand((sub) => definitionOptions(sub.setName('create').setDescription('Create an achievement.'), true))
        .addSubcommand((sub) =>
          definitionOptions(achievement(sub.setName('edit').setDescription('Change an achievement.')), false),
        )
        .addSubcommand((sub) =>
          achievement(sub.setName('delete').setDescription('Delete an achievement (members lose it and its badge).')),
        )
        .addSubcommand((sub) =>
          achievement(
            sub
              .setName('grant')
              .setDescription('Give a SPECIAL achievement to a member.')
              .addUserOption((o) => o.setName('member').setDescription('Who gets it').setRequired(true)),
          ),
        )
        .addSubcommand((sub) =>
          achievement(
            sub
              .setName('revoke')
              .setDescription('Take a SPECIAL achievement back.')
              .addUserOption((o) => o.setName('member').setDescription('From whom').setRequired(true)),
          ),
        ),
    );
  }

  /** Names for the `achievement` option; only for those who may manage them (hidden names stay hidden). */
  public override async autocompleteRun(interaction: AutocompleteInteraction) {
    const guild = interaction.guild;
    const member = guild ? await guild.members.fetch(interaction.user.id).catch(() => null) : null;
    const { permissions } = this.container;
    const allowed =
      guild &&
      member &&
      (await isPieceEnabledIn(this, guild.id)) &&
      ((await permissions.has(member, Permission.MANAGE_BOT_SETTINGS)) ||
        (await permissions.has(member, Permission.MANAGE_USER_PROFILE)));
    if (!allowed) {
      await interaction.respond([]);
      return;
    }
    await this.container.achievements.ensureDefaults(guild.id);
    const names = await this.container.achievements.repository.names(
      guild.id,
      String(interaction.options.getFocused()).slice(0, 64),
    );
    await interaction.respond(names.map((name) => ({ name, value: name })));
  }

  // View -----------------------------------------------------------------------------------------------------------

  public async chatInputView(interaction: Chat) {
    await this.view(interaction, interaction.options.getUser('member') ?? interaction.user);
  }

  public async messageView(message: Message, args: Args) {
    const user = args.finished
      ? message.author
      : await pickOrUsage(args, 'user', await usageOf(message, 'achievements [member]'));
    await this.view(message, user);
  }

  private async view(source: CommandSource, user: User) {
    if (user.bot) throw new UserError({ identifier: 'AchievementsBot', message: 'Bots do not earn achievements.' });
    const viewer = await invokerOf(source);
    await replyWithPages(source, this, { guildId: viewer.guild.id, viewerId: viewer.id, state: user.id });
  }

  public async renderPage({ guildId, state: userId, page }: PageRequest): Promise<RenderedPage> {
    const items = await this.container.achievements.progressOf(guildId, userId);
    const earned = items.filter((item) => item.state === 'earned').length;
    const pageCount = Math.max(1, Math.ceil(items.length / PER_PAGE));
    const shown = items.slice(page * PER_PAGE, (page + 1) * PER_PAGE);
    const embed = new EmbedBuilder()
      .setTitle(`Achievements · ${earned} of ${items.length} earned`)
      .setDescription(
        [
          `Achievements of ${userMention(userId)}.`,
          ...(shown.length === 0 ? ['This server has no achievements yet.'] : shown.map(progressLine)),
        ].join('\n\n'),
      );
    return { embed, pageCount };
  }

  // Definitions ----------------------------------------------------------------------------------------------------

  public async chatInputCreate(interaction: Chat) {
    const { options } = interaction;
    const input: CreateInput = {
      name: options.getString('name', true),
      description: options.getString('description', true),
      type: options.getString('type', true) as AchievementType,
      requirement: options.getInteger('requirement'),
      reward: options.getInteger('reward'),
      icon: options.getString('icon'),
      hidden: options.getBoolean('hidden'),
    };
    this.checkType(input.type);
    const { definition, retro } = await this.container.achievements.create(
      interaction.guildId!,
      input,
      interaction.channelId,
    );
    await respond(
      interaction,
      {
        content: `Created ${describe(definition)}.${retro ? ' Members who already qualify get it in a moment.' : ''}`,
        allowedMentions: { parse: [] },
      },
      { ephemeral: true },
    );
  }

  public async chatInputEdit(interaction: Chat) {
    const { options } = interaction;
    const type = options.getString('type') as AchievementType | null;
    if (type) this.checkType(type);
    const input: EditInput = {
      name: options.getString('name'),
      description: options.getString('description'),
      type,
      requirement: options.getInteger('requirement'),
      reward: options.getInteger('reward'),
      icon: options.getString('icon'),
      hidden: options.getBoolean('hidden'),
    };
    const { after, retro } = await this.container.achievements.edit(
      interaction.guildId!,
      options.getString('achievement', true),
      input,
      interaction.channelId,
    );
    await respond(
      interaction,
      {
        content: `Saved ${describe(after)}.${retro ? ' Members who now qualify get it in a moment.' : ''}`,
        allowedMentions: { parse: [] },
      },
      { ephemeral: true },
    );
  }

  public async chatInputDelete(interaction: Chat) {
    await this.delete(interaction, interaction.guild!, interaction.options.getString('achievement', true));
  }

  public async messageDelete(message: Message, args: Args) {
    await this.delete(
      message,
      message.guild!,
      await restOrUsage(args, await usageOf(message, 'achievements delete <achievement>')),
    );
  }

  private async delete(source: CommandSource, guild: Guild, name: string) {
    const { definition, holders } = await this.container.achievements.remove(guild.id, name);
    const lost = holders > 0 ? ` ${holders} member${holders === 1 ? '' : 's'} lost it and its badge.` : '';
    await respond(
      source,
      { content: `Deleted ${describe(definition)}.${lost}`, allowedMentions: { parse: [] } },
      { ephemeral: true },
    );
  }

  public async slashOnly(message: Message) {
    throw new UserError({
      identifier: 'AchievementsSlashOnly',
      message: `Creating and editing achievements take many options: use the slash command (\`/achievements create\` or \`/achievements edit\`). ${await usageOf(message, 'achievements delete <achievement>')} works here.`,
    });
  }

  private checkType(type: string): void {
    if (!(Object.values(AchievementType) as string[]).includes(type)) {
      throw new UserError({
        identifier: 'AchievementBadType',
        message: `The type must be one of ${Object.values(AchievementType).join(', ')}.`,
      });
    }
  }

  // Grant and revoke -----------------------------------------------------------------------------------------------

  public async chatInputGrant(interaction: Chat) {
    const member = await this.memberOf(interaction.guild!, interaction.options.getUser('member', true));
    await this.grant(interaction, member, interaction.options.getString('achievement', true));
  }

  public async messageGrant(message: Message, args: Args) {
    const usage = await usageOf(message, 'achievements grant <member> <achievement>');
    const member = await this.memberOf(message.guild!, await pickOrUsage(args, 'user', usage));
    await this.grant(message, member, await restOrUsage(args, usage));
  }

  private async grant(source: CommandSource, member: GuildMember, name: string) {
    const actor = await invokerOf(source);
    const unlock = await this.container.achievements.grant(
      member.guild.id,
      name,
      member.id,
      actor.id,
      source.channelId,
    );
    await respond(
      source,
      { content: `Gave ${describe(unlock.achievement)} to ${userMention(member.id)}.`, allowedMentions: { parse: [] } },
      { ephemeral: true },
    );
  }

  public async chatInputRevoke(interaction: Chat) {
    const member = await this.memberOf(interaction.guild!, interaction.options.getUser('member', true));
    await this.revoke(interaction, member, interaction.options.getString('achievement', true));
  }

  public async messageRevoke(message: Message, args: Args) {
    const usage = await usageOf(message, 'achievements revoke <member> <achievement>');
    const member = await this.memberOf(message.guild!, await pickOrUsage(args, 'user', usage));
    await this.revoke(message, member, await restOrUsage(args, usage));
  }

  private async revoke(source: CommandSource, member: GuildMember, name: string) {
    const definition = await this.container.achievements.revoke(member.guild.id, name, member.id);
    await respond(
      source,
      { content: `Took ${describe(definition)} back from ${userMention(member.id)}.`, allowedMentions: { parse: [] } },
      { ephemeral: true },
    );
  }

  private async memberOf(guild: Guild, user: User): Promise<GuildMember> {
    if (user.bot) throw new UserError({ identifier: 'AchievementsBot', message: 'Bots do not earn achievements.' });
    const member = await guild.members.fetch(user.id).catch(() => null);
    if (!member) {
      throw new UserError({
        identifier: 'AchievementsNotAMember',
        message: `**${user.username}** is not a member of this server.`,
      });
    }
    return member;
  }
}
