import { InteractionHandler, InteractionHandlerTypes } from '@sapphire/framework';
import type { Interaction, StringSelectMenuInteraction } from 'discord.js';
import { groupUsage, HELP_PLUGIN_MENU } from '../commands/help';
import type { ComponentAccess, DeclaresComponentAccess } from '../plugin-kit/componentAccess';
import { respond } from '../plugin-kit/respond';

/** The menu under `/help`'s list: shows how to use the commands of the chosen plugin that the member can use. */
export class HelpPluginMenuHandler extends InteractionHandler implements DeclaresComponentAccess {
  public readonly access: ComponentAccess = { own: 'shows the clicker only the commands they can use themselves' };

  public constructor(context: InteractionHandler.LoaderContext, options: InteractionHandler.Options) {
    super(context, { ...options, interactionHandlerType: InteractionHandlerTypes.SelectMenu });
  }

  public override parse(interaction: Interaction) {
    return interaction.isStringSelectMenu() && interaction.customId === HELP_PLUGIN_MENU
      ? this.some(interaction.values[0] ?? 'core')
      : this.none();
  }

  public override async run(interaction: StringSelectMenuInteraction, group: string) {
    const member = interaction.guild ? await interaction.guild.members.fetch(interaction.user.id) : null;
    await respond(interaction, { embeds: [await groupUsage(interaction.guild, member, group)] }, { ephemeral: true });
  }
}
