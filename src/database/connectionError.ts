import { redactUrl } from '../../config';
import { networkFailure, StartupError } from '../startupError';

/**
 * Turns PostgreSQL's refusals at connect time into one line naming the server and database (never the password)
 * and the fix; undefined for anything else, which start-up reports in full.
 */
export function databaseStartupError(error: unknown, databaseUrl: string): StartupError | undefined {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    return undefined;
  }
  const server = `${url.hostname}:${url.port || '5432'}`;
  const database = decodeURIComponent(url.pathname.slice(1)) || decodeURIComponent(url.username);
  const unreachable = networkFailure(error);
  const code = (error as { code?: unknown }).code;
  let message: string | undefined;
  if (unreachable) {
    message = `Cannot reach PostgreSQL at ${server} for database "${database}" (${unreachable}). Start the server or fix DATABASE_URL; unset it to use the embedded database.`;
  } else if (code === '3D000') {
    message = `Database "${database}" does not exist on the PostgreSQL server at ${server}. Create it (\`createdb -h ${url.hostname} -p ${url.port || '5432'} ${database}\`) or fix the database name in DATABASE_URL.`;
  } else if (code === '28P01' || code === '28000') {
    message = `The PostgreSQL server at ${server} refused the login to database "${database}" (${(error as Error).message}). Check the user and password in DATABASE_URL (${redactUrl(databaseUrl)}).`;
  }
  return message === undefined ? undefined : new StartupError(message, { cause: error });
}
