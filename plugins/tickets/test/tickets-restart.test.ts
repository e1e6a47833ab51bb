import { expect } from 'chai';
import type { APIMessage } from 'discord-api-types/v10';
import { botProcessSuite } from '#test/helpers/process-suite';
import { deleteChannel } from '../../../emulator/ops/channels';

describe('tickets across a restart', function () {
  this.timeout(90_000);
  // Each start gets its own task queue: what the killed process had queued in Redis is lost, as after a Redis loss.
  const bots = botProcessSuite('tickets-restart', { redisNamespacePerStart: true });

  it('auto-closes a quiet ticket and closes one whose channel was deleted while the bot was down', async () => {
    const { emu } = bots;
    const owner = emu.createUser({ username: 'owner' });
    const member = emu.createUser({ username: 'member' });
    const other = emu.createUser({ username: 'other' });
    const guild = emu.createGuild({ name: 'Restarts', ownerId: owner.id });
    emu.addMember(guild.id, member.id);
    emu.addMember(guild.id, other.id);
    const log = emu.createChannel(guild.id, { name: 'ticket-log' });
    const general = guild.generalChannelId;
    const say = async (userId: string, content: string): Promise<APIMessage> => {
      await emu.actor(userId).say(general, content);
      return emu.waitForMessage({ channelId: general, timeoutMs: 10_000 });
    };

    const first = await bots.start();
    await emu.waitForCommandsRegistered(['ticket'], { timeoutMs: 15_000 });
    expect((await say(owner.id, '!plugins enable tickets')).content).to.match(/enabled/i);
    await say(owner.id, `!config channel ticket-log <#${log.id}>`);
    await say(owner.id, '!plugins config tickets inactivityWarnSeconds 4');
    await say(owner.id, '!plugins config tickets inactivityCloseSeconds 1');
    const quiet = /<#(\d+)>/.exec((await say(member.id, '!ticket open Quiet one | nobody answers')).content)![1]!;
    const deleted = /<#(\d+)>/.exec((await say(other.id, '!ticket open Doomed | channel goes away')).content)![1]!;

    // A crash: no graceful shutdown. Its queued inactivity jobs are in a queue nobody will read again.
    first.child.kill('SIGKILL');
    await first.exit;
    deleteChannel(emu.core, deleted, { userId: owner.id });

    const mark = emu.mark();
    const second = await bots.start();
    const closedLog = (number: string) =>
      emu.waitForMessage({
        channelId: log.id,
        since: mark,
        predicate: (message) => message.embeds.some((embed) => embed.title === `Ticket #${number} closed`),
        timeoutMs: 20_000,
      });
    expect((await closedLog('0002')).embeds[0]!.description).to.include('The ticket channel was deleted.');
    const warning = await emu.waitForMessage({
      channelId: quiet,
      since: mark,
      predicate: (message) => /has been quiet/.test(message.content),
      timeoutMs: 20_000,
    });
    expect(warning.content).to.include(`<@${member.id}>`);
    expect((await closedLog('0001')).embeds[0]!.description).to.include('Closed after inactivity.');
    expect(second.output()).to.match(/Tickets: reconciled 2 ticket\(s\)/);
  });
});
