import { expect } from 'chai';
import { TEST_POSTGRES_URL } from '../helpers/database';
import { runBotProcess } from '../helpers/process';
import { botProcessSuite } from '../helpers/process-suite';

/** TEST_POSTGRES_URL with some parts changed, naming the server the tests use. */
function postgresUrl(change: (url: URL) => void): string {
  const url = new URL(TEST_POSTGRES_URL);
  change(url);
  return url.toString();
}

describe('start-up failures (the entry as a process)', function () {
  this.timeout(60_000);
  const bots = botProcessSuite('startup-failures');

  /** Runs the bot with `env` over the suite's and returns what it printed, after checking it exited with 1. */
  const failedStart = async (env: Record<string, string>): Promise<string> => {
    // Warnings and errors only: what remains is what the operator reads about the failure.
    const bot = runBotProcess({ ...bots.env, LOG_LEVEL: 'warn', ...env });
    expect(await bot.exit).to.equal(1);
    return bot.output().trim();
  };

  it('Discord unreachable: one line naming the URL', async () => {
    const output = await failedStart({ DISCORD_API_URL: 'http://127.0.0.1:1/api' });
    expect(output.split('\n')).to.have.length(1);
    expect(output).to.match(
      /^Cannot reach Discord at http:\/\/127\.0\.0\.1:1\/api \(.*ECONNREFUSED.*\)\. Check .*DISCORD_API_URL\.$/,
    );
  });

  it('token rejected: one line saying to check DISCORD_TOKEN, without the token', async () => {
    const output = await failedStart({ DISCORD_TOKEN: 'not-the-right-token-s3cr3t' });
    expect(output.split('\n')).to.have.length(1);
    expect(output).to.match(/^Discord at http:\/\/127\.0\.0\.1:\d+\/api rejected the bot token\. Check DISCORD_TOKEN/);
    expect(output).not.to.include('s3cr3t');
  });

  it('database unreachable: one line naming host and database', async () => {
    const output = await failedStart({
      DATABASE_URL: postgresUrl((url) => {
        url.port = '1';
        url.pathname = '/bot_nowhere';
      }),
    });
    expect(output.split('\n')).to.have.length(1);
    expect(output).to.match(
      /^Cannot reach PostgreSQL at [^ ]+:1 for database "bot_nowhere" \(.*ECONNREFUSED.*\)\. Start the server or fix DATABASE_URL/,
    );
  });

  it('missing database: one line naming it and how to create it', async () => {
    const output = await failedStart({ DATABASE_URL: postgresUrl((url) => (url.pathname = '/bot_never_created')) });
    expect(output.split('\n')).to.have.length(1);
    expect(output).to.match(
      /^Database "bot_never_created" does not exist on the PostgreSQL server at [^ ]+:\d+\. Create it \(`createdb .* bot_never_created`\)/,
    );
  });

  it('wrong credentials: one line naming host and database, the password masked', async () => {
    const output = await failedStart({
      DATABASE_URL: postgresUrl((url) => {
        url.username = 'bot_no_such_user';
        url.password = 'hunter2';
      }),
    });
    expect(output.split('\n')).to.have.length(1);
    expect(output).to.match(
      /^The PostgreSQL server at [^ ]+ refused the login to database "[^"]+" \(.*bot_no_such_user.*\)\./,
    );
    expect(output).to.include('bot_no_such_user:***@');
    expect(output).not.to.include('hunter2');
  });

  it('shows the driver error behind the line with LOG_LEVEL=debug', async () => {
    const output = await failedStart({
      LOG_LEVEL: 'debug',
      DATABASE_URL: postgresUrl((url) => (url.pathname = '/bot_never_created')),
    });
    const lines = output.split('\n');
    const failure = lines.findIndex((line) => line.startsWith('Database "bot_never_created" does not exist'));
    expect(failure).to.be.greaterThan(-1);
    expect(lines.slice(failure + 1).join('\n')).to.match(
      /^Details: error: database "bot_never_created" does not exist\n\s+at /,
    );
  });
});
