import { container, type PreconditionEntryResolvable } from '@sapphire/framework';
import type { SubcommandMapping, SubcommandMappingMethod } from '@sapphire/plugin-subcommands';
import { expect } from 'chai';
import {
  ApplicationCommandOptionType,
  ChannelType,
  InteractionResponseType,
  MessageFlags,
  type APIApplicationCommand,
  type APIApplicationCommandOption,
  type APIUser,
} from 'discord-api-types/v10';
import type { Actor, OptionValue } from '#emulator';
import { createTestGuild, harness, type Harness, type TestGuild } from '#test/helpers/e2e';
import { eventually } from '#test/helpers/wait';
import { DEFAULT_PERMISSIONS } from '../../src/permissions/defaults';
import { USER_ROLE_RANK, UserRole, type Permission } from '../../src/permissions/enums';

type Guard = { permission: Permission } | { role: UserRole };

/** One slash leaf: a command, or one subcommand of it (in a group or not), with every guard it declares. */
interface Leaf {
  path: string;
  command: string;
  group?: string;
  subcommand?: string;
  options: APIApplicationCommandOption[];
  guards: Guard[];
  /** Whether the leaf has a prefix form too (`!command [group] subcommand`). */
  prefix: boolean;
}

/** The roles the matrix runs as, each a member whose role comes from the guild's configured roles. */
const ROLES = [UserRole.USER, UserRole.SUPPORT_AGENT, UserRole.MODERATOR, UserRole.ADMIN] as const;

/** What a precondition's refusal says (RequiresPermission, RequiresRole). */
const DENIAL = /^(You need the \*\*\w+\*\* permission for that|Only members with the \*\*\w+\*\* role can do that)/;

/**
 * Issue 14's permission matrix, generated from the running bot: every registered slash leaf × {member, support
 * agent, moderator, admin}, against the RequiresPermission / RequiresRole guards the command and its subcommand
 * declare and the roles' default permissions. Where the guards say no, the leaf is run and must be refused by them;
 * an acceptance fails. Leaves the guards allow are not run (they would act), and are listed in the table only.
 */
describe('permission matrix', function () {
  this.timeout(60_000);
  let h: Harness;
  let guild: TestGuild;
  let actors: Record<(typeof ROLES)[number], { actor: Actor; user: APIUser }>;
  let roleId: string;
  let categoryId: string;
  /** Whom user options name: no actor of the matrix, so a wrongly accepted /ban leaves the other cells runnable. */
  let target: APIUser;

  before(async () => {
    h = await harness();
    guild = await createTestGuild(h.emu);
    const supportRole = h.emu.createRole(guild.id, { name: 'Support' });
    const adminRole = h.emu.createRole(guild.id, { name: 'Admins' });
    roleId = h.emu.createRole(guild.id, { name: 'Plain' }).id;
    categoryId = h.emu.createChannel(guild.id, { name: 'Cat', type: ChannelType.GuildCategory }).id;
    const agent = h.emu.createUser({ username: 'matrix-agent' });
    const admin = h.emu.createUser({ username: 'matrix-admin' });
    target = h.emu.createUser({ username: 'matrix-target' });
    h.emu.addMember(guild.id, target.id);
    h.emu.addMember(guild.id, agent.id, { roles: [supportRole.id] });
    h.emu.addMember(guild.id, admin.id, { roles: [adminRole.id] });
    await eventually(
      () => container.client.guilds.cache.get(guild.id)?.members.cache.has(admin.id) ?? false,
      'the bot to see the matrix members',
    );
    await container.guildSettings.updateConfig(guild.id, 'g', {
      supportRoleId: supportRole.id,
      modRoleId: guild.modRoleId,
      adminRoleId: adminRole.id,
    });
    for (const plugin of container.plugins.names) {
      await container.guildSettings.enablePlugin(guild.id, plugin, guild.owner.id);
    }
    actors = {
      [UserRole.USER]: { actor: guild.as.member, user: guild.member },
      [UserRole.SUPPORT_AGENT]: { actor: h.emu.actor(agent.id), user: agent },
      [UserRole.MODERATOR]: { actor: guild.as.moderator, user: guild.moderator },
      [UserRole.ADMIN]: { actor: h.emu.actor(admin.id), user: admin },
    };
  });

  it('the roles of the matrix are what the guild configuration makes them', async () => {
    const guildObject = container.client.guilds.cache.get(guild.id)!;
    for (const role of ROLES) {
      const member = await guildObject.members.fetch(actors[role].user.id);
      expect((await container.permissions.accessOf(member)).role, role).to.equal(role);
    }
  });

  it('every slash leaf refuses every role its declared guards refuse', async () => {
    const leaves = slashLeaves([...h.emu.world.commands(), ...h.emu.world.commands(guild.id)]);
    expect(leaves.length, 'slash leaves found').to.be.greaterThan(40);
    expect(leaves.filter((leaf) => leaf.guards.length).length, 'guarded leaves').to.be.greaterThan(20);

    const unexpected: string[] = [];
    const table: string[] = [];
    let refusals = 0;
    for (const leaf of leaves) {
      const cells = ROLES.map((role) => (allows(leaf.guards, role) ? 'yes' : 'no'));
      table.push(`${leaf.path.padEnd(36)} ${cells.map((cell) => cell.padEnd(4)).join(' ')}`);
      await Promise.all(
        ROLES.filter((role) => !allows(leaf.guards, role)).map(async (role) => {
          const outcome = await run(leaf, actors[role].actor).catch((error: unknown) => ({
            denied: false,
            what: `the emulator refused the invocation: ${String(error)}`,
          }));
          if (outcome.denied) refusals += 1;
          else unexpected.push(`${leaf.path} as ${role}: ${outcome.what}`);
        }),
      );
    }
    expect(unexpected, `unexpected acceptances:\n${unexpected.join('\n')}\n\n${table.join('\n')}`).to.deep.equal([]);
    expect(refusals).to.be.greaterThan(40);
  });

  it('every prefix form of a leaf refuses every role its declared guards refuse, before reading arguments', async () => {
    const leaves = slashLeaves([...h.emu.world.commands(), ...h.emu.world.commands(guild.id)]).filter(
      (leaf) => leaf.prefix,
    );
    expect(leaves.length, 'leaves with a prefix form').to.be.greaterThan(40);
    const unexpected: string[] = [];
    let refusals = 0;
    // One at a time: each waits for the bot's next message in the channel.
    for (const leaf of leaves) {
      for (const role of ROLES.filter((each) => !allows(leaf.guards, each))) {
        const text = `!${[leaf.command, leaf.group, leaf.subcommand].filter(Boolean).join(' ')}`;
        try {
          await actors[role].actor.say(guild.generalChannelId, text);
          const reply = await h.emu.waitForMessage({ channelId: guild.generalChannelId });
          if (DENIAL.test(reply.content)) refusals += 1;
          else unexpected.push(`${text} as ${role}: ${JSON.stringify(reply.content.slice(0, 120))}`);
        } catch (error) {
          unexpected.push(`${text} as ${role}: ${String(error)}`);
        }
      }
    }
    expect(unexpected, `unexpected acceptances:\n${unexpected.join('\n')}`).to.deep.equal([]);
    expect(refusals).to.be.greaterThan(40);
  });

  /** Runs the leaf with its required options filled in; whether the guards refused it, and what it said. */
  async function run(leaf: Leaf, actor: Actor): Promise<{ denied: boolean; what: string }> {
    const handle = await actor.slash(guild.generalChannelId, leaf.command, {
      group: leaf.group,
      subcommand: leaf.subcommand,
      options: requiredValues(leaf.options),
    });
    const response = await handle.response();
    if (response.type !== InteractionResponseType.ChannelMessageWithSource) {
      return { denied: false, what: `answered with callback type ${response.type}` };
    }
    const data = response.data as { content?: string; flags?: number };
    const content = data.content ?? '';
    const ephemeral = ((data.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
    return { denied: ephemeral && DENIAL.test(content), what: JSON.stringify(content.slice(0, 120)) };
  }

  /** A plausible value for each required option: refusals come from the guards, not from the emulator. */
  function requiredValues(options: APIApplicationCommandOption[]): Record<string, OptionValue> {
    const values: Record<string, OptionValue> = {};
    for (const option of options) {
      if (!('required' in option) || !option.required) continue;
      values[option.name] = valueFor(option);
    }
    return values;
  }

  function valueFor(option: APIApplicationCommandOption): OptionValue {
    const choices = 'choices' in option ? option.choices : undefined;
    if (choices?.length) return choices[0]!.value;
    switch (option.type) {
      case ApplicationCommandOptionType.String:
        return 'x'.repeat(Math.max(option.min_length ?? 1, 1));
      case ApplicationCommandOptionType.Integer:
      case ApplicationCommandOptionType.Number:
        return option.min_value ?? 1;
      case ApplicationCommandOptionType.Boolean:
        return true;
      case ApplicationCommandOptionType.User:
      case ApplicationCommandOptionType.Mentionable:
        return target.id;
      case ApplicationCommandOptionType.Role:
        return roleId;
      case ApplicationCommandOptionType.Channel:
        return option.channel_types?.every((type) => type === ChannelType.GuildCategory)
          ? categoryId
          : guild.generalChannelId;
      default:
        throw new Error(`permission matrix: no value for option ${option.name} of type ${option.type}`);
    }
  }
});

/** Every leaf of the registered commands, with the guards Sapphire's command (and subcommand mapping) declares. */
function slashLeaves(registered: APIApplicationCommand[]): Leaf[] {
  const leaves: Leaf[] = [];
  for (const definition of registered) {
    const command = container.stores.get('commands').get(definition.name);
    if (!command) throw new Error(`permission matrix: /${definition.name} is registered but not a command piece`);
    const own = guardsOf(command.options.preconditions);
    const mappings = (command.options as { subcommands?: SubcommandMapping[] }).subcommands ?? [];
    const options = definition.options ?? [];
    const subcommands = options.filter(
      (option) =>
        option.type === ApplicationCommandOptionType.Subcommand ||
        option.type === ApplicationCommandOptionType.SubcommandGroup,
    );
    if (subcommands.length === 0) {
      leaves.push({
        path: `/${definition.name}`,
        command: definition.name,
        options,
        guards: own,
        prefix: typeof command.messageRun === 'function',
      });
      continue;
    }
    for (const option of subcommands) {
      if (option.type === ApplicationCommandOptionType.SubcommandGroup) {
        const group = mappings.find((mapping) => mapping.type === 'group' && mapping.name === option.name);
        for (const sub of option.options ?? []) {
          const entry = group?.type === 'group' ? group.entries.find((each) => each.name === sub.name) : undefined;
          leaves.push({
            path: `/${definition.name} ${option.name} ${sub.name}`,
            command: definition.name,
            group: option.name,
            subcommand: sub.name,
            options: sub.options ?? [],
            guards: [...own, ...guardsOf(entry?.preconditions)],
            prefix: entry?.messageRun !== undefined,
          });
        }
      } else if (option.type === ApplicationCommandOptionType.Subcommand) {
        const mapping = mappings.find(
          (each): each is SubcommandMappingMethod => each.type !== 'group' && each.name === option.name,
        );
        leaves.push({
          path: `/${definition.name} ${option.name}`,
          command: definition.name,
          subcommand: option.name,
          options: option.options ?? [],
          guards: [...own, ...guardsOf(mapping?.preconditions)],
          prefix: mapping?.messageRun !== undefined,
        });
      }
    }
  }
  return leaves.sort((a, b) => a.path.localeCompare(b.path));
}

/** The RequiresPermission and RequiresRole entries of a precondition list (nested lists included). */
function guardsOf(entries: readonly PreconditionEntryResolvable[] | undefined): Guard[] {
  const guards: Guard[] = [];
  for (const entry of entries ?? []) {
    if (Array.isArray(entry)) guards.push(...guardsOf(entry as PreconditionEntryResolvable[]));
    else if (typeof entry !== 'object' || entry === null || !('name' in entry)) continue;
    else if (entry.name === 'RequiresPermission') guards.push(entry.context as { permission: Permission });
    else if (entry.name === 'RequiresRole') guards.push(entry.context as { role: UserRole });
  }
  return guards;
}

/** Whether a role passes every guard with its default permissions (no grants or revokes in the matrix guild). */
function allows(guards: readonly Guard[], role: UserRole): boolean {
  return guards.every((guard) =>
    'permission' in guard
      ? DEFAULT_PERMISSIONS[role].has(guard.permission)
      : USER_ROLE_RANK[role] >= USER_ROLE_RANK[guard.role],
  );
}
