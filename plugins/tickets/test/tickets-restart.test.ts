import { expect } from 'chai';
import type { APIMessage } from 'discord-api-types/v10';
import { buildTestGuild } from '#test/helpers/e2e';
import { botProcessSuite } from '#test/helpers/process-suite';
import type { Actor } from '#emulator';
import { deleteChannel } from '#emulator/ops/channels';
import tickets from '../index';

describe('tickets across a restart', function () {
  this.timeout(90_000);
  // Each start gets its own task queue: what the killed process had queued in Redis is lost, as after a Redis loss.
  const bots = botProcessSuite('tickets-restart', { redisNamespacePerStart: true });

  it('auto-closes a quiet ticket and closes one whose channel was deleted while the bot was down', async () => {
    const { emu } = bots;
    const guild = buildTestGuild(emu, 'Restarts');
    const { owner, member } = guild;
    const log = emu.createChannel(guild.id, { name: 'ticket-log' });
    const general = guild.generalChannelId;
    // Bots run as processes answer their first commands a little slower than the in-process one.
    const say = async (actor: Actor, content: string): Promise<APIMessage> => {
      await actor.say(general, content);
      return emu.waitForMessage({ channelId: general, timeoutMs: 10_000 });
    };

    const first = await bots.start();
    await emu.waitForCommandsRegistered(['ticket'], { timeoutMs: 15_000 });
    expect((await say(guild.as.owner, `!plugins enable ${tickets.name}`)).content).to.match(/enabled/i);
    await say(guild.as.owner, `!config channel ticket-log <#${log.id}>`);
    await say(guild.as.owner, `!plugins config ${tickets.name} inactivityWarnSeconds 4`);
    await say(guild.as.owner, `!plugins config ${tickets.name} inactivityCloseSeconds 1`);
    const quiet = /<#(\d+)>/.exec((await say(guild.as.member, '!ticket open Quiet one | nobody answers')).content)![1]!;
    const deleted = /<#(\d+)>/.exec(
      (await say(guild.as.moderator, '!ticket open Doomed | channel goes away')).content,
    )![1]!;

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
