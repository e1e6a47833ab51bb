import { Listener } from '@sapphire/framework';
import { ScheduledTaskEvents } from '@sapphire/plugin-scheduled-tasks';
import { outageLog } from '../../redis/outageLog';

/**
 * The task queue or its worker cannot reach Redis. The connections themselves log the outage once (redis/connect);
 * BullMQ reports every retry of every connection here, so at most one line a minute.
 */
export class ScheduledTaskStrategyConnectErrorListener extends Listener {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: ScheduledTaskEvents.ScheduledTaskStrategyConnectError });
  }

  public override run(error: unknown) {
    outageLog.report('redis', 'Task queue: Redis unreachable, jobs wait until it is back', error);
  }
}
