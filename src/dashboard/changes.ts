import type { DataSource } from 'typeorm';
import { SettingsChange } from '../database/entities/SettingsChange';

export interface ChangeInput {
  guildId: string;
  actorId: string;
  target: string;
  before: unknown;
  after: unknown;
}

/** The record of every change made on the dashboard: who changed what, from what to what. */
export class ChangeLog {
  public constructor(private readonly dataSource: DataSource) {}

  public async record(change: ChangeInput): Promise<void> {
    await this.dataSource.getRepository(SettingsChange).save(
      Object.assign(new SettingsChange(), {
        ...change,
        before: change.before ?? null,
        after: change.after ?? null,
      }),
    );
  }

  /** The guild's latest changes, newest first. */
  public latest(guildId: string, limit = 100): Promise<SettingsChange[]> {
    return this.dataSource
      .getRepository(SettingsChange)
      .find({ where: { guildId }, order: { createdAt: 'DESC', id: 'DESC' }, take: limit });
  }
}
