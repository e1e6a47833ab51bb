/**
 * A start-up failure the operator fixes (a server down, a wrong setting): its message is the one line they need,
 * with the fix; `cause` keeps the driver's error, which `src/index.ts` prints only with LOG_LEVEL=debug or trace.
 */
export class StartupError extends Error {
  public override readonly name: string = 'StartupError';
}

const NETWORK_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);

/**
 * The message of the network failure behind `error` (`connect ECONNREFUSED 127.0.0.1:5432`), looking through
 * `cause` as fetch wraps it, or undefined when the error is not about reaching the server.
 */
export function networkFailure(error: unknown): string | undefined {
  for (let current = error; current instanceof Error; current = current.cause) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_ERROR_CODES.has(code)) return current.message || code;
    if (current.name === 'AbortError' || current.name === 'TimeoutError') return 'timed out';
  }
  return undefined;
}
