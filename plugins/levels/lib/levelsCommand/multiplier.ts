import { UserError, type Args } from '@sapphire/framework';
import { channelMention, roleMention, type Message, type SlashCommandNumberOption } from 'discord.js';
import { pickOrUsage, usageOf } from '#core/plugin-kit/args';
import { respond, type CommandSource } from '#core/plugin-kit/respond';
import levels from '../../index';
import { MANAGE_SETTINGS, saveSetting, type Chat, type LevelsCommandPart } from './part';

/** `/levels multiplier channel <channel> <value>` and `/levels multiplier role <role> <value>`: XP multipliers. */
export const multiplierPart: LevelsCommandPart = {
  subcommands: [
    {
      name: 'multiplier',
      type: 'group',
      entries: [
        {
          name: 'channel',
          chatInputRun: (interaction: Chat) =>
            setMultiplier(
              interaction,
              'channelMultipliers',
              interaction.options.getChannel('channel', true).id,
              interaction.options.getNumber('value', true),
            ),
          messageRun: async (message: Message, args: Args) => {
            const usage = await usageOf(message, 'levels multiplier channel <channel> <value>');
            const channel = await pickOrUsage(args, 'guildChannel', usage);
            await setMultiplier(message, 'channelMultipliers', channel.id, await pickOrUsage(args, 'number', usage));
          },
          preconditions: [...MANAGE_SETTINGS],
        },
        {
          name: 'role',
          chatInputRun: (interaction: Chat) =>
            setMultiplier(
              interaction,
              'roleMultipliers',
              interaction.options.getRole('role', true).id,
              interaction.options.getNumber('value', true),
            ),
          messageRun: async (message: Message, args: Args) => {
            const usage = await usageOf(message, 'levels multiplier role <role> <value>');
            const role = await pickOrUsage(args, 'role', usage);
            await setMultiplier(message, 'roleMultipliers', role.id, await pickOrUsage(args, 'number', usage));
          },
          preconditions: [...MANAGE_SETTINGS],
        },
      ],
    },
  ],
  register(builder) {
    const multiplier = (option: SlashCommandNumberOption) =>
      option
        .setName('value')
        .setDescription('Multiplier, 0–10 (1 removes it)')
        .setRequired(true)
        .setMinValue(0)
        .setMaxValue(10);
    builder.addSubcommandGroup((group) =>
      group
        .setName('multiplier')
        .setDescription('XP multipliers.')
        .addSubcommand((sub) =>
          sub
            .setName('channel')
            .setDescription('Multiply XP earned in a channel or category.')
            .addChannelOption((o) => o.setName('channel').setDescription('Channel or category').setRequired(true))
            .addNumberOption(multiplier),
        )
        .addSubcommand((sub) =>
          sub
            .setName('role')
            .setDescription('Multiply XP of members with a role (their highest multiplier applies).')
            .addRoleOption((o) => o.setName('role').setDescription('Role').setRequired(true))
            .addNumberOption(multiplier),
        ),
    );
  },
};

async function setMultiplier(
  source: CommandSource,
  key: 'channelMultipliers' | 'roleMultipliers',
  id: string,
  value: number,
) {
  if (!(value >= 0 && value <= 10)) {
    throw new UserError({ identifier: 'LevelsBadMultiplier', message: 'A multiplier must be between 0 and 10.' });
  }
  const { [id]: _previous, ...others } = (await levels.settings(source.guild!.id))[key];
  await saveSetting(source, key, value === 1 ? others : { ...others, [id]: value });
  const target = key === 'channelMultipliers' ? channelMention(id) : roleMention(id);
  await respond(
    source,
    {
      content: value === 1 ? `Removed the multiplier of ${target}.` : `XP in ${target} is now multiplied by ${value}.`,
      allowedMentions: { parse: [] },
    },
    { ephemeral: true },
  );
}
