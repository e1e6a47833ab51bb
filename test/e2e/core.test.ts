import { container } from '@sapphire/framework';
import { expect } from 'chai';
import { PermissionFlagsBits } from 'discord.js';
import { GuildConfig } from '../../src/database/entities/GuildConfig';
import { GuildPlugin } from '../../src/database/entities/GuildPlugin';
import { CorePreMessageParser } from '../../src/listeners/CorePreMessageParser';
import { createTestGuild, harness, type Harness, type TestGuild } from '../helpers/e2e';

describe('core commands end to end', function () {
  this.timeout(30_000);
  let h: Harness;
  let guild: TestGuild;

  before(async () => {
    h = await harness();
  });

  beforeEach(async () => {
    guild = await createTestGuild(h.emu);
  });

  const pluginRow = (plugin: string) =>
    container.database.getRepository(GuildPlugin).findOneBy({ guildId: guild.id, plugin });

  it('an admin enables a plugin: its command goes from refused to accepted, and /help follows', async () => {
    const refused = await guild.slash(guild.as.member, 'remind', 'list');
    expect(refused.ephemeral).to.equal(true);
    expect(refused.text).to.match(/\*\*reminders\*\* plugin is disabled.*\/plugins enable reminders/);
    expect((await guild.slash(guild.as.member, 'help')).text).not.to.include('/remind');

    const enabled = await guild.slash(guild.as.owner, 'plugins', 'enable', { plugin: 'reminders' });
    expect(enabled.text).to.equal('**reminders** is now enabled on this server.');
    expect((await pluginRow('reminders'))?.enabled).to.equal(true);

    const accepted = await guild.slash(guild.as.member, 'remind', 'list');
    expect(accepted.text).to.equal('You have no pending reminders here.');
    expect((await guild.slash(guild.as.member, 'help')).text).to.include('/remind');

    await guild.slash(guild.as.owner, 'plugins', 'disable', { plugin: 'reminders' });
    expect((await guild.slash(guild.as.member, 'remind', 'list')).text).to.match(/disabled/);
  });

  it('/help offers a plain member only what they can use, and lists staff commands apart, locked', async () => {
    for (const plugin of ['economy', 'moderation', 'tickets']) {
      await guild.slash(guild.as.owner, 'plugins', 'enable', { plugin });
    }
    /** The commands /help lists in each of its fields. */
    const listed = async (actor: typeof guild.as.member) => {
      const { reply } = await guild.slash(actor, 'help');
      const fields = reply.embeds[0]!.fields!;
      const names = (value: string) => [...value.matchAll(/`\/([\w-]+)`/g)].map((match) => match[1]!);
      const locked = fields.find((field) => field.name.startsWith('🔒'));
      return {
        usable: fields.filter((field) => field !== locked).flatMap((field) => names(field.value)),
        locked: locked ? names(locked.value) : [],
      };
    };

    const member = await listed(guild.as.member);
    for (const staff of ['ban', 'warn', 'economy', 'config', 'permissions', 'status', 'xp']) {
      expect(member.usable, `/${staff} offered to a member`).not.to.include(staff);
    }
    expect(member.locked).to.include.members(['ban', 'economy', 'config', 'permissions']);
    // Commands with some subcommands for everyone stay usable: /ticket (open, close), /plugins (list).
    expect(member.usable).to.include.members(['help', 'balance', 'daily', 'ticket', 'plugins', 'leaderboard']);
    const detail = await guild.slash(guild.as.member, 'help', undefined, { command: 'ban' });
    expect(detail.text).to.match(/🔒 Not for you here\nNeeds the \*\*BAN_USER\*\* permission/);

    // The list's menu explains one plugin's commands: only those the member can use.
    const list = (await guild.slash(guild.as.member, 'help')).reply;
    const usage = await (await guild.as.member.selectMenu(list, 'help:plugin', ['economy'])).reply();
    expect(usage.embeds[0]!.title).to.equal('How to use economy');
    expect(usage.embeds[0]!.description).to.include('**/balance**').and.not.include('**/economy**');

    const owner = await listed(guild.as.owner);
    expect(owner.usable).to.include.members(['ban', 'economy', 'config', 'plugins', 'permissions', 'ticket']);
    expect(owner.locked).to.deep.equal([]);
  });

  it('the same works as prefix commands, and a refused prefix command explains itself', async () => {
    expect((await guild.prefix(guild.as.member, '!remind list')).text).to.match(/\*\*reminders\*\* plugin is disabled/);
    expect((await guild.prefix(guild.as.owner, '!plugins enable reminders')).text).to.equal(
      '**reminders** is now enabled on this server.',
    );
    expect((await guild.prefix(guild.as.member, '!remind list')).text).to.equal('You have no pending reminders here.');
    const list = await guild.prefix(guild.as.member, '!plugins list');
    expect(list.text).to.match(/🟢 \*\*reminders\*\*/);
  });

  it('answers the mention prefix too, and stays silent where the bot may not write', async () => {
    // The core replaces Sapphire's message parser with one that looks at the prefix first (it is cheaper).
    expect(container.stores.get('listeners').get('CorePreMessageParser')).to.be.instanceOf(CorePreMessageParser);
    const mention = await guild.prefix(guild.as.member, `<@${h.emu.botUserId}> plugins list`);
    expect(mention.text).to.match(/\*\*economy\*\*/);

    await guild.as.owner.setOverwrite(guild.generalChannelId, {
      id: h.emu.botUserId,
      type: 'member',
      deny: PermissionFlagsBits.SendMessages,
    });
    const mark = h.emu.mark();
    await guild.as.member.say(guild.generalChannelId, '!plugins list');
    await guild.as.member.say(guild.generalChannelId, `<@${h.emu.botUserId}>`);
    // A command in a channel the bot can write to shows that the two above were handled (and refused) first.
    const other = await guild.as.owner.createChannel(guild.id, { name: 'other' });
    await guild.as.member.say(other.id, '!plugins list');
    await h.emu.waitForMessage({ channelId: other.id, since: mark });
    expect(
      h.emu
        .messagesSince(mark)
        .filter((message) => message.channel_id === guild.generalChannelId && message.author.id === h.emu.botUserId),
    ).to.deep.equal([]);
  });

  it('refuses /plugins enable to a member without permission, and changes nothing', async () => {
    const refused = await guild.slash(guild.as.member, 'plugins', 'enable', { plugin: 'reminders' });
    expect(refused.ephemeral).to.equal(true);
    expect(refused.text).to.match(/You need the \*\*MANAGE_BOT_SETTINGS\*\* permission/);
    expect(await pluginRow('reminders')).to.equal(null);
    // The moderator role is not enough either, once configured.
    await guild.slash(guild.as.owner, 'config', 'role', { kind: 'mod', role: guild.modRoleId });
    expect((await guild.slash(guild.as.moderator, 'plugins', 'disable', { plugin: 'reminders' })).text).to.match(
      /MANAGE_BOT_SETTINGS/,
    );
  });

  it('a granted permission lets a member manage plugins; a revoke takes it back', async () => {
    const grant = await guild.slash(guild.as.owner, 'permissions', 'grant', {
      permission: 'MANAGE_BOT_SETTINGS',
      target: guild.member.id,
    });
    expect(grant.text).to.include('now has **MANAGE_BOT_SETTINGS**');
    expect((await guild.slash(guild.as.member, 'plugins', 'enable', { plugin: 'reminders' })).text).to.include(
      'now enabled',
    );
    await guild.prefix(guild.as.owner, `!permissions revoke MANAGE_BOT_SETTINGS <@${guild.member.id}>`);
    expect((await guild.slash(guild.as.member, 'plugins', 'disable', { plugin: 'reminders' })).text).to.match(
      /You need the \*\*MANAGE_BOT_SETTINGS\*\*/,
    );
    const shown = await guild.slash(guild.as.owner, 'permissions', 'show', { target: guild.member.id });
    expect(shown.text).to.include('− MANAGE_BOT_SETTINGS');
  });

  it('only admins may change permissions', async () => {
    await guild.slash(guild.as.owner, 'config', 'role', { kind: 'mod', role: guild.modRoleId });
    const refused = await guild.slash(guild.as.moderator, 'permissions', 'grant', {
      permission: 'BAN_USER',
      target: guild.moderator.id,
    });
    expect(refused.text).to.match(/Only members with the \*\*ADMIN\*\* role/);
  });

  it('autocompletes permission names', async () => {
    const choices = await guild.as.owner.autocomplete(guild.generalChannelId, 'permissions', {
      subcommand: 'grant',
      options: { permission: 'ban' },
      focused: 'permission',
    });
    expect(choices.map((choice) => choice.value)).to.deep.equal(['BAN_USER', 'UNBAN_USER']);
  });

  it('/config sets channels and roles, and refuses bad input without changing anything', async () => {
    const logs = h.emu.createChannel(guild.id, { name: 'logs' });
    const set = await guild.slash(guild.as.owner, 'config', 'channel', { kind: 'mod-log', channel: logs.id });
    expect(set.text).to.equal(`The mod-log channel is now <#${logs.id}>.`);

    const other = await createTestGuild(h.emu);
    const foreign = await guild.prefix(guild.as.owner, `!config channel log ${other.generalChannelId}`);
    expect(foreign.text).to.match(/can't find a channel with id `\d+` in this server/);
    const missingRole = await guild.prefix(guild.as.owner, '!config role admin 123456789012345678');
    expect(missingRole.text).to.match(/can't find a role with id `123456789012345678`/);
    const everyone = await guild.prefix(guild.as.owner, `!config role admin ${guild.id}`);
    expect(everyone.text).to.match(/@everyone cannot be a staff role/);
    // A kind spelled like a name every JavaScript object has is no kind either.
    for (const kind of ['constructor', '__proto__']) {
      const channelKind = await guild.prefix(guild.as.owner, `!config channel ${kind} ${logs.id}`);
      expect(channelKind.text, kind).to.match(/^Usage: `!config channel /);
      const roleKind = await guild.prefix(guild.as.owner, `!config role ${kind} ${guild.id}`);
      expect(roleKind.text, kind).to.match(/^Usage: `!config role /);
    }
    const badEvents = await guild.prefix(guild.as.owner, '!config audit-events MESSAGE_EVENTS,PIZZA');
    expect(badEvents.text).to.match(/Unknown audit event `PIZZA`/);

    const row = await container.database.getRepository(GuildConfig).findOneByOrFail({ id: guild.id });
    expect(row).to.include({ modLogChannelId: logs.id, logChannelId: null, adminRoleId: null });
    expect(row.auditEvents).to.deep.equal([]);
  });

  it('refuses a prefix that is too long or has spaces, and keeps the old one working', async () => {
    const long = await guild.slash(guild.as.owner, 'config', 'prefix', { prefix: 'x'.repeat(50) });
    expect(long.text).to.match(/1–5 characters/);
    const spaced = await guild.prefix(guild.as.owner, '!config prefix a b');
    expect(spaced.text).to.match(/1–5 characters, with no spaces/);
    expect((await guild.prefix(guild.as.owner, '!config prefix ?')).text).to.equal('The prefix is now `?`.');
    expect((await guild.prefix(guild.as.member, '?plugins list')).text).to.match(/Plugins on/);
  });

  it('refuses an unknown plugin, naming the installed ones', async () => {
    const reply = await guild.prefix(guild.as.owner, '!plugins enable nonsense');
    expect(reply.text).to.match(/no plugin called `nonsense`.*\*\*reminders\*\*/);
    expect(await pluginRow('nonsense')).to.equal(null);
  });

  it("shows and validates a plugin's settings", async () => {
    const shown = await guild.slash(guild.as.owner, 'plugins', 'config', { plugin: 'reminders' });
    expect(shown.text).to.include('`maxPerMember` = `10`');
    const bad = await guild.prefix(guild.as.owner, '!plugins config reminders maxPerMember maybe');
    expect(bad.text).to.match(/not a valid value for `maxPerMember`/);
    const good = await guild.prefix(guild.as.owner, '!plugins config reminders maxPerMember 5');
    expect(good.text).to.include('`maxPerMember` is now `5`');
    // A name every object has (the fuzz suite found it) is no setting either.
    const inherited = await guild.slash(guild.as.owner, 'plugins', 'config', {
      plugin: 'reminders',
      setting: 'constructor',
      value: '1',
    });
    expect(inherited.text).to.match(/has no setting `constructor`/);
  });

  it('/status reports health to admins only, without secrets', async () => {
    const status = await guild.slash(guild.as.owner, 'status');
    expect(status.text).to.match(/Database\nhealthy/);
    expect(status.text).to.match(/Redis\nhealthy/);
    expect(status.text).to.match(/Task queue\n\d+ waiting/);
    expect(status.text).not.to.include(h.config.databaseUrl!);
    expect((await guild.slash(guild.as.member, 'status')).text).to.match(/VIEW_SYSTEM_STATUS/);
  });
});
