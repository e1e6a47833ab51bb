import { container } from '@sapphire/framework';
import { expect } from 'chai';
import {
  ApplicationCommandOptionType,
  ChannelType,
  InteractionResponseType,
  type APIApplicationCommandOption,
  type APIUser,
} from 'discord-api-types/v10';
import fc from 'fast-check';
import type { OptionValue } from '#emulator';
import { prefixText, slashLeaves, type Leaf } from '#test/helpers/commandLeaves';
import { createTestGuild, harness, type Harness, type TestGuild } from '#test/helpers/e2e';
import { createRoleGuild, type RoleGuild } from '#test/helpers/roleGuild';
import { eventually } from '#test/helpers/wait';
import { GuildPlugin } from '../../src/database/entities/GuildPlugin';
import { PermissionOverride } from '../../src/database/entities/PermissionOverride';
import { UserRole } from '../../src/permissions/enums';
import { APOLOGY } from '../../src/plugin-kit/respond';

/** How long the invocations of one run may take: about a minute in `npm test`, ten with `FUZZ_LONG=1`. */
const BUDGET_MS = Number(process.env.FUZZ_MS ?? (process.env.FUZZ_LONG ? 600_000 : 60_000));
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
/** The emulator's interaction deadline is 3 s; an answer later than that is a 10062 there. */
const ACK_WAIT_MS = 3_500;
/** After a deferral, how long the final answer may take (work that defers may be slow, e.g. under load). */
const FINAL_WAIT_MS = 15_000;

/** What one invocation was: a slash leaf or its prefix form, as whom, with which values. */
interface Invocation {
  leaf: Leaf;
  form: 'slash' | 'prefix';
  as: 'admin' | 'member';
  values: Record<string, HostileValue>;
}

/** A hostile value, kept abstract until the run knows the ids it names. */
type HostileValue =
  | { text: string }
  | { number: number }
  | { bool: boolean }
  | { ref: 'target' | 'foreignMember' | 'bot' | 'otherBot' | 'nobody' }
  | { role: 'plain' | 'everyone' | 'foreign' | 'nobody' }
  | { channel: 'text' | 'category' | 'voice' | 'foreign' | 'nobody' }
  | { file: string }
  | { choice: string | number };

const CONTROL = fc
  .array(fc.integer({ min: 0, max: 0x1f }), { minLength: 1, maxLength: 12 })
  .map((codes) => `a${String.fromCharCode(...codes)}b`);
const INVISIBLE = fc
  .array(fc.constantFrom('\u202e', '\u202d', '\u200f', '\u200b', '\u2066', '\u2069', '\ufeff', '\u00ad', 'x', 'ي'), {
    minLength: 1,
    maxLength: 20,
  })
  .map((parts) => parts.join(''));
const MENTIONS = fc.constantFrom(
  '@everyone',
  '@here',
  'hi @everyone and @here',
  '<@&ROLE>',
  '<@&GUILD>',
  '<@TARGET>',
  '<#CHANNEL>',
  '@everyone <@&ROLE> {user} {server}',
  '`@everyone`',
  '<@!0>',
);
const LONG = fc.constantFrom('x'.repeat(6000), '🙂'.repeat(3000), `${'a '.repeat(2999)}a`, '\u0000'.repeat(6000));
const NUMERIC = fc.constantFrom('-1', '0', '2147483648', '-2147483649', '9'.repeat(40), '1e309', 'NaN', '0x10', '1.5');
const ODD = fc.constantFrom('', ' ', '"', '"unclosed', '\u0000', '\ud800', 'all', 'half', '-', 'none', '\n\n', '\\');

const hostileText = fc.oneof(
  CONTROL,
  INVISIBLE,
  MENTIONS,
  LONG,
  NUMERIC,
  ODD,
  fc.string(),
  fc.string({ unit: 'binary' }),
);

function hostileInteger(option: { min_value?: number; max_value?: number }) {
  const bounds = [option.min_value, option.max_value].filter((each): each is number => each !== undefined);
  return fc.oneof(
    fc.constantFrom(...bounds.flatMap((bound) => [bound, bound - 1, bound + 1]), 0, -1, 1),
    fc.constantFrom(2 ** 31 - 1, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER),
    fc.integer(),
  );
}

function valueArbitrary(option: APIApplicationCommandOption): fc.Arbitrary<HostileValue> {
  const choices = 'choices' in option ? option.choices : undefined;
  if (choices?.length) return fc.constantFrom(...choices.map((choice) => ({ choice: choice.value })));
  switch (option.type) {
    case ApplicationCommandOptionType.String:
      return hostileText.map((text) => ({ text }));
    case ApplicationCommandOptionType.Integer:
      return hostileInteger(option).map((number) => ({ number }));
    case ApplicationCommandOptionType.Number:
      return fc
        .oneof(hostileInteger(option), fc.double({ noNaN: true, noDefaultInfinity: true }))
        .map((number) => ({ number }));
    case ApplicationCommandOptionType.Boolean:
      return fc.boolean().map((bool) => ({ bool }));
    case ApplicationCommandOptionType.User:
    case ApplicationCommandOptionType.Mentionable:
      return fc.constantFrom('target', 'foreignMember', 'bot', 'otherBot', 'nobody').map((ref) => ({ ref }));
    case ApplicationCommandOptionType.Role:
      return fc.constantFrom('plain', 'everyone', 'foreign', 'nobody').map((role) => ({ role }));
    case ApplicationCommandOptionType.Channel:
      return fc.constantFrom('text', 'category', 'voice', 'foreign', 'nobody').map((channel) => ({ channel }));
    case ApplicationCommandOptionType.Attachment:
      return fc
        .oneof(
          fc.constantFrom('{}', '[]', 'null', '{"entries":[{"title":"\\u0000","content":"@everyone"}]}'),
          fc.json(),
          hostileText,
        )
        .map((file) => ({ file }));
    default:
      throw new Error(`fuzz: no arbitrary for option ${option.name} of type ${option.type}`);
  }
}

/** One invocation of a leaf: every required option, each optional one half the time. */
function invocationArbitrary(leaf: Leaf): fc.Arbitrary<Invocation> {
  const record: Record<string, fc.Arbitrary<HostileValue>> = {};
  const requiredKeys: string[] = [];
  for (const option of leaf.options) {
    record[option.name] = valueArbitrary(option);
    if ('required' in option && option.required) requiredKeys.push(option.name);
  }
  return fc.record({
    leaf: fc.constant(leaf),
    form: leaf.prefix ? fc.constantFrom<'slash' | 'prefix'>('slash', 'prefix') : fc.constant<'slash'>('slash'),
    as: fc.constantFrom<'admin' | 'member'>('admin', 'member'),
    values: fc.record(record, { requiredKeys }),
  });
}

/**
 * Issue 14's fuzz suite: every registered slash leaf and prefix command of the running bot, fed hostile values by
 * type, as an admin (so commands run) and as a member. Each invocation must be acknowledged within the emulator's
 * 3 s, must not end in the generic apology, and nothing the bot sends may ping @everyone, @here or a role; afterwards
 * the stored settings still satisfy their schemas and the other guild is untouched. Seeded (the seed is printed;
 * `FUZZ_SEED=<n>` repeats a run) and bounded in time (`FUZZ_MS`, or `FUZZ_LONG=1` for ten minutes).
 */
describe('fuzz: every command with hostile input', function () {
  this.timeout(BUDGET_MS + 120_000);
  let h: Harness;
  let world: RoleGuild;
  let guild: TestGuild;
  let other: TestGuild;
  let channels: { fuzz: string; text: string; category: string; voice: string };
  let otherBot: APIUser;
  let foreignRoleId: string;

  before(async () => {
    h = await harness();
    world = await createRoleGuild(h, 'fuzz');
    guild = world.guild;
    other = await createTestGuild(h.emu);
    foreignRoleId = h.emu.createRole(other.id, { name: 'Foreign' }).id;
    otherBot = h.emu.createUser({ username: 'fuzz-otherbot', bot: true });
    h.emu.addMember(guild.id, otherBot.id);
    channels = {
      fuzz: h.emu.createChannel(guild.id, { name: 'fuzz', type: ChannelType.GuildText }).id,
      text: h.emu.createChannel(guild.id, { name: 'fuzz-target', type: ChannelType.GuildText }).id,
      category: world.categoryId,
      voice: h.emu.createChannel(guild.id, { name: 'fuzz-voice', type: ChannelType.GuildVoice }).id,
    };
    await eventually(
      () => container.client.channels.cache.has(channels.voice) && container.client.users.cache.has(otherBot.id),
      'the bot to see the fuzz channels',
    );
  });

  it('answers every invocation in time, without the apology or a mass ping, and stores nothing invalid', async () => {
    const leaves = slashLeaves([...h.emu.world.commands(), ...h.emu.world.commands(guild.id)]);
    expect(leaves.length, 'slash leaves').to.be.greaterThan(40);
    const foreignRows = await rowsOfGuild(other.id);
    console.log(`      fuzz seed ${SEED} (FUZZ_SEED=${SEED} repeats this run), budget ${BUDGET_MS / 1000} s`);

    // Every leaf once before any twice: the sequence is the seed's, the coverage does not depend on luck.
    const perRound = fc.sample(fc.tuple(...leaves.map(invocationArbitrary)), { seed: SEED, numRuns: 40 });
    const totals = { invocations: 0, answered: 0, notSent: 0, apologies: 0, pings: 0, late: 0, unanswered: 0 };
    const problems: string[] = [];
    const started = Date.now();
    outer: for (const round of perRound) {
      for (const invocation of round) {
        if (Date.now() - started > BUDGET_MS) break outer;
        const outcome = await invoke(invocation);
        if (outcome === 'not sent') {
          totals.notSent += 1;
          continue;
        }
        totals.invocations += 1;
        if (outcome.answered) totals.answered += 1;
        if (outcome.late) totals.late += 1;
        if (!outcome.answered) totals.unanswered += 1;
        totals.apologies += outcome.apologies;
        totals.pings += outcome.pings.length;
        if (!outcome.answered || outcome.late || outcome.apologies || outcome.pings.length) {
          problems.push(
            `${describeInvocation(invocation)}: ${[
              outcome.late ? 'acknowledged late (10062)' : '',
              outcome.answered ? '' : 'never answered',
              outcome.apologies ? 'the apology' : '',
              ...outcome.pings,
            ]
              .filter(Boolean)
              .join(', ')}`,
          );
        }
        await restore(invocation);
      }
    }
    console.log(
      `      fuzz: ${totals.invocations} invocations, ${totals.answered} answered, ${totals.apologies} apologies, ` +
        `${totals.pings} pings, ${totals.late} late, ${totals.notSent} refused by Discord before sending ` +
        `(${Math.round((Date.now() - started) / 1000)} s)`,
    );
    expect(totals.invocations, 'invocations').to.be.greaterThan(leaves.length);
    expect(problems, `seed ${SEED}:\n${problems.join('\n')}`).to.deep.equal([]);
    expect(await invalidSettings(guild.id), 'stored settings that break their schema').to.deep.equal([]);
    expect(await rowsOfGuild(other.id), 'rows of the other guild').to.deep.equal(foreignRows);
  });

  type Outcome = { answered: boolean; late: boolean; apologies: number; pings: string[] };

  async function invoke(invocation: Invocation): Promise<Outcome | 'not sent'> {
    const actor = invocation.as === 'admin' ? world.actors[UserRole.ADMIN].actor : world.actors[UserRole.USER].actor;
    const firstRequest = h.emu.requests.length;
    const mark = h.emu.mark();
    let answered = false;
    let late = false;
    if (invocation.form === 'slash') {
      const handle = await actor
        .slash(channels.fuzz, invocation.leaf.command, {
          group: invocation.leaf.group,
          subcommand: invocation.leaf.subcommand,
          options: slashValues(invocation),
        })
        .catch(() => null);
      // The emulator refuses what Discord's client would not send (a value beyond a declared bound, an unknown user).
      if (!handle) return 'not sent';
      const response = await handle.response(ACK_WAIT_MS).catch(() => null);
      late = response === null;
      if (response) {
        const deferred =
          response.type === InteractionResponseType.DeferredChannelMessageWithSource ||
          response.type === InteractionResponseType.DeferredMessageUpdate;
        answered =
          !deferred ||
          (await handle.reply(FINAL_WAIT_MS).then(
            () => true,
            () => false,
          ));
      }
    } else {
      const said = await actor.say(channels.fuzz, prefixMessage(invocation));
      // The answer is the bot's reply to this message: a command may also post in the channel (`!ticket panel` posts
      // its panel, then replies), and taking that for the answer shifted every later answer by one.
      answered = await h.emu
        .waitForMessage({
          channelId: channels.fuzz,
          since: mark,
          timeoutMs: FINAL_WAIT_MS,
          predicate: (message) => message.message_reference?.message_id === said.id,
        })
        .then(
          () => true,
          () => false,
        );
    }
    const sent = h.emu.requests.slice(firstRequest);
    if (process.env.FUZZ_DEBUG) {
      const said = sent.map((request) => JSON.stringify(request.body ?? null).slice(0, 140)).join(' | ');
      console.log(`${describeInvocation(invocation).slice(0, 160)}\n   -> ${said}`);
    }
    late ||= sent.some((request) => /^\/interactions\//.test(request.path) && request.status >= 400);
    return {
      answered,
      late,
      apologies: sent.filter((request) => JSON.stringify(request.body ?? null).includes(APOLOGY)).length,
      pings: sent.flatMap((request) => massPings(request.body)),
    };
  }

  function slashValues({ leaf, values }: Invocation): Record<string, OptionValue> {
    const out: Record<string, OptionValue> = {};
    for (const option of leaf.options) {
      const value = values[option.name];
      if (value === undefined) continue;
      if ('text' in value) {
        // Discord's client keeps text within the declared lengths (and 6,000 at most): cut or pad it so.
        const max = ('max_length' in option ? option.max_length : undefined) ?? 6000;
        const min = ('min_length' in option ? option.min_length : undefined) ?? 0;
        out[option.name] = substitute(value.text).slice(0, max).padEnd(min, '\u200b');
      } else if ('number' in value) {
        const min = 'min_value' in option ? option.min_value : undefined;
        const max = 'max_value' in option ? option.max_value : undefined;
        out[option.name] = Math.min(Math.max(value.number, min ?? -Infinity), max ?? Infinity);
      } else if ('file' in value) {
        out[option.name] = { name: 'fuzz.json', data: value.file, contentType: 'application/json' };
      } else {
        out[option.name] = idOf(value);
      }
    }
    return out;
  }

  function prefixMessage({ leaf, values }: Invocation): string {
    const words = leaf.options
      .filter((option) => values[option.name] !== undefined)
      .map((option) => {
        const value = values[option.name]!;
        if ('text' in value) return substitute(value.text);
        if ('number' in value) return String(value.number);
        if ('file' in value) return value.file;
        if ('ref' in value) return `<@${idOf(value)}>`;
        if ('role' in value) return `<@&${idOf(value)}>`;
        if ('channel' in value) return `<#${idOf(value)}>`;
        return String(idOf(value));
      });
    // A message holds at most 2,000 characters.
    return [prefixText(leaf), ...words].join(' ').slice(0, 2000);
  }

  function idOf(value: HostileValue): string | number | boolean {
    if ('bool' in value) return value.bool;
    if ('choice' in value) return value.choice;
    if ('ref' in value) {
      return {
        target: world.target.id,
        foreignMember: other.member.id,
        bot: h.emu.botUserId,
        otherBot: otherBot.id,
        nobody: '12345678901234567',
      }[value.ref];
    }
    if ('role' in value) {
      return { plain: world.roleId, everyone: guild.id, foreign: foreignRoleId, nobody: '12345678901234568' }[
        value.role
      ];
    }
    if ('channel' in value) {
      return {
        text: channels.text,
        category: channels.category,
        voice: channels.voice,
        foreign: other.generalChannelId,
        nobody: '12345678901234569',
      }[value.channel];
    }
    throw new Error(`fuzz: ${JSON.stringify(value)} is no id`);
  }

  /** Mentions in the hostile text name real roles, members and channels of the guild. */
  function substitute(text: string): string {
    return text
      .replaceAll('<@&ROLE>', `<@&${world.roleId}>`)
      .replaceAll('<@&GUILD>', `<@&${guild.id}>`)
      .replaceAll('<@TARGET>', `<@${world.target.id}>`)
      .replaceAll('<#CHANNEL>', `<#${channels.text}>`);
  }

  /**
   * Puts back what an admin's invocation may have changed and later invocations need: every plugin on, the
   * prefix, the fuzz channel open and without slowmode, the target a member again.
   */
  async function restore({ leaf, as }: Invocation) {
    if (as !== 'admin') return;
    if (['plugins', 'config', 'permissions'].includes(leaf.command)) {
      for (const plugin of container.plugins.names) {
        if (!(await container.guildSettings.isEnabled(guild.id, plugin))) {
          await container.guildSettings.enablePlugin(guild.id, plugin, guild.setupBy);
        }
      }
      await container.guildSettings.updateConfig(guild.id, 'g', { prefix: null, ...world.roles }, guild.setupBy);
      await container.database.getRepository(PermissionOverride).delete({ guildId: guild.id });
      await container.guildSettings.invalidate(guild.id);
    }
    if (['lock', 'slowmode', 'unlock'].includes(leaf.command)) {
      await guild.as.owner.editChannel(channels.fuzz, { rate_limit_per_user: 0, permission_overwrites: [] });
    }
    if (!h.emu.world.member(guild.id, world.target.id)) {
      await guild.as.owner.unban(guild.id, world.target.id).catch(() => undefined);
      h.emu.addMember(guild.id, world.target.id);
    }
  }
});

function describeInvocation({ leaf, form, as, values }: Invocation): string {
  const shown = Object.entries(values)
    .map(([name, value]) => `${name}=${JSON.stringify(value).slice(0, 60)}`)
    .join(' ');
  return `${form === 'slash' ? leaf.path : prefixText(leaf)} as ${as} ${shown}`;
}

/**
 * The @everyone, @here and role pings a message body the bot sent would make: mentions in its content that its
 * `allowed_mentions` (absent: Discord parses all) lets through.
 */
function massPings(body: unknown): string[] {
  if (typeof body !== 'object' || body === null) return [];
  const message = ('data' in body && typeof body.data === 'object' && body.data !== null ? body.data : body) as {
    content?: unknown;
    allowed_mentions?: { parse?: string[]; roles?: string[] };
  };
  if (typeof message.content !== 'string') return [];
  const allowed = message.allowed_mentions;
  const parse = allowed ? (allowed.parse ?? []) : ['everyone', 'roles', 'users'];
  const pings: string[] = [];
  if (parse.includes('everyone') && /@(everyone|here)/.test(message.content)) pings.push('an @everyone/@here ping');
  for (const [, roleId] of message.content.matchAll(/<@&(\d+)>/g)) {
    if (parse.includes('roles') || allowed?.roles?.includes(roleId!)) pings.push(`a ping of role ${roleId}`);
  }
  return pings;
}

/** Stored plugin settings of the guild that their plugin's schema refuses now. */
async function invalidSettings(guildId: string): Promise<string[]> {
  const rows = await container.database.getRepository(GuildPlugin).findBy({ guildId });
  return rows.flatMap((row) => {
    const schema = container.plugins.get(row.plugin)?.settings;
    const parsed = schema?.safeParse(row.settings ?? {});
    return parsed && !parsed.success ? [`${row.plugin}: ${parsed.error.message.slice(0, 200)}`] : [];
  });
}

/** How many rows each table holds for a guild: the fuzz guild's commands must not change another's. */
async function rowsOfGuild(guildId: string): Promise<Record<string, number>> {
  const tables: { table_name: string }[] = await container.database.query(
    `SELECT table_name FROM information_schema.columns WHERE column_name = 'guild_id' AND table_schema = current_schema()`,
  );
  const counts: Record<string, number> = {};
  for (const { table_name: table } of tables) {
    const [row] = (await container.database.query(`SELECT count(*)::int AS n FROM "${table}" WHERE guild_id = $1`, [
      guildId,
    ])) as { n: number }[];
    counts[table] = row!.n;
  }
  return counts;
}
