import { InteractionHandler, InteractionHandlerTypes, type Command } from '@sapphire/framework';
import type { Subcommand } from '@sapphire/plugin-subcommands';
import { MessageFlags, type ButtonInteraction, type ChatInputCommandInteraction, type Interaction } from 'discord.js';
import type { ComponentAccess, DeclaresComponentAccess } from '../plugin-kit/componentAccess';
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
 * Turns the pages of any paged command's reply (see `src/plugin-kit/pagination.ts`). The command's preconditions
 * (and those of its paged subcommand) run again for the member who clicks: a page shows only what the clicker could
 * have asked for. The member who ran the command moves their message; anyone else allowed gets the page as their
 * own hidden copy, so nobody hijacks a list.
 */
export class PageButtonsHandler extends InteractionHandler implements DeclaresComponentAccess {
  public readonly access: ComponentAccess = { originatingCommand: true };

  public constructor(context: InteractionHandler.LoaderContext, options: InteractionHandler.Options) {
    super(context, { ...options, interactionHandlerType: InteractionHandlerTypes.Button });
  }

  public override async parse(interaction: Interaction) {
    if (!interaction.isButton() || !interaction.customId.startsWith(`${PAGE_BUTTON_PREFIX}:`)) return this.none();
    const target = parsePageButtonId(interaction.customId);
    const command = target && this.container.stores.get('commands').get(target.commandName);
    if (!target || !command || !isPagedCommand(command) || !interaction.guildId) return this.none();
    const refusal = (await isPieceEnabledIn(command, interaction.guildId))
      ? await preconditionRefusal(command, interaction)
      : disabledPluginMessage(this.container.plugins.ofPiece(command)!.name);
    if (refusal !== null) {
      await interaction.reply({ content: refusal, flags: MessageFlags.Ephemeral });
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

/**
 * Runs the command's own preconditions and its paged subcommand's for the member who clicked, as Sapphire runs them
 * for a slash command; the refusal's message, or null when the clicker passes.
 */
async function preconditionRefusal(command: Command & PagedCommand, interaction: ButtonInteraction) {
  // The project's preconditions (and Sapphire's RunIn) read only the guild, channel and user of the interaction,
  // which a button interaction has as a command interaction does; none reads a command's options.
  const asCommand = interaction as unknown as ChatInputCommandInteraction;
  if (!command.supportsChatInputCommands()) throw new Error(`/${command.name} is paged but has no slash form.`);
  const containers = [command.preconditions];
  const subcommands = (command as Partial<Subcommand>).subcommandPreconditions;
  if (subcommands?.size) {
    const own = command.pagedSubcommand === undefined ? undefined : subcommands.get(command.pagedSubcommand);
    if (!own) throw new Error(`/${command.name} is paged but its pagedSubcommand names none of its subcommands.`);
    containers.push(own);
  }
  for (const preconditions of containers) {
    const result = await preconditions.chatInputRun(asCommand, command, { command, interaction: asCommand });
    if (result.isErr()) return result.unwrapErr().message;
  }
  return null;
}
