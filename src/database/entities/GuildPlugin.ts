import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Whether a plugin is enabled in a guild, and its per-guild settings. No row: the manifest's defaults. */
@Entity({ name: 'guild_plugin' })
export class GuildPlugin {
  @PrimaryColumn({ type: 'bigint' })
  guildId!: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  plugin!: string;

  @Column({ type: 'boolean' })
  enabled!: boolean;

  /** Only the keys an admin set; the plugin's zod schema fills in the rest. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  settings!: Record<string, unknown>;

  @Column({ type: 'bigint', nullable: true })
  updatedBy!: string | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
