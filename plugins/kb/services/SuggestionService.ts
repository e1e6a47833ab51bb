import { batched } from '#core/plugin-kit/batched';
import type { PluginHandle } from '#core/plugin-system/definePlugin';
import type { KbSettings, kbSettings } from '../settings';
import type { AnswerRequest, KbRepository, SuggestedEntry } from './KbRepository';

/** A help channel gets the same entry suggested again only after this long. */
const HELP_CHANNEL_REPEAT_MS = 10 * 60_000;
/** Messages shorter than this are not questions worth a query. */
const MIN_MESSAGE_LENGTH = 8;

/** Where a message may get a suggestion: a ticket (with its id) or a configured help channel. */
export interface SuggestionPlace {
  ticketId: number | null;
}

/**
 * Decides, in memory and without a query, whether a channel gets suggestions (ticket channels learnt from the
 * tickets plugin's events and kept in `kb_ticket_channel`; the guild's help channels from its settings), and finds
 * the entry to suggest there.
 */
export class SuggestionService {
  private readonly ticketChannels = new Map<string, { guildId: string; ticketId: number }>();
  /** Help channel ids of each guild, derived once per settings object (the same until settings change). */
  private readonly helpChannels = new WeakMap<KbSettings, ReadonlySet<string>>();
  /** `channel:entry` → when a help channel may get that entry again. */
  private readonly recentInHelp = new Map<string, number>();
  /** Messages of busy help channels arrive in bursts: one statement matches a whole burst. */
  private readonly bestAnswer: (request: AnswerRequest) => Promise<SuggestedEntry | null>;

  public constructor(
    private readonly repository: KbRepository,
    private readonly plugin: PluginHandle<typeof kbSettings>,
    private readonly ticketsEnabledNow: (guildId: string) => boolean,
  ) {
    this.bestAnswer = batched((requests) => this.repository.bestAnswers(requests));
  }

  /** Rebuilds the ticket channels of one guild (or all) from the database. */
  public async loadTicketChannels(guildId?: string): Promise<void> {
    const rows = await this.repository.ticketChannels(guildId);
    for (const [channelId, known] of this.ticketChannels) {
      if (guildId === undefined || known.guildId === guildId) this.ticketChannels.delete(channelId);
    }
    for (const row of rows) this.ticketChannels.set(row.channelId, { guildId: row.guildId, ticketId: row.ticketId });
  }

  public async ticketOpened(guildId: string, channelId: string, ticketId: number): Promise<void> {
    this.ticketChannels.set(channelId, { guildId, ticketId });
    await this.repository.addTicketChannel(guildId, channelId, ticketId);
  }

  public async ticketClosed(channelId: string): Promise<void> {
    this.ticketChannels.delete(channelId);
    await this.repository.removeTicketChannel(channelId);
  }

  /**
   * Whether a message in this channel (or thread of `parentId`) may get a suggestion under the guild's `settings`;
   * answered from memory, since it runs for every message of every guild with the plugin on. Undefined: not a
   * suggestion channel.
   */
  public placeOf(
    guildId: string,
    settings: KbSettings,
    channelId: string,
    parentId: string | null,
  ): SuggestionPlace | undefined {
    const ticket = this.ticketChannels.get(channelId);
    if (ticket && ticket.guildId === guildId) {
      return settings.suggestInTickets && this.ticketsEnabledNow(guildId) ? { ticketId: ticket.ticketId } : undefined;
    }
    if (settings.helpChannelIds.length === 0) return undefined;
    let help = this.helpChannels.get(settings);
    if (!help) this.helpChannels.set(settings, (help = new Set(settings.helpChannelIds)));
    return help.has(channelId) || (parentId !== null && help.has(parentId)) ? { ticketId: null } : undefined;
  }

  /**
   * The entry to suggest for a message, recorded so its buttons can find it; null when none matches well enough,
   * or it was already suggested in this ticket (or lately in this help channel).
   */
  public async suggest(input: {
    guildId: string;
    channelId: string;
    place: SuggestionPlace;
    content: string;
    askerId: string;
  }): Promise<{ suggestionId: number; entryId: number } | null> {
    if (input.content.trim().length < MIN_MESSAGE_LENGTH) return null;
    const settings = await this.plugin.settings(input.guildId);
    const best = await this.bestAnswer({
      guildId: input.guildId,
      message: input.content.slice(0, 1000),
      threshold: settings.suggestThreshold,
    });
    if (!best) return null;
    if (input.place.ticketId === null && !this.claimHelpSlot(input.channelId, best.id)) return null;
    const suggestionId = await this.repository.addSuggestion({
      guildId: input.guildId,
      channelId: input.channelId,
      entryId: best.id,
      ticketId: input.place.ticketId,
      askerId: input.askerId,
    });
    return suggestionId === null ? null : { suggestionId, entryId: best.id };
  }

  /** Forgets a suggestion that could not be posted, so the entry can be suggested there later. */
  public async withdraw(suggestionId: number): Promise<void> {
    await this.repository.removeSuggestion(suggestionId);
  }

  private claimHelpSlot(channelId: string, entryId: number): boolean {
    const now = Date.now();
    const key = `${channelId}:${entryId}`;
    if ((this.recentInHelp.get(key) ?? 0) > now) return false;
    if (this.recentInHelp.size > 10_000) {
      for (const [stale, until] of this.recentInHelp) if (until <= now) this.recentInHelp.delete(stale);
    }
    this.recentInHelp.set(key, now + HELP_CHANNEL_REPEAT_MS);
    return true;
  }
}
