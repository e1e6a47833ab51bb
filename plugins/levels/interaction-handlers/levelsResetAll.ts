import { InteractionHandlerTypes, type InteractionHandler } from '@sapphire/framework';
import type { ButtonInteraction, Interaction } from 'discord.js';
import { Permission } from '#core/permissions/enums';
import type { ComponentAccess } from '#core/plugin-kit/componentAccess';
import { PluginInteractionHandler } from '#core/plugin-kit/PluginInteractionHandler';
import { respond } from '#core/plugin-kit/respond';
import { LEVELS_RESET_ALL_BUTTON } from '../ids';
import levels from '../index';

/** The buttons under `/levels reset-all`: only the admin who asked can confirm or cancel. */
export class LevelsResetAllHandler extends PluginInteractionHandler {
  public readonly access: ComponentAccess = { permission: Permission.MANAGE_BOT_SETTINGS };

  public constructor(context: InteractionHandler.LoaderContext, options: InteractionHandler.Options) {
    super(context, { ...options, interactionHandlerType: InteractionHandlerTypes.Button });
  }

  public override parseEnabled(interaction: Interaction) {
    if (!interaction.isButton() || !interaction.customId.startsWith(`${LEVELS_RESET_ALL_BUTTON}:`)) return this.none();
    const [action, askerId] = interaction.customId.slice(LEVELS_RESET_ALL_BUTTON.length + 1).split(':');
    return action === 'confirm' || action === 'cancel' ? this.some({ action, askerId }) : this.none();
  }

  public override async run(
    interaction: ButtonInteraction<'cached'>,
    { action, askerId }: { action: 'confirm' | 'cancel'; askerId: string },
  ) {
    if (interaction.user.id !== askerId) {
      await respond(interaction, 'Only the admin who asked for the reset can answer this.', { ephemeral: true });
      return;
    }
    if (action === 'cancel') {
      await interaction.update({ content: 'Cancelled: nobody’s levels were touched.', components: [] });
      return;
    }
    await interaction.deferUpdate();
    const service = this.container.levels;
    const deleted = await service.repository.resetGuild(interaction.guildId);
    const { roleRewards } = await levels.settings(interaction.guildId);
    const rewardRoles = new Set(roleRewards.map((reward) => reward.roleId));
    // Every member, from Discord: the client caches only the members it saw last.
    for (const member of (await interaction.guild.members.fetch()).values()) {
      if (member.roles.cache.some((role) => rewardRoles.has(role.id))) await service.applyRewards(member, 0);
    }
    await interaction.editReply({
      content: `Reset the XP and levels of **${deleted.toLocaleString('en-US')}** members.`,
      components: [],
    });
  }
}
