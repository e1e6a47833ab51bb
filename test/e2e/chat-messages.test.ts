import { container } from '@sapphire/framework';
import type { WebSocketManager, WebSocketShard } from '@discordjs/ws';
import { expect } from 'chai';
import { Events, type Message, type TextChannel } from 'discord.js';
import { createTestGuild, harness, type Harness, type TestGuild } from '../helpers/e2e';
import { eventually } from '../helpers/wait';

/**
 * discord.js builds a Message only for what can be a command (src/chatWithoutMessages.ts); plugins read chat from
 * the gateway payload. When discord.js handles a MESSAGE_CREATE it moves the channel's `lastMessageId`, which shows
 * whether it did.
 */
describe('chat without discord.js messages', function () {
  this.timeout(30_000);
  let h: Harness;
  let guild: TestGuild;
  let general: TextChannel;

  before(async () => {
    h = await harness();
    guild = await createTestGuild(h.emu);
    await container.guildSettings.enablePlugin(guild.id, 'levels', guild.setupBy);
    general = container.client.channels.cache.get(guild.generalChannelId) as TextChannel;
  });

  async function messageCountOf(userId: string): Promise<number> {
    await container.levels.repository.flush();
    const rows = await container.database.query<{ message_count: number }[]>(
      'SELECT message_count FROM level WHERE guild_id = $1 AND user_id = $2',
      [guild.id, userId],
    );
    return rows[0]?.message_count ?? 0;
  }

  it('counts chat from the payload without building a Message, and still builds one for a command', async () => {
    // Loaded, as it is for every guild after start-up (a message of a guild not loaded yet is built, to be safe).
    await container.guildSettings.get(guild.id);
    const before = general.lastMessageId;
    const chat = await guild.as.member.say(guild.generalChannelId, 'just chatting here');
    await eventually(async () => (await messageCountOf(guild.member.id)) === 1, 'levels to count the message');
    expect(general.lastMessageId, 'no Message built for chat').to.equal(before);
    expect(chat.id).to.not.equal(before);

    const mark = h.emu.mark();
    const command = await guild.as.member.say(guild.generalChannelId, '!help');
    const reply = await h.emu.waitForMessage({ channelId: guild.generalChannelId, since: mark });
    expect(reply.embeds.length + reply.content.length).to.be.greaterThan(0);
    // The command's message was built; the bot's own reply was not (bots' messages are never commands).
    expect(general.lastMessageId).to.equal(command.id);
  });

  it('builds every message again while anything else listens to messageCreate', async () => {
    const seen: string[] = [];
    const listener = (message: Message) => void seen.push(message.content);
    container.client.on(Events.MessageCreate, listener);
    try {
      await guild.as.member.say(guild.generalChannelId, 'someone is listening');
      await eventually(() => seen.includes('someone is listening'), 'the extra listener to get the message');
    } finally {
      container.client.off(Events.MessageCreate, listener);
    }
    const after = general.lastMessageId;
    await guild.as.member.say(guild.generalChannelId, 'nobody else listens now');
    await eventually(async () => (await messageCountOf(guild.member.id)) === 3, 'levels to count every message');
    expect(general.lastMessageId).to.equal(after);
  });

  it("hands discord.js each gateway event as its shard emitted it, with the shard's id added, not a copy", async () => {
    // The copies @discordjs/ws's own strategy forwards went to V8's old generation (src/sharding/InPlaceShardingStrategy.ts).
    // Internals of discord.js and @discordjs/ws, private in their typings: the gateway manager, its strategy's shards.
    const manager = Reflect.get(container.client.ws, '_ws') as WebSocketManager;
    const shards = Reflect.get(Reflect.get(manager, 'strategy') as object, 'shards') as Map<number, WebSocketShard>;
    const shard = shards.get(container.client.guilds.cache.get(guild.id)!.shardId)!;
    type Dispatch = { data: { t: string; d: { content?: string } }; shardId?: number };
    const content = 'one event, one object';
    const emitted: Dispatch[] = [];
    const forwarded: Dispatch[] = [];
    const fromShard = (event: Dispatch) => void (event.data.d.content === content && emitted.push(event));
    const fromManager = (event: Dispatch) => void (event.data.d.content === content && forwarded.push(event));
    shard.on('dispatch' as never, fromShard as never);
    manager.on('dispatch' as never, fromManager as never);
    try {
      await guild.as.member.say(guild.generalChannelId, content);
      await eventually(() => forwarded.length === 1, 'the message to reach discord.js');
    } finally {
      shard.off('dispatch' as never, fromShard as never);
      manager.off('dispatch' as never, fromManager as never);
    }
    expect(emitted).to.have.length(1);
    expect(forwarded[0], "the shard's own object").to.equal(emitted[0]);
    expect(forwarded[0]!.shardId).to.equal(shard.id);
    expect(forwarded[0]!.data.t).to.equal('MESSAGE_CREATE');
  });
});
