import { UserError, type Args } from '@sapphire/framework';
import { Subcommand } from '@sapphire/plugin-subcommands';
import { ActionRowBuilder, ModalBuilder, TextInputBuilder, TextInputStyle, type Message } from 'discord.js';
import { usageOf } from '#core/plugin-kit/args';
import { addOptions, readOptions, type OptionSource } from '#core/plugin-kit/commandOptions';
import { respond, type CommandSource } from '#core/plugin-kit/respond';
import { route } from '#core/plugin-kit/subcommands';
import { PROFILE_EDIT_FIELDS, PROFILE_EDIT_MODAL } from '../ids';
import { memberOf, showProfile } from '../lib/showProfile';
import { BIO_MAX, SOCIAL_NETWORKS, TITLE_MAX, type SocialNetwork } from '../services/ProfileService';

const VIEW_OPTIONS = [{ name: 'member', type: 'user', description: 'Whose profile (default: yours)' }] as const;
const NETWORKS = Object.keys(SOCIAL_NETWORKS).join(', ');
const SOCIALS_OPTIONS = [
  { name: 'network', type: 'string', description: `One of: ${NETWORKS}`, required: true, maxLength: 20 },
  { name: 'url', type: 'string', description: 'https link (leave out to remove it)', maxLength: 300 },
] as const;
const PRIVACY_OPTIONS = [
  { name: 'balance', type: 'boolean', description: 'Hide your balance from others' },
  { name: 'level', type: 'boolean', description: 'Hide your level and rank from others' },
] as const;

const BADGE_OPTIONS = [
  { name: 'badge', type: 'string', description: 'The badge’s name', required: true, maxLength: 64, rest: true },
] as const;

/** `/profile view|edit|socials|privacy`: the member's profile card and what they put on it. */
export class ProfileCommand extends Subcommand {
  public constructor(context: Subcommand.LoaderContext, options: Subcommand.Options) {
    super(context, {
      ...options,
      description: 'Profile cards: yours or a member’s, and what is on yours.',
      detailedDescription:
        '/profile view [member] · /profile edit · /profile socials <network> [url] · /profile privacy',
      runIn: ['GUILD_ANY'],
      subcommands: [
        { ...route('view'), default: true },
        route('edit'),
        route('socials'),
        route('privacy'),
        { name: 'badge', type: 'group', entries: [route('select', undefined, 'BadgeSelect')] },
      ],
    });
  }

  public override registerApplicationCommands(registry: Subcommand.Registry) {
    registry.registerChatInputCommand((builder) =>
      builder
        .setName(this.name)
        .setDescription(this.description)
        .setDMPermission(false)
        .addSubcommand((sub) => addOptions(sub.setName('view').setDescription('Show a profile card.'), VIEW_OPTIONS))
        .addSubcommand((sub) => sub.setName('edit').setDescription('Edit your bio, title and accent colour.'))
        .addSubcommand((sub) =>
          addOptions(sub.setName('socials').setDescription('Link (or unlink) a social account.'), SOCIALS_OPTIONS),
        )
        .addSubcommand((sub) =>
          addOptions(sub.setName('privacy').setDescription('Hide your balance or level from others.'), PRIVACY_OPTIONS),
        )
        .addSubcommandGroup((group) =>
          group
            .setName('badge')
            .setDescription('Your badges here.')
            .addSubcommand((sub) =>
              addOptions(sub.setName('select').setDescription('Highlight one of your badges here.'), BADGE_OPTIONS),
            ),
        ),
    );
  }

  public async chatInputView(interaction: Subcommand.ChatInputCommandInteraction) {
    await this.view(interaction, interaction, '/profile view [member]');
  }

  public async messageView(message: Message, args: Args) {
    await this.view(message, { args }, await usageOf(message, 'profile [member]'));
  }

  public async chatInputEdit(interaction: Subcommand.ChatInputCommandInteraction) {
    const profile = await this.container.profile.profiles.find(interaction.user.id);
    const field = (id: string, label: string, style: TextInputStyle, max: number, value: string | null | undefined) => {
      const input = new TextInputBuilder()
        .setCustomId(id)
        .setLabel(label)
        .setStyle(style)
        .setRequired(false)
        .setMaxLength(max);
      if (value) input.setValue(value);
      return new ActionRowBuilder<TextInputBuilder>().addComponents(input);
    };
    await interaction.showModal(
      new ModalBuilder()
        .setCustomId(PROFILE_EDIT_MODAL)
        .setTitle('Edit your profile')
        .addComponents(
          field(PROFILE_EDIT_FIELDS.bio, 'Bio', TextInputStyle.Paragraph, BIO_MAX, profile?.bio),
          field(PROFILE_EDIT_FIELDS.title, 'Title', TextInputStyle.Short, TITLE_MAX, profile?.customTitle),
          field(
            PROFILE_EDIT_FIELDS.accent,
            'Accent colour (hex, e.g. #5865f2)',
            TextInputStyle.Short,
            7,
            profile?.accent,
          ),
        ),
    );
  }

  public async messageEdit(message: Message) {
    await respond(message, 'Use `/profile edit`: it opens an editor.');
  }

  public async chatInputSocials(interaction: Subcommand.ChatInputCommandInteraction) {
    await this.socials(interaction, interaction, '/profile socials network:<github> url:<https://…>');
  }

  public async messageSocials(message: Message, args: Args) {
    await this.socials(message, { args }, await usageOf(message, 'profile socials <network> [url]'));
  }

  public async chatInputPrivacy(interaction: Subcommand.ChatInputCommandInteraction) {
    await this.privacy(interaction, interaction, '/profile privacy [balance] [level]');
  }

  public async messagePrivacy(message: Message, args: Args) {
    await this.privacy(
      message,
      { args },
      await usageOf(message, 'profile privacy [hide balance: true|false] [hide level: true|false]'),
    );
  }

  public async chatInputBadgeSelect(interaction: Subcommand.ChatInputCommandInteraction) {
    await this.selectBadge(interaction, interaction, '/profile badge select badge:<name>');
  }

  public async messageBadgeSelect(message: Message, args: Args) {
    await this.selectBadge(message, { args }, await usageOf(message, 'profile badge select <name>'));
  }

  private async selectBadge(source: CommandSource, options: OptionSource, usage: string) {
    const { badge } = await readOptions(options, BADGE_OPTIONS, usage);
    const name = await this.container.profile.selectBadge(source.guildId!, userOf(source).id, badge);
    await respond(
      source,
      { content: `**${name}** is now your highlighted badge here.`, allowedMentions: { parse: [] } },
      { ephemeral: true },
    );
  }

  private async view(source: CommandSource, options: OptionSource, usage: string) {
    const { member: user } = await readOptions(options, VIEW_OPTIONS, usage);
    const viewer = userOf(source);
    await showProfile(source, await memberOf(source.guild!, user ?? viewer), viewer.id);
  }

  private async socials(source: CommandSource, options: OptionSource, usage: string) {
    const { network, url } = await readOptions(options, SOCIALS_OPTIONS, usage);
    const key = network.toLowerCase() === 'twitter' ? 'x' : network.toLowerCase();
    if (!Object.hasOwn(SOCIAL_NETWORKS, key)) {
      throw new UserError({
        identifier: 'UnknownNetwork',
        message: `Unknown network \`${network.slice(0, 20)}\`: use one of ${NETWORKS}.`,
      });
    }
    await this.container.profile.setSocial(userOf(source).id, key as SocialNetwork, url);
    await respond(
      source,
      { content: url ? `Your ${key} link is saved.` : `Your ${key} link is removed.`, allowedMentions: { parse: [] } },
      { ephemeral: true },
    );
  }

  private async privacy(source: CommandSource, options: OptionSource, usage: string) {
    const { balance, level } = await readOptions(options, PRIVACY_OPTIONS, usage);
    const change = {
      ...(balance === null ? {} : { hideBalance: balance }),
      ...(level === null ? {} : { hideLevel: level }),
    };
    const profile = await this.container.profile.setPrivacy(userOf(source).id, change);
    const shown = (hidden: boolean | undefined) => (hidden ? 'hidden from others' : 'shown');
    await respond(
      source,
      `Balance: ${shown(profile.settings.hideBalance)} · Level: ${shown(profile.settings.hideLevel)}.`,
      { ephemeral: true },
    );
  }
}

function userOf(source: CommandSource) {
  return 'author' in source ? source.author : source.user;
}
