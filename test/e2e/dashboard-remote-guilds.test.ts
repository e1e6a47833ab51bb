import { container } from '@sapphire/framework';
import { expect } from 'chai';
import { ChannelType, PermissionFlagsBits } from 'discord-api-types/v10';
import { DashboardAccess } from '../../src/dashboard/access';
import { DashboardGuilds, type GuildView } from '../../src/dashboard/guildViews';
import { idChoices } from '../../src/dashboard/settingsForm';
import { GuildsOverRest } from '../../src/guilds/GuildsOverRest';
import { checkGuildId, type DiscordIdKind } from '../../src/plugin-kit/settingIds';
import { createTestGuild, harness, type Harness, type TestGuild } from '../helpers/e2e';
import { eventually } from '../helpers/wait';

/**
 * The dashboard's view of a guild whose shard runs in another process: the same guilds the in-process bot holds in
 * its cache, read instead through Discord's REST API as the dashboard's process reads another shard's guilds. Every
 * decision must come out the same both ways.
 */
describe('dashboard: a guild of another shard process, read by REST', function () {
  this.timeout(30_000);
  let h: Harness;
  let guild: TestGuild;
  let rest: DashboardGuilds;
  let restAccess: DashboardAccess;

  before(async () => {
    h = await harness();
  });

  /** As the dashboard's process sees a guild of another shard: not in its cache, not its shard; read by REST. */
  const readByRest = () =>
    new DashboardGuilds({
      cached: () => undefined,
      owns: () => false,
      known: (guildIds) => container.guildSettings.knownGuilds(guildIds),
      rest: new GuildsOverRest({
        rest: container.client.rest,
        botUserId: () => container.client.user!.id,
        ttlMs: 60_000,
        nameTtlMs: 60_000,
        maxEntries: 100,
      }),
    });

  beforeEach(async () => {
    guild = await createTestGuild(h.emu);
    // Another process knows the guild from the row its shard wrote on joining it (guildCreate), which can land a
    // moment after the bot's cache has the guild.
    await eventually(
      async () => (await container.guildSettings.knownGuilds([guild.id])).has(guild.id),
      `guild ${guild.id} to be recorded`,
    );
    rest = readByRest();
    restAccess = new DashboardAccess(rest, container.permissions);
  });

  const both = async (guildId: string): Promise<[GuildView, GuildView]> => [
    (await container.dashboard.guilds.of(guildId))!,
    (await rest.of(guildId))!,
  ];

  it('decides who manages the server, and each seed permission, as the gateway cache does', async () => {
    const managers = h.emu.createRole(guild.id, { name: 'Managers', permissions: PermissionFlagsBits.ManageGuild });
    const admins = h.emu.createRole(guild.id, { name: 'Admins', permissions: PermissionFlagsBits.Administrator });
    const manager = h.emu.createUser({ username: 'manager' });
    const administrator = h.emu.createUser({ username: 'administrator' });
    h.emu.addMember(guild.id, manager.id, { roles: [managers.id] });
    h.emu.addMember(guild.id, administrator.id, { roles: [admins.id] });
    // The mod role as the bot's admin role: ADMIN by the role mapping, without Manage Server in Discord.
    await container.guildSettings.updateConfig(guild.id, 'Guild', { adminRoleId: guild.modRoleId }, guild.setupBy);
    const users = [guild.owner, guild.moderator, guild.member, manager, administrator];
    const verdicts = async (access: DashboardAccess) =>
      Promise.all(
        users.map(async (user) => {
          const found = await access.memberOf(guild.id, user.id);
          if (!found) return [user.username, 'not a member'];
          const { role, permissions } = await access.accessOf(found);
          return [user.username, await access.manages(found), role, [...permissions].sort()];
        }),
      );
    const [cached, remote] = [await verdicts(container.dashboard.access), await verdicts(restAccess)];
    expect(remote).to.deep.equal(cached);
    expect(remote.map(([name, manages]) => [name, manages])).to.deep.equal([
      [guild.owner.username, true],
      [guild.moderator.username, true],
      [guild.member.username, false],
      ['manager', true],
      ['administrator', true],
    ]);
  });

  it('offers the same channels and roles in pickers, and checks a setting’s ids as /plugins config does', async () => {
    const category = h.emu.createChannel(guild.id, { name: 'Support', type: ChannelType.GuildCategory });
    const muted = h.emu.createChannel(guild.id, {
      name: 'muted',
      // The bot may read but not post here: a setting naming it is refused, naming what the bot lacks.
      permissionOverwrites: [
        { id: guild.id, type: 'role', deny: PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks },
      ],
    });
    const voice = h.emu.createChannel(guild.id, { name: 'voice', type: ChannelType.GuildVoice });
    const botRole = [...h.emu.world.guilds.get(guild.id)!.roles.values()].find((role) => role.managed)!;
    const [cached, remote] = await both(guild.id);
    for (const kind of ['role', 'channel', 'category', 'watched'] as DiscordIdKind[]) {
      const setting = { kind, list: false };
      const choices = idChoices(remote, await remote.channels(), setting);
      expect(choices, kind).to.deep.equal(idChoices(cached, await cached.channels(), setting));
    }
    expect(idChoices(remote, await remote.channels(), { kind: 'channel', list: false })).to.deep.include({
      id: muted.id,
      label: '#muted',
    });
    const outcome = (view: GuildView, kind: DiscordIdKind, typed: string) =>
      checkGuildId(view.idTargets(), kind, typed).catch((error: Error) => `refused: ${error.message}`);
    const cases: [DiscordIdKind, string][] = [
      ['channel', guild.generalChannelId],
      ['channel', muted.id],
      ['channel', category.id],
      ['channel', voice.id],
      ['category', category.id],
      ['category', guild.generalChannelId],
      ['watched', voice.id],
      ['channel', '123456789012345678'],
      ['role', guild.modRoleId],
      ['role', guild.id],
      ['role', botRole.id],
      ['role', '123456789012345678'],
    ];
    for (const [kind, typed] of cases) {
      expect(await outcome(remote, kind, typed), `${kind} ${typed}`).to.equal(await outcome(cached, kind, typed));
    }
    expect(await outcome(remote, 'channel', muted.id)).to.match(/I am missing SendMessages, EmbedLinks there/);
    // The bot's role without Manage Channels: it may not use the category for tickets.
    h.emu.setBotPermissions(guild.id, PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages);
    const fresh = (await readByRest().of(guild.id))!;
    expect(await outcome(fresh, 'category', category.id)).to.match(/I need \*\*Manage Channels\*\*/);
  });

  it('refuses a member the moment they lose the role, and counts a role made since the guild was read', async () => {
    // The guild is read (and kept) before the role exists.
    expect(await restAccess.memberOf(guild.id, guild.member.id)).to.not.equal(null);
    const managers = h.emu.createRole(guild.id, { name: 'Managers', permissions: PermissionFlagsBits.ManageGuild });
    h.emu.setMemberRoles(guild.id, guild.member.id, [managers.id]);
    expect(await restAccess.requireManager(guild.id, guild.member.id)).to.have.nested.property(
      'member.userId',
      guild.member.id,
    );
    h.emu.setMemberRoles(guild.id, guild.member.id, []);
    const refused = await restAccess.requireManager(guild.id, guild.member.id).catch((error: Error) => error);
    expect(refused).to.have.property('status', 403);
    h.emu.removeMember(guild.id, guild.owner.id);
    expect(await restAccess.memberOf(guild.id, guild.owner.id)).to.equal(null);
  });

  it('asks Discord nothing about a guild the bot never recorded, and names members on public pages', async () => {
    const before = h.emu.requests.length;
    expect(await rest.of('123456789012345678')).to.equal(null);
    expect(await rest.of('not a guild')).to.equal(null);
    expect(h.emu.requests.slice(before).filter((request) => request.route?.startsWith('/guilds/'))).to.deep.equal([]);

    const view = (await rest.of(guild.id))!;
    h.emu.removeMember(guild.id, guild.moderator.id);
    const names = await view.displayNames([guild.member.id, guild.moderator.id]);
    expect([...names]).to.deep.equal([[guild.member.id, guild.member.username]]);
    // Names are reused: a second page asks nothing.
    const mark = h.emu.requests.length;
    await view.displayNames([guild.member.id, guild.moderator.id]);
    expect(h.emu.requests.length).to.equal(mark);
  });

  it('a channel overwrite for the bot’s own role or member is counted like Discord counts it', async () => {
    const botRole = [...h.emu.world.guilds.get(guild.id)!.roles.values()].find((role) => role.managed)!;
    const allowed = h.emu.createChannel(guild.id, {
      name: 'staff',
      permissionOverwrites: [
        { id: guild.id, type: 'role', deny: PermissionFlagsBits.ViewChannel },
        { id: botRole.id, type: 'role', allow: PermissionFlagsBits.ViewChannel },
      ],
    });
    const denied = h.emu.createChannel(guild.id, {
      name: 'secret',
      permissionOverwrites: [
        { id: botRole.id, type: 'role', allow: PermissionFlagsBits.ViewChannel },
        { id: container.client.user!.id, type: 'member', deny: PermissionFlagsBits.ViewChannel },
      ],
    });
    const [cached, remote] = await both(guild.id);
    for (const channel of [allowed, denied]) {
      const [fromCache, fromRest] = await Promise.all(
        [cached, remote].map((view) =>
          checkGuildId(view.idTargets(), 'channel', channel.id).catch((error: Error) => error.message),
        ),
      );
      expect(fromRest, channel.name).to.equal(fromCache);
    }
    expect(await checkGuildId(remote.idTargets(), 'channel', allowed.id)).to.equal(JSON.stringify(allowed.id));
    const refused = await checkGuildId(remote.idTargets(), 'channel', denied.id).catch((error: Error) => error.message);
    expect(refused).to.equal('I cannot post in secret: I am missing ViewChannel there.');
  });
});
