import { container } from '@sapphire/framework';
import { expect } from 'chai';
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  EmbedBuilder,
  type APIMessage,
  type SendableChannels,
} from 'discord.js';
import {
  ApplicationCommandOptionType,
  ChannelType,
  InteractionResponseType,
  MessageFlags,
  type APIApplicationCommandOption,
  type APIUser,
} from 'discord-api-types/v10';
import type { Actor, InteractionHandle, OptionValue } from '#emulator';
import {
  allows,
  DENIAL,
  guardsOf,
  MATRIX_ROLES as ROLES,
  prefixText,
  slashLeaves,
  subcommandMapping,
  type Leaf,
  type MatrixRole,
} from '#test/helpers/commandLeaves';
import { harness, type Harness, type TestGuild } from '#test/helpers/e2e';
import { createRoleGuild } from '#test/helpers/roleGuild';
import { declaresComponentAccess } from '../../src/plugin-kit/componentAccess';
import { isPagedCommand, pageMessage } from '../../src/plugin-kit/pagination';
import { UserRole } from '../../src/permissions/enums';

/** How the matrix draws a component of each permission-guarded handler (by piece name): a button or a modal. */
type ComponentSample = { button: string } | { modal: string; fields: Record<string, string> };
const COMPONENT_SAMPLES: Record<string, (askerId: string) => ComponentSample> = {
  kbEntryModal: () => ({ modal: 'kb:add', fields: { title: 'x', content: 'x' } }),
  kbFeedbackButton: () => ({ button: 'kb:feedback:1:y' }),
  levelsResetAll: (askerId) => ({ button: `levels:reset-all:confirm:${askerId}` }),
  ticketClaimButton: () => ({ button: 'tickets:claim' }),
  ticketOpenButton: () => ({ button: 'tickets:open' }),
  ticketOpenModal: () => ({ modal: 'tickets:open-modal', fields: { title: 'x', description: 'x' } }),
  welcomeEditButton: () => ({ button: 'welcome:edit' }),
  welcomeEditModal: () => ({ modal: 'welcome:edit-modal', fields: { message: 'x' } }),
};

describe('permission matrix', function () {
  this.timeout(60_000);
  let h: Harness;
  let guild: TestGuild;
  let actors: Record<MatrixRole, { actor: Actor; user: APIUser }>;
  let roleId: string;
  let categoryId: string;
  /** Whom user options name: no actor of the matrix, so a wrongly accepted /ban leaves the other cells runnable. */
  let target: APIUser;

  before(async () => {
    h = await harness();
    ({ guild, actors, roleId, categoryId, target } = await createRoleGuild(h, 'matrix'));
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
        const text = prefixText(leaf);
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

  it('every interaction handler declares who may use its components', () => {
    const handlers = [...container.stores.get('interaction-handlers').values()];
    expect(handlers.length, 'interaction handlers found').to.be.greaterThan(10);
    const undeclared = handlers.filter((handler) => !declaresComponentAccess(handler)).map((each) => each.name);
    expect(undeclared, 'handlers without a declared access').to.deep.equal([]);
  });

  it('every component refuses a clicker its declared permission refuses', async () => {
    const unexpected: string[] = [];
    let refusals = 0;
    for (const handler of container.stores.get('interaction-handlers').values()) {
      if (!declaresComponentAccess(handler) || !('permission' in handler.access)) continue;
      const guard = [{ permission: handler.access.permission }];
      const refused = ROLES.filter((role) => !allows(guard, role));
      if (refused.length === 0) continue;
      const sample = COMPONENT_SAMPLES[handler.name]?.(actors[UserRole.ADMIN].user.id);
      if (!sample) {
        unexpected.push(`${handler.name}: no component sample in COMPONENT_SAMPLES; add one`);
        continue;
      }
      const message = 'button' in sample ? await postButton(sample.button) : null;
      for (const role of refused) {
        const { actor } = actors[role];
        const outcome = await answerOf(
          'button' in sample
            ? actor.clickButton(message!, sample.button)
            : actor.submitModal(guild.generalChannelId, sample.modal, sample.fields),
        );
        if (outcome.denied) refusals += 1;
        else unexpected.push(`${handler.name} as ${role}: ${outcome.what}`);
      }
    }
    expect(unexpected, `unexpected acceptances:\n${unexpected.join('\n')}`).to.deep.equal([]);
    expect(refusals).to.be.greaterThan(8);
  });

  it("page buttons run the originating command's guards again for the member who clicks", async () => {
    const unexpected: string[] = [];
    let paged = 0;
    let refusals = 0;
    for (const command of container.stores.get('commands').values()) {
      if (!isPagedCommand(command)) continue;
      paged += 1;
      const mappings = (command.options as { subcommands?: Parameters<typeof subcommandMapping>[0] }).subcommands;
      const sub = command.pagedSubcommand;
      if (mappings?.length && (sub === undefined || !subcommandMapping(mappings, sub))) {
        unexpected.push(`/${command.name}: has subcommands but its pagedSubcommand names none of them`);
        continue;
      }
      const guards = [
        ...guardsOf(command.options.preconditions),
        ...(mappings && sub ? guardsOf(subcommandMapping(mappings, sub)?.preconditions) : []),
      ];
      const drawn = pageMessage(
        command.name,
        { guildId: guild.id, viewerId: actors[UserRole.ADMIN].user.id, state: target.id, page: 0 },
        { embed: new EmbedBuilder().setTitle('matrix'), pageCount: 3 },
      );
      const row = (drawn.components![0] as ActionRowBuilder<ButtonBuilder>).toJSON();
      const next = row.components.find((each) => !each.disabled) as { custom_id: string };
      const message = await postButton(next.custom_id);
      for (const role of ROLES.filter((each) => !allows(guards, each))) {
        const outcome = await answerOf(actors[role].actor.clickButton(message, next.custom_id));
        if (outcome.denied) refusals += 1;
        else unexpected.push(`page button of /${command.name} as ${role}: ${outcome.what}`);
      }
    }
    expect(paged, 'paged commands found').to.be.greaterThan(6);
    expect(unexpected, `unexpected acceptances:\n${unexpected.join('\n')}`).to.deep.equal([]);
    expect(refusals).to.be.at.least(5);
  });

  /** The bot posts a message with one button of this custom id in #general (as a command of it would). */
  async function postButton(customId: string): Promise<APIMessage> {
    const channel = (await container.client.channels.fetch(guild.generalChannelId)) as SendableChannels;
    const sent = await channel.send({
      content: 'matrix',
      components: [
        new ActionRowBuilder<ButtonBuilder>().addComponents(
          new ButtonBuilder().setCustomId(customId).setLabel('go').setStyle(ButtonStyle.Secondary),
        ),
      ],
    });
    return h.emu.world.message(guild.generalChannelId, sent.id)!;
  }

  /** Whether a component interaction was refused by a guard, ephemerally; else what the bot answered. */
  async function answerOf(pending: Promise<InteractionHandle>): Promise<{ denied: boolean; what: string }> {
    try {
      const response = await (await pending).response();
      if (response.type !== InteractionResponseType.ChannelMessageWithSource) {
        return { denied: false, what: `answered with callback type ${response.type}` };
      }
      const data = response.data as { content?: string; flags?: number };
      const content = data.content ?? '';
      const ephemeral = ((data.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
      return { denied: ephemeral && DENIAL.test(content), what: JSON.stringify(content.slice(0, 120)) };
    } catch (error) {
      return { denied: false, what: String(error) };
    }
  }

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
      case ApplicationCommandOptionType.Attachment:
        return { name: 'matrix.json', data: '{}', contentType: 'application/json' };
      default:
        throw new Error(`permission matrix: no value for option ${option.name} of type ${option.type}`);
    }
  }
});
