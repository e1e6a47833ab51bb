import { Listener } from '@sapphire/framework';
import { ScheduledTaskEvents } from '@sapphire/plugin-scheduled-tasks';

/**
 * The task queue or its worker cannot reach Redis. The connections themselves log the outage, one line when it
 * starts and one when it ends (redis/connect); BullMQ reports every retry of every connection here: debug only.
 */
export class ScheduledTaskStrategyConnectErrorListener extends Listener {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: ScheduledTaskEvents.ScheduledTaskStrategyConnectError });
  }

  public override run(error: unknown) {
    this.container.logger.debug('Task queue: Redis unreachable, jobs wait until it is back:', error);
  }
}
