import { container } from '@sapphire/framework';
import { expect } from 'chai';
import { SettingsChange } from '#core/database/entities/SettingsChange';
import { AuditEvent, type SettingsChangeEvent } from '#core/plugin-kit/guildConfig';
import { DashboardClient, dashboardUrl } from '#test/helpers/dashboard';
import { harness, type Harness } from '#test/helpers/e2e';
import { eventually } from '#test/helpers/wait';
import audit from '../index';
import { describeSettingsChange } from '../services/describeSettings';
import { LIMITS, renderEntry } from '../services/render';
import { auditGuild, field, logEmbed, logEmbeds, SERVER_EVENTS, storedRows, type AuditGuild } from './helpers';

const TITLE = 'Bot settings changed';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('audit plugin: SETTINGS_EVENTS, the bot’s own settings changing', function () {
  this.timeout(45_000);
  let h: Harness;
  let guild: AuditGuild;
  const retention = `plugin:${audit.name}.settings.retentionDays`;

  before(async () => {
    h = await harness();
    await h.emu.waitForCommandsRegistered(['audit'], { timeoutMs: 15_000 });
  });

  beforeEach(async () => {
    guild = await auditGuild(h, [...SERVER_EVENTS, AuditEvent.SETTINGS_EVENTS]);
  });

  /** `/plugins config audit retentionDays <days>` as the owner. */
  const setRetention = (days: number) =>
    guild.slash(guild.as.owner, 'plugins', 'config', {
      plugin: audit.name,
      setting: 'retentionDays',
      value: String(days),
    });
  const settingsRows = async () =>
    (await storedRows(guild.id)).filter((row) => row.eventType === AuditEvent.SETTINGS_EVENTS);
  const recorded = (target: string) =>
    container.database
      .getRepository(SettingsChange)
      .find({ where: { guildId: guild.id, target }, order: { id: 'ASC' } });

  it('posts and stores a /plugins config change and a dashboard change once each: who, what, before → after', async () => {
    const since = h.emu.mark();
    expect((await setRetention(30)).text).to.equal(`**${audit.name}** · \`retentionDays\` is now \`30\`.`);
    const slash = await logEmbed(h, guild.logChannelId, TITLE, since);
    expect(field(slash.embed, retention)).to.equal('`90` → `30`');
    expect(field(slash.embed, 'By')).to.equal(`<@${guild.owner.id}>`);
    expect(field(slash.embed, 'From')).to.equal('slash');
    expect(slash.embed.description).to.equal(`Changed with a slash command: ${retention}`);

    const owner = new DashboardClient(dashboardUrl());
    await owner.login(guild.owner.id);
    const dashboardSince = h.emu.mark();
    const saved = await owner.post(`/servers/${guild.id}/plugins/${audit.name}`, { retentionDays: '45' });
    expect(saved.status).to.equal(200);
    const dashboard = await logEmbed(h, guild.logChannelId, TITLE, dashboardSince);
    expect(field(dashboard.embed, retention)).to.equal('`30` → `45`');
    expect(field(dashboard.embed, 'From')).to.equal('dashboard');

    await sleep(2500); // posts are merged for up to 2 s: nothing else comes
    expect(logEmbeds(h, guild.logChannelId, since).filter((embed) => embed.title === TITLE)).to.have.length(2);
    const rows = await settingsRows();
    expect(rows.map((row) => [row.actionType, row.performedBy, row.targetType, row.changes])).to.deep.equal([
      [
        'plugin_config',
        guild.owner.id,
        'setting',
        { source: 'slash', changes: [{ target: retention, before: 90, after: 30 }] },
      ],
      [
        'plugin_config',
        guild.owner.id,
        'setting',
        { source: 'dashboard', changes: [{ target: retention, before: 30, after: 45 }] },
      ],
    ]);
    // The core's record holds each change once, whichever way it was made.
    expect((await recorded(retention)).map((change) => [change.actorId, change.source])).to.deep.equal([
      [guild.owner.id, 'slash'],
      [guild.owner.id, 'dashboard'],
    ]);

    // The core settings page, the search page and /audit search know the category.
    expect((await owner.get(`/servers/${guild.id}/config`)).text).to.match(
      /<input\s+type="checkbox"\s+name="auditEvents"\s+value="SETTINGS_EVENTS"\s+checked/,
    );
    const page = await owner.get(`/servers/${guild.id}/audit?category=SETTINGS_EVENTS`);
    expect(page.text).to.include('<option selected>SETTINGS_EVENTS</option>').and.include('plugin_config');
    const searched = await guild.slash(guild.as.owner, 'audit', 'search', { category: AuditEvent.SETTINGS_EVENTS });
    expect(searched.text).to.match(/Audit search · 2 events/);
  });

  it('logs a prefix /config change and a permission override, the override found by its role', async () => {
    const since = h.emu.mark();
    expect((await guild.prefix(guild.as.owner, '!config prefix ?')).text).to.equal('The prefix is now `?`.');
    const prefix = await logEmbed(h, guild.logChannelId, TITLE, since);
    expect(field(prefix.embed, 'config.prefix')).to.equal('`none` → `"?"`');
    expect(field(prefix.embed, 'From')).to.equal('prefix');

    const grantSince = h.emu.mark();
    await guild.slash(guild.as.owner, 'permissions', 'grant', {
      permission: 'VIEW_AUDIT_LOGS',
      target: guild.modRoleId,
    });
    const grant = await logEmbed(h, guild.logChannelId, TITLE, grantSince);
    expect(field(grant.embed, `permission:role:${guild.modRoleId}.VIEW_AUDIT_LOGS`)).to.equal('`none` → `"GRANT"`');
    expect(grant.embed.footer?.text).to.equal(`ID ${guild.modRoleId}`);
    const rows = await settingsRows();
    expect(rows.map((row) => [row.actionType, row.targetType, row.targetId])).to.deep.equal([
      ['config_change', 'setting', null],
      ['permission_change', 'role', guild.modRoleId],
    ]);
  });

  it('routes SETTINGS_EVENTS with /audit channel: the move itself goes where they went until then', async () => {
    const settingsLog = h.emu.createChannel(guild.id, { name: 'settings-log' });
    await eventually(() => container.client.channels.cache.has(settingsLog.id), 'the bot to see #settings-log');
    const since = h.emu.mark();
    const routed = await guild.slash(guild.as.owner, 'audit', 'channel', {
      category: AuditEvent.SETTINGS_EVENTS,
      channel: settingsLog.id,
    });
    expect(routed.text).to.equal(`**SETTINGS_EVENTS** now go to <#${settingsLog.id}>.`);
    const moved = await logEmbed(h, guild.logChannelId, TITLE, since);
    expect(field(moved.embed, `plugin:${audit.name}.settings.settingsChannel`)).to.equal(
      `\`none\` → \`"${settingsLog.id}"\``,
    );

    const nextSince = h.emu.mark();
    await setRetention(60);
    await logEmbed(h, settingsLog.id, TITLE, nextSince);
    expect(logEmbeds(h, guild.logChannelId, nextSince)).to.deep.equal([]);
    const shown = await guild.slash(guild.as.owner, 'audit', 'show');
    expect(shown.text).to.contain(`✅ **SETTINGS_EVENTS** → <#${settingsLog.id}>`);
  });

  it('cuts a long value at Discord’s field limit and attaches it in full', async () => {
    const ids = Array.from({ length: 45 }, (_, index) => String(1_300_000_000_000_000_000n + BigInt(index)));
    const since = h.emu.mark();
    await guild.slash(guild.as.owner, 'plugins', 'config', {
      plugin: audit.name,
      setting: 'ignoredUsers',
      value: JSON.stringify(ids),
    });
    const { embed, message } = await logEmbed(h, guild.logChannelId, TITLE, since);
    const value = field(embed, `plugin:${audit.name}.settings.ignoredUsers`)!;
    expect(value.length).to.be.at.most(LIMITS.fieldValue);
    const fileName = /full text in (plugin_config-\d+-[a-z-]+\.txt)\)$/.exec(value)?.[1];
    const file = message.attachments.find((attachment) => attachment.filename === fileName);
    expect(await (await fetch(file!.url)).text()).to.contain(JSON.stringify(ids));
  });

  it('logs switching SETTINGS_EVENTS off, then records later changes without posting or storing them', async () => {
    const since = h.emu.mark();
    await guild.slash(guild.as.owner, 'config', 'audit-events', { events: 'MEMBER_EVENTS' });
    const off = await logEmbed(h, guild.logChannelId, TITLE, since);
    expect(field(off.embed, 'config.auditEvents')).to.contain('SETTINGS_EVENTS').and.contain('["MEMBER_EVENTS"]');

    const offSince = h.emu.mark();
    await setRetention(20);
    await sleep(3000);
    expect(logEmbeds(h, guild.logChannelId, offSince)).to.deep.equal([]);
    expect((await settingsRows()).map((row) => row.actionType)).to.deep.equal(['config_change']);
    expect((await recorded(retention)).map((change) => [change.before, change.after])).to.deep.equal([[90, 20]]);
  });

  it('logs turning audit off; while off nothing is posted or stored, yet every change is recorded', async () => {
    const since = h.emu.mark();
    const disabled = await guild.slash(guild.as.owner, 'plugins', 'disable', { plugin: audit.name });
    expect(disabled.text).to.equal(`**${audit.name}** is now disabled on this server.`);
    const off = await logEmbed(h, guild.logChannelId, TITLE, since);
    expect(field(off.embed, `plugin:${audit.name}`)).to.equal('`true` → `false`');

    const offSince = h.emu.mark();
    await setRetention(10);
    // Turning it back on is not logged: the log was off when that was done.
    await guild.slash(guild.as.owner, 'plugins', 'enable', { plugin: audit.name });
    await sleep(3000);
    expect(logEmbeds(h, guild.logChannelId, offSince)).to.deep.equal([]);
    expect((await settingsRows()).map((row) => row.actionType)).to.deep.equal(['plugin_disable']);
    expect((await recorded(retention)).map((change) => [change.before, change.after])).to.deep.equal([[90, 10]]);
    expect((await recorded(`plugin:${audit.name}`)).map((change) => [change.before, change.after])).to.deep.equal([
      [false, true], // the fixture's
      [true, false],
      [false, true],
    ]);
  });
});

describe('audit plugin: a settings change as an embed', () => {
  it('gives each change a field, gathers the rest of a large form into one, and stays within Discord’s limits', () => {
    const event: SettingsChangeEvent = {
      guildId: '1300000000000000001',
      actor: { userId: '1300000000000000002', source: 'dashboard' },
      changes: Array.from({ length: 30 }, (_, index) => ({
        target: { kind: 'pluginSetting', plugin: 'example', key: `key${index}` },
        before: index,
        after: 'y'.repeat(300),
      })),
      at: new Date(),
    };
    const entry = describeSettingsChange(event);
    expect(entry.fields.map((entryField) => entryField.name).slice(-2)).to.deep.equal(['10 more', 'From']);
    const { embed, files } = renderEntry(entry);
    expect(embed.fields!.length).to.be.at.most(LIMITS.fields);
    expect(embed.fields!.every((embedField) => embedField.value.length <= LIMITS.fieldValue)).to.equal(true);
    expect(files.some((file) => file.content.includes('plugin:example.settings.key29'))).to.equal(true);
    expect(embed.fields!.at(-1)).to.deep.equal({ name: 'By', value: '<@1300000000000000002>', inline: true });
  });
});
