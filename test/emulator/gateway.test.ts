import { Socket } from 'node:net';
import zlib from 'node:zlib';
import { expect } from 'chai';
import { ChannelType, Events, GatewayIntentBits, Partials, type Client, type Message } from 'discord.js';
import { GatewayOpcodes } from 'discord-api-types/v10';
import WebSocket from 'ws';
import type { Emulator } from '../../emulator';
import { TOKEN, connectClient, startWorld } from './helpers';

/** Collects the content of every messageCreate the client emits. */
function recordMessages(client: Client): string[] {
  const seen: string[] = [];
  client.on(Events.MessageCreate, (message: Message) => seen.push(message.content));
  return seen;
}

async function until(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('emulator: gateway', () => {
  describe('resume', () => {
    let emu: Emulator;
    let client: Client<true>;
    let world: Awaited<ReturnType<typeof startWorld>>;

    before(async () => {
      world = await startWorld();
      emu = world.emu;
      client = await connectClient(emu);
    });

    after(async () => {
      await client.destroy();
      await emu.stop();
    });

    it('replays events dispatched while the connection was down, once each', async () => {
      const seen = recordMessages(client);
      const alice = emu.actor(world.alice.id);
      await alice.say(world.channelId, 'before');
      emu.dropConnections();
      await alice.say(world.channelId, 'while down 1');
      await alice.say(world.channelId, 'while down 2');
      const resumed = new Promise((resolve) => client.once(Events.ShardResume, resolve));
      await until(() => seen.length >= 3, 'three messages');
      await resumed;
      await alice.say(world.channelId, 'after');
      await until(() => seen.length >= 4, 'four messages');
      expect(seen).to.deep.equal(['before', 'while down 1', 'while down 2', 'after']);
      expect(emu.sessions).to.have.length(1);
    });

    it('resumes after op 7 Reconnect', async () => {
      const seen = recordMessages(client);
      const sessionId = emu.sessions[0].id;
      const resumed = new Promise((resolve) => client.once(Events.ShardResume, resolve));
      emu.forceReconnect();
      await resumed;
      await emu.actor(world.alice.id).say(world.channelId, 'after reconnect');
      await until(() => seen.includes('after reconnect'), 'the message after reconnect');
      expect(emu.sessions.map((session) => session.id)).to.deep.equal([sessionId]);
      expect(emu.sessions[0].connected).to.equal(true);
    });
  });

  describe('sharding', () => {
    let emu: Emulator;
    const clients: Client<true>[] = [];

    before(async () => {
      ({ emu } = await startWorld({ shardCount: 2 }));
    });

    after(async () => {
      await Promise.all(clients.map((client) => client.destroy()));
      await emu.stop();
    });

    it('gives each shard only the guilds with (id >> 22) % count == shard', async () => {
      const owner = emu.createUser({ username: 'shard-owner' });
      for (let index = 0; index < 6; index += 1) emu.createGuild({ name: `g${index}`, ownerId: owner.id });
      for (const shard of [0, 1]) {
        clients.push(await connectClient(emu, { shards: [shard], shardCount: 2 }));
      }
      const all = [...emu.world.guilds.keys()];
      for (const [shard, client] of clients.entries()) {
        const expected = all.filter((id) => Number((BigInt(id) >> 22n) % 2n) === shard).sort();
        expect([...client.guilds.cache.keys()].sort()).to.deep.equal(expected);
      }
      expect(emu.sessions.map((session) => session.shard)).to.have.deep.members([
        [0, 2],
        [1, 2],
      ]);
    });

    it("pushes benchmark messages only to the shard of each one's guild", async () => {
      const author = emu.createUser({ username: 'pusher' });
      const shardOf = (guildId: string) => Number((BigInt(guildId) >> 22n) % 2n);
      const byShard = new Map<number, string>();
      for (const guild of emu.world.guilds.values()) byShard.set(shardOf(guild.id), guild.id);
      while (byShard.size < 2) {
        await new Promise((resolve) => setTimeout(resolve, 1));
        const guild = emu.createGuild({ name: 'another', ownerId: author.id });
        byShard.set(shardOf(guild.id), guild.id);
      }
      const own = [
        await connectClient(emu, { shards: [0], shardCount: 2 }),
        await connectClient(emu, { shards: [1], shardCount: 2 }),
      ];
      clients.push(...own);
      const received = own.map(() => new Map<string, number>());
      own.forEach((client, shard) =>
        client.on(Events.Raw, (raw: unknown) => {
          const packet = raw as { t?: string; d?: { guild_id?: string } };
          if (packet.t !== 'MESSAGE_CREATE') return;
          const guildId = packet.d!.guild_id!;
          received[shard]!.set(guildId, (received[shard]!.get(guildId) ?? 0) + 1);
        }),
      );
      for (const guildId of byShard.values()) {
        const channelId = [...emu.world.channels.values()].find((channel) => channel.guildId === guildId)!.id;
        await emu.pushMessages(channelId, 3, { authorId: author.id });
      }
      await until(() => received.every((counts) => counts.size > 0), 'each shard to receive its guild’s messages');
      await new Promise((resolve) => setTimeout(resolve, 100)); // a frame sent to the wrong shard, if any, arrives
      for (const [shard, counts] of received.entries()) {
        expect(Object.fromEntries(counts), `shard ${shard}`).to.deep.equal({ [byShard.get(shard)!]: 3 });
      }
    });

    it('pushes a benchmark message with one id to every connection of its shard', async () => {
      const author = emu.createUser({ username: 'twice-heard' });
      const guild = [...emu.world.guilds.values()].find(
        (candidate) => Number((BigInt(candidate.id) >> 22n) % 2n) === 0,
      )!;
      const channelId = [...emu.world.channels.values()].find((channel) => channel.guildId === guild.id)!.id;
      const both = [
        await connectClient(emu, { shards: [0], shardCount: 2 }),
        await connectClient(emu, { shards: [0], shardCount: 2 }),
      ];
      clients.push(...both);
      const ids = both.map(() => [] as string[]);
      both.forEach((client, index) =>
        client.on(Events.Raw, (raw: unknown) => {
          const packet = raw as { t?: string; d?: { id: string; author?: { id: string } } };
          if (packet.t === 'MESSAGE_CREATE' && packet.d!.author?.id === author.id) ids[index]!.push(packet.d!.id);
        }),
      );
      await emu.pushMessages(channelId, 5, { authorId: author.id });
      await until(() => ids.every((received) => received.length === 5), 'both connections to receive the messages');
      expect(new Set(ids[0]).size).to.equal(5);
      expect(ids[1]).to.deep.equal(ids[0]);
    });

    it('writes a benchmark push to a connection in batches, not a write a frame', async () => {
      const author = emu.createUser({ username: 'batched' });
      const channelId = [...emu.world.channels.values()].find((channel) => channel.guildId !== undefined)!.id;
      const client = await connectClient(emu);
      clients.push(client);
      let received = 0;
      client.on(Events.Raw, (raw: unknown) => {
        if ((raw as { t?: string }).t === 'MESSAGE_CREATE') received += 1;
      });
      // Every socket write in this process (the emulator's and the clients'), counted while the push runs.
      const write = Socket.prototype._write;
      const writev = Socket.prototype._writev!;
      let writes = 0;
      Socket.prototype._write = function (this: Socket, ...args: Parameters<Socket['_write']>) {
        writes += 1;
        return write.apply(this, args);
      };
      Socket.prototype._writev = function (this: Socket, ...args: Parameters<NonNullable<Socket['_writev']>>) {
        writes += 1;
        return writev.apply(this, args);
      };
      try {
        await emu.pushMessages(channelId, 500, { authorId: author.id });
      } finally {
        Socket.prototype._write = write;
        Socket.prototype._writev = writev;
      }
      await until(() => received === 500, 'the client to receive the messages');
      expect(writes).to.be.below(50);
    });
  });

  describe('intents', () => {
    let emu: Emulator;
    let client: Client<true>;
    let world: Awaited<ReturnType<typeof startWorld>>;

    before(async () => {
      world = await startWorld();
      emu = world.emu;
      client = await connectClient(emu, { intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages] });
    });

    after(async () => {
      await client.destroy();
      await emu.stop();
    });

    it('blanks content without MessageContent unless the bot is mentioned', async () => {
      const seen = recordMessages(client);
      const alice = emu.actor(world.alice.id);
      await alice.say(world.channelId, 'secret');
      await alice.say(world.channelId, `<@${emu.botUserId}> visible`);
      await until(() => seen.length === 2, 'two messages');
      expect(seen).to.deep.equal(['', `<@${emu.botUserId}> visible`]);
    });

    it('sends no member events without GuildMembers', async () => {
      let added = 0;
      client.on(Events.GuildMemberAdd, () => (added += 1));
      const bob = emu.createUser({ username: 'bob' });
      emu.addMember(world.guild.id, bob.id);
      await emu.actor(world.alice.id).say(world.channelId, 'marker');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(added).to.equal(0);
    });
  });

  describe('members in GUILD_CREATE', () => {
    it('lists only the bot and members in voice without GuildPresences, everyone with it (as Discord documents)', async () => {
      const world = await startWorld();
      const { emu } = world;
      const voice = emu.createChannel(world.guild.id, { name: 'voice', type: ChannelType.GuildVoice });
      await emu.actor(world.alice.id).joinVoice(world.guild.id, voice.id);
      const listed = async (intents: GatewayIntentBits[]) => {
        const client = await connectClient(emu, { intents });
        const ids = [...client.guilds.cache.get(world.guild.id)!.members.cache.keys()];
        await client.destroy();
        return ids;
      };
      try {
        expect(await listed([GatewayIntentBits.Guilds, GatewayIntentBits.GuildMembers])).to.have.members([
          emu.botUserId,
          world.alice.id,
        ]);
        expect(
          await listed([GatewayIntentBits.Guilds, GatewayIntentBits.GuildMembers, GatewayIntentBits.GuildPresences]),
        ).to.have.members([emu.botUserId, world.alice.id, world.owner.id]);
      } finally {
        await emu.stop();
      }
    });
  });

  describe('direct messages', () => {
    let emu: Emulator;
    let client: Client<true>;
    let world: Awaited<ReturnType<typeof startWorld>>;

    before(async () => {
      world = await startWorld();
      emu = world.emu;
      // As a bot is set up to hear DMs: DM channels are never cached before their first message.
      client = await connectClient(emu, { partials: [Partials.Channel] });
    });

    after(async () => {
      await client.destroy();
      await emu.stop();
    });

    it("delivers a member's DM to the bot, in a DM channel (MESSAGE_CREATE carries channel_type)", async () => {
      const received: Message[] = [];
      client.on(Events.MessageCreate, (message: Message) => received.push(message));
      await emu.actor(world.alice.id).dm('hello bot');
      await until(() => received.length === 1, 'the DM');
      expect(received[0]!.content).to.equal('hello bot');
      expect(received[0]!.channel.type).to.equal(ChannelType.DM);
      expect(received[0]!.author.id).to.equal(world.alice.id);
    });
  });

  describe('raw protocol', () => {
    let emu: Emulator;

    before(async () => {
      ({ emu } = await startWorld());
    });

    after(() => emu.stop());

    it('closes with 4004 on a bad token', async () => {
      const socket = new WebSocket(`ws://127.0.0.1:${emu.port}/?v=10&encoding=json`);
      socket.once('message', () =>
        socket.send(
          JSON.stringify({
            op: GatewayOpcodes.Identify,
            d: { token: 'wrong', intents: 1, properties: { os: 'linux', browser: 'test', device: 'test' } },
          }),
        ),
      );
      const code = await new Promise<number>((resolve) => socket.once('close', resolve));
      expect(code).to.equal(4004);
    });

    it('speaks zlib-stream: one deflate context, every frame ending in 00 00 ff ff', async () => {
      const socket = new WebSocket(`ws://127.0.0.1:${emu.port}/?v=10&encoding=json&compress=zlib-stream`);
      const frames: Buffer[] = [];
      const inflate = zlib.createInflate();
      let text = '';
      inflate.on('data', (chunk: Buffer) => (text += chunk.toString()));
      socket.on('message', (data: Buffer) => {
        frames.push(data);
        inflate.write(data);
        if (frames.length === 1) {
          socket.send(
            JSON.stringify({
              op: GatewayOpcodes.Identify,
              d: { token: TOKEN, intents: 1, properties: { os: 'linux', browser: 'test', device: 'test' } },
            }),
          );
        }
      });
      await until(() => text.includes('"t":"GUILD_CREATE"'), 'READY and GUILD_CREATE');
      socket.close(1000);
      expect(text).to.include('"heartbeat_interval"').and.include('"t":"READY"');
      for (const frame of frames) expect(frame.subarray(-4).toString('hex')).to.equal('0000ffff');
    });
  });
});

describe('emulator: world events for live views', () => {
  it('emits every dispatch on the core, with or without a connected session', async () => {
    const { emu, alice, channelId, guild } = await startWorld();
    try {
      const seen: { event: string; data: unknown }[] = [];
      emu.core.on('dispatch', (event, data) => seen.push({ event, data }));
      const message = await emu.actor(alice.id).say(channelId, 'hello');
      await emu.actor(alice.id).delete(message);
      emu.createChannel(guild.id, { name: 'news' });
      expect(seen.map((entry) => entry.event)).to.deep.equal(['MESSAGE_CREATE', 'MESSAGE_DELETE', 'CHANNEL_CREATE']);
      expect(seen[1]!.data).to.deep.include({ id: message.id, channel_id: channelId });
    } finally {
      await emu.stop();
    }
  });
});
