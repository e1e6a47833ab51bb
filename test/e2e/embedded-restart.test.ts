import 'reflect-metadata';
import { resolve } from 'node:path';
import { expect } from 'chai';
import { ChannelType, PermissionFlagsBits } from 'discord-api-types/v10';
import { textOf } from '../helpers/e2e';
import { botProcessSuite } from '../helpers/process-suite';
import { createDataSource } from '../../src/database/dataSource';
import { discoverPlugins } from '../../src/plugin-system/discovery';
import { eventually } from '../helpers/wait';

const plugins = discoverPlugins([resolve(__dirname, '../../plugins')]);

describe('the bot on the embedded database across restarts', function () {
  this.timeout(240_000);
  const bots = botProcessSuite('embedded-restart', { embedded: true, redisNamespacePerStart: true });

  it('reads back after a restart what every plugin wrote (enum arrays, bigints, JSON, timestamps)', async () => {
    const { emu } = bots;
    const ownerUser = emu.createUser({ username: 'owner' });
    const memberUser = emu.createUser({ username: 'member' });
    const agentUser = emu.createUser({ username: 'agent' });
    const guild = emu.createGuild({
      name: 'Embedded',
      ownerId: ownerUser.id,
      botPermissions: PermissionFlagsBits.Administrator,
    });
    const supportRole = emu.createRole(guild.id, { name: 'Support' });
    emu.addMember(guild.id, memberUser.id);
    emu.addMember(guild.id, agentUser.id, { roles: [supportRole.id] });
    const category = emu.createChannel(guild.id, { name: 'Support', type: ChannelType.GuildCategory });
    const modLog = emu.createChannel(guild.id, { name: 'mod-log' });
    const [owner, member] = [emu.actor(ownerUser.id), emu.actor(memberUser.id)];
    const general = guild.generalChannelId;
    const slash = async (
      actor: typeof owner,
      command: string,
      subcommand?: string,
      options: Record<string, string | number> = {},
    ) => textOf(await (await actor.slash(general, command, { subcommand, options })).reply());

    const first = await bots.start();
    await emu.waitForCommandsRegistered(['config', 'daily', 'warn', 'ticket', 'welcome', 'rank'], {
      timeoutMs: 30_000,
    });
    for (const plugin of ['economy', 'levels', 'moderation', 'tickets', 'welcome']) {
      expect(await slash(owner, 'plugins', 'enable', { plugin })).to.include('now enabled');
    }
    // Core: varchar, bigint ids, the enum array of audit events, a permission override, a plugin's JSON settings.
    await slash(owner, 'config', 'prefix', { prefix: '?' });
    await slash(owner, 'config', 'audit-events', { events: 'MOD_EVENTS,MEMBER_EVENTS' });
    await slash(owner, 'config', 'channel', { kind: 'mod-log', channel: modLog.id });
    await slash(owner, 'config', 'role', { kind: 'support', role: supportRole.id });
    await slash(owner, 'config', 'support-category', { category: category.id });
    await slash(owner, 'permissions', 'grant', { permission: 'VIEW_USER_INFO', target: memberUser.id });
    await slash(owner, 'plugins', 'config', { plugin: 'welcome', setting: 'message', value: 'Hi {user}, kept!' });
    // Economy: balances, claim times, the ledger, the shop and an inventory.
    await slash(owner, 'shop', 'add', { name: 'Gem', type: 'BADGE', price: '5' });
    expect(await slash(member, 'daily')).to.match(/claimed your daily reward/);
    await slash(member, 'pay', undefined, { member: ownerUser.id, amount: '10' });
    expect(await slash(member, 'buy', undefined, { item: 'Gem' })).to.match(/Gem/);
    // Levels: XP from chat (written in batches, and on shutdown).
    await member.say(general, 'hello there, earning some experience');
    // Tickets: a ticket through its form, and a message recorded in it.
    const open = await member.slash(general, 'ticket', { subcommand: 'open' });
    const opened = await member.submitModal(open, (await open.modal()).custom_id, {
      title: 'Kept ticket',
      description: 'Still here after a restart',
    });
    const ticketChannel = /<#(\d+)>/.exec((await opened.reply()).content)![1]!;
    await member.say(ticketChannel, 'a message for the transcript');

    // Moderation: a case with an expiry (last: a timed-out member cannot write).
    expect(
      await slash(owner, 'timeout', undefined, { member: memberUser.id, duration: '2h', reason: 'calm' }),
    ).to.match(/Timed out/);

    first.child.kill('SIGTERM');
    expect(await first.exit).to.equal(0);

    // Reopened in this process, every row of every entity hydrates; and each plugin wrote some.
    const dataSource = createDataSource({ databaseUrl: undefined, dataDir: bots.dataDir, plugins });
    await dataSource.initialize();
    const counts: Record<string, number> = {};
    try {
      for (const entity of dataSource.entityMetadatas) {
        counts[entity.tableName] = (await dataSource.getRepository(entity.target).find()).length;
      }
    } finally {
      await dataSource.destroy();
    }
    for (const table of [
      'guild_config',
      'guild_plugin',
      'permission_override',
      'economy',
      'economy_transaction',
      'economy_item',
      'economy_inventory',
      'level',
      'moderation_log',
      'ticket',
      'ticket_message',
    ]) {
      expect(counts[table], `rows in ${table}`).to.be.greaterThan(0);
    }

    await bots.start();
    await eventually(async () => {
      await owner.say(general, '?config show');
      const shown = await emu.waitForMessage({ channelId: general });
      return /Audit events\nMOD_EVENTS, MEMBER_EVENTS/.test(textOf(shown));
    }, 'the config to be shown with its audit events');
    const config = textOf(await (await owner.slash(general, 'config', { subcommand: 'show' })).reply());
    expect(config).to.include(`Mod-log channel\n<#${modLog.id}>`).and.include('Prefix\n`?`');
    expect(await slash(member, 'balance')).to.match(/Wallet\n🪙 85/);
    expect(await slash(member, 'daily')).to.match(/already claimed your daily reward/);
    expect(await slash(member, 'transactions')).to.match(/DAILY/);
    expect(await slash(member, 'inventory')).to.include('Gem');
    expect(await slash(owner, 'cases', undefined, { member: memberUser.id })).to.match(/Timeout/i);
    expect(await slash(member, 'welcome')).to.include(`Hi <@${memberUser.id}>, kept!`);
    expect(await slash(owner, 'permissions', 'show', { target: memberUser.id })).to.include('VIEW_USER_INFO');
    expect(await slash(member, 'leaderboard', 'levels')).to.include(`<@${memberUser.id}>`);
    const ticket = textOf(
      await (await member.slash(ticketChannel, 'ticket', { subcommand: 'close', options: {} })).reply(),
    );
    // Asked to confirm: the bot still knows this channel's ticket.
    expect(ticket).to.match(/^Close your ticket\?/);
  });
});
