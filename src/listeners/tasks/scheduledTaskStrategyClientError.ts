import { Listener } from '@sapphire/framework';
import { ScheduledTaskEvents } from '@sapphire/plugin-scheduled-tasks';
import { isRedisUnavailableError } from '../../redis/connect';
import { outageLog } from '../../redis/outageLog';

/** The task queue's client failed: an outage is logged once a minute at most, anything else in full. */
export class ScheduledTaskStrategyClientErrorListener extends Listener {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: ScheduledTaskEvents.ScheduledTaskStrategyClientError });
  }

  public override run(error: unknown) {
    if (isRedisUnavailableError(error)) outageLog.report('redis', 'Task queue: Redis unavailable', error);
    else this.container.logger.error('Task queue: the queue client failed:', error);
  }
}
