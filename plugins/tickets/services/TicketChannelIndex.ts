import type { Ticket } from '../entities/Ticket';

/** What the message listener needs of a ticket: which one it is and who opened it. */
export interface TicketChannelRef {
  ticketId: number;
  openerId: string;
}

/**
 * The channels of each guild's tickets, in memory, so the message listener tells a ticket channel from any other
 * without a query (every message of every guild with tickets on passes there). A guild's ticket channels are read
 * once, at its first message; a channel attached later is added by the opening that attached it. Tickets are
 * opened through interactions, which Discord delivers to the process holding the guild — the one that sees its
 * messages — so this process learns of every ticket channel of the guilds it serves.
 */
export class TicketChannelIndex {
  private readonly guilds = new Map<string, Promise<Map<string, TicketChannelRef>>>();
  /** The same maps once read, for answers without a tick. */
  private readonly loaded = new Map<string, Map<string, TicketChannelRef>>();

  /** `load` reads the guild's tickets whose channel may still exist. */
  public constructor(private readonly load: (guildId: string) => Promise<Ticket[]>) {}

  public async lookup(guildId: string, channelId: string): Promise<TicketChannelRef | undefined> {
    return (await this.channelsOf(guildId)).get(channelId);
  }

  /**
   * {@link lookup} without waiting, once the guild's channels are read: the ticket, or null for a channel that is
   * no ticket's; undefined while they are not read yet (then use `lookup`).
   */
  public lookupNow(guildId: string, channelId: string): TicketChannelRef | null | undefined {
    const channels = this.loaded.get(guildId);
    return channels && (channels.get(channelId) ?? null);
  }

  /** A ticket's channel was attached in this process. */
  public async add(guildId: string, channelId: string, ticket: Ticket): Promise<void> {
    (await this.channelsOf(guildId)).set(channelId, { ticketId: ticket.id, openerId: ticket.userId });
  }

  /** A channel was deleted: no message will come from it again. */
  public forget(guildId: string, channelId: string): void {
    this.loaded.get(guildId)?.delete(channelId);
    void this.guilds.get(guildId)?.then((channels) => channels.delete(channelId));
  }

  private channelsOf(guildId: string): Promise<Map<string, TicketChannelRef>> {
    let channels = this.guilds.get(guildId);
    if (!channels) {
      channels = this.load(guildId).then((tickets) => {
        const read = new Map(
          tickets.flatMap((ticket) =>
            ticket.channelId ? [[ticket.channelId, { ticketId: ticket.id, openerId: ticket.userId }] as const] : [],
          ),
        );
        this.loaded.set(guildId, read);
        return read;
      });
      // A failed read is tried again at the next message rather than remembered.
      channels.catch(() => this.guilds.delete(guildId));
      this.guilds.set(guildId, channels);
    }
    return channels;
  }
}
