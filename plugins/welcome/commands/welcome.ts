import { Command } from '@sapphire/framework';
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  channelMention,
  type GuildMember,
  type Message,
} from 'discord.js';
import { Permission } from '#core/permissions/enums';
import { respond, type CommandSource } from '#core/plugin-kit/respond';
import { WELCOME_EDIT_BUTTON } from '../ids';
import welcome from '../index';
import { greetingContextOf, renderGreeting } from '../services/greeting';

/** `/welcome`: shows the greeting new members get, and where it goes. */
export class WelcomeCommand extends Command {
  public constructor(context: Command.LoaderContext, options: Command.Options) {
    super(context, {
      ...options,
      description: 'Preview the greeting new members get.',
      detailedDescription: '/welcome',
      runIn: ['GUILD_ANY'],
    });
  }

  public override registerApplicationCommands(registry: Command.Registry) {
    registry.registerChatInputCommand((builder) =>
      builder.setName(this.name).setDescription(this.description).setDMPermission(false),
    );
  }

  public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
    await this.preview(interaction, await interaction.guild!.members.fetch(interaction.user.id));
  }

  public override async messageRun(message: Message) {
    await this.preview(message, await message.guild!.members.fetch(message.author.id));
  }

  private async preview(source: CommandSource, member: GuildMember) {
    const { guildSettings } = this.container;
    const { config } = await guildSettings.get(member.guild.id);
    const settings = await welcome.settings(member.guild.id);
    const greeting = renderGreeting(settings.message, greetingContextOf(member));
    const where = config.welcomeChannelId
      ? `New members are greeted in ${channelMention(config.welcomeChannelId)}${settings.dm ? ' and by DM' : ''}:`
      : 'No welcome channel is set (`/config channel welcome #channel`), so nobody is greeted yet. The greeting would be:';
    const canEdit = await this.container.permissions.has(member, Permission.MANAGE_BOT_SETTINGS);
    const components = canEdit
      ? [
          new ActionRowBuilder<ButtonBuilder>().addComponents(
            new ButtonBuilder()
              .setCustomId(WELCOME_EDIT_BUTTON)
              .setLabel('Edit greeting')
              .setStyle(ButtonStyle.Secondary),
          ),
        ]
      : [];
    await respond(
      source,
      { content: `${where}\n>>> ${greeting}`, components, allowedMentions: { parse: [] } },
      { ephemeral: true },
    );
  }
}
