import { expect } from 'chai';
import {
  ActionRowBuilder,
  ApplicationCommandOptionType,
  ButtonBuilder,
  ButtonStyle,
  Events,
  LabelBuilder,
  MessageFlags,
  ModalBuilder,
  StringSelectMenuBuilder,
  TextInputBuilder,
  TextInputStyle,
  type Client,
  type Interaction,
} from 'discord.js';
import { InteractionResponseType } from 'discord-api-types/v10';
import type { Emulator } from '../../emulator';
import { connectClient, startWorld } from './helpers';

describe('emulator: interactions', () => {
  let emu: Emulator;
  let client: Client<true>;
  let world: Awaited<ReturnType<typeof startWorld>>;
  const errors: unknown[] = [];

  before(async () => {
    world = await startWorld();
    emu = world.emu;
    client = await connectClient(emu);
    client.on(Events.InteractionCreate, (interaction) => void handle(interaction).catch((error) => errors.push(error)));
    await client.application.commands.set([
      {
        name: 'give',
        description: 'Give coins',
        options: [
          { type: ApplicationCommandOptionType.User, name: 'member', description: 'who', required: true },
          { type: ApplicationCommandOptionType.Integer, name: 'amount', description: 'how many', required: true },
        ],
      },
      {
        name: 'plugins',
        description: 'Manage plugins',
        options: [
          {
            type: ApplicationCommandOptionType.Subcommand,
            name: 'enable',
            description: 'Enable a plugin',
            options: [
              {
                type: ApplicationCommandOptionType.String,
                name: 'plugin',
                description: 'which',
                required: true,
                autocomplete: true,
              },
            ],
          },
        ],
      },
      { name: 'panel', description: 'Show a panel' },
      { name: 'feedback', description: 'Open a form' },
      { name: 'card', description: 'Send a file only' },
      {
        name: 'upload',
        description: 'Read a file',
        options: [
          { type: ApplicationCommandOptionType.Attachment, name: 'file', description: 'a file', required: true },
        ],
      },
    ]);
  });

  after(async () => {
    await client.destroy();
    await emu.stop();
  });

  afterEach(() => expect(errors).to.deep.equal([]));

  async function handle(interaction: Interaction): Promise<void> {
    if (interaction.isAutocomplete()) {
      const typed = interaction.options.getFocused();
      const plugins = ['economy', 'levels', 'tickets'].filter((name) => name.startsWith(typed));
      await interaction.respond(plugins.map((name) => ({ name, value: name })));
    } else if (interaction.isChatInputCommand()) {
      if (interaction.commandName === 'give') {
        const member = interaction.options.getUser('member', true);
        await interaction.reply(`gave ${interaction.options.getInteger('amount', true)} to ${member.username}`);
      } else if (interaction.commandName === 'plugins') {
        await interaction.deferReply({ flags: MessageFlags.Ephemeral });
        await interaction.editReply(`enabled ${interaction.options.getString('plugin', true)}`);
        await interaction.followUp({ content: 'done', flags: MessageFlags.Ephemeral });
      } else if (interaction.commandName === 'panel') {
        await interaction.reply({
          content: 'panel',
          components: [
            new ActionRowBuilder<ButtonBuilder>().addComponents(
              new ButtonBuilder().setCustomId('ping').setLabel('Ping').setStyle(ButtonStyle.Primary),
            ),
            new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(
              new StringSelectMenuBuilder()
                .setCustomId('color')
                .addOptions({ label: 'Red', value: 'red' }, { label: 'Blue', value: 'blue' }),
            ),
          ],
        });
      } else if (interaction.commandName === 'upload') {
        const file = interaction.options.getAttachment('file', true);
        const body = await (await fetch(file.url)).text();
        await interaction.reply(`${file.name} (${file.contentType}, ${file.size} bytes): ${body}`);
      } else if (interaction.commandName === 'card') {
        await interaction.deferReply();
        await interaction.editReply({ files: [{ attachment: Buffer.from('png bytes'), name: 'card.png' }] });
      } else if (interaction.commandName === 'feedback') {
        await interaction.showModal(
          new ModalBuilder()
            .setCustomId('feedback-form')
            .setTitle('Feedback')
            .addLabelComponents(
              new LabelBuilder()
                .setLabel('Your feedback')
                .setTextInputComponent(new TextInputBuilder().setCustomId('text').setStyle(TextInputStyle.Paragraph)),
            ),
        );
      }
    } else if (interaction.isButton()) {
      await interaction.update({ content: 'pong', components: [] });
    } else if (interaction.isStringSelectMenu()) {
      await interaction.reply({ content: `picked ${interaction.values.join(',')}`, flags: MessageFlags.Ephemeral });
    } else if (interaction.isModalSubmit()) {
      await interaction.reply(`thanks: ${interaction.fields.getTextInputValue('text')}`);
    }
  }

  it('stores the commands the client registered', async () => {
    const commands = await emu.waitForCommandsRegistered(['give', 'plugins', 'panel', 'feedback']);
    expect(commands.find((command) => command.name === 'give')?.options).to.have.length(2);
  });

  it('runs a slash command with typed and resolved options', async () => {
    const handle = await emu.actor(world.alice.id).slash(world.channelId, 'give', {
      options: { member: world.owner.id, amount: 5 },
    });
    expect((await handle.response()).type).to.equal(InteractionResponseType.ChannelMessageWithSource);
    expect((await handle.reply()).content).to.equal('gave 5 to owner');
  });

  it('follows a deferral to the edited reply, ephemeral, with a follow-up', async () => {
    const handle = await emu.actor(world.alice.id).slash(world.channelId, 'plugins', {
      subcommand: 'enable',
      options: { plugin: 'economy' },
    });
    const response = await handle.response();
    expect(response.type).to.equal(InteractionResponseType.DeferredChannelMessageWithSource);
    expect((await handle.reply()).content).to.equal('enabled economy');
    expect(handle.ephemeral).to.equal(true);
    const [followUp] = await handle.waitForFollowUps(1);
    expect(followUp.content).to.equal('done');
    // Ephemeral replies are not part of the channel's history.
    const channel = await client.channels.fetch(world.channelId);
    const history = channel!.isTextBased() ? await channel.messages.fetch({ limit: 100, cache: false }) : undefined;
    expect(history!.map((message) => message.content)).to.not.include.members(['enabled economy', 'done']);
  });

  it('counts a deferred reply edited to carry only a file as the reply', async () => {
    const handle = await emu.actor(world.alice.id).slash(world.channelId, 'card');
    const reply = await handle.reply();
    expect(reply.content).to.equal('');
    expect(reply.attachments.map((attachment) => attachment.filename)).to.deep.equal(['card.png']);
  });

  it('sends a file as an attachment option, resolved and downloadable at its url', async () => {
    const handle = await emu.actor(world.alice.id).slash(world.channelId, 'upload', {
      options: { file: { name: 'notes.json', data: '{"a":1}', contentType: 'application/json' } },
    });
    expect((await handle.reply()).content).to.equal('notes.json (application/json, 7 bytes): {"a":1}');
    const error = await emu
      .actor(world.alice.id)
      .slash(world.channelId, 'upload', { options: { file: 'not a file' } })
      .catch((caught: Error) => caught);
    expect(String(error)).to.match(/option "file" needs a file/);
  });

  it('returns autocomplete choices', async () => {
    const choices = await emu.actor(world.alice.id).autocomplete(world.channelId, 'plugins', {
      subcommand: 'enable',
      options: { plugin: 'le' },
      focused: 'plugin',
    });
    expect(choices).to.deep.equal([{ name: 'levels', value: 'levels' }]);
  });

  it('clicks a button and selects a menu value on the bot message', async () => {
    const alice = emu.actor(world.alice.id);
    const panel = await (await alice.slash(world.channelId, 'panel')).reply();
    const picked = await alice.selectMenu(panel, 'color', ['blue']);
    expect((await picked.reply()).content).to.equal('picked blue');
    expect(picked.ephemeral).to.equal(true);
    const click = await alice.clickButton(panel, 'ping');
    expect((await click.response()).type).to.equal(InteractionResponseType.UpdateMessage);
    const updated = await click.reply();
    expect(updated.id).to.equal(panel.id);
    expect(updated.content).to.equal('pong');
    expect(updated.components).to.deep.equal([]);
  });

  it('shows a modal and submits it', async () => {
    const alice = emu.actor(world.alice.id);
    const open = await alice.slash(world.channelId, 'feedback');
    const modal = await open.modal();
    expect(modal.custom_id).to.equal('feedback-form');
    const submitted = await alice.submitModal(open, 'feedback-form', { text: 'great bot' });
    expect((await submitted.reply()).content).to.equal('thanks: great bot');
  });

  it('throws clearly for unregistered commands and bad options', async () => {
    const alice = emu.actor(world.alice.id);
    let error = await alice.slash(world.channelId, 'nope').catch((caught: Error) => caught);
    expect(String(error)).to.match(/has not registered a slash command "nope"/);
    error = await alice.slash(world.channelId, 'give', { options: { amount: 1 } }).catch((caught: Error) => caught);
    expect(String(error)).to.match(/option "member" is required/);
    error = await alice
      .slash(world.channelId, 'give', { options: { member: world.owner.id, amount: 1.5 } })
      .catch((caught: Error) => caught);
    expect(String(error)).to.match(/needs an integer/);
  });

  it('answers 40060 to a second acknowledgement', async () => {
    const handle = await emu.actor(world.alice.id).slash(world.channelId, 'give', {
      options: { member: world.owner.id, amount: 1 },
    });
    await handle.reply();
    const response = await fetch(`${emu.apiUrl}/v10/interactions/${handle.id}/${handle.token}/callback`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 4, data: { content: 'again' } }),
    });
    expect(response.status).to.equal(400);
    expect(await response.json()).to.deep.include({ code: 40060 });
  });
});
