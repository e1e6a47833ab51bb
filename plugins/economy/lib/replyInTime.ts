import {
  autoDeferDelay,
  deferIfInteraction,
  respond,
  type CommandSource,
  type ReplyPayload,
} from '#core/plugin-kit/respond';

/**
 * How long after a slash command was sent its work may run before the reply is deferred. Discord allows 3 s; the
 * deferral itself must still arrive in time when the process is busy, hence the wide margin.
 */
const DEFER_AFTER_MS = 1_000;

/**
 * Runs a command's work and answers with the reply it returns. When a slash command's work is still running 1 s
 * after the member sent it (the bot is backlogged, or waits for a row another command holds), the reply is deferred
 * first, so Discord's 3-second deadline never passes and the member is always told what happened to their money.
 * The deferral is decided before the work's outcome is known: an error it throws is answered afterwards, by the
 * core, never at the same time as the deferral.
 */
export async function replyInTime(
  source: CommandSource,
  work: () => Promise<ReplyPayload>,
  { ephemeral = false }: { ephemeral?: boolean } = {},
): Promise<void> {
  const result = work();
  if ('isRepliable' in source) {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), autoDeferDelay(source.createdTimestamp, Date.now(), DEFER_AFTER_MS));
    });
    const deferNow = await Promise.race([
      result.then(
        () => false,
        () => false,
      ),
      late,
    ]);
    clearTimeout(timer);
    if (deferNow) await deferIfInteraction(source, { ephemeral });
  }
  await respond(source, await result, { ephemeral });
}
