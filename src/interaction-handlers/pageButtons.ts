import { InteractionHandler, InteractionHandlerTypes } from '@sapphire/framework';
import { MessageFlags, type ButtonInteraction, type Interaction } from 'discord.js';
import {
  isPagedCommand,
  PAGE_BUTTON_PREFIX,
  pageMessage,
  parsePageButtonId,
  renderClamped,
  type PagedCommand,
  type PageRequest,
} from '../plugin-kit/pagination';
import { disabledPluginMessage, isPieceEnabledIn } from '../plugin-kit/pluginGate';

interface ParsedPageClick {
  command: PagedCommand & { name: string };
  request: PageRequest;
  ownsMessage: boolean;
}

/**
 * Turns the pages of any paged command's reply (see `src/plugin-kit/pagination.ts`). The member who ran the command
 * moves their message; anyone else gets the page they asked for as their own hidden copy, so nobody hijacks a list.
 */
export class PageButtonsHandler extends InteractionHandler {
  public constructor(context: InteractionHandler.LoaderContext, options: InteractionHandler.Options) {
    super(context, { ...options, interactionHandlerType: InteractionHandlerTypes.Button });
  }

  public override async parse(interaction: Interaction) {
    if (!interaction.isButton() || !interaction.customId.startsWith(`${PAGE_BUTTON_PREFIX}:`)) return this.none();
    const target = parsePageButtonId(interaction.customId);
    const command = target && this.container.stores.get('commands').get(target.commandName);
    if (!target || !command || !isPagedCommand(command) || !interaction.guildId) return this.none();
    if (!(await isPieceEnabledIn(command, interaction.guildId))) {
      await interaction.reply({
        content: disabledPluginMessage(this.container.plugins.ofPiece(command)!.name),
        flags: MessageFlags.Ephemeral,
      });
      return this.none();
    }
    return this.some<ParsedPageClick>({
      command,
      request: { guildId: interaction.guildId, viewerId: interaction.user.id, state: target.state, page: target.page },
      ownsMessage: interaction.user.id === target.ownerId,
    });
  }

  public override async run(interaction: ButtonInteraction, { command, request, ownsMessage }: ParsedPageClick) {
    const rendered = await renderClamped(command, request);
    const message = pageMessage(command.name, request, rendered);
    if (ownsMessage) await interaction.update(message);
    else await interaction.reply({ ...message, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
  }
}
