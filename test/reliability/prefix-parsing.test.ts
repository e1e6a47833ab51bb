import { container } from '@sapphire/framework';
import { expect } from 'chai';
import { createTestGuild, harness, type Harness, type TestGuild } from '#test/helpers/e2e';

/**
 * Issue 14's prefix parsing, on the core's commands (the plugins' tests cover theirs: arguments split by any
 * whitespace, unmatched quotes, command groups without a subcommand).
 */
describe('prefix parsing', function () {
  this.timeout(30_000);
  let h: Harness;
  let guild: TestGuild;

  before(async () => {
    h = await harness();
  });

  beforeEach(async () => {
    guild = await createTestGuild(h.emu);
  });

  it('refuses a prefix that is only quote marks, from /config and !config', async () => {
    const slash = await guild.slash(guild.as.owner, 'config', 'prefix', { prefix: '"' });
    expect(slash).to.include({ ephemeral: true });
    expect(slash.text).to.match(/^A prefix cannot be only quote marks/);
    const prefix = await guild.prefix(guild.as.owner, "!config prefix '");
    expect(prefix.text).to.match(/^A prefix cannot be only quote marks/);
    expect(await container.guildSettings.prefixFor(guild.id)).to.equal('!');
  });

  it('reads a command name and arguments separated by newlines and non-breaking spaces', async () => {
    const set = await guild.prefix(guild.as.owner, '!config\nprefix\u00a0?');
    expect(set.text).to.equal('The prefix is now `?`.');
    expect(await container.guildSettings.prefixFor(guild.id)).to.equal('?');
    const help = await guild.prefix(guild.as.member, '?help\u00a0help');
    expect(help.text).to.include('/help [command]');
  });

  it('refuses an unmatched quote in a core command', async () => {
    const refused = await guild.prefix(guild.as.owner, '!config prefix "?');
    expect(refused.text).to.match(/^An argument opens with " but never closes with "/);
    expect(await container.guildSettings.prefixFor(guild.id)).to.equal('!');
  });
});
