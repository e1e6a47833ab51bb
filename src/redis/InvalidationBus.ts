import type { RedisConnection } from './connect';

/**
 * Tells every process sharing this Redis that a guild's cached settings changed, so each drops its copy.
 * Pub/sub delivers in milliseconds (on a Redis Cluster too: a node passes every message on to all the others); a process that misses a message (Redis down) drops its whole cache on reconnect.
 */
export class InvalidationBus {
  private readonly handlers = new Set<(guildId: string) => void>();
  private readonly resetHandlers = new Set<() => void>();

  public constructor(
    private readonly publisher: RedisConnection,
    private readonly subscriber: RedisConnection,
    private readonly channel: string,
  ) {}

  public async start(): Promise<void> {
    this.subscriber.on('message', (channel: string, guildId: string) => {
      if (channel !== this.channel) return;
      for (const handler of this.handlers) handler(guildId);
    });
    // After an outage we may have missed invalidations: forget everything.
    this.subscriber.on('ready', () => {
      for (const handler of this.resetHandlers) handler();
    });
    await this.subscriber.subscribe(this.channel);
  }

  public onInvalidate(handler: (guildId: string) => void): void {
    this.handlers.add(handler);
  }

  public onReset(handler: () => void): void {
    this.resetHandlers.add(handler);
  }

  /**
   * Tells the other processes. Never fails: the change it announces is already stored, and a process that misses
   * the message because Redis is down drops its whole cache when Redis returns ({@link onReset}).
   */
  public async publish(guildId: string): Promise<void> {
    try {
      await this.publisher.publish(this.channel, guildId);
    } catch {
      // Redis is down: the reconnect resets every process's cache, this one's included.
    }
  }
}
