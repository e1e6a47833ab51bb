/**
 * Turns a function of many requests into a function of one: the calls made while the event loop handles one batch
 * of I/O (a gateway read brings many messages at once) are answered by a single call of `many`, after those events.
 * A hot path that needs one query per event then costs one query per burst. `many` answers each request in order.
 */
export function batched<Request, Result>(
  many: (requests: readonly Request[]) => Promise<readonly Result[]>,
): (request: Request) => Promise<Result> {
  let pending: { request: Request; resolve: (result: Result) => void; reject: (error: unknown) => void }[] = [];
  const run = () => {
    const batch = pending;
    pending = [];
    many(batch.map((call) => call.request)).then(
      (results) => batch.forEach((call, index) => call.resolve(results[index]!)),
      (error: unknown) => batch.forEach((call) => call.reject(error)),
    );
  };
  return (request) =>
    new Promise<Result>((resolve, reject) => {
      pending.push({ request, resolve, reject });
      if (pending.length === 1) setImmediate(run);
    });
}
