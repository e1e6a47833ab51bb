import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * How many members of a guild have used exactly `commandsUsed` commands (only counts above zero). A member's rank by
 * commands is 1 + the members above their count: a sum over a few hundred rows instead of a count over members.
 */
@Entity({ name: 'profile_commands_histogram' })
export class CommandsHistogram {
  @PrimaryColumn({ type: 'bigint' })
  guildId!: string;

  @PrimaryColumn({ type: 'int' })
  commandsUsed!: number;

  @Column({ type: 'int' })
  members!: number;
}
