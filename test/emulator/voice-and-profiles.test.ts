import { expect } from 'chai';
import {
  AuditLogEvent,
  ChannelType,
  Events,
  GatewayIntentBits,
  PermissionFlagsBits,
  type Client,
  type ClientEvents,
} from 'discord.js';
import type { Emulator } from '../../emulator';
import { ALL_TEST_INTENTS, connectClient, startWorld } from './helpers';

/** Resolves with the arguments of the next `event` the client emits. */
function next<E extends keyof ClientEvents>(client: Client, event: E, timeoutMs = 3000): Promise<ClientEvents[E]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    client.once(event, (...args: ClientEvents[E]) => {
      clearTimeout(timer);
      resolve(args);
    });
  });
}

describe('emulator: voice states, profiles and server management by members', () => {
  let emu: Emulator;
  let client: Client<true>;
  let world: Awaited<ReturnType<typeof startWorld>>;

  before(async () => {
    world = await startWorld();
    emu = world.emu;
    client = await connectClient(emu, { intents: [...ALL_TEST_INTENTS, GatewayIntentBits.GuildVoiceStates] });
  });

  after(async () => {
    await client.destroy();
    await emu.stop();
  });

  const latestAudit = () => emu.world.auditLog(world.guild.id)[0];

  it('dispatches VOICE_STATE_UPDATE for joins, moves, server mutes and leaves, with audit entries for moderators', async () => {
    const lounge = emu.createChannel(world.guild.id, { name: 'Lounge', type: ChannelType.GuildVoice });
    const stage = emu.createChannel(world.guild.id, { name: 'Stage', type: ChannelType.GuildVoice });
    const alice = emu.actor(world.alice.id);
    const owner = emu.actor(world.owner.id);

    const joined = next(client, Events.VoiceStateUpdate);
    await alice.joinVoice(world.guild.id, lounge.id);
    const [beforeJoin, afterJoin] = await joined;
    expect([beforeJoin.channelId, afterJoin.channelId]).to.deep.equal([null, lounge.id]);

    const moved = next(client, Events.VoiceStateUpdate);
    await owner.moveVoice(world.guild.id, world.alice.id, stage.id);
    const [beforeMove, afterMove] = await moved;
    expect([beforeMove.channelId, afterMove.channelId]).to.deep.equal([lounge.id, stage.id]);
    expect(latestAudit()).to.include({ action_type: AuditLogEvent.MemberMove, user_id: world.owner.id });
    expect(latestAudit().options?.channel_id).to.equal(stage.id);

    const muted = new Promise<boolean>((resolve) =>
      client.on(Events.VoiceStateUpdate, (_old, state) => {
        if (state.serverMute) resolve(true);
      }),
    );
    await owner.voiceModerate(world.guild.id, world.alice.id, { mute: true });
    expect(await muted).to.equal(true);
    expect(latestAudit()).to.include({ action_type: AuditLogEvent.MemberUpdate, target_id: world.alice.id });
    expect(latestAudit().changes).to.deep.equal([{ key: 'mute', old_value: false, new_value: true }]);

    const left = next(client, Events.VoiceStateUpdate);
    await alice.leaveVoice(world.guild.id);
    const [beforeLeave, afterLeave] = await left;
    expect([beforeLeave.channelId, afterLeave.channelId]).to.deep.equal([stage.id, null]);
  });

  it('refuses to move a member who is not in voice (40032)', async () => {
    const lounge = emu.createChannel(world.guild.id, { name: 'Lounge 2', type: ChannelType.GuildVoice });
    await emu
      .actor(world.owner.id)
      .moveVoice(world.guild.id, world.alice.id, lounge.id)
      .then(
        () => expect.fail('expected a refusal'),
        (error: { code?: number }) => expect(error.code).to.equal(40032),
      );
  });

  it('turns a profile change into userUpdate and a server avatar into guildMemberUpdate', async () => {
    const alice = emu.actor(world.alice.id);
    const renamed = next(client, Events.UserUpdate);
    await alice.updateProfile({ username: 'alicia', avatar: 'a1b2c3' });
    const [oldUser, newUser] = await renamed;
    expect([oldUser.username, newUser.username, newUser.avatar]).to.deep.equal(['alice', 'alicia', 'a1b2c3']);

    const avatar = next(client, Events.GuildMemberUpdate);
    await alice.setServerAvatar(world.guild.id, 'f00d');
    const [oldMember, newMember] = await avatar;
    expect([oldMember.avatar, newMember.avatar]).to.deep.equal([null, 'f00d']);
  });

  it('lets members manage channels, overwrites, roles and threads, audit-logged with them as executor', async () => {
    const owner = emu.actor(world.owner.id);
    const created = next(client, Events.ChannelCreate);
    const channel = await owner.createChannel(world.guild.id, { name: 'plans' });
    expect((await created)[0].id).to.equal(channel.id);
    expect(latestAudit()).to.include({ action_type: AuditLogEvent.ChannelCreate, user_id: world.owner.id });

    await owner.setOverwrite(channel.id, { id: world.guild.id, type: 'role', deny: PermissionFlagsBits.SendMessages });
    expect(latestAudit()).to.include({ action_type: AuditLogEvent.ChannelOverwriteCreate, target_id: channel.id });

    const role = await owner.createRole(world.guild.id, { name: 'Helpers' });
    await owner.editRole(world.guild.id, role.id, { name: 'Helpers+', permissions: PermissionFlagsBits.KickMembers });
    expect(latestAudit()).to.include({ action_type: AuditLogEvent.RoleUpdate, target_id: role.id });
    await owner.deleteRole(world.guild.id, role.id);
    expect(latestAudit()).to.include({ action_type: AuditLogEvent.RoleDelete, target_id: role.id });

    const threadId = await owner.startThread(channel.id, 'ideas');
    await owner.editChannel(threadId, { archived: true });
    expect(latestAudit()).to.include({ action_type: AuditLogEvent.ThreadUpdate, target_id: threadId });

    const first = await owner.say(channel.id, 'one');
    const second = await owner.say(channel.id, 'two');
    const bulk = next(client, Events.MessageBulkDelete);
    await owner.bulkDelete(channel.id, [first, second]);
    expect([...(await bulk)[0].keys()].sort()).to.deep.equal([first.id, second.id].sort());
    await owner.setNickname(world.guild.id, world.alice.id, 'Ally');
    expect(latestAudit().changes?.[0]).to.deep.include({ key: 'nick', new_value: 'Ally' });
  });
});
