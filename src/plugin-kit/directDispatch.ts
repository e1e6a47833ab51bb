import { Events, type Listener } from '@sapphire/framework';

/**
 * Makes a listener on a hot event called directly by its emitter, as Sapphire's own dispatch would call it but without
 * its wrapper: Sapphire awaits every listener through `Result.fromAsync`, three promises and a Result per event per
 * listener, which with several plugins was a visible share of each message's cost in `bench:message-pipeline`. The
 * behaviour is the same: a synchronous `run` stays synchronous, and an error, thrown or rejected, reaches the
 * `listenerError` event with the piece. Call it from the listener's constructor; `once` listeners keep Sapphire's.
 */
export function dispatchDirectly(listener: Listener): void {
  // `_listener` is the callback Sapphire's loader attaches to the emitter (ListenerLoaderStrategy); it is private in
  // the typings, hence Reflect. Null when the listener has no emitter (it is then disabled and never attached).
  if (listener.once || !Reflect.get(listener, '_listener')) return;
  const report = (error: unknown) => listener.container.client.emit(Events.ListenerError, error, { piece: listener });
  Reflect.set(listener, '_listener', (...args: unknown[]) => {
    try {
      const result: unknown = Reflect.apply(listener.run, listener, args);
      if (result instanceof Promise) result.catch(report);
    } catch (error) {
      report(error);
    }
  });
}
