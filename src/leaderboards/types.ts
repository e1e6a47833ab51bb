/** A query for one page of a board; `sort` is one of the board's `sorts` values, or undefined for its default. */
export interface LeaderboardPageQuery {
  guildId: string;
  sort: string | undefined;
  /** Entries to skip, from 0. */
  offset: number;
  limit: number;
}

export interface LeaderboardEntry {
  userId: string;
  /** Shown next to the member, already formatted (e.g. "Level 4 · 1,234 XP"). */
  value: string;
}

/**
 * A board a plugin adds to the core `/leaderboard` command (one subcommand per board), declared in its manifest.
 * The plugin owns the query; the core owns the command, paging and the "My page" jump.
 */
export interface LeaderboardDefinition {
  /** Subcommand name, e.g. `economy`. */
  name: string;
  description: string;
  /** Choices of the optional `by` option; the first is the default. */
  sorts?: readonly { name: string; value: string }[];
  /** Entries best first, and how many there are in all. */
  page(query: LeaderboardPageQuery): Promise<{ entries: LeaderboardEntry[]; total: number }>;
  /** The member's 1-based position, or null when they are not on the board. */
  rankOf(query: { guildId: string; sort: string | undefined; userId: string }): Promise<number | null>;
}
