import type { Args } from '@sapphire/framework';
import { channelMention, ChannelType, roleMention, type Message } from 'discord.js';
import { pickOrUsage, usageOf } from '#core/plugin-kit/args';
import { respond, type CommandSource } from '#core/plugin-kit/respond';
import levels from '../../index';
import { MANAGE_SETTINGS, saveSetting, type Chat, type LevelsCommandPart } from './part';

/** `/levels noxp channel <channel>` and `/levels noxp role <role>`: switch XP off (or back on) there. */
export const noXpPart: LevelsCommandPart = {
  subcommands: [
    {
      name: 'noxp',
      type: 'group',
      entries: [
        {
          name: 'channel',
          chatInputRun: (interaction: Chat) =>
            toggleNoXp(interaction, 'noXpChannelIds', interaction.options.getChannel('channel', true).id),
          messageRun: async (message: Message, args: Args) => {
            const usage = await usageOf(message, 'levels noxp channel <channel>');
            const channel = await pickOrUsage(args, 'guildChannel', usage);
            await toggleNoXp(message, 'noXpChannelIds', channel.id);
          },
          preconditions: [...MANAGE_SETTINGS],
        },
        {
          name: 'role',
          chatInputRun: (interaction: Chat) =>
            toggleNoXp(interaction, 'noXpRoleIds', interaction.options.getRole('role', true).id),
          messageRun: async (message: Message, args: Args) => {
            const role = await pickOrUsage(args, 'role', await usageOf(message, 'levels noxp role <role>'));
            await toggleNoXp(message, 'noXpRoleIds', role.id);
          },
          preconditions: [...MANAGE_SETTINGS],
        },
      ],
    },
  ],
  register(builder) {
    builder.addSubcommandGroup((group) =>
      group
        .setName('noxp')
        .setDescription('Where and for whom no XP is earned.')
        .addSubcommand((sub) =>
          sub
            .setName('channel')
            .setDescription('Switch XP off (or back on) in a channel or category.')
            .addChannelOption((o) =>
              o
                .setName('channel')
                .setDescription('Channel or category')
                .setRequired(true)
                .addChannelTypes(
                  ChannelType.GuildText,
                  ChannelType.GuildAnnouncement,
                  ChannelType.GuildVoice,
                  ChannelType.GuildCategory,
                  ChannelType.GuildForum,
                ),
            ),
        )
        .addSubcommand((sub) =>
          sub
            .setName('role')
            .setDescription('Switch XP off (or back on) for members with a role.')
            .addRoleOption((o) => o.setName('role').setDescription('Role').setRequired(true)),
        ),
    );
  },
};

async function toggleNoXp(source: CommandSource, key: 'noXpChannelIds' | 'noXpRoleIds', id: string) {
  const list = (await levels.settings(source.guild!.id))[key];
  const adding = !list.includes(id);
  await saveSetting(source, key, adding ? [...list, id] : list.filter((entry) => entry !== id));
  const mention = key === 'noXpChannelIds' ? channelMention(id) : `Members with ${roleMention(id)}`;
  const where = key === 'noXpChannelIds' ? `No XP is earned in ${mention} now.` : `${mention} earn no XP now.`;
  const back = key === 'noXpChannelIds' ? `XP is earned in ${mention} again.` : `${mention} earn XP again.`;
  await respond(source, { content: adding ? where : back, allowedMentions: { parse: [] } }, { ephemeral: true });
}
