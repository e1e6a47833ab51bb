import { container, UserError } from '@sapphire/framework';
import { fitMessage } from './discordLimits';
import {
  type BaseMessageOptions,
  type GuildMember,
  type Message,
  MessageFlags,
  type RepliableInteraction,
} from 'discord.js';

/** Where a command came from: a slash or context-menu command, a component or modal, or a prefix message. */
export type CommandSource = RepliableInteraction | Message;

/** The member who ran a command in a server (guild-only commands). */
export async function invokerOf(source: CommandSource): Promise<GuildMember> {
  const userId = 'author' in source ? source.author.id : source.user.id;
  return source.guild!.members.fetch(userId);
}

export type ReplyPayload =
  string | Pick<BaseMessageOptions, 'content' | 'embeds' | 'components' | 'files' | 'allowedMentions'>;

/**
 * Answers a command the same way for slash and prefix forms. `ephemeral` hides the reply from others for
 * interactions (a prefix reply cannot be hidden). Works whether the interaction was already deferred or answered.
 */
export async function respond(
  source: CommandSource,
  payload: ReplyPayload,
  { ephemeral = false }: { ephemeral?: boolean } = {},
): Promise<Message> {
  // Replies carry text members set (names, templates, titles): cut to Discord's limits here, once for every command.
  const body = fitMessage(typeof payload === 'string' ? { content: payload } : payload);
  if (!('isRepliable' in source)) return source.reply(body);
  const interaction = source;
  if (interaction.deferred && !interaction.replied) {
    return interaction.editReply(body);
  }
  if (interaction.replied) {
    return interaction.followUp({ ...body, flags: ephemeral ? MessageFlags.Ephemeral : undefined });
  }
  const response = await interaction.reply({
    ...body,
    flags: ephemeral ? MessageFlags.Ephemeral : undefined,
    withResponse: true,
  });
  return response.resource!.message!;
}

/** Defers a slash command before slow work (Discord's deadline is 3 s); a no-op for prefix commands. */
export async function deferIfInteraction(source: CommandSource, { ephemeral = false } = {}): Promise<void> {
  if ('deferReply' in source && !source.deferred && !source.replied) {
    await source.deferReply({ flags: ephemeral ? MessageFlags.Ephemeral : undefined });
  }
}

/** What a member reads when a command failed for a reason that is not theirs to fix (the error is logged). */
export const APOLOGY = 'Sorry, something went wrong on my side while doing that. The error has been logged.';

/**
 * The one place user-facing errors are answered: a {@link UserError} is the user's to fix and its message is shown;
 * anything else is logged with context and the user gets a short apology. Never leaves a command unanswered.
 */
export async function replyWithError(source: CommandSource, error: unknown, context: string): Promise<void> {
  let text: string;
  if (error instanceof UserError) {
    text = error.message;
  } else {
    container.logger.error(`${context} failed:`, error);
    text = APOLOGY;
  }
  try {
    await respond(source, { content: text, embeds: [], components: [] }, { ephemeral: true });
  } catch (replyError) {
    container.logger.warn(`${context}: could not send the error reply:`, replyError);
  }
}
