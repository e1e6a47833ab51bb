import { container } from '@sapphire/framework';
import { expect } from 'chai';
import { createTestGuild, harness, type Harness, type TestGuild } from '#test/helpers/e2e';
import { eventually } from '#test/helpers/wait';
import { ModerationAction, ModerationLog } from '../entities/ModerationLog';
import moderation from '../index';

/** Regression tests of issue 14's hostile input: text PostgreSQL refuses, numbers beyond a column's range. */
describe('moderation with hostile input', function () {
  this.timeout(30_000);
  let h: Harness;
  let guild: TestGuild;

  before(async () => {
    h = await harness();
    await h.emu.waitForCommandsRegistered(['warn', 'kick', 'case', 'cases'], { timeoutMs: 15_000 });
  });

  beforeEach(async () => {
    guild = await createTestGuild(h.emu);
    await container.guildSettings.enablePlugin(guild.id, moderation.name, guild.setupBy);
    await container.guildSettings.updateConfig(guild.id, 'g', { modRoleId: guild.modRoleId }, guild.setupBy);
  });

  const cases = () =>
    container.database
      .getRepository(ModerationLog)
      .find({ where: { guildId: guild.id }, order: { caseNumber: 'ASC' } });

  describe('a U+0000 in a reason', () => {
    it('/warn records the case with the NUL removed', async () => {
      const reply = await guild.slash(guild.as.moderator, 'warn', undefined, {
        member: guild.member.id,
        reason: 'spam\u0000ming',
      });
      expect(reply.text).to.equal(`Warned **${guild.member.username}** (case #1).`);
      const [row] = await cases();
      expect(row).to.include({ action: ModerationAction.WARN, reason: 'spamming' });
    });

    it('/kick kicks the member and records the case, the DM without the NUL', async () => {
      const reply = await guild.slash(guild.as.moderator, 'kick', undefined, {
        member: guild.member.id,
        reason: '\u0000troll\u0000ing',
      });
      expect(reply.text).to.equal(`Kicked **${guild.member.username}** (case #1).`);
      expect(h.emu.world.member(guild.id, guild.member.id)).to.equal(undefined);
      const [row] = await cases();
      expect(row).to.include({ action: ModerationAction.KICK, reason: 'trolling' });
      const dm = await h.emu.waitForMessage({ predicate: (message) => message.content.includes('kicked') });
      expect(dm.content).to.include('Reason: trolling');
    });

    it('!warn (prefix) records the case with the NUL removed', async () => {
      const reply = await guild.prefix(guild.as.moderator, `!warn <@${guild.member.id}> fl\u0000ood`);
      expect(reply.text).to.equal(`Warned **${guild.member.username}** (case #1).`);
      await eventually(async () => (await cases()).length === 1, 'the case to be stored');
      expect((await cases())[0]).to.include({ reason: 'flood' });
    });
  });
  describe('numbers beyond a column', () => {
    const INT_MAX = 2_147_483_647;
    const optionOf = (command: string, sub: string | undefined, name: string) => {
      const definition = h.emu.world.commands().find((registered) => registered.name === command)!;
      const options = sub
        ? (definition.options ?? []).find((option) => option.name === sub)!
        : { options: definition.options };
      return ((options as { options?: unknown[] }).options ?? []).find(
        (option) => (option as { name: string }).name === name,
      ) as { min_value?: number; max_value?: number };
    };

    it('a case number beyond the integer column is "no case #N", in every subcommand and form', async () => {
      for (const sub of ['show', 'reason', 'delete']) {
        expect(optionOf('case', sub, 'number')).to.include({ min_value: 1, max_value: INT_MAX });
      }
      const atMax = await guild.slash(guild.as.moderator, 'case', 'show', { number: INT_MAX });
      expect(atMax).to.include({ text: `There is no case #${INT_MAX} in this server.`, ephemeral: true });
      const shown = await guild.prefix(guild.as.moderator, '!case 2147483648');
      expect(shown.text).to.equal('There is no case #2147483648 in this server.');
      const huge = await guild.prefix(guild.as.moderator, '!case show 99999999999999999999');
      expect(huge.text).to.match(/^There is no case #\d+ in this server\.$/);
      const reworded = await guild.prefix(guild.as.moderator, '!case reason 2147483648 new words');
      expect(reworded.text).to.equal('There is no case #2147483648 in this server.');
      const deleted = await guild.prefix(guild.as.owner, '!case delete 2147483648');
      expect(deleted.text).to.equal('There is no case #2147483648 in this server.');
    });

    it('/purge declares its 1–100 bounds, and !purge beyond them is refused with them', async () => {
      expect(optionOf('purge', undefined, 'count')).to.include({ min_value: 1, max_value: 100 });
      const refused = await guild.prefix(guild.as.moderator, '!purge 2147483648');
      expect(refused.text).to.equal(
        "I can purge 1 to 100 messages at a time (Discord's bulk-delete limit); you asked for 2147483648.",
      );
    });
  });
  describe('prefix parsing', () => {
    it('arguments separated by newlines, tabs or non-breaking spaces are read; a reason keeps its newlines', async () => {
      const member = `<@${guild.member.id}>`;
      const newlines = await guild.prefix(guild.as.moderator, `!warn\n${member}\nfirst line\nsecond line`);
      expect(newlines.text).to.equal(`Warned **${guild.member.username}** (case #1).`);
      const spaces = await guild.prefix(guild.as.moderator, `!warn\u00a0${member}\u00a0\tspam`);
      expect(spaces.text).to.equal(`Warned **${guild.member.username}** (case #2).`);
      const quoted = await guild.prefix(guild.as.moderator, `!note ${member}\n"a\u00a0quoted\nnote" after`);
      expect(quoted.text).to.match(/\(case #3\)\.$/);
      expect((await cases()).map((row) => row.reason)).to.deep.equal([
        'first line\nsecond line',
        'spam',
        'a\u00a0quoted\nnote after', // quotes group words, as with spaces
      ]);
    });

    it('refuses an argument whose opening quote is never closed, and records nothing', async () => {
      for (const text of [`!warn <@${guild.member.id}> "unclosed reason`, `!kick <@${guild.member.id}> «left open`]) {
        const refused = await guild.prefix(guild.as.moderator, text);
        expect(refused.text, text).to.match(/^An argument opens with (".*"|«.*»)\. Put text with spaces between/);
      }
      expect(await cases()).to.deep.equal([]);
      expect(h.emu.world.member(guild.id, guild.member.id)).not.to.equal(undefined);
    });
  });
  describe('an action and its case are one unit', () => {
    const REFUSED = 'refused by the database';

    it('when the database refuses the case, nobody is told, kicked, banned or timed out', async () => {
      const table = container.database.getRepository(ModerationLog).metadata.tableName;
      // A real refusal by PostgreSQL, for this reason only: what a NUL did before it was stripped at the edge.
      await container.database.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT test_refused_reason CHECK (reason <> '${REFUSED}') NOT VALID`,
      );
      try {
        const mark = h.emu.mark();
        for (const [command, option] of [
          ['kick', 'member'],
          ['ban', 'user'],
          ['softban', 'member'],
        ] as const) {
          const reply = await guild.slash(guild.as.moderator, command, undefined, {
            [option]: guild.member.id,
            reason: REFUSED,
          });
          expect(reply.text, command).to.match(/^Sorry, something went wrong/);
        }
        const timedOut = await guild.slash(guild.as.moderator, 'timeout', undefined, {
          member: guild.member.id,
          duration: '1h',
          reason: REFUSED,
        });
        expect(timedOut.text).to.match(/^Sorry, something went wrong/);
        const member = h.emu.world.member(guild.id, guild.member.id);
        expect(member, 'still a member').not.to.equal(undefined);
        expect(member!.communicationDisabledUntil).to.equal(null);
        expect(h.emu.world.guild(guild.id)!.bans.has(guild.member.id), 'banned').to.equal(false);
        const dms = h.emu.messagesSince(mark).filter((message) => message.content.startsWith('You have been'));
        expect(dms, 'DMs sent').to.deep.equal([]);
        expect(await cases()).to.deep.equal([]);
      } finally {
        await container.database.query(`ALTER TABLE "${table}" DROP CONSTRAINT test_refused_reason`);
      }
      const kicked = await guild.slash(guild.as.moderator, 'kick', undefined, { member: guild.member.id });
      expect(kicked.text).to.equal(`Kicked **${guild.member.username}** (case #1).`); // the refused cases took no number
    });
  });

  describe('a target that does not resolve (issue 14)', () => {
    it('!lock, !unlock and !slowmode refuse a channel of another server instead of acting here', async () => {
      const elsewhere = await createTestGuild(h.emu);
      const foreign = `<#${elsewhere.generalChannelId}>`;
      const general = () => h.emu.world.channel(guild.generalChannelId)!;
      const lock = await guild.prefix(guild.as.moderator, `!lock ${foreign} raid`);
      expect(lock.text).to.match(/^The given argument did not resolve to a valid text channel\. Usage: `!lock/);
      const unlock = await guild.prefix(guild.as.moderator, `!unlock ${foreign}`);
      expect(unlock.text).to.match(/Usage: `!unlock \[#channel\]`$/);
      const slow = await guild.prefix(guild.as.moderator, `!slowmode 30s ${foreign}`);
      expect(slow.text).to.match(/Usage: `!slowmode <duration\|off> \[#channel\]`$/);
      const junk = await guild.prefix(guild.as.moderator, '!slowmode 30s here');
      expect(junk.text).to.match(/Usage: `!slowmode/);
      expect(general().rateLimitPerUser ?? 0).to.equal(0);
      expect(general().permissionOverwrites.find((overwrite) => overwrite.id === guild.id)).to.equal(undefined);
      // Words that are no channel remain the reason.
      const reason = await guild.prefix(guild.as.moderator, '!lock raid in progress');
      expect(reason.text).to.equal(`Locked <#${guild.generalChannelId}>.`);
    });

    it('!purge refuses a member that does not resolve and words it does not know, deleting nothing', async () => {
      await guild.as.member.say(guild.generalChannelId, 'keep me');
      const unknown = await guild.prefix(guild.as.moderator, '!purge 5 <@12345678901234567>');
      expect(unknown.text).to.match(/Usage: `!purge/);
      const typo = await guild.prefix(guild.as.moderator, '!purge 5 bot');
      expect(typo.text).to.match(/^Usage: `!purge/);
      expect(h.emu.world.messages(guild.generalChannelId).some((message) => message.content === 'keep me')).to.equal(
        true,
      );
    });
  });
});
