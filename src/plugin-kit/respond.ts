import { container, UserError } from '@sapphire/framework';
import { isDatabaseUnavailableError } from '../database/unavailable';
import { isRedisUnavailableError } from '../redis/connect';
import { outageLog } from '../redis/outageLog';
import { asApiJson, fitMessage } from './discordLimits';
import { SCHEDULER_UNAVAILABLE } from './tasks';
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
): Promise<void> {
  // Replies carry text members set (names, templates, titles): cut to Discord's limits here, once for every command.
  const fitted = fitMessage(typeof payload === 'string' ? { content: payload } : payload);
  // The fitted embeds are APIEmbed objects, in the API's shape already.
  const body = fitted.embeds ? { ...fitted, embeds: fitted.embeds.map(asApiJson) } : fitted;
  if (!('isRepliable' in source)) {
    await source.reply(body);
    return;
  }
  const interaction = source;
  answering.add(interaction);
  // A deferral the core started (the command ran long) must land before the answer edits it.
  await pendingDeferrals.get(interaction);
  if (interaction.deferred && !interaction.replied) {
    await interaction.editReply(body);
  } else if (interaction.replied) {
    await interaction.followUp({ ...body, flags: ephemeral ? MessageFlags.Ephemeral : undefined });
  } else {
    // Without `withResponse`: nothing reads the message back, and Discord then answers with no body to parse.
    await interaction.reply({ ...body, flags: ephemeral ? MessageFlags.Ephemeral : undefined });
  }
}

/** Defers a slash command before slow work (Discord's deadline is 3 s); a no-op for prefix commands. */
export async function deferIfInteraction(source: CommandSource, { ephemeral = false } = {}): Promise<void> {
  if (!('deferReply' in source)) return;
  answering.add(source);
  await pendingDeferrals.get(source);
  if (!source.deferred && !source.replied) {
    await source.deferReply({ flags: ephemeral ? MessageFlags.Ephemeral : undefined });
  }
}

/** What a member reads when a command failed for a reason that is not theirs to fix (the error is logged). */
export const APOLOGY = 'Sorry, something went wrong on my side while doing that. The error has been logged.';

/** What a member reads when the database is down or gave up waiting (a statement, lock or connection timeout). */
export const DATABASE_UNAVAILABLE =
  'The database is not answering right now, so nothing was changed. Please try again in a minute.';

/** How long a slash command may run before the core defers its reply (Discord's deadline is 3 s). */
export const AUTO_DEFER_MS = 2_000;

/** Interactions whose answer has started, which a late automatic deferral must leave alone. */
const answering = new WeakSet<RepliableInteraction>();
const pendingDeferrals = new WeakMap<RepliableInteraction, Promise<void>>();

/**
 * How long from now until a command's reply must be deferred: {@link AUTO_DEFER_MS} after the interaction was created,
 * because Discord's 3 s run from then, not from when this process got round to the command (under a burst an
 * interaction waits behind others in the gateway queue and preconditions; 0.9 s was measured with 500 at once).
 */
export function autoDeferDelay(createdTimestamp: number, now = Date.now(), afterMs = AUTO_DEFER_MS): number {
  return Math.min(afterMs, Math.max(0, createdTimestamp + afterMs - now));
}

/**
 * Defers the reply of a slash command still unanswered {@link AUTO_DEFER_MS} after the interaction was created, so a
 * command waiting on a slow database or Discord is answered late rather than lost to Discord's 3 s deadline;
 * `respond()` then edits the deferred reply. Returns the function that cancels it (the command finished).
 */
export function deferIfSlow(interaction: RepliableInteraction): () => void {
  const timer = setTimeout(() => {
    if (interaction.deferred || interaction.replied || answering.has(interaction)) return;
    const deferral = interaction
      .deferReply()
      .then(() => undefined)
      .catch((error: unknown) => container.logger.debug(`Deferring interaction ${interaction.id} failed:`, error));
    pendingDeferrals.set(interaction, deferral);
  }, autoDeferDelay(interaction.createdTimestamp));
  timer.unref();
  return () => clearTimeout(timer);
}

/** Whether an error means a dependency (Redis, the database) could not do the work just now. */
export function isUnavailableError(error: unknown): boolean {
  return isRedisUnavailableError(error) || isDatabaseUnavailableError(error);
}

/**
 * The one place user-facing errors are answered: a {@link UserError} is the user's to fix and its message is shown;
 * anything else is logged with context and the user gets a short apology. Never leaves a command unanswered.
 */
export async function replyWithError(source: CommandSource, error: unknown, context: string): Promise<void> {
  // Shutdown waits for this answer too (the command itself has finished by now).
  const end = container.work?.begin();
  try {
    await answerError(source, error, context);
  } finally {
    end?.();
  }
}

async function answerError(source: CommandSource, error: unknown, context: string): Promise<void> {
  let text: string;
  if (error instanceof UserError) {
    text = error.message;
  } else if (isRedisUnavailableError(error)) {
    // During an outage every command says so: one log line a minute, not a stack trace per command.
    outageLog.report('redis-commands', `${context} failed: Redis unavailable`, error);
    text = SCHEDULER_UNAVAILABLE;
  } else if (isDatabaseUnavailableError(error)) {
    outageLog.report('database-commands', `${context} failed: database unavailable`, error);
    text = DATABASE_UNAVAILABLE;
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
