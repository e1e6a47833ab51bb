import { UserError } from '@sapphire/framework';
import { Brackets, type DataSource, type EntityManager } from 'typeorm';
import { SupportAgent } from '../entities/SupportAgent';
import { Ticket, TicketPriority, TicketStatus } from '../entities/Ticket';
import { TicketMessage, type TicketAttachment, type TicketEmbed } from '../entities/TicketMessage';

/** First key of the advisory locks that serialise ticket opening per member (the second is a hash of the member). */
const OPEN_LOCK_NAMESPACE = 7_001;

const ACTIVE_STATUSES = [TicketStatus.OPEN, TicketStatus.IN_PROGRESS, TicketStatus.ESCALATED, TicketStatus.RESOLVED];

export interface OpenRequest {
  guildId: string;
  userId: string;
  title: string;
  description: string;
  maxOpen: number;
  cooldownSeconds: number;
}

export interface RecordedMessage {
  guildId: string;
  ticketId: number;
  senderId: string;
  senderName: string;
  senderIsBot: boolean;
  content: string;
  isInternal: boolean;
  discordMessageId: string | null;
  attachments: TicketAttachment[];
  embeds: TicketEmbed[];
}

export interface TicketStats {
  total: number;
  open: number;
  closed: number;
  medianFirstResponseSeconds: number | null;
  medianResolutionSeconds: number | null;
  averageRating: number | null;
  ratings: number;
  agents: {
    userId: string;
    handled: number;
    closed: number;
    medianFirstResponseSeconds: number | null;
    averageRating: number | null;
  }[];
}

export interface AgentBoardEntry {
  userId: string;
  closed: number;
  averageRating: number | null;
  ratings: number;
}

/** Agents who closed tickets in guild $1, ranked by $2 (`closed` or `rating`); ties broken by the other, then id. */
const AGENT_BOARD_SQL = `WITH agents AS (
    SELECT assigned_to AS user_id, count(*) FILTER (WHERE status = 'CLOSED') AS closed,
      avg(rating) AS rating, count(rating) AS ratings
    FROM ticket WHERE guild_id = $1 AND assigned_to IS NOT NULL GROUP BY assigned_to
  ), ranked AS (
    SELECT *, row_number() OVER (ORDER BY
      CASE WHEN $2 = 'rating' THEN rating END DESC NULLS LAST, closed DESC, rating DESC NULLS LAST, user_id) AS rank
    FROM agents WHERE closed > 0
  )`;

/** Formats a ticket number the way channels are named: `0042`. */
export function ticketNumberLabel(number: number): string {
  return String(number).padStart(4, '0');
}

/** The refusal of a member at the open-ticket limit, linking their open tickets. */
export function openLimitMessage(open: readonly Ticket[], maxOpen: number): string {
  const list = open.map((ticket) =>
    ticket.channelId ? `<#${ticket.channelId}>` : `#${ticketNumberLabel(ticket.number)}`,
  );
  return maxOpen === 1
    ? `You already have an open ticket: ${list.join(', ')}. Please continue there.`
    : `You already have ${open.length} open tickets (${list.join(', ')}), the most allowed here.`;
}

/**
 * The tickets' data: every state change is one conditional UPDATE (the WHERE clause is the state machine), so two
 * agents acting at once cannot both succeed; opening takes a per-member advisory lock so limits hold under races.
 */
export class TicketRepository {
  public constructor(private readonly dataSource: DataSource) {}

  private get tickets() {
    return this.dataSource.getRepository(Ticket);
  }

  /**
   * Reserves a ticket (number and row, no channel yet) if the member is under the open-ticket limit and out of the
   * cooldown. Serialised per member with a transaction-scoped advisory lock: simultaneous clicks queue here. The
   * guild's counter row is locked only by the last statement, so opens by different members overlap.
   */
  public async reserve(request: OpenRequest): Promise<Ticket> {
    const ticketId = await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
        OPEN_LOCK_NAMESPACE,
        `${request.guildId}:${request.userId}`,
      ]);
      // One query for both rules: the member's open tickets, and any ticket recent enough to be in the cooldown.
      const recentOrOpen = await manager
        .getRepository(Ticket)
        .createQueryBuilder('ticket')
        .where('ticket.guildId = :guildId AND ticket.userId = :userId', request)
        .andWhere(
          new Brackets((either) =>
            either
              .where('ticket.status IN (:...statuses)', { statuses: ACTIVE_STATUSES })
              .orWhere('ticket.createdAt > now() - make_interval(secs => :cooldown)', {
                cooldown: request.cooldownSeconds,
              }),
          ),
        )
        .orderBy('ticket.number', 'ASC')
        .getMany();
      const open = recentOrOpen.filter((ticket) => ACTIVE_STATUSES.includes(ticket.status));
      if (open.length >= request.maxOpen) {
        throw new UserError({ identifier: 'TicketLimit', message: openLimitMessage(open, request.maxOpen) });
      }
      const latest = Math.max(0, ...recentOrOpen.map((ticket) => ticket.createdAt.getTime()));
      const waitUntil = latest + request.cooldownSeconds * 1000;
      if (request.cooldownSeconds > 0 && waitUntil > Date.now()) {
        throw new UserError({
          identifier: 'TicketCooldown',
          message: `You opened a ticket moments ago. You can open another <t:${Math.ceil(waitUntil / 1000)}:R>.`,
        });
      }
      return this.insertNumbered(manager, request);
    });
    return (await this.byId(ticketId))!;
  }

  /** Inserts the ticket with the guild's next number, taken from its counter row in the same statement. */
  private async insertNumbered(manager: EntityManager, request: OpenRequest): Promise<number> {
    const rows: { id: number }[] = await manager.query(
      `WITH counter AS (
         INSERT INTO ticket_counter (guild_id, last_number) VALUES ($1, 1)
         ON CONFLICT (guild_id) DO UPDATE SET last_number = ticket_counter.last_number + 1
         RETURNING last_number
       )
       INSERT INTO ticket (guild_id, number, user_id, title, description)
       SELECT $1, counter.last_number, $2, $3, $4 FROM counter
       RETURNING id`,
      [request.guildId, request.userId, request.title, request.description],
    );
    return rows[0]!.id;
  }

  /** Forgets a reservation whose channel could not be created (nothing was said in it). */
  public async discard(ticketId: number): Promise<void> {
    await this.tickets.delete({ id: ticketId });
  }

  public async attachChannel(ticketId: number, channelId: string, isThread: boolean): Promise<void> {
    await this.tickets.update({ id: ticketId }, { channelId, isThread });
  }

  public byId(ticketId: number): Promise<Ticket | null> {
    return this.tickets.findOneBy({ id: ticketId });
  }

  public byChannel(guildId: string, channelId: string): Promise<Ticket | null> {
    return this.tickets.findOneBy({ guildId, channelId });
  }

  /** Tickets of a member that are not closed. */
  public activeOf(guildId: string, userId: string): Promise<Ticket[]> {
    return this.tickets
      .createQueryBuilder('ticket')
      .where('ticket.guildId = :guildId AND ticket.userId = :userId', { guildId, userId })
      .andWhere('ticket.status IN (:...statuses)', { statuses: ACTIVE_STATUSES })
      .getMany();
  }

  /**
   * Every ticket whose channel may still exist (of one guild, when given): not closed, or closed with its channel
   * not yet deleted.
   */
  public withLiveChannels(guildId?: string): Promise<Ticket[]> {
    const query = this.tickets
      .createQueryBuilder('ticket')
      .where('ticket.channelId IS NOT NULL AND ticket.channelDeletedAt IS NULL');
    if (guildId !== undefined) query.andWhere('ticket.guildId = :guildId', { guildId });
    return query.getMany();
  }

  /**
   * Applies `changes` if the ticket is in one of `from` (and matches `extra`, a SQL condition on the `ticket` row);
   * returns the updated ticket, or null when it was not in such a state (the caller explains why).
   */
  public async transition(
    ticketId: number,
    from: readonly TicketStatus[],
    changes: Partial<Ticket>,
    extra?: { sql: string; parameters: Record<string, unknown> },
  ): Promise<Ticket | null> {
    const query = this.tickets
      .createQueryBuilder()
      .update(Ticket)
      .set(changes)
      .where('id = :ticketId AND status IN (:...from)', { ticketId, from });
    if (extra) query.andWhere(extra.sql, extra.parameters);
    const result = await query.execute();
    return result.affected ? this.byId(ticketId) : null;
  }

  public async setPriority(ticketId: number, priority: TicketPriority): Promise<Ticket | null> {
    return this.transition(ticketId, ACTIVE_STATUSES, { priority });
  }

  /** Marks the channel as gone (deleted by the bot after closing, or by hand). */
  public async markChannelDeleted(ticketId: number): Promise<void> {
    await this.tickets.update({ id: ticketId }, { channelDeletedAt: () => 'now()' });
  }

  public async recordMessage(message: RecordedMessage): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(TicketMessage)
      .values(message)
      .orIgnore() // The same Discord message seen twice (a gateway replay) is stored once.
      .execute();
  }

  /**
   * A person spoke or acted in the ticket: restarts the inactivity clock, clears a stale warning, and sets the first
   * response time when `staffReply` is the first staff message.
   */
  public async touch(ticketId: number, staffReply: boolean): Promise<void> {
    await this.dataSource.query(
      `UPDATE ticket SET last_activity_at = now(), stale_warned_at = NULL,
         first_response_at = CASE WHEN $2 AND first_response_at IS NULL THEN now() ELSE first_response_at END
       WHERE id = $1 AND status <> 'CLOSED'`,
      [ticketId, staffReply],
    );
  }

  /** Records the inactivity warning unless activity or another run got there first. */
  public async markWarned(ticketId: number, lastActivityAt: Date): Promise<boolean> {
    const result = await this.tickets
      .createQueryBuilder()
      .update(Ticket)
      .set({ staleWarnedAt: () => 'now()' })
      // JavaScript dates have milliseconds, the column microseconds: "nothing after what was read" is `< read + 1 ms`.
      .where('id = :ticketId AND stale_warned_at IS NULL AND last_activity_at < :cutoff', {
        ticketId,
        cutoff: new Date(lastActivityAt.getTime() + 1),
      })
      .andWhere('status IN (:...statuses)', { statuses: ACTIVE_STATUSES })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** A ticket's messages and internal notes, oldest first. */
  public messagesOf(ticketId: number): Promise<TicketMessage[]> {
    return this.dataSource.getRepository(TicketMessage).find({
      where: { ticketId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  /** Stores the opener's rating (once) and comment. */
  public async rate(ticketId: number, userId: string, rating: number, comment: string | null): Promise<boolean> {
    const result = await this.tickets
      .createQueryBuilder()
      .update(Ticket)
      .set({ rating, feedback: comment })
      .where('id = :ticketId AND user_id = :userId AND status = :closed AND rating IS NULL', {
        ticketId,
        userId,
        closed: TicketStatus.CLOSED,
      })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** The guild's tickets, newest first (the dashboard's staff page), and how many there are in all. */
  public async latest(guildId: string, offset: number, limit: number): Promise<{ tickets: Ticket[]; total: number }> {
    const [tickets, total] = await this.tickets.findAndCount({
      where: { guildId },
      order: { number: 'DESC' },
      skip: offset,
      take: limit,
    });
    return { tickets, total };
  }

  /** One ticket of the guild by its number, or null. */
  public byNumber(guildId: string, number: number): Promise<Ticket | null> {
    return this.tickets.findOneBy({ guildId, number });
  }

  /** Open tickets nobody handles, most urgent first, then oldest. */
  public async queue(guildId: string, offset: number, limit: number): Promise<{ tickets: Ticket[]; total: number }> {
    const [tickets, total] = await this.tickets
      .createQueryBuilder('ticket')
      .where('ticket.guildId = :guildId AND ticket.assignedTo IS NULL', { guildId })
      .andWhere('ticket.status IN (:...statuses)', { statuses: [TicketStatus.OPEN, TicketStatus.ESCALATED] })
      .orderBy('ticket.priority', 'DESC')
      .addOrderBy('ticket.createdAt', 'ASC')
      .skip(offset)
      .take(limit)
      .getManyAndCount();
    return { tickets, total };
  }

  public async stats(guildId: string): Promise<TicketStats> {
    const medianOf = (from: string, to: string) =>
      `percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM ${to} - ${from})) FILTER (WHERE ${to} IS NOT NULL)`;
    const [totals]: {
      total: string;
      open: string;
      closed: string;
      first_response: number | null;
      resolution: number | null;
      rating: string | null;
      ratings: string;
    }[] = await this.dataSource.query(
      `SELECT count(*) AS total, count(*) FILTER (WHERE status <> 'CLOSED') AS open,
         count(*) FILTER (WHERE status = 'CLOSED') AS closed,
         ${medianOf('created_at', 'first_response_at')} AS first_response,
         ${medianOf('created_at', 'closed_at')} AS resolution,
         avg(rating) AS rating, count(rating) AS ratings
       FROM ticket WHERE guild_id = $1`,
      [guildId],
    );
    const agents: {
      user_id: string;
      handled: string;
      closed: string;
      first_response: number | null;
      rating: string | null;
    }[] = await this.dataSource.query(
      `SELECT assigned_to AS user_id, count(*) AS handled, count(*) FILTER (WHERE status = 'CLOSED') AS closed,
         ${medianOf('created_at', 'first_response_at')} AS first_response, avg(rating) AS rating
       FROM ticket WHERE guild_id = $1 AND assigned_to IS NOT NULL
       GROUP BY assigned_to ORDER BY count(*) DESC, assigned_to LIMIT 15`,
      [guildId],
    );
    const number = (value: string | number | null) => (value === null ? null : Number(value));
    return {
      total: Number(totals!.total),
      open: Number(totals!.open),
      closed: Number(totals!.closed),
      medianFirstResponseSeconds: number(totals!.first_response),
      medianResolutionSeconds: number(totals!.resolution),
      averageRating: number(totals!.rating),
      ratings: Number(totals!.ratings),
      agents: agents.map((row) => ({
        userId: String(row.user_id),
        handled: Number(row.handled),
        closed: Number(row.closed),
        medianFirstResponseSeconds: number(row.first_response),
        averageRating: number(row.rating),
      })),
    };
  }

  /**
   * Support agents ranked by tickets they closed (`closed`, the default) or by average rating (`rating`): the
   * `support` leaderboard.
   */
  public async agentBoard(
    guildId: string,
    sort: string | undefined,
    page: { offset: number; limit: number },
  ): Promise<{ entries: AgentBoardEntry[]; total: number }> {
    const rows: { user_id: string; closed: string; rating: string | null; ratings: string; total: string }[] =
      await this.dataSource.query(
        `${AGENT_BOARD_SQL} SELECT *, count(*) OVER () AS total FROM ranked ORDER BY rank LIMIT $3 OFFSET $4`,
        [guildId, sort === 'rating' ? 'rating' : 'closed', page.limit, page.offset],
      );
    return {
      entries: rows.map((row) => ({
        userId: String(row.user_id),
        closed: Number(row.closed),
        averageRating: row.rating === null ? null : Number(row.rating),
        ratings: Number(row.ratings),
      })),
      total: Number(rows[0]?.total ?? (await this.agentBoardSize(guildId))),
    };
  }

  public async agentRank(guildId: string, sort: string | undefined, userId: string): Promise<number | null> {
    const rows: { rank: string }[] = await this.dataSource.query(
      `${AGENT_BOARD_SQL} SELECT rank FROM ranked WHERE user_id = $3`,
      [guildId, sort === 'rating' ? 'rating' : 'closed', userId],
    );
    return rows[0] ? Number(rows[0].rank) : null;
  }

  private async agentBoardSize(guildId: string): Promise<number> {
    const rows: { total: string }[] = await this.dataSource.query(
      `${AGENT_BOARD_SQL} SELECT count(*) AS total FROM ranked`,
      [guildId, 'closed'],
    );
    return Number(rows[0]!.total);
  }

  // Support agents ------------------------------------------------------------------------------------------------

  private get agents() {
    return this.dataSource.getRepository(SupportAgent);
  }

  public agent(guildId: string, userId: string): Promise<SupportAgent | null> {
    return this.agents.findOneBy({ guildId, userId });
  }

  /** Adds an agent, or marks an existing one active again. */
  public async setAgentActive(guildId: string, userId: string, isActive: boolean): Promise<void> {
    await this.agents.upsert({ guildId, userId, isActive }, ['guildId', 'userId']);
  }

  public listAgents(guildId: string): Promise<SupportAgent[]> {
    return this.agents.find({ where: { guildId }, order: { isActive: 'DESC', createdAt: 'ASC' } });
  }
}
