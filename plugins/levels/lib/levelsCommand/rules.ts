import { channelMention, EmbedBuilder, roleMention, type Guild, type Message } from 'discord.js';
import { respond, type CommandSource } from '#core/plugin-kit/respond';
import levels from '../../index';
import type { Chat, LevelsCommandPart } from './part';

/** `/levels rules` (the default of `!levels`): how XP is earned here, and the reward roles; anyone may read it. */
export const rulesPart: LevelsCommandPart = {
  subcommands: [
    {
      name: 'rules',
      chatInputRun: (interaction: Chat) => showRules(interaction, interaction.guild!),
      messageRun: (message: Message) => showRules(message, message.guild!),
      default: true,
    },
  ],
  register(builder) {
    builder.addSubcommand((sub) => sub.setName('rules').setDescription('How XP is earned here, and the reward roles.'));
  },
};

async function showRules(source: CommandSource, guild: Guild) {
  const s = await levels.settings(guild.id);
  const rewards = [...s.roleRewards].sort((a, b) => a.level - b.level);
  const multipliers = [
    ...Object.entries(s.channelMultipliers).map(([id, value]) => `${channelMention(id)} ×${value}`),
    ...Object.entries(s.roleMultipliers).map(([id, value]) => `${roleMention(id)} ×${value}`),
  ];
  const noXp = [...s.noXpChannelIds.map(channelMention), ...s.noXpRoleIds.map(roleMention)];
  const embed = new EmbedBuilder().setTitle(`Levels on ${guild.name}`).addFields(
    {
      name: 'Earning XP',
      value:
        `${s.xpMin}–${s.xpMax} XP a message, at most once every ${s.cooldownSeconds} s` +
        `${s.multiplier !== 1 ? `, ×${s.multiplier} everywhere` : ''}; curve: ${s.curve}.` +
        (s.xpForCommands ? '' : ' Commands earn nothing.'),
    },
    {
      name: `Reward roles (${s.rewardMode})`,
      value: rewards.map((r) => `Level ${r.level}: ${roleMention(r.roleId)}`).join('\n') || 'None.',
    },
    { name: 'No XP', value: noXp.join(' ') || 'Nowhere.' },
    { name: 'Multipliers', value: multipliers.join(' ') || 'None.' },
  );
  await respond(source, { embeds: [embed], allowedMentions: { parse: [] } }, { ephemeral: true });
}
