import type { DataSource } from 'typeorm';
import { ownsGuild } from '#core/plugin-kit/guildOwnership';
import { WelcomeGreeting } from '../entities/WelcomeGreeting';

export interface GreetingCleanupDependencies {
  dataSource: DataSource;
  /** Queues the greeting's deletion job (idempotent by the greeting's id). */
  schedule: (greeting: WelcomeGreeting) => Promise<void>;
}

/** The job id of a greeting's deletion: one per greeting, so queueing it again (reconcile) is harmless. */
export const cleanupJobId = (messageId: string) => `welcome-cleanup-${messageId}`;

/**
 * Greetings that delete themselves: stored first, then queued, so a Redis restart (which forgets the jobs) loses
 * nothing — `reconcile` queues every stored one again.
 */
export class GreetingCleanup {
  public constructor(private readonly deps: GreetingCleanupDependencies) {}

  private get repository() {
    return this.deps.dataSource.getRepository(WelcomeGreeting);
  }

  public async add(values: Pick<WelcomeGreeting, 'guildId' | 'channelId' | 'messageId' | 'deleteAt'>): Promise<void> {
    const greeting = this.repository.create(values);
    await this.repository.save(greeting);
    await this.deps.schedule(greeting);
  }

  /** The greeting is deleted (or gone already): nothing more is owed. */
  public async done(messageId: string): Promise<void> {
    await this.repository.delete({ messageId });
  }

  /** The `reconcile` hook: every stored greeting has its job (past ones run at once). */
  public async reconcile(guildId?: string): Promise<void> {
    const greetings = await this.repository.findBy(guildId ? { guildId } : {});
    // Every guild: those this process owns; each shard process reconciles its own.
    for (const greeting of greetings) if (guildId || ownsGuild(greeting.guildId)) await this.deps.schedule(greeting);
  }
}
