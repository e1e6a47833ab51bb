import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/** The last case number handed out in a guild; bumped with one atomic upsert per case. */
@Entity({ name: 'moderation_case_counter' })
@Check('moderation_case_counter_positive', 'last_case_number > 0')
export class ModerationCaseCounter {
  @PrimaryColumn({ type: 'bigint' })
  guildId!: string;

  @Column({ type: 'integer' })
  lastCaseNumber!: number;
}
