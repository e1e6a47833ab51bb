import type { ILogger } from '@sapphire/framework';
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  Colors,
  Routes,
  userMention,
  type APIChannel,
  type APIGuild,
  type APIUser,
} from 'discord.js';
import { TicketStatus, type Ticket } from '../entities/Ticket';
import type { TicketMessage } from '../entities/TicketMessage';
import { TicketIds } from '../ids';
import type { MessageFile, TicketContext } from './TicketContext';
import type { TicketJobs } from './TicketJobs';
import { ticketNumberLabel } from './TicketRepository';
import { label, refuse, stateRefusal, where } from './ticketText';
import { renderTranscript, type InlineImages } from './transcript';

const NOT_CLOSED = [TicketStatus.OPEN, TicketStatus.IN_PROGRESS, TicketStatus.ESCALATED, TicketStatus.RESOLVED];

/** Image types shown inline in transcripts (no SVG: it can carry script). */
const INLINE_IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
const INLINE_IMAGE_MAX_BYTES = 1024 * 1024;
const INLINE_IMAGES_MAX_BYTES = 8 * 1024 * 1024;

/**
 * Closing tickets: the state change, the announcement, transcripts to the log channel and the opener, the feedback
 * request and the channel's deletion later. Everything by id through REST and the database, so a scheduled task in
 * any process can close a ticket.
 */
export class TicketClosing {
  public constructor(
    private readonly context: TicketContext,
    private readonly jobs: TicketJobs,
  ) {}

  /**
   * Closes a ticket: the state change first (so a second close is refused), then the transcript to the log channel
   * and the opener's DMs (a closed DM changes nothing), then the channel's deletion after the configured delay.
   */
  public async close(
    guildId: string,
    ticket: Ticket,
    actorId: string,
    reason: string | null,
    { channelGone = false }: { channelGone?: boolean } = {},
  ): Promise<Ticket> {
    const { repository, logger } = this.context;
    const closed = await repository.transition(ticket.id, NOT_CLOSED, {
      status: TicketStatus.CLOSED,
      closedAt: new Date(),
      closedBy: actorId,
      closeReason: reason?.slice(0, 500) ?? null,
    });
    if (!closed) refuse(stateRefusal((await repository.byId(ticket.id))!, 'close'));
    const settings = await this.context.settings(guildId);
    const channelLeft = channelGone ? false : await this.announceClose(closed, actorId, reason, settings);
    const guildName = await this.guildName(guildId);
    const staffMessages = await repository.messagesOf(closed.id);
    const images = await inlineImages(staffMessages, logger);
    const staffTranscript = await this.transcript(guildName, closed, staffMessages, images);
    const logged = await this.context.log(
      guildId,
      `${label(closed)} closed`,
      `${userMention(actorId)} closed ${where(closed)}${reason ? `: ${reason}` : '.'}\nOpened by ${userMention(closed.userId)}: ${closed.title}`,
      Colors.Red,
      [staffTranscript],
    );
    if (!logged) logger.debug(`Tickets: guild ${guildId} has no ticket-log channel for the transcript.`);
    const openerMessages = staffMessages.filter((message) => !message.isInternal);
    await this.sendFeedbackRequest(guildName, closed, await this.transcript(guildName, closed, openerMessages, images));
    if (channelLeft) {
      await this.jobs.scheduleChannelDelete(closed, new Date(Date.now() + settings.deleteChannelAfterSeconds * 1000));
    } else if (!closed.channelDeletedAt) {
      await repository.markChannelDeleted(closed.id);
    }
    this.context.deps.emit('ticketClosed', { ...this.context.event(closed, actorId), reason });
    return closed;
  }

  /** A ticket's channel was deleted (by hand, or while the bot was away): close the ticket and record it. */
  public async channelGone(guildId: string, ticket: Ticket): Promise<void> {
    await this.context.repository.markChannelDeleted(ticket.id);
    if (ticket.status !== TicketStatus.CLOSED) {
      await this.close(guildId, ticket, this.context.botId(), 'The ticket channel was deleted.', {
        channelGone: true,
      });
    }
  }

  /** Says in the ticket that it closed and when the channel goes; false when the channel is gone already. */
  private async announceClose(
    closed: Ticket,
    actorId: string,
    reason: string | null,
    settings: { deleteChannelAfterSeconds: number },
  ): Promise<boolean> {
    if (!closed.channelId) return false;
    try {
      const posted = await this.context.post(closed.channelId, {
        content: `${label(closed)} was closed by ${userMention(actorId)}${reason ? `: ${reason}` : '.'} This channel will be deleted <t:${Math.ceil(Date.now() / 1000) + settings.deleteChannelAfterSeconds}:R>.`,
        allowed_mentions: { parse: [] },
      });
      return posted !== null;
    } catch (error) {
      // The bot may no longer be allowed to post there; the channel is still there to delete.
      this.context.logger.warn(`Tickets: could not announce the close of ${closed.id}:`, error);
      return true;
    }
  }

  private async guildName(guildId: string): Promise<string> {
    try {
      return ((await this.context.client.rest.get(Routes.guild(guildId))) as APIGuild).name;
    } catch {
      return 'the server';
    }
  }

  /** The staff transcript of a ticket (internal notes included), as HTML, for the dashboard: images as links. */
  public async staffTranscriptHtml(guildId: string, ticket: Ticket): Promise<string> {
    const messages = await this.context.repository.messagesOf(ticket.id);
    const file = await this.transcript(await this.guildName(guildId), ticket, messages, new Map());
    return file.data.toString('utf8');
  }

  private async transcript(
    guildName: string,
    ticket: Ticket,
    messages: readonly TicketMessage[],
    images: InlineImages,
  ): Promise<MessageFile> {
    const opener = (await this.context.client.rest.get(Routes.user(ticket.userId)).catch(() => null)) as APIUser | null;
    const html = renderTranscript(
      {
        number: ticketNumberLabel(ticket.number),
        title: ticket.title,
        description: ticket.description,
        guildName,
        openerName: opener?.username ?? ticket.userId,
        createdAt: ticket.createdAt,
        closedAt: ticket.closedAt,
        closeReason: ticket.closeReason,
      },
      messages,
      images,
    );
    return {
      name: `ticket-${ticketNumberLabel(ticket.number)}.html`,
      description: `Transcript of ticket ${ticketNumberLabel(ticket.number)}`,
      data: Buffer.from(html, 'utf8'),
    };
  }

  /** DMs the opener the transcript (without internal notes) and the 1–5 rating buttons. */
  private async sendFeedbackRequest(guildName: string, ticket: Ticket, transcript: MessageFile): Promise<void> {
    const buttons = [1, 2, 3, 4, 5].map((rating) =>
      new ButtonBuilder()
        .setCustomId(`${TicketIds.ratePrefix}${ticket.id}:${rating}`)
        .setLabel('★'.repeat(rating))
        .setStyle(ButtonStyle.Secondary),
    );
    const { rest } = this.context.client;
    try {
      const dm = (await rest.post(Routes.userChannels(), { body: { recipient_id: ticket.userId } })) as APIChannel;
      await this.context.post(
        dm.id,
        {
          content: `Your ticket #${ticketNumberLabel(ticket.number)} (“${ticket.title}”) in **${guildName}** was closed${ticket.closeReason ? `: ${ticket.closeReason}` : '.'} The transcript is attached. How did we do?`,
          components: [new ActionRowBuilder<ButtonBuilder>().addComponents(buttons).toJSON()],
          allowed_mentions: { parse: [] },
        },
        [transcript],
      );
    } catch (error) {
      // DMs closed, or the opener left every shared server: the close itself has happened.
      this.context.logger.debug(`Tickets: could not DM the opener of ticket ${ticket.id}:`, error);
    }
  }
}

/**
 * Downloads the tickets' image attachments (while the channel still exists) to show them inline in the
 * transcript, so it does not depend on Discord's attachment links, which expire. Small images only, bounded in
 * total; anything else stays a link.
 */
async function inlineImages(messages: readonly TicketMessage[], logger: ILogger): Promise<Map<string, string>> {
  const images = new Map<string, string>();
  let total = 0;
  for (const attachment of messages.flatMap((message) => message.attachments)) {
    if (total >= INLINE_IMAGES_MAX_BYTES || !/^https?:\/\//.test(attachment.url)) continue;
    try {
      const response = await fetch(attachment.url, { signal: AbortSignal.timeout(5_000) });
      const type = response.headers.get('content-type')?.split(';')[0]?.trim() ?? '';
      const length = Number(response.headers.get('content-length') ?? 0);
      if (!response.ok || !INLINE_IMAGE_TYPES.has(type) || length > INLINE_IMAGE_MAX_BYTES) {
        await response.body?.cancel();
        continue;
      }
      const data = Buffer.from(await response.arrayBuffer());
      if (data.length > INLINE_IMAGE_MAX_BYTES || total + data.length > INLINE_IMAGES_MAX_BYTES) continue;
      total += data.length;
      images.set(attachment.url, `data:${type};base64,${data.toString('base64')}`);
    } catch (error) {
      logger.debug(`Tickets: could not inline attachment ${attachment.name}:`, error);
    }
  }
  return images;
}
