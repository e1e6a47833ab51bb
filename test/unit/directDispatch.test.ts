import { EventEmitter } from 'node:events';
import { Events, type Listener } from '@sapphire/framework';
import { expect } from 'chai';
import { dispatchDirectly } from '../../src/plugin-kit/directDispatch';

/** A listener as Sapphire's loader sees it: the callback it attaches, and what `run` reaches. */
function fakeListener(run: (...args: unknown[]) => unknown, once = false) {
  const client = new EventEmitter();
  const errors: { error: unknown; piece: unknown }[] = [];
  client.on(Events.ListenerError, (error: unknown, payload: { piece: unknown }) =>
    errors.push({ error, piece: payload.piece }),
  );
  const sapphireCallback = () => undefined;
  const listener = { once, run, container: { client }, _listener: sapphireCallback };
  dispatchDirectly(listener as unknown as Listener);
  const attached = Reflect.get(listener, '_listener') as (...args: unknown[]) => void;
  return { listener, attached, errors, replaced: attached !== sapphireCallback };
}

describe('dispatchDirectly: a hot listener called without Sapphire’s promise wrapper', () => {
  it('calls run synchronously with the event’s arguments and the listener as `this`', () => {
    const calls: unknown[][] = [];
    const { listener, attached } = fakeListener(function (this: unknown, ...args: unknown[]) {
      calls.push([this, ...args]);
    });
    attached('a', 2);
    expect(calls).to.deep.equal([[listener, 'a', 2]]);
  });

  it('reports a thrown error and a rejected promise to listenerError with the piece', async () => {
    const thrown = new Error('thrown');
    const sync = fakeListener(() => {
      throw thrown;
    });
    sync.attached();
    expect(sync.errors).to.deep.equal([{ error: thrown, piece: sync.listener }]);

    const rejected = new Error('rejected');
    const async = fakeListener(() => Promise.reject(rejected));
    async.attached();
    await new Promise((resolve) => setImmediate(resolve));
    expect(async.errors).to.deep.equal([{ error: rejected, piece: async.listener }]);
  });

  it('leaves a `once` listener to Sapphire (it must unload itself after running)', () => {
    expect(fakeListener(() => undefined, true).replaced).to.equal(false);
  });
});
